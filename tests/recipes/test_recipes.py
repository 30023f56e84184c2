from __future__ import annotations

import json
from typing import Any

import pytest

from greengrass_sdk.recipes import (
    ComponentDependency,
    ComponentRecipe,
    RecipeError,
    dump_recipe,
    lint_recipe,
    load_recipe,
    read_recipe,
    render_recipe_template,
)

YAML_RECIPE = """
RecipeFormatVersion: '2020-01-25'
ComponentName: com.example.Hello
ComponentVersion: 1.0.0
ComponentType: aws.greengrass.generic
ComponentDescription: Says hello
ComponentPublisher: Example
ComponentConfiguration:
  DefaultConfiguration:
    Message: hi
ComponentDependencies:
  aws.greengrass.TokenExchangeService:
    VersionRequirement: '^2.0.0'
    DependencyType: HARD
  com.example.Optional:
    VersionRequirement: '>=1.0.0 <2.0.0'
    DependencyType: SOFT
Manifests:
  - Platform:
      os: linux
      architecture: /amd64|aarch64/
    Name: Linux
    Lifecycle:
      install:
        Script: pip3 install -r requirements.txt
        RequiresPrivilege: true
        Timeout: 300
      run: python3 -u {artifacts:path}/hello.py
    Artifacts:
      - Uri: s3://bucket/hello.py
        Permission: {Read: ALL, Execute: OWNER}
        Digest: abc=
        Algorithm: SHA-256
      - Uri: s3://bucket/pkg.zip
        Unarchive: ZIP
"""


def _minimal(**extra: Any) -> dict[str, Any]:
    return {
        "RecipeFormatVersion": "2020-01-25",
        "ComponentName": "com.example.Hello",
        "ComponentVersion": "1.0.0",
        **extra,
    }


def test_yaml_recipe_round_trips_through_json_bytes() -> None:
    recipe = load_recipe(YAML_RECIPE)
    assert recipe.component_dependencies["com.example.Optional"].dependency_type == "SOFT"
    assert recipe.manifests[0].artifacts[1].unarchive == "ZIP"
    inline = dump_recipe(recipe)
    document = json.loads(inline)
    assert document["ComponentName"] == "com.example.Hello"
    assert document["Manifests"][0]["Platform"]["architecture"] == "/amd64|aarch64/"
    assert load_recipe(inline) == recipe
    assert load_recipe(dump_recipe(recipe, "yaml")) == recipe


def test_platform_matching() -> None:
    recipe = load_recipe(YAML_RECIPE)
    assert recipe.supports({"os": "linux", "architecture": "aarch64"})
    assert not recipe.supports({"os": "linux", "architecture": "arm"})
    assert not recipe.supports({"os": "windows", "architecture": "amd64"})
    assert load_recipe(json.dumps(_minimal())).supports({"os": "windows"})
    # An empty os is a wildcard to the nucleus (Platform.getFieldOrWild).
    wildcard = _minimal(Manifests=[{"Platform": {"os": ""}}])
    assert load_recipe(json.dumps(wildcard)).supports({"os": "windows"})


def test_snake_case_construction() -> None:
    recipe = ComponentRecipe(component_name="com.example.A", component_version="2.0.0")
    assert json.loads(dump_recipe(recipe)) == {
        "RecipeFormatVersion": "2020-01-25",
        "ComponentName": "com.example.A",
        "ComponentVersion": "2.0.0",
    }


@pytest.mark.parametrize(
    ("extra", "path", "message"),
    [
        ({"ComponentName": ""}, "ComponentName", "must not be empty"),
        ({"ComponentName": "has space"}, "ComponentName", "may only contain"),
        ({"ComponentName": "com/example"}, "ComponentName", "may only contain"),
        ({"ComponentName": "compañía"}, "ComponentName", "may only contain"),
        ({"ComponentVersion": "1.0"}, "ComponentVersion", "no patch version"),
        ({"ComponentVersion": "v1.0.0"}, "ComponentVersion", "no major version"),
        ({"ComponentVersion": "1000000.0.0"}, "ComponentVersion", "999999"),
        ({"RecipeFormatVersion": "2021-01-01"}, "RecipeFormatVersion", "2020-01-25"),
        ({"ComponentType": "aws.greengrass.other"}, "ComponentType", "aws.greengrass.generic"),
        (
            {"ComponentDependencies": {"x": {"DependencyType": "SOFT"}}},
            "ComponentDependencies.x.VersionRequirement",
            "required",
        ),
        (
            {"ComponentDependencies": {"x": {"VersionRequirement": "abc"}}},
            "ComponentDependencies.x.VersionRequirement",
            "cannot read",
        ),
        (
            {"ComponentDependencies": {"x": {"VersionRequirement": "*", "DependencyType": "WEAK"}}},
            "ComponentDependencies.x.DependencyType",
            "HARD",
        ),
        ({"Manifests": [{"Artifacts": [{"Uri": "a b"}]}]}, "Manifests[0].Artifacts[0].Uri", "URI"),
        ({"Manifests": [{"Artifacts": [{}]}]}, "Manifests[0].Artifacts[0].URI", "required"),
        (
            {"Manifests": [{"Artifacts": [{"URI": "s3://b/k", "Unarchive": "TAR"}]}]},
            "Manifests[0].Artifacts[0].Unarchive",
            "ZIP",
        ),
        ({"Manifests": [None]}, "Manifests[0]", "null"),
        ({}, "", ""),
    ][:-1],
)
def test_invalid_recipes_are_rejected(extra: dict[str, Any], path: str, message: str) -> None:
    with pytest.raises(RecipeError) as caught:
        load_recipe(json.dumps(_minimal(**extra)), origin="my-recipe.json")
    assert str(caught.value).startswith("my-recipe.json: ")
    assert any(p == path and message in rule for p, rule in caught.value.problems), caught.value


def test_what_greengrass_accepts_loads() -> None:
    text = """
RecipeFormatVersion: 2020-01-25
componentName: com.example.Real
componentVersion: '1.0.0'
ComponentSource: arn:aws:lambda:us-east-1:123456789012:function:f
ComponentDependencies:
  aws.greengrass.Nucleus: {versionRequirement: '>=2.0.0', dependencyType: soft}
Manifests:
  - Platform: {os: ''}
    Lifecycle:
      Start: legacy
      Uninstall: rm -rf data
      BootstrapOnRollback: undo
      run:
    Artifacts:
      - URI: s3://bucket/a.zip
        Unarchive: zip
        Permission: {Read: all}
FutureKey: kept
"""
    reading = read_recipe(text)
    recipe = reading.recipe
    assert recipe.component_dependencies is not None
    assert recipe.component_dependencies["aws.greengrass.Nucleus"].dependency_type == "SOFT"
    artifact = recipe.manifests[0].artifacts[0]
    assert (artifact.uri, artifact.unarchive) == ("s3://bucket/a.zip", "ZIP")
    assert artifact.permission is not None and artifact.permission.read == "ALL"
    assert ("FutureKey", "unknown key, ignored by Greengrass") in reading.warnings
    again = load_recipe(dump_recipe(recipe, "yaml"))
    assert again == recipe
    assert load_recipe(dump_recipe(recipe)) == recipe
    assert json.loads(dump_recipe(recipe))["FutureKey"] == "kept"


def test_not_a_mapping() -> None:
    with pytest.raises(RecipeError, match="mapping"):
        load_recipe("- 1\n- 2\n")


def test_templates_are_named_and_rendered() -> None:
    template = json.dumps(
        _minimal(
            ComponentName="{COMPONENT_NAME}",
            ComponentVersion="{COMPONENT_VERSION}",
            Manifests=[
                {"Artifacts": [{"URI": "s3://BUCKET_NAME/COMPONENT_NAME/COMPONENT_VERSION/a.zip"}]}
            ],
        )
    )
    with pytest.raises(RecipeError) as caught:
        load_recipe(template)
    message = str(caught.value)
    for placeholder in (
        "{COMPONENT_NAME}",
        "{COMPONENT_VERSION}",
        "BUCKET_NAME",
        "render_recipe_template",
    ):
        assert placeholder in message
    filled = render_recipe_template(
        template, name="com.example.T", version="1.2.3", bucket="my-bucket"
    )
    recipe = load_recipe(filled)
    assert (recipe.component_name, recipe.component_version) == ("com.example.T", "1.2.3")
    assert recipe.manifests[0].artifacts[0].uri == "s3://my-bucket/com.example.T/1.2.3/a.zip"


def test_a_mapping_is_read_by_the_same_rules() -> None:
    document = {
        "ComponentName": "com.example.Mapped",
        "ComponentVersion": "1.0.0",
        "Manifests": [{"Artifacts": [{"Uri": "s3://b/app.zip", "unarchive": "zip"}]}],
    }
    recipe = ComponentRecipe.model_validate(document)  # RecipeFormatVersion defaults here
    assert recipe.manifests[0].artifacts[0].unarchive == "ZIP"
    with pytest.raises(RecipeError, match="RecipeFormatVersion: required"):
        ComponentRecipe.from_document(document)  # but not for a document, as in Greengrass
    with pytest.raises(ValueError, match="may only contain"):
        ComponentRecipe.model_validate({**document, "ComponentName": "com/example"})
    assert ComponentRecipe.from_document({**document, "recipeFormatVersion": 0}) == recipe


def test_lint_names_requirements_the_device_reads_otherwise() -> None:
    recipe = ComponentRecipe(
        component_name="com.example.A",
        component_version="1.0.0",
        component_dependencies={
            "com.example.Lib": ComponentDependency(version_requirement=">=1.0.0-1"),
            "com.example.Plain": ComponentDependency(version_requirement="^1.2.0"),
            "com.example.Gone": None,
        },
    )
    found = lint_recipe(recipe)
    assert found
    assert {path for path, _ in found} == {
        "ComponentDependencies.com.example.Lib.VersionRequirement"
    }
    assert all("1.0.0-1" in message for _, message in found)
