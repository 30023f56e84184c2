"""Artifact upload throughput of greengrass_sdk.publish next to a raw aiobotocore put_object.

All against one moto S3 server on 127.0.0.1, the same bytes (a 48 MiB file), rounds
interleaved: the raw client's single ``put_object``; the SDK sending the same file as one
``PutObject`` (threshold above the size) and as a multipart upload (8 MiB parts, 4 in
flight). Each upload goes to a fresh key, so nothing is skipped. Prints the median MiB/s of
each and its ratio to the raw client's.
"""

from __future__ import annotations

import asyncio
import logging
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from moto.server import ThreadedMotoServer

from greengrass_sdk.publish import S3Client, TransferSettings
from greengrass_sdk.publish.artifacts import LocalArtifact, file_digest
from greengrass_sdk.publish.uploads import ArtifactUploader

SIZE = 48 * 1024 * 1024
ROUNDS = 5
REGION = "us-east-1"
BUCKET = "bench-artifacts"
CREDS = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench"}
MIB = 1024 * 1024


async def timed(upload: Callable[[str], Awaitable[object]], key: str) -> float:
    started = time.perf_counter()
    await upload(key)
    return SIZE / MIB / (time.perf_counter() - started)


async def main(endpoint: str, path: Path) -> None:
    artifact = LocalArtifact("blob.bin", path, path, SIZE, file_digest(path))
    session = get_session()
    config = AioConfig(retries={"total_max_attempts": 1, "mode": "standard"})
    async with (
        session.create_client(
            "s3", endpoint_url=endpoint, region_name=REGION, config=config, **CREDS
        ) as raw,
        S3Client(endpoint_url=endpoint, region_name=REGION, **CREDS) as s3,
    ):
        await raw.create_bucket(Bucket=BUCKET)
        single = ArtifactUploader(
            s3,
            BUCKET,
            expected_owner=None,
            settings=TransferSettings(multipart_threshold=2 * SIZE),
        )
        multipart = ArtifactUploader(s3, BUCKET, expected_owner=None)

        async def raw_put(key: str) -> None:
            body = await asyncio.to_thread(path.read_bytes)
            await raw.put_object(Bucket=BUCKET, Key=key, Body=body)

        async def sdk_single(key: str) -> None:
            await single.send(artifact, key)

        async def sdk_multipart(key: str) -> None:
            await multipart.send(artifact, key)

        sides = {
            "raw aiobotocore put_object": raw_put,
            "SDK, one PutObject": sdk_single,
            "SDK, multipart 8 MiB x4": sdk_multipart,
        }
        speeds: dict[str, list[float]] = {name: [] for name in sides}
        for round_number in range(ROUNDS):
            for index, (name, upload) in enumerate(sides.items()):
                key = f"side-{index}-round-{round_number}"
                speeds[name].append(await timed(upload, key))
                await raw.delete_object(Bucket=BUCKET, Key=key)
    baseline = statistics.median(speeds["raw aiobotocore put_object"])
    print(f"upload of {SIZE // MIB} MiB to moto S3 on 127.0.0.1, median of {ROUNDS} rounds")
    for name, values in speeds.items():
        median = statistics.median(values)
        print(f"  {name:<28} {median:8.1f} MiB/s   x{median / baseline:.2f} of raw")


if __name__ == "__main__":
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        with tempfile.TemporaryDirectory() as folder:
            blob = Path(folder) / "blob.bin"
            blob.write_bytes(os.urandom(SIZE))
            asyncio.run(main(f"http://{host}:{port}", blob))
    finally:
        server.stop()
