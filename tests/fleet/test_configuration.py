"""Configuration updates as mappings: serialised for the wire, refused early when wrong."""

from __future__ import annotations

import json

import pytest

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.errors import RequestValidationError
from greengrass_sdk.fleet import configuration_update, deployment_components, merge_document
from greengrass_sdk.fleet.configuration import MAX_MERGE_LENGTH
from greengrass_sdk.testing import LocalGreengrass
from tests.fleet.conftest import APP, group_arn


def test_a_mapping_merge_is_compact_json_and_reads_back() -> None:
    update = configuration_update({"interval": 5, "name": "café", "nested": {"on": True}})
    assert update.merge == '{"interval":5,"name":"café","nested":{"on":true}}'
    assert merge_document(update) == {"interval": 5, "name": "café", "nested": {"on": True}}
    # A JSON string is checked and kept as written.
    assert configuration_update('{"a": 1}').merge == '{"a": 1}'
    assert merge_document(None) is None
    assert configuration_update(reset=["", "/a/b"]).reset == ["", "/a/b"]


@pytest.mark.parametrize(
    ("merge", "reset", "message"),
    [
        ([1, 2], None, "must be a mapping or a JSON string"),
        ("[1, 2]", None, "must be a JSON object"),
        ("{not json", None, "not a JSON document"),
        ({"n": float("nan")}, None, "cannot be serialised"),
        ({"x": object()}, None, "cannot be serialised"),
        ({"x": "y" * MAX_MERGE_LENGTH}, None, "at most 10485760"),
        (None, "/a", "must be a list of JSON pointers"),
        (None, ["a/b"], "is not a JSON pointer"),
        (None, ["/" + "a" * 256], "at most 256"),
    ],
)
def test_bad_updates_name_the_field(merge: object, reset: object, message: str) -> None:
    with pytest.raises(RequestValidationError, match=message) as raised:
        configuration_update(merge, reset, field="components['x']")  # type: ignore[arg-type]
    assert raised.value.fields[0].startswith("components['x']")


def test_deployment_components_accepts_both_names_and_refuses_unknown_keys() -> None:
    specs = deployment_components(
        {
            "a": {"component_version": "1.0.0", "configuration_update": {"merge": {"k": 1}}},
            "b": {"componentVersion": "2.0.0", "configurationUpdate": {"reset": ["/k"]}},
        }
    )
    assert specs["a"].configuration_update is not None
    assert specs["a"].configuration_update.merge == '{"k":1}'
    assert specs["b"].configuration_update is not None
    assert specs["b"].configuration_update.reset == ["/k"]
    with pytest.raises(RequestValidationError, match="unknown keys"):
        deployment_components(
            {"a": {"componentVersion": "1", "configurationUpdate": {"mrege": {}}}}
        )
    with pytest.raises(RequestValidationError, match=r"components\['a'\]"):
        deployment_components({"a": "1.0.0"})


async def test_the_wire_carries_the_merge_as_a_json_string(
    server: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    server.add_component_version(APP)
    components = deployment_components(
        {
            "com.example.App": {
                "componentVersion": "1.0.0",
                "configurationUpdate": {"merge": {"interval": 5}},
            }
        }
    )
    created = await gg.create_deployment(target_arn=group_arn("Fleet"), components=components)
    (request,) = server.requests.for_operation("CreateDeployment")
    sent = request.body["components"]["com.example.App"]["configurationUpdate"]["merge"]
    assert isinstance(sent, str) and json.loads(sent) == {"interval": 5}
    assert created.deployment_id is not None
    stored = await gg.get_deployment(deployment_id=created.deployment_id)
    assert stored.components is not None
    assert merge_document(stored.components["com.example.App"].configuration_update) == {
        "interval": 5
    }
