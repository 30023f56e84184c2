from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import botocore.session
import pytest
from botocore.awsrequest import prepare_request_dict
from botocore.exceptions import ClientError
from botocore.serialize import create_serializer

from greengrass_sdk.testing import LocalGreengrass
from greengrass_sdk.testing.http_frontend import sdk_iot_operations
from greengrass_sdk.testing.routing import Router, ServiceSpec
from greengrass_sdk.testing.server import DEFAULT_SERVICES
from greengrass_sdk.testing.synthesis import synthesize
from tests.testing.conftest import client

SHARED_WITH_V2 = {
    "AssociateServiceRoleToAccount",
    "DisassociateServiceRoleFromAccount",
    "GetServiceRoleForAccount",
    "GetConnectivityInfo",
    "UpdateConnectivityInfo",
}


V1_ARN = "arn:aws:greengrass:us-east-1:123456789012:/greengrass/groups/g"


def _v1_params(operation: Any) -> dict[str, Any]:
    params: dict[str, Any] = synthesize(operation.input_shape)
    return {k: V1_ARN if "arn" in k.lower() else v for k, v in params.items()}


def _operations() -> list[tuple[str, str]]:
    session = botocore.session.get_session()
    found = []
    for service in DEFAULT_SERVICES:
        model = session.get_service_model(service)
        for name in model.operation_names:
            if service != "iot" or name in sdk_iot_operations():
                found.append((service, name))
    return found


def test_every_operation_of_the_three_apis_is_routed_to_itself() -> None:
    operations = _operations()
    assert len(operations) == 156
    session = botocore.session.get_session()
    models = {s: session.get_service_model(s) for s in DEFAULT_SERVICES}
    router = Router([ServiceSpec(models[s]) for s in DEFAULT_SERVICES])
    for service, name in operations:
        operation = models[service].operation_model(name)
        params = synthesize(operation.input_shape)
        if service == "greengrass":  # V1 resource ARNs look like this
            params = {
                k: "arn:aws:greengrass:r:1:/greengrass/groups/g" if "arn" in k.lower() else v
                for k, v in params.items()
            }
        request = create_serializer("rest-json").serialize_to_request(params, operation)
        prepare_request_dict(request, endpoint_url="http://h")
        path, _, query = request["url"].removeprefix("http://h").partition("?")
        match = router.match(request["method"], path, parse_qs(query, keep_blank_values=True))
        assert match is not None, (service, name)
        expected = {service}
        if service == "greengrass" and name in SHARED_WITH_V2:
            expected = {"greengrassv2"}  # same path, same wire format, same account state
        assert match.route.operation.name == name
        assert match.route.service in expected, (service, name, match.route.service)


async def test_all_v1_operations_answer_over_http(server: LocalGreengrass, v1: Any) -> None:
    session = botocore.session.get_session()
    model = session.get_service_model("greengrass")
    for name in model.operation_names:
        operation = model.operation_model(name)
        params = _v1_params(operation)
        method = getattr(v1, botocore.xform_name(name))
        response = await method(**params)
        assert response["ResponseMetadata"]["HTTPStatusCode"] == int(
            operation.http.get("responseCode", 200)
        )
    assert len(server.requests) == 92
    shared = [r.operation for r in server.requests if r.service == "greengrassv2"]
    assert set(shared) == SHARED_WITH_V2


async def test_v1_generic_answers_have_the_output_shape(v1: Any) -> None:
    group = await v1.create_group(Name="g")
    assert {"Arn", "Id", "Name", "CreationTimestamp"} <= set(group)
    listed = await v1.list_groups()
    assert "NextToken" not in listed and len(listed["Groups"]) == 1
    # Paginators stop, because no token is ever invented.
    pages = [page async for page in v1.get_paginator("list_groups").paginate()]
    assert len(pages) == 1


async def test_v1_faults_and_journal(server: LocalGreengrass) -> None:
    server.faults.fail_next("CreateGroup", status=500, code="InternalServerErrorException")
    async with client(server, "greengrass") as v1:
        with pytest.raises(ClientError) as excinfo:
            await v1.create_group(Name="g", AmznClientToken="t-1")
        assert excinfo.value.response["Error"]["Code"] == "InternalServerErrorException"
        await v1.create_group(Name="g", AmznClientToken="t-1")
    first, second = server.requests
    assert first.headers["X-Amzn-Client-Token"] == second.headers["X-Amzn-Client-Token"] == "t-1"
    assert (first.status, second.status) == (500, 200)


async def test_v1_tags_go_to_v1_and_v2_tags_to_v2(
    server: LocalGreengrass, v1: Any, gg: Any
) -> None:
    await v1.tag_resource(
        ResourceArn="arn:aws:greengrass:us-east-1:123456789012:/greengrass/groups/g",
        tags={"a": "b"},
    )
    assert server.requests[-1].service == "greengrass"
    with pytest.raises(ClientError):
        await gg.list_tags_for_resource(
            resourceArn="arn:aws:greengrass:us-east-1:123456789012:components:x"
        )
    assert server.requests[-1].service == "greengrassv2"


async def test_without_fallback_unhandled_operations_fail() -> None:
    async with (
        LocalGreengrass(generic_fallback=False) as server,
        client(server, "greengrass") as v1,
    ):
        with pytest.raises(ClientError) as excinfo:
            await v1.list_groups()
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501


async def test_unknown_routes_and_unsigned_requests(server: LocalGreengrass) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as http:
        async with http.get(f"{server.endpoint_url}/nothing/here") as response:
            assert response.status == 404
            assert response.headers["x-amzn-ErrorType"] == "UnknownOperationException"
        async with http.get(f"{server.endpoint_url}/greengrass/v2/components") as response:
            assert response.status == 200
            assert await response.json() == {"components": []}
        async with http.post(
            f"{server.endpoint_url}/greengrass/v2/deployments", data=b"{nope"
        ) as response:
            assert response.status == 400
            assert (await response.json())["message"] == "The request body is not valid JSON."


def test_every_v2_and_sdk_iot_operation_has_a_stateful_handler() -> None:
    from greengrass_sdk.testing.registry import HANDLERS

    expected = {(s, n) for s, n in _operations() if s != "greengrass"}
    assert expected == set(HANDLERS)


# Values that satisfy the ARN patterns of Greengrass V2 inputs.
V2_ARNS = {
    "ComponentVersionARN": "arn:aws:greengrass:us-east-1:123456789012:components:c:versions:1.0.0",
    "ComponentARN": "arn:aws:greengrass:us-east-1:123456789012:components:c",
    "TargetARN": "arn:aws:iot:us-east-1:123456789012:thing/t",
    "ThingGroupARN": "arn:aws:iot:us-east-1:123456789012:thinggroup/g",
    "GenericV2ARN": "arn:aws:greengrass:us-east-1:123456789012:components:c",
}


def _valid_params(shape: Any) -> dict[str, Any]:
    params: dict[str, Any] = synthesize(shape)
    for name, member in shape.members.items():
        if member.name in V2_ARNS:
            params[name] = V2_ARNS[member.name]
        elif member.type_name == "structure" and name in params:
            params[name] = _valid_params(member)
    return params


async def test_stateless_mode_answers_all_156_operations() -> None:
    session = botocore.session.get_session()
    async with LocalGreengrass(stateful=False) as server:
        for service in DEFAULT_SERVICES:
            model = session.get_service_model(service)
            async with client(server, service) as api:
                for service_name, name in _operations():
                    if service_name != service:
                        continue
                    operation = model.operation_model(name)
                    if service == "greengrass":
                        params = _v1_params(operation)
                    else:
                        params = _valid_params(operation.input_shape)
                    response = await getattr(api, botocore.xform_name(name))(**params)
                    assert response["ResponseMetadata"]["HTTPStatusCode"] < 300, name
        assert len(server.requests) == 156
        assert all(r.status is not None and r.status < 300 for r in server.requests)


async def test_v1_and_v2_share_connectivity_and_service_role(v1: Any, gg: Any) -> None:
    await v1.update_connectivity_info(
        ThingName="core", ConnectivityInfo=[{"HostAddress": "10.0.0.2", "PortNumber": 8883}]
    )
    got = await gg.get_connectivity_info(thingName="core")
    assert got["connectivityInfo"] == [{"hostAddress": "10.0.0.2", "portNumber": 8883}]
    await gg.associate_service_role_to_account(roleArn="arn:aws:iam::123456789012:role/R")
    assert (await v1.get_service_role_for_account())[
        "RoleArn"
    ] == "arn:aws:iam::123456789012:role/R"
