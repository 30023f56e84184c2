from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from greengrass_sdk.recipes import ComponentRecipe, dump_recipe, load_recipe

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
    assert ComponentRecipe.model_validate(_minimal()).supports({"os": "windows"})


def test_snake_case_construction() -> None:
    recipe = ComponentRecipe(component_name="com.example.A", component_version="2.0.0")
    assert json.loads(dump_recipe(recipe)) == {
        "RecipeFormatVersion": "2020-01-25",
        "ComponentName": "com.example.A",
        "ComponentVersion": "2.0.0",
    }


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"ComponentName": ""}, "at least 1 character"),
        ({"ComponentName": "has space"}, "whitespace"),
        ({"ComponentVersion": "1.0"}, "Invalid version"),
        ({"ComponentVersion": "v1.0.0"}, "bare semantic version"),
        ({"RecipeFormatVersion": "2021-01-01"}, "2020-01-25"),
        ({"ComponentType": "aws.greengrass.other"}, "ComponentType"),
        ({"ComponentDependencies": {"x": {"VersionRequirement": ">>1"}}}, "Invalid version req"),
        ({"ComponentDependencies": {"x": {"DependencyType": "WEAK"}}}, "HARD"),
        ({"Manifests": [{"Lifecycle": {"run": "a", "startup": "b"}}]}, "run or startup"),
        ({"Manifests": [{"Lifecycle": {"launch": "a"}}]}, "unknown lifecycle"),
        ({"Manifests": [{"Artifacts": [{"Uri": "bucket/key"}]}]}, "Uri"),
        ({"Manifests": [{"Artifacts": [{"Uri": "s3://b/k", "Unarchive": "TAR"}]}]}, "ZIP"),
        ({"Manifests": [{"Artifacts": [{"Uri": "s3://b/k", "Algorithm": "SHA-256"}]}]}, "Digest"),
        ({"Manifests": [{"Platform": {"os": "/[/"}}]}, "bad regex"),
        ({"Unknown": 1}, "Extra inputs"),
    ],
)
def test_invalid_recipes_are_rejected(extra: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ComponentRecipe.model_validate(_minimal(**extra))


def test_not_a_mapping() -> None:
    with pytest.raises(ValueError, match="mapping"):
        load_recipe("- 1\n- 2\n")
