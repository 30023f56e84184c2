"""Publishing end to end over real HTTP: the SDK, our Greengrass emulator, moto's S3 server."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.publish import (
    Outcome,
    Phase,
    ProgressEvent,
    S3Client,
    VersionBump,
    VersionConflict,
    publish_component,
)
from greengrass_sdk.recipes import ComponentRecipe
from tests.publish.conftest import ACCOUNT, REGION

NAME = "com.example.Hello"


def recipe(*artifacts: str, version: str = "1.0.0", **extra: Any) -> ComponentRecipe:
    document: dict[str, Any] = {
        "RecipeFormatVersion": "2020-01-25",
        "ComponentName": NAME,
        "ComponentVersion": version,
        "ComponentPublisher": "Example",
        "Manifests": [
            {
                "Platform": {"os": "linux"},
                "Lifecycle": {"run": "python3 {artifacts:path}/hello.py"},
                "Artifacts": [{"Uri": f"s3://BUCKET_NAME/{name}"} for name in artifacts],
            }
        ],
    }
    return ComponentRecipe.model_validate(document | extra)


def sha256_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


async def object_bytes(raw_s3: Any, bucket: str, key: str) -> bytes:
    response = await raw_s3.get_object(Bucket=bucket, Key=key)
    async with response["Body"] as body:
        data: bytes = await body.read()
    return data


async def test_first_publish_creates_1_0_0_with_digests(
    gg: GreengrassV2Client, s3: S3Client, bucket: str, raw_s3: Any, tmp_path: Path
) -> None:
    script = tmp_path / "hello.py"
    script.write_bytes(b"print('hello')\n")
    events: list[ProgressEvent] = []

    result = await publish_component(
        gg,
        s3,
        recipe("hello.py"),
        bucket=bucket,
        artifacts={"hello.py": script},
        version=VersionBump.NEXT_PATCH,
        poll_interval=0.05,
        progress=events.append,
    )

    assert result.version == "1.0.0"
    assert result.outcome is Outcome.CREATE
    assert result.state == "DEPLOYABLE"
    assert result.arn == f"arn:aws:greengrass:{REGION}:{ACCOUNT}:components:{NAME}:versions:1.0.0"
    assert result.uploaded == ["hello.py"]
    assert result.digests == {"hello.py": sha256_b64(b"print('hello')\n")}
    key = f"{NAME}/1.0.0/hello.py"
    assert await object_bytes(raw_s3, bucket, key) == b"print('hello')\n"
    published = await gg.get_component(arn=result.arn, recipe_output_format="JSON")
    stored = json.loads(published.recipe or b"")
    artifact = stored["Manifests"][0]["Artifacts"][0]
    assert artifact["URI"] == f"s3://{bucket}/{key}"
    assert artifact["Digest"] == sha256_b64(b"print('hello')\n")
    assert artifact["Algorithm"] == "SHA-256"
    phases = [event.phase for event in events]
    for phase in (Phase.CHECK_BUCKET, Phase.UPLOAD, Phase.CREATE, Phase.WAIT, Phase.DONE):
        assert phase in phases
    assert any(e.phase is Phase.UPLOAD and e.done == e.total == 15 for e in events)


async def test_republishing_the_same_content_uploads_nothing_and_creates_nothing(
    gg: GreengrassV2Client, s3: S3Client, bucket: str, tmp_path: Path
) -> None:
    script = tmp_path / "hello.py"
    script.write_bytes(b"print('hello')\n")
    options: dict[str, Any] = {"bucket": bucket, "artifacts": {"hello.py": script}}
    first = await publish_component(gg, s3, recipe("hello.py"), **options, poll_interval=0.05)
    puts_before = len(
        [r for r in (await _versions(gg)) if r]  # the listing itself must not change
    )

    again = await publish_component(gg, s3, recipe("hello.py"), **options, poll_interval=0.05)

    assert again.outcome is Outcome.UNCHANGED
    assert again.arn == first.arn
    assert again.uploaded == [] and again.skipped == ["hello.py"]
    assert len(await _versions(gg)) == puts_before == 1


async def _versions(gg: GreengrassV2Client) -> list[str]:
    arn = f"arn:aws:greengrass:{REGION}:{ACCOUNT}:components:{NAME}"
    return [v.component_version or "" async for v in gg.list_component_versions(arn=arn)]


async def test_conflicting_content_raises_before_anything_is_uploaded(
    gg: GreengrassV2Client, s3: S3Client, bucket: str, raw_s3: Any, tmp_path: Path
) -> None:
    script = tmp_path / "hello.py"
    script.write_bytes(b"print('hello')\n")
    await publish_component(
        gg,
        s3,
        recipe("hello.py"),
        bucket=bucket,
        artifacts={"hello.py": script},
        poll_interval=0.05,
    )
    await raw_s3.delete_object(Bucket=bucket, Key=f"{NAME}/1.0.0/hello.py")
    script.write_bytes(b"print('changed')\n")

    with pytest.raises(VersionConflict) as caught:
        await publish_component(
            gg,
            s3,
            recipe("hello.py"),
            bucket=bucket,
            artifacts={"hello.py": script},
            poll_interval=0.05,
        )

    assert caught.value.version == "1.0.0"
    assert any("manifests[0].artifacts[0].digest" in line for line in caught.value.differences)
    assert "nothing was uploaded" in str(caught.value)
    listing = await raw_s3.list_objects_v2(Bucket=bucket)
    assert listing.get("KeyCount", 0) == 0


async def test_an_aiobotocore_s3_client_of_the_caller_can_be_wrapped(
    gg: GreengrassV2Client, moto: str, bucket: str, tmp_path: Path
) -> None:
    from tests.publish.conftest import raw_client

    script = tmp_path / "hello.py"
    script.write_bytes(b"print('hi')\n")
    async with raw_client(moto) as raw:
        result = await publish_component(
            gg,
            S3Client.from_client(raw),
            recipe("hello.py"),
            bucket=bucket,
            artifacts={"hello.py": script},
            account_id=ACCOUNT,
            poll_interval=0.05,
        )
    assert (result.version, result.state, result.uploaded) == ("1.0.0", "DEPLOYABLE", ["hello.py"])
