"""Large, zipped and failing uploads, against moto's S3 server."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.publish import (
    ArtifactUploadError,
    Outcome,
    S3Client,
    TransferSettings,
    VersionBump,
    publish_component,
    zip_directory,
)
from greengrass_sdk.testing import LocalGreengrass
from tests.publish.conftest import CREDENTIALS, FAST_RETRIES, REGION
from tests.publish.fault_proxy import FaultProxy, Rule
from tests.publish.test_publish import NAME, object_bytes, recipe

MIB = 1024 * 1024
SMALL_PARTS = TransferSettings(multipart_threshold=5 * MIB, part_size=5 * MIB, max_concurrency=2)


def sha256_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


async def test_50_mb_artifact_goes_multipart_with_the_right_checksum(
    gg: GreengrassV2Client, s3: S3Client, bucket: str, raw_s3: Any, tmp_path: Path
) -> None:
    data = os.urandom(50 * MIB)
    big = tmp_path / "model.bin"
    big.write_bytes(data)

    result = await publish_component(
        gg,
        s3,
        recipe("model.bin"),
        bucket=bucket,
        artifacts={"model.bin": big},
        poll_interval=0.05,
    )

    (upload,) = result.artifacts
    assert upload.uploaded and upload.parts == 7  # 8 MiB parts
    assert upload.digest == sha256_b64(data)
    # S3 holds the same bytes, and the service (emulator reading moto) accepted them.
    assert (
        hashlib.sha256(await object_bytes(raw_s3, bucket, f"{NAME}/1.0.0/model.bin")).digest()
        == hashlib.sha256(data).digest()
    )
    assert result.state == "DEPLOYABLE"
    head = await raw_s3.head_object(Bucket=bucket, Key=f"{NAME}/1.0.0/model.bin")
    assert head["ContentLength"] == 50 * MIB
    assert head["Metadata"]["greengrass-sdk-sha256"] == sha256_b64(data)


def _tree(root: Path, seed: bytes) -> Path:
    (root / "lib").mkdir(parents=True)
    (root / "main.py").write_bytes(b"import lib.util\n" + seed)
    (root / "lib" / "util.py").write_bytes(b"X = 1\n")
    (root / "run.sh").write_bytes(b"#!/bin/sh\npython3 main.py\n")
    (root / "run.sh").chmod(0o755)
    return root


def test_directory_zips_deterministically(tmp_path: Path) -> None:
    first, second = _tree(tmp_path / "a", b""), _tree(tmp_path / "b", b"")
    os.utime(second / "main.py", (1_000_000, 1_000_000))  # other mtimes, same content
    zip_directory(first, tmp_path / "a.zip")
    zip_directory(second, tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO((tmp_path / "a.zip").read_bytes())) as archive:
        assert archive.namelist() == ["lib/", "lib/util.py", "main.py", "run.sh"]
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        assert modes["run.sh"] & 0o777 == 0o755 and modes["main.py"] & 0o777 == 0o644
        assert archive.read("lib/util.py") == b"X = 1\n"
    _tree(tmp_path / "c", b"# changed\n")
    zip_directory(tmp_path / "c", tmp_path / "c.zip")
    assert (tmp_path / "c.zip").read_bytes() != (tmp_path / "a.zip").read_bytes()


async def test_republishing_a_directory_is_a_no_op(
    emulator: LocalGreengrass, gg: GreengrassV2Client, s3: S3Client, bucket: str, tmp_path: Path
) -> None:
    app = _tree(tmp_path / "app", b"")
    options: dict[str, Any] = {
        "bucket": bucket,
        "artifacts": {"app.zip": app},
        "poll_interval": 0.05,
    }
    first = await publish_component(gg, s3, recipe("app.zip"), **options)
    os.utime(app / "main.py", (2_000_000, 2_000_000))
    emulator.requests.clear()

    again = await publish_component(gg, s3, recipe("app.zip"), **options)

    assert again.outcome is Outcome.UNCHANGED and again.digests == first.digests
    assert again.uploaded == []
    assert emulator.requests.for_operation("CreateComponentVersion") == []


async def test_reuse_unchanged_returns_the_newest_version_with_the_same_content(
    gg: GreengrassV2Client, s3: S3Client, bucket: str, tmp_path: Path
) -> None:
    app = _tree(tmp_path / "app", b"")
    options: dict[str, Any] = {
        "bucket": bucket,
        "artifacts": {"app.zip": app},
        "version": VersionBump.NEXT_PATCH,
        "poll_interval": 0.05,
    }
    first = await publish_component(gg, s3, recipe("app.zip"), **options)
    same = await publish_component(gg, s3, recipe("app.zip"), **options, reuse_unchanged=True)
    (app / "main.py").write_bytes(b"changed\n")
    changed = await publish_component(gg, s3, recipe("app.zip"), **options, reuse_unchanged=True)

    assert (first.version, same.version, changed.version) == ("1.0.0", "1.0.0", "1.0.1")
    assert (same.outcome, changed.outcome) == (Outcome.REUSE, Outcome.CREATE)
    assert same.uploaded == [] and changed.uploaded == ["app.zip"]


@pytest.fixture
async def proxy(moto: str) -> AsyncIterator[FaultProxy]:
    running = FaultProxy(moto)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
async def s3_via_proxy(proxy: FaultProxy) -> AsyncIterator[S3Client]:
    async with S3Client(
        endpoint_url=proxy.endpoint_url, region_name=REGION, retry=FAST_RETRIES, **CREDENTIALS
    ) as client:
        yield client


def _part(number: int) -> Any:
    return lambda request: (
        request.method == "PUT" and request.query.get("partNumber") == str(number)
    )


async def test_parts_failing_once_are_retried_and_leave_no_orphan_upload(
    gg: GreengrassV2Client,
    s3_via_proxy: S3Client,
    proxy: FaultProxy,
    bucket: str,
    raw_s3: Any,
    tmp_path: Path,
) -> None:
    data = os.urandom(12 * MIB)
    (tmp_path / "data.bin").write_bytes(data)
    proxy.rules.append(Rule(_part(2), times=1, status=503, code="SlowDown"))
    proxy.rules.append(Rule(_part(3), times=1, status=0))  # connection dropped, no answer

    result = await publish_component(
        gg,
        s3_via_proxy,
        recipe("data.bin"),
        bucket=bucket,
        artifacts={"data.bin": tmp_path / "data.bin"},
        transfer=SMALL_PARTS,
        poll_interval=0.05,
    )

    assert result.artifacts[0].parts == 3 and result.state == "DEPLOYABLE"
    assert sum("partNumber=2" in line for line in proxy.seen) == 2
    assert sum("partNumber=3" in line for line in proxy.seen) == 2
    assert await object_bytes(raw_s3, bucket, f"{NAME}/1.0.0/data.bin") == data
    assert "Uploads" not in await raw_s3.list_multipart_uploads(Bucket=bucket)


async def test_a_part_that_keeps_failing_aborts_the_upload(
    emulator: LocalGreengrass,
    gg: GreengrassV2Client,
    s3_via_proxy: S3Client,
    proxy: FaultProxy,
    bucket: str,
    raw_s3: Any,
    tmp_path: Path,
) -> None:
    (tmp_path / "data.bin").write_bytes(os.urandom(12 * MIB))
    proxy.rules.append(Rule(_part(3), times=100, status=500, code="InternalError"))

    with pytest.raises(ArtifactUploadError) as caught:
        await publish_component(
            gg,
            s3_via_proxy,
            recipe("data.bin"),
            bucket=bucket,
            artifacts={"data.bin": tmp_path / "data.bin"},
            transfer=SMALL_PARTS,
        )

    assert caught.value.artifact == "data.bin"
    assert "InternalError" in str(caught.value)
    assert sum("partNumber=3" in line for line in proxy.seen) == FAST_RETRIES.max_attempts
    assert any(line.startswith("DELETE") and "uploadId=" in line for line in proxy.seen)
    assert "Uploads" not in await raw_s3.list_multipart_uploads(Bucket=bucket)
    assert emulator.requests.for_operation("CreateComponentVersion") == []
