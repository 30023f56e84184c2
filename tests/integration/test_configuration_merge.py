"""A deployment's ``configurationUpdate.merge`` given as a mapping, sent as the JSON string."""

from __future__ import annotations

import json

import pytest

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.errors import RequestValidationError
from greengrass_sdk.greengrassv2.models import ComponentConfigurationUpdate
from greengrass_sdk.testing import LocalGreengrass

GROUP = "arn:aws:iot:us-east-1:123456789012:thinggroup/Fleet"


@pytest.fixture(autouse=True)
def _components(emulator: LocalGreengrass) -> None:
    for name, version in (("com.example.App", "1.0.0"), ("com.example.Typed", "2.0.0")):
        emulator.add_component_version(
            {
                "RecipeFormatVersion": "2020-01-25",
                "ComponentName": name,
                "ComponentVersion": version,
            }
        )


async def test_a_mapping_is_sent_as_compact_json(
    emulator: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    merge = {"Logging": {"Level": "DEBUG", "Targets": ["file", "stdout"]}, "Retries": 3}
    created = await gg.create_deployment(
        target_arn=GROUP,
        components={
            "com.example.App": {
                "componentVersion": "1.0.0",
                "configurationUpdate": {"merge": merge, "reset": ["/Cache"]},
            },
            "com.example.Typed": {
                "componentVersion": "2.0.0",
                "configurationUpdate": ComponentConfigurationUpdate(merge={"Mode": "fast"}),
            },
        },
    )
    [sent] = emulator.requests.for_operation("CreateDeployment")
    update = sent.body["components"]["com.example.App"]["configurationUpdate"]
    assert (
        update["merge"] == '{"Logging":{"Level":"DEBUG","Targets":["file","stdout"]},"Retries":3}'
    )
    assert update["reset"] == ["/Cache"]
    typed = sent.body["components"]["com.example.Typed"]["configurationUpdate"]
    assert typed["merge"] == '{"Mode":"fast"}'

    # Read back, the service's string comes as it is (and parses to the mapping sent).
    assert created.deployment_id is not None
    fetched = await gg.get_deployment(deployment_id=created.deployment_id)
    assert fetched.components is not None
    got = fetched.components["com.example.App"].configuration_update
    assert got is not None and isinstance(got.merge, str)
    assert json.loads(got.merge) == merge


async def test_a_string_is_still_sent_as_it_is(
    emulator: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    text = '{ "Already": "serialised" }'
    await gg.create_deployment(
        target_arn=GROUP,
        components={
            "com.example.App": {"componentVersion": "1.0.0", "configurationUpdate": {"merge": text}}
        },
    )
    [sent] = emulator.requests.for_operation("CreateDeployment")
    assert sent.body["components"]["com.example.App"]["configurationUpdate"]["merge"] == text


@pytest.mark.parametrize(
    "merge", [{"Ratio": float("nan")}, {"When": object()}], ids=["nan", "not-json"]
)
async def test_a_mapping_json_cannot_hold_is_refused_before_sending(
    emulator: LocalGreengrass, gg: GreengrassV2Client, merge: dict[str, object]
) -> None:
    with pytest.raises(RequestValidationError, match="JSON-serialisable"):
        await gg.create_deployment(
            target_arn=GROUP,
            components={
                "com.example.App": {
                    "componentVersion": "1.0.0",
                    "configurationUpdate": {"merge": merge},
                }
            },
        )
    assert emulator.requests.for_operation("CreateDeployment") == []
