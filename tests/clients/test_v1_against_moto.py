"""Greengrass V1 end to end against moto's server (real HTTP on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from moto.server import ThreadedMotoServer

from greengrass_sdk import GreengrassClient, RetryPolicy
from greengrass_sdk.errors import RequestValidationError, ServiceError
from greengrass_sdk.greengrass.models import Core, CreateCoreDefinitionVersionRequest

THING = "arn:aws:iot:us-east-1:123456789012:thing/CoreThing"
CERT = "arn:aws:iot:us-east-1:123456789012:cert/0123456789abcdef"


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
async def gg(moto_endpoint: str) -> AsyncIterator[GreengrassClient]:
    async with GreengrassClient(
        region_name="us-east-1",
        endpoint_url=moto_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        retry=RetryPolicy(max_attempts=2, initial_backoff=0.001),
    ) as client:
        yield client


async def test_create_core_definition_version(gg: GreengrassClient) -> None:
    definition = await gg.create_core_definition(name="line-3", initial_version={"Cores": []})
    assert definition.id
    version = await gg.create_core_definition_version(
        core_definition_id=definition.id,
        cores=[Core(certificate_arn=CERT, id="core-1", thing_arn=THING, sync_shadow=True)],
    )
    assert version.id == definition.id and version.version
    fetched = await gg.get_core_definition_version(
        core_definition_id=definition.id, core_definition_version_id=version.version
    )
    assert fetched.definition is not None and fetched.definition.cores is not None
    core = fetched.definition.cores[0]
    assert (core.thing_arn, core.certificate_arn, core.sync_shadow) == (THING, CERT, True)
    versions = await gg.list_core_definition_versions(core_definition_id=definition.id).to_list()
    assert version.version in {v.version for v in versions}


async def test_create_core_definition_version_from_a_request_model(gg: GreengrassClient) -> None:
    definition = await gg.create_core_definition(name="line-4", initial_version={"Cores": []})
    assert definition.id is not None
    request = CreateCoreDefinitionVersionRequest(
        core_definition_id=definition.id,
        cores=[Core(certificate_arn=CERT, id="core-2", thing_arn=THING)],
    )
    version = await gg.create_core_definition_version(request=request)
    assert version.arn and version.arn.endswith(str(version.version))


async def test_bad_core_is_rejected_before_sending(gg: GreengrassClient) -> None:
    with pytest.raises(RequestValidationError) as caught:
        await gg.create_core_definition_version(core_definition_id="any", cores=[{"Id": "core-1"}])
    assert set(caught.value.fields) == {"cores.0.certificate_arn", "cores.0.thing_arn"}


async def test_group_with_definitions_and_a_deployment(gg: GreengrassClient) -> None:
    cores = await gg.create_core_definition(
        name="cores",
        initial_version={"Cores": [{"CertificateArn": CERT, "Id": "c", "ThingArn": THING}]},
    )
    functions = await gg.create_function_definition(
        name="functions",
        initial_version={
            "Functions": [
                {
                    "Id": "f1",
                    "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f:1",
                    "FunctionConfiguration": {"MemorySize": 16384, "Timeout": 3},
                }
            ]
        },
    )
    group = await gg.create_group(name="fleet")
    assert group.id
    version = await gg.create_group_version(
        group_id=group.id,
        core_definition_version_arn=cores.latest_version_arn,
        function_definition_version_arn=functions.latest_version_arn,
    )
    deployment = await gg.create_deployment(
        group_id=group.id, group_version_id=version.version, deployment_type="NewDeployment"
    )
    assert deployment.deployment_id
    status = await gg.get_deployment_status(
        group_id=group.id, deployment_id=deployment.deployment_id
    )
    assert status.deployment_status
    groups = [g.name async for g in gg.list_groups()]
    assert "fleet" in groups


async def test_unknown_ids_raise_service_errors_with_their_code(gg: GreengrassClient) -> None:
    with pytest.raises(ServiceError) as caught:
        await gg.get_group(group_id="does-not-exist")
    assert caught.value.status_code == 404
    assert caught.value.code == "IdNotFoundException"
    assert caught.value.request_id
