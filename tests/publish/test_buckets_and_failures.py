"""The bucket checked before anything is uploaded; the service's verdict on the artifacts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.errors import WaiterError
from greengrass_sdk.publish import (
    ArtifactError,
    BucketInAnotherRegion,
    BucketNotFound,
    BucketOwnedByAnotherAccount,
    ComponentVersionFailed,
    S3Client,
    publish_component,
)
from greengrass_sdk.testing import LocalGreengrass
from tests.publish.conftest import ACCOUNT, REGION, raw_client
from tests.publish.test_publish import NAME, recipe


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "hello.py"
    path.write_bytes(b"print('hello')\n")
    return path


async def test_missing_bucket(
    emulator: LocalGreengrass, gg: GreengrassV2Client, s3: S3Client, script: Path
) -> None:
    with pytest.raises(BucketNotFound, match="'no-such-bucket' does not exist"):
        await publish_component(
            gg, s3, recipe("hello.py"), bucket="no-such-bucket", artifacts={"hello.py": script}
        )
    assert emulator.requests.for_operation("CreateComponentVersion") == []


async def test_bucket_of_another_account_is_refused_before_upload(
    moto: str, emulator: LocalGreengrass, gg: GreengrassV2Client, s3: S3Client, script: Path
) -> None:
    async with raw_client(moto, account="210987654321") as other:
        await other.create_bucket(Bucket="someone-elses-bucket")

        with pytest.raises(BucketOwnedByAnotherAccount) as caught:
            await publish_component(
                gg,
                s3,
                recipe("hello.py"),
                bucket="someone-elses-bucket",
                artifacts={"hello.py": script},
            )

        assert caught.value.expected_owner == ACCOUNT
        assert f"for account {ACCOUNT}" in str(caught.value)
        listing = await other.list_objects_v2(Bucket="someone-elses-bucket")
        assert listing.get("KeyCount", 0) == 0


async def test_bucket_in_another_region_says_which(
    raw_s3: Any, emulator: LocalGreengrass, gg: GreengrassV2Client, s3: S3Client, script: Path
) -> None:
    await raw_s3.create_bucket(
        Bucket="eu-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    with pytest.raises(BucketInAnotherRegion) as caught:
        await publish_component(
            gg, s3, recipe("hello.py"), bucket="eu-bucket", artifacts={"hello.py": script}
        )
    assert caught.value.bucket_region == "eu-west-1"
    assert "is in eu-west-1" in str(caught.value) and REGION in str(caught.value)


async def test_component_without_artifacts_needs_no_bucket(
    gg: GreengrassV2Client, s3: S3Client
) -> None:
    result = await publish_component(gg, s3, recipe(), poll_interval=0.05)
    assert (result.version, result.state, result.artifacts) == ("1.0.0", "DEPLOYABLE", ())


async def test_artifact_not_referenced_by_the_recipe_is_refused(
    gg: GreengrassV2Client, s3: S3Client, bucket: str, script: Path
) -> None:
    with pytest.raises(ArtifactError, match=r"\['other.py'\] are referenced by no manifest"):
        await publish_component(
            gg, s3, recipe("hello.py"), bucket=bucket, artifacts={"other.py": script}
        )


async def test_unreadable_artifact_ends_failed_with_the_services_reason(
    gg: GreengrassV2Client, s3: S3Client, bucket: str, script: Path
) -> None:
    # hello.py is uploaded; missing.zip is referenced in the bucket but never put there.
    document = recipe("hello.py").model_dump(by_alias=True, exclude_none=True)
    document["Manifests"][0]["Artifacts"].append({"Uri": f"s3://{bucket}/missing.zip"})
    with_missing = json.dumps(document)
    path = script.parent / "recipe.json"
    path.write_text(with_missing)

    with pytest.raises(ComponentVersionFailed) as caught:
        await publish_component(
            gg, s3, path, bucket=bucket, artifacts={"hello.py": script}, poll_interval=0.05
        )

    assert list(caught.value.reasons) == [f"s3://{bucket}/missing.zip"]
    assert "NoSuchKey" in caught.value.reasons[f"s3://{bucket}/missing.zip"]
    assert f"s3://{bucket}/missing.zip" in str(caught.value)


async def test_waiter_sees_failed(gg: GreengrassV2Client, bucket: str) -> None:
    document = recipe().model_dump(by_alias=True, exclude_none=True)
    document["Manifests"][0]["Artifacts"] = [{"Uri": f"s3://{bucket}/absent.bin"}]
    created = await gg.create_component_version(inline_recipe=json.dumps(document))
    assert created.status is not None and created.status.component_state == "REQUESTED"

    with pytest.raises(WaiterError) as caught:
        await gg.wait_for_component_version(str(created.arn), poll_interval=0.02, timeout=30)

    assert caught.value.state == "FAILED"
    assert f"s3://{bucket}/absent.bin" in str(caught.value)


async def test_emulator_fills_the_digest_the_service_computes(
    gg: GreengrassV2Client, raw_s3: Any, bucket: str
) -> None:
    await raw_s3.put_object(Bucket=bucket, Key="a/b.txt", Body=b"abc")
    document = recipe().model_dump(by_alias=True, exclude_none=True)
    document["Manifests"][0]["Artifacts"] = [{"URI": f"s3://{bucket}/a/b.txt"}]
    created = await gg.create_component_version(inline_recipe=json.dumps(document))
    await gg.wait_for_component_version(str(created.arn), poll_interval=0.02, timeout=30)

    stored = json.loads((await gg.get_component(arn=str(created.arn))).recipe or b"")
    artifact = stored["Manifests"][0]["Artifacts"][0]
    # base64(SHA-256("abc")), as the nucleus compares it.
    assert artifact["Digest"] == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
    assert artifact["Algorithm"] == "SHA-256"
    assert NAME in str(created.arn)
