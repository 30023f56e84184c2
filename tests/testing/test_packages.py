from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.testing.conftest import error_of


async def test_package_and_version_lifecycle(iot: Any) -> None:
    created = await iot.create_package(
        packageName="agent", description="the agent", tags={"t": "1"}
    )
    assert created["packageArn"] == "arn:aws:iot:us-east-1:123456789012:package/agent"
    version = await iot.create_package_version(
        packageName="agent",
        versionName="1.0.0",
        attributes={"os": "linux"},
        artifact={"s3Location": {"bucket": "b", "key": "agent.bin", "version": "1"}},
        recipe='{"steps": []}',
    )
    assert (version["status"], version["attributes"]) == ("DRAFT", {"os": "linux"})
    await iot.update_package_version(packageName="agent", versionName="1.0.0", action="PUBLISH")
    await iot.update_package(packageName="agent", defaultVersionName="1.0.0", description="new")
    package = await iot.get_package(packageName="agent")
    assert (package["defaultVersionName"], package["description"]) == ("1.0.0", "new")
    got = await iot.get_package_version(packageName="agent", versionName="1.0.0")
    assert got["status"] == "PUBLISHED"
    assert got["artifact"]["s3Location"]["key"] == "agent.bin"
    assert got["recipe"] == '{"steps": []}'
    await iot.update_package_version(
        packageName="agent", versionName="1.0.0", action="DEPRECATE", attributes={"os": "rtos"}
    )
    got = await iot.get_package_version(packageName="agent", versionName="1.0.0")
    assert (got["status"], got["attributes"]) == ("DEPRECATED", {"os": "rtos"})
    with pytest.raises(ClientError) as excinfo:
        await iot.update_package_version(
            packageName="agent", versionName="1.0.0", action="DEPRECATE"
        )
    assert error_of(excinfo)["Error"]["Code"] == "ConflictException"
    await iot.update_package(packageName="agent", unsetDefaultVersion=True)
    assert "defaultVersionName" not in await iot.get_package(packageName="agent")


async def test_conflicts_and_not_found(iot: Any) -> None:
    await iot.create_package(packageName="p")
    with pytest.raises(ClientError) as excinfo:
        await iot.create_package(packageName="p")
    assert (error_of(excinfo)["Error"]["Code"], error_of(excinfo)["resourceId"]) == (
        "ConflictException",
        "p",
    )
    await iot.create_package_version(packageName="p", versionName="v1")
    with pytest.raises(ClientError) as excinfo:
        await iot.create_package_version(packageName="p", versionName="v1")
    assert error_of(excinfo)["ResponseMetadata"]["HTTPStatusCode"] == 409
    for call, kwargs in (
        (iot.get_package, {"packageName": "q"}),
        (iot.get_package_version, {"packageName": "p", "versionName": "v2"}),
        (iot.update_package_version, {"packageName": "p", "versionName": "v2"}),
        (iot.list_sbom_validation_results, {"packageName": "p", "versionName": "v2"}),
    ):
        with pytest.raises(ClientError) as excinfo:
            await call(**kwargs)
        assert error_of(excinfo)["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as excinfo:
        await iot.create_package(packageName="p" * 129)
    message = error_of(excinfo)["Error"]["Message"]
    assert "Value at 'packageName'" in message
    assert "length less than or equal to 128" in message


async def test_listing_and_deleting(iot: Any) -> None:
    for name in ("c", "a", "b"):
        await iot.create_package(packageName=name)
    first = await iot.list_packages(maxResults=2)
    assert [p["packageName"] for p in first["packageSummaries"]] == ["a", "b"]
    second = await iot.list_packages(maxResults=2, nextToken=first["nextToken"])
    assert [p["packageName"] for p in second["packageSummaries"]] == ["c"]
    assert "nextToken" not in second
    for version in ("1", "2", "3"):
        await iot.create_package_version(packageName="a", versionName=version)
    await iot.update_package_version(packageName="a", versionName="2", action="PUBLISH")
    published = await iot.list_package_versions(packageName="a", status="PUBLISHED")
    assert [v["versionName"] for v in published["packageVersionSummaries"]] == ["2"]
    await iot.delete_package_version(packageName="a", versionName="2")
    every = await iot.list_package_versions(packageName="a")
    assert [v["versionName"] for v in every["packageVersionSummaries"]] == ["1", "3"]
    await iot.delete_package(packageName="a")
    await iot.delete_package(packageName="a")  # deleting twice is not an error
    assert [p["packageName"] for p in (await iot.list_packages())["packageSummaries"]] == ["b", "c"]


async def test_sbom_association(iot: Any) -> None:
    await iot.create_package(packageName="s")
    await iot.create_package_version(packageName="s", versionName="1")
    sbom = {"s3Location": {"bucket": "b", "key": "sbom.spdx.json"}}
    associated = await iot.associate_sbom_with_package_version(
        packageName="s", versionName="1", sbom=sbom
    )
    assert associated["sbomValidationStatus"] == "SUCCEEDED"
    results = await iot.list_sbom_validation_results(packageName="s", versionName="1")
    assert results["validationResultSummaries"] == [
        {"fileName": "sbom.spdx.json", "validationResult": "SUCCEEDED"}
    ]
    failed = await iot.list_sbom_validation_results(
        packageName="s", versionName="1", validationResult="FAILED"
    )
    assert failed["validationResultSummaries"] == []
    await iot.disassociate_sbom_from_package_version(packageName="s", versionName="1")
    got = await iot.get_package_version(packageName="s", versionName="1")
    assert "sbom" not in got


async def test_package_configuration(iot: Any) -> None:
    assert (await iot.get_package_configuration())["versionUpdateByJobsConfig"] == {
        "enabled": False
    }
    role = "arn:aws:iam::123456789012:role/PackageJobs"
    await iot.update_package_configuration(
        versionUpdateByJobsConfig={"enabled": True, "roleArn": role}
    )
    config = (await iot.get_package_configuration())["versionUpdateByJobsConfig"]
    assert config == {"enabled": True, "roleArn": role}
