from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from botocore.exceptions import ClientError

from tests.testing.conftest import ACCOUNT, REGION, error_of, recipe

ARN = f"arn:aws:greengrass:{REGION}:{ACCOUNT}:components"


async def test_create_from_json_recipe_then_describe(gg: Any) -> None:
    created = await gg.create_component_version(
        inlineRecipe=recipe(
            "com.example.Hello",
            "1.0.0",
            ComponentDescription="Says hello",
            ComponentPublisher="Me",
            Manifests=[{"Platform": {"os": "linux"}}],
        ),
        tags={"team": "a"},
    )
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["arn"] == f"{ARN}:com.example.Hello:versions:1.0.0"
    assert created["status"]["componentState"] == "DEPLOYABLE"
    described = await gg.describe_component(arn=created["arn"])
    assert described["componentName"] == "com.example.Hello"
    assert described["description"] == "Says hello"
    assert described["publisher"] == "Me"
    assert described["platforms"] == [{"attributes": {"os": "linux"}}]
    assert described["tags"] == {"team": "a"}
    assert described["creationTimestamp"] == created["creationTimestamp"]


async def test_create_from_yaml_recipe_and_get_back_both_formats(gg: Any) -> None:
    text = (
        "RecipeFormatVersion: 2020-01-25\nComponentName: com.example.Yaml\n"
        "ComponentVersion: 2.1.0\nComponentConfiguration: {}\n"
    )
    created = await gg.create_component_version(inlineRecipe=text.encode())
    as_yaml = await gg.get_component(arn=created["arn"], recipeOutputFormat="YAML")
    assert as_yaml["recipeOutputFormat"] == "YAML"
    assert yaml.safe_load(as_yaml["recipe"])["ComponentVersion"] == "2.1.0"
    as_json = await gg.get_component(arn=created["arn"])
    assert as_json["recipeOutputFormat"] == "JSON"
    assert json.loads(as_json["recipe"])["ComponentName"] == "com.example.Yaml"


async def test_create_from_lambda_function(gg: Any) -> None:
    created = await gg.create_component_version(
        lambdaFunction={
            "lambdaArn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:Fn:1",
            "componentName": "com.example.Lambda",
            "componentVersion": "1.0.0",
            "componentPlatforms": [{"name": "Linux", "attributes": {"os": "linux"}}],
            "componentDependencies": {
                "aws.greengrass.LambdaLauncher": {"versionRequirement": "^2.0.0"}
            },
        }
    )
    got = json.loads((await gg.get_component(arn=created["arn"]))["recipe"])
    assert (
        got["ComponentDependencies"]["aws.greengrass.LambdaLauncher"]["VersionRequirement"]
        == "^2.0.0"
    )


async def test_versions_are_immutable(gg: Any) -> None:
    await gg.create_component_version(inlineRecipe=recipe("com.example.A", "1.0.0"))
    with pytest.raises(ClientError) as excinfo:
        await gg.create_component_version(inlineRecipe=recipe("com.example.A", "1.0.0"))
    error = error_of(excinfo)
    assert error["Error"]["Code"] == "ConflictException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert error["resourceId"] == f"{ARN}:com.example.A:versions:1.0.0"


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({}, "exactly one"),
        ({"inlineRecipe": b"[1, 2"}, "not valid YAML or JSON"),
        ({"inlineRecipe": recipe("com.example.A", "1.0")}, "no patch version"),
        ({"inlineRecipe": recipe("com/example", "1.0.0")}, "ComponentName"),
        ({"inlineRecipe": b'{"ComponentVersion": "1.0.0"}'}, "ComponentName"),
    ],
)
async def test_bad_recipes_are_rejected(gg: Any, body: dict[str, Any], needle: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        await gg.create_component_version(**body)
    assert error_of(excinfo)["Error"]["Code"] == "ValidationException"
    assert needle in error_of(excinfo)["Error"]["Message"]


async def test_missing_component_names_id_and_type(gg: Any) -> None:
    arn = f"{ARN}:com.example.Nope:versions:1.0.0"
    for call in (gg.describe_component, gg.get_component, gg.delete_component):
        with pytest.raises(ClientError) as excinfo:
            await call(arn=arn)
        error = error_of(excinfo)
        assert error["Error"]["Code"] == "ResourceNotFoundException"
        assert error["ResponseMetadata"]["HTTPStatusCode"] == 404
        assert error["resourceId"] == arn
        assert error["resourceType"] == "component version"


async def test_artifact_url_and_missing_artifact(gg: Any) -> None:
    created = await gg.create_component_version(
        inlineRecipe=recipe(
            "com.example.Art",
            "1.0.0",
            Manifests=[{"Artifacts": [{"URI": "s3://bucket/path/app.zip"}]}],
        )
    )
    got = await gg.get_component_version_artifact(arn=created["arn"], artifactName="app.zip")
    assert got["preSignedUrl"].startswith("https://bucket.s3.us-east-1.amazonaws.com/path/app.zip")
    with pytest.raises(ClientError) as excinfo:
        await gg.get_component_version_artifact(arn=created["arn"], artifactName="dir/other.zip")
    assert error_of(excinfo)["resourceType"] == "artifact"


async def test_versions_listed_newest_first_in_semver_order(gg: Any) -> None:
    for version in ("1.0.0", "1.10.0", "1.2.0", "1.10.0-beta.2", "1.10.0-beta.10", "0.9.9"):
        await gg.create_component_version(inlineRecipe=recipe("com.example.V", version))
    listed = await gg.list_component_versions(arn=f"{ARN}:com.example.V")
    assert [v["componentVersion"] for v in listed["componentVersions"]] == [
        "1.10.0",
        "1.10.0-beta.10",
        "1.10.0-beta.2",
        "1.2.0",
        "1.0.0",
        "0.9.9",
    ]
    components = await gg.list_components()
    assert components["components"][0]["latestVersion"]["componentVersion"] == "1.10.0"


async def test_delete_component_version(gg: Any) -> None:
    first = await gg.create_component_version(inlineRecipe=recipe("com.example.D", "1.0.0"))
    second = await gg.create_component_version(inlineRecipe=recipe("com.example.D", "2.0.0"))
    delete = await gg.delete_component(arn=second["arn"])
    assert delete["ResponseMetadata"]["HTTPStatusCode"] == 204
    listed = await gg.list_components()
    assert listed["components"][0]["latestVersion"]["componentVersion"] == "1.0.0"
    await gg.delete_component(arn=first["arn"])
    assert (await gg.list_components())["components"] == []
    with pytest.raises(ClientError) as excinfo:
        await gg.list_component_versions(arn=f"{ARN}:com.example.D")
    assert error_of(excinfo)["resourceType"] == "component"


async def test_public_scope_lists_nothing(gg: Any) -> None:
    await gg.create_component_version(inlineRecipe=recipe("com.example.P", "1.0.0"))
    assert (await gg.list_components(scope="PUBLIC"))["components"] == []


async def test_tags_on_component_versions(gg: Any) -> None:
    arn = (await gg.create_component_version(inlineRecipe=recipe("com.example.T", "1.0.0")))["arn"]
    await gg.tag_resource(resourceArn=arn, tags={"a": "1", "b": "2"})
    await gg.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert (await gg.list_tags_for_resource(resourceArn=arn))["tags"] == {"b": "2"}
    with pytest.raises(ClientError) as excinfo:
        await gg.tag_resource(resourceArn=f"{ARN}:com.example.X", tags={"a": "1"})
    assert error_of(excinfo)["Error"]["Code"] == "ResourceNotFoundException"


async def test_no_content_responses_have_no_body(server: Any, gg: Any) -> None:
    import aiohttp

    arn = (await gg.create_component_version(inlineRecipe=recipe("com.example.N", "1.0.0")))["arn"]
    quoted = arn.replace(":", "%3A")
    async with (
        aiohttp.ClientSession() as http,
        http.delete(f"{server.endpoint_url}/greengrass/v2/components/{quoted}") as response,
    ):
        assert (response.status, await response.read()) == (204, b"")
    assert (await gg.list_components())["components"] == []
