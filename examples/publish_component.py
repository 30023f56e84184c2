"""Publish a component: a folder and a file to S3, a version created, waited until deployable.

Shows what a repeated publish does: the same content again is a no-op (nothing uploaded, no
new version), changed content becomes the next patch version, and reusing a version number
for other content is refused before anything is uploaded.

By default it runs against the embedded local emulator, which reads the artifacts from moto's
S3 server started here. With --endpoint-url, --s3-endpoint-url and --bucket (an existing
bucket of yours) it does the same against real endpoints; leave the endpoints out to use
AWS's own for --region.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.publish import (
    Phase,
    ProgressEvent,
    S3Client,
    VersionBump,
    VersionConflict,
    publish_component,
)
from greengrass_sdk.recipes import ComponentRecipe

NAME = "com.example.PublishDemo"
RECIPE = ComponentRecipe.model_validate(
    {
        "ComponentName": NAME,
        "ComponentVersion": "1.0.0",
        "ComponentPublisher": "Example Corp",
        "Manifests": [
            {
                "Platform": {"os": "linux"},
                "Lifecycle": {"Run": "python3 -u {artifacts:decompressedPath}/app/main.py"},
                "Artifacts": [
                    {"Uri": "s3://BUCKET_NAME/app.zip", "Unarchive": "ZIP"},
                    {"Uri": "s3://BUCKET_NAME/settings.json"},
                ],
            }
        ],
    }
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endpoint-url", help="Greengrass endpoint instead of the emulator")
    parser.add_argument("--s3-endpoint-url", help="S3 endpoint (with --endpoint-url)")
    parser.add_argument("--bucket", default="publish-demo-artifacts")
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "us-east-1"))
    return parser.parse_args()


@contextlib.contextmanager
def local_s3() -> Iterator[str]:
    """moto's S3 server on 127.0.0.1 (a dev dependency of this project)."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's request log
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@contextlib.asynccontextmanager
async def clients(args: argparse.Namespace) -> AsyncIterator[tuple[GreengrassV2Client, S3Client]]:
    if args.endpoint_url or args.s3_endpoint_url:
        async with (
            GreengrassV2Client(region_name=args.region, endpoint_url=args.endpoint_url) as gg,
            S3Client(region_name=args.region, endpoint_url=args.s3_endpoint_url) as s3,
        ):
            yield gg, s3
        return
    from greengrass_sdk.testing import LocalGreengrass

    with local_s3() as s3_url:
        async with (
            LocalGreengrass(default_region=args.region, s3_endpoint_url=s3_url) as emulator,
            GreengrassV2Client(**emulator.connection_kwargs()) as gg,
            S3Client(
                endpoint_url=s3_url,
                region_name=args.region,
                aws_access_key_id="local",
                aws_secret_access_key="local",
            ) as s3,
        ):
            # A bucket to publish into (moto's); with real endpoints, bring your own.
            from aiobotocore.session import get_session

            async with get_session().create_client(
                "s3",
                endpoint_url=s3_url,
                region_name=args.region,
                aws_access_key_id="local",
                aws_secret_access_key="local",
            ) as raw:
                await raw.create_bucket(Bucket=args.bucket)
            yield gg, s3
            print("ran against the embedded local emulator and moto's S3 server")


def write_app(folder: Path, message: str) -> None:
    (folder / "app").mkdir(parents=True, exist_ok=True)
    (folder / "app" / "main.py").write_text(f"print({message!r})\n")
    (folder / "settings.json").write_text('{"interval": 5}\n')


async def main() -> None:
    args = parse_args()
    uploaded_bytes: dict[str, int] = {}

    def progress(event: ProgressEvent) -> None:
        if event.phase is Phase.UPLOAD and event.artifact:
            uploaded_bytes[event.artifact] = event.done

    with tempfile.TemporaryDirectory() as build:
        folder = Path(build)
        write_app(folder, "hello")
        options: dict[str, Any] = {
            "bucket": args.bucket,
            "artifacts": {"app.zip": folder / "app", "settings.json": folder / "settings.json"},
            "version": VersionBump.NEXT_PATCH,
            "poll_interval": 0.2,
            "progress": progress,
        }
        async with clients(args) as (gg, s3):
            first = await publish_component(gg, s3, RECIPE, **options)
            print(f"{first.component_name} {first.version}: {first.outcome.value}, {first.state}")
            print(f"  uploaded {first.uploaded}, digests {sorted(first.digests)}")

            again = await publish_component(gg, s3, RECIPE, **options, reuse_unchanged=True)
            print(
                f"same content again: {again.outcome.value} {again.version}, uploaded nothing:",
                again.uploaded == [],
            )

            write_app(folder, "hello, world")
            changed = await publish_component(gg, s3, RECIPE, **options)
            print(
                f"changed app: {changed.version} ({changed.outcome.value}), "
                f"uploaded {changed.uploaded}, skipped {changed.skipped}"
            )

            try:
                await publish_component(gg, s3, RECIPE, **(options | {"version": first.version}))
            except VersionConflict as conflict:
                print(
                    f"{first.version} with other content: refused, {len(conflict.differences)}"
                    " difference(s), nothing uploaded"
                )


if __name__ == "__main__":
    asyncio.run(main())
