"""The IoT software package catalog through IoTClient against the local emulator."""

from __future__ import annotations

import pytest

from codegen.services import scopes
from greengrass_sdk import IoTClient
from greengrass_sdk.errors import ConflictException, RequestValidationError
from greengrass_sdk.testing import LocalGreengrass

S3 = {"bucket": "firmware-artifacts", "key": "gateway/2.0.0.bin"}


async def test_whole_package_catalog_surface(emulator: LocalGreengrass, iot: IoTClient) -> None:
    package = await iot.create_package(
        package_name="gateway", description="edge gateway", tags={"line": "3"}
    )
    assert package.package_name == "gateway" and package.package_arn
    version = await iot.create_package_version(
        package_name="gateway",
        version_name="2.0.0",
        attributes={"channel": "beta"},
        artifact={"s3Location": S3},
        recipe='{"ComponentName": "gateway"}',
    )
    assert version.status == "DRAFT"
    await iot.update_package_version(package_name="gateway", version_name="2.0.0", action="PUBLISH")
    published = await iot.get_package_version(package_name="gateway", version_name="2.0.0")
    assert published.status == "PUBLISHED"
    assert published.attributes == {"channel": "beta"}
    await iot.update_package(package_name="gateway", default_version_name="2.0.0")
    assert (await iot.get_package(package_name="gateway")).default_version_name == "2.0.0"

    sbom = await iot.associate_sbom_with_package_version(
        package_name="gateway",
        version_name="2.0.0",
        sbom={"s3Location": {"bucket": "sboms", "key": "gateway-2.0.0.spdx.json"}},
    )
    assert sbom.sbom_validation_status is not None
    results = [
        r.validation_result
        async for r in iot.list_sbom_validation_results(
            package_name="gateway", version_name="2.0.0"
        )
    ]
    assert results == ["SUCCEEDED"]
    await iot.disassociate_sbom_from_package_version(package_name="gateway", version_name="2.0.0")

    await iot.update_package_configuration(
        version_update_by_jobs_config={
            "enabled": True,
            "roleArn": "arn:aws:iam::123456789012:role/PackageJobs",
        }
    )
    configuration = await iot.get_package_configuration()
    assert configuration.version_update_by_jobs_config is not None
    assert configuration.version_update_by_jobs_config.enabled is True

    assert [p.package_name async for p in iot.list_packages()] == ["gateway"]
    assert [v.version_name async for v in iot.list_package_versions(package_name="gateway")] == [
        "2.0.0"
    ]

    await iot.update_package_version(
        package_name="gateway", version_name="2.0.0", action="DEPRECATE"
    )
    assert (
        await iot.get_package_version(package_name="gateway", version_name="2.0.0")
    ).status == "DEPRECATED"
    await iot.update_package(package_name="gateway", unset_default_version=True)
    await iot.delete_package_version(package_name="gateway", version_name="2.0.0")
    await iot.delete_package(package_name="gateway")
    assert [p async for p in iot.list_packages()] == []

    iot_scope = next(s for s in scopes() if s.spec.package == "iot")
    catalog = {name for name in iot_scope.operations if "Package" in name or "Sbom" in name}
    called = {r.operation for r in emulator.requests if r.status is not None and r.status < 300}
    assert catalog <= called, catalog - called  # things, groups and jobs: tests/fleet


async def test_lifecycle_rules_are_enforced(iot: IoTClient) -> None:
    await iot.create_package(package_name="gateway")
    await iot.create_package_version(package_name="gateway", version_name="1.0.0")
    publish = {"package_name": "gateway", "version_name": "1.0.0", "action": "PUBLISH"}
    await iot.update_package_version(**publish)  # type: ignore[arg-type]
    with pytest.raises(ConflictException):
        await iot.update_package_version(**publish)  # type: ignore[arg-type]
    with pytest.raises(iot.exceptions.ResourceNotFoundException):
        await iot.get_package_version(package_name="gateway", version_name="9.9.9")


async def test_bad_input_is_stopped_before_the_wire(
    emulator: LocalGreengrass, iot: IoTClient
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        await iot.create_package_version(
            package_name="gateway", version_name="1.0.0", client_token="too-short"
        )
    assert caught.value.fields == ["client_token"]
    assert len(emulator.requests) == 0


async def test_commit_then_drop_does_not_duplicate_a_package_version(
    emulator: LocalGreengrass, iot: IoTClient
) -> None:
    await iot.create_package(package_name="gateway")
    # PUT is resent once by aiohttp itself on a dropped keep-alive connection; two drops reach us.
    emulator.faults.commit_then_drop_next("CreatePackageVersion", times=2)
    created = await iot.create_package_version(package_name="gateway", version_name="3.0.0")
    assert created.version_name == "3.0.0"
    sent = emulator.requests.for_operation("CreatePackageVersion")
    assert [r.status for r in sent][-1] == 200
    assert len({r.query["clientToken"][0] for r in sent}) == 1
    versions = [v.version_name async for v in iot.list_package_versions(package_name="gateway")]
    assert versions == ["3.0.0"]
