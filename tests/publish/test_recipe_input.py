"""Recipe input (files, templates) and the checks made before anything is sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greengrass_sdk.errors import RequestValidationError
from greengrass_sdk.publish import (
    ArtifactError,
    PublishError,
    RecipeInputError,
    S3Client,
    VersionBump,
    increment,
)
from greengrass_sdk.publish.recipe_input import read_recipe

TEMPLATE = """\
RecipeFormatVersion: "2020-01-25"
ComponentName: "{COMPONENT_NAME}"
ComponentVersion: "{COMPONENT_VERSION}"
ComponentPublisher: "{COMPONENT_AUTHOR}"
ComponentDescription: "Uses BUCKET_NAME only in URIs"
Manifests:
  - Platform: {os: linux}
    Artifacts:
      - Uri: "s3://BUCKET_NAME/COMPONENT_NAME/COMPONENT_VERSION/app.zip"
"""


def test_template_placeholders_are_filled_and_bare_words_only_in_uris(tmp_path: Path) -> None:
    path = tmp_path / "recipe.yaml"
    path.write_text(TEMPLATE)
    recipe = read_recipe(path, name="com.example.T", version="2.0.1", bucket="b-1", publisher="Me")
    assert (recipe.component_name, recipe.component_version) == ("com.example.T", "2.0.1")
    assert recipe.component_publisher == "Me"
    assert recipe.component_description == "Uses BUCKET_NAME only in URIs"
    assert recipe.manifests[0].artifacts[0].uri == "s3://b-1/com.example.T/2.0.1/app.zip"


def test_template_without_a_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "recipe.yaml"
    path.write_text(TEMPLATE)
    with pytest.raises(RecipeInputError, match="give the component name"):
        read_recipe(path, name=None, version="1.0.0", bucket="b")


def test_invalid_recipe_file_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"ComponentName": "a b", "ComponentVersion": "1.0.0"}))
    with pytest.raises(
        RecipeInputError,
        match=r"bad.json is not a valid recipe: .*ComponentName: component name 'a b'",
    ):
        read_recipe(path, name=None, version="1.0.0", bucket="b")
    with pytest.raises(RecipeInputError, match="cannot read recipe"):
        read_recipe(tmp_path / "absent.json", name=None, version="1.0.0", bucket="b")


def test_increment_refuses_a_bad_version() -> None:
    with pytest.raises(PublishError, match=r"cannot increment version 'v1\.0\.0'"):
        increment("v1.0.0", VersionBump.NEXT_PATCH)


async def test_bad_bucket_name_is_refused_before_sending() -> None:
    async with S3Client(
        endpoint_url="http://127.0.0.1:9",
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    ) as s3:
        with pytest.raises(RequestValidationError, match="bucket"):
            await s3.head_bucket(bucket="x")


def test_artifact_paths_are_checked(tmp_path: Path) -> None:
    from greengrass_sdk.publish.artifacts import prepare_artifacts

    with pytest.raises(ArtifactError, match="neither a file nor a directory"):
        prepare_artifacts({"a.zip": tmp_path / "missing"}, tmp_path)
    with pytest.raises(ArtifactError, match="plain file name"):
        prepare_artifacts({"dir/a.zip": tmp_path}, tmp_path)
