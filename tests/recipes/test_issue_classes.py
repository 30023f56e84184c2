"""Each class of real-world recipe measured in issue #8, behaving as Greengrass does.

(The corpus under oracle/ checks the same against the library itself; this names them.)
"""

from __future__ import annotations

import pytest

from greengrass_sdk.recipes import RecipeError, load_recipe, render_recipe_template

HEAD = "RecipeFormatVersion: '2020-01-25'\nComponentName: com.example.A\nComponentVersion: 1.0.0\n"
ARTIFACT = "Manifests:\n  - Artifacts:\n      - {key}: s3://bucket/a.zip\n"


@pytest.mark.parametrize(
    ("what", "text"),
    [
        ("URI as documented", HEAD + ARTIFACT.format(key="URI")),
        ("Uri", HEAD + ARTIFACT.format(key="Uri")),
        ("empty lifecycle step", HEAD + "Lifecycle:\n  run:\n  install: ''\n"),
        (
            "unquoted date",
            "RecipeFormatVersion: 2020-01-25\nComponentName: a\nComponentVersion: 1.0.0\n",
        ),
        ("Uninstall", HEAD + "Lifecycle:\n  Uninstall: rm -rf x\n"),
        ("BootstrapOnRollback", HEAD + "Lifecycle:\n  BootstrapOnRollback: undo\n"),
        ("legacy Start", HEAD + "Lifecycle:\n  Start: run.sh\n"),
        ("Skipif mapping", HEAD + "Lifecycle:\n  Install:\n    Skipif: {onpath: python3}\n"),
        ("platform-keyed lifecycle", HEAD + "Lifecycle:\n  linux: {Run: a}\n  windows: {Run: b}\n"),
        (
            "lowercase keys",
            "recipeFormatVersion: '2020-01-25'\ncomponentname: a\nCOMPONENTVERSION: 1.0.0\n",
        ),
        (
            "enum values in any case",
            HEAD
            + "ComponentDependencies:\n  b: {VersionRequirement: '*', DependencyType: soft}\n"
            + "Manifests:\n  - Artifacts:\n"
            + "      - {URI: s3://b/k, Unarchive: zip, Permission: {Read: all}}\n",
        ),
        ("ComponentSource", HEAD + "ComponentSource: arn:aws:lambda:us-east-1:1:function:f\n"),
        ("unknown top-level key", HEAD + "FutureKey: 1\n"),
        ("empty os is a wildcard", HEAD + "Manifests:\n  - Platform: {os: ''}\n"),
    ],
)
def test_accepted_like_greengrass(what: str, text: str) -> None:
    load_recipe(text)


@pytest.mark.parametrize(
    ("what", "text", "rule"),
    [
        (
            "dependency without VersionRequirement",
            HEAD + "ComponentDependencies:\n  b: {DependencyType: SOFT}\n",
            "VersionRequirement: required",
        ),
        ("name with /", HEAD.replace("com.example.A", "com/example"), "may only contain"),
        ("name with :", HEAD.replace("com.example.A", "'com:example'"), "may only contain"),
        ("name with @", HEAD.replace("com.example.A", "'com@example'"), "may only contain"),
        ("non-ASCII name", HEAD.replace("com.example.A", "compañía"), "may only contain"),
        ("version part over 999999", HEAD.replace("1.0.0", "1000000.0.0"), "999999"),
        ("missing RecipeFormatVersion", "ComponentName: a\nComponentVersion: 1.0.0\n", "required"),
        (
            "unfilled GDK template",
            "RecipeFormatVersion: '2020-01-25'\nComponentName: '{COMPONENT_NAME}'\n"
            "ComponentVersion: '{COMPONENT_VERSION}'\n",
            "({COMPONENT_NAME}, {COMPONENT_VERSION}); fill it with render_recipe_template()",
        ),
        ("not YAML", "a: [", "not valid YAML or JSON"),
    ],
)
def test_refused_like_greengrass_with_the_rule(what: str, text: str, rule: str) -> None:
    with pytest.raises(RecipeError) as caught:
        load_recipe(text, origin="recipe.yaml")
    assert str(caught.value).startswith("recipe.yaml: ")
    assert rule in str(caught.value)


def test_a_filled_template_loads() -> None:
    template = (
        "RecipeFormatVersion: '2020-01-25'\nComponentName: '{COMPONENT_NAME}'\n"
        "ComponentVersion: '{COMPONENT_VERSION}'\n"
    )
    recipe = load_recipe(render_recipe_template(template, name="com.example.T", version="2.0.0"))
    assert (recipe.component_name, recipe.component_version) == ("com.example.T", "2.0.0")


def test_a_template_can_be_filled_in_steps() -> None:
    template = (
        "RecipeFormatVersion: '2020-01-25'\nComponentName: com.example.T\n"
        "ComponentVersion: '{COMPONENT_VERSION}'\nComponentPublisher: '{COMPONENT_AUTHOR}'\n"
        "Manifests:\n  - Artifacts:\n"
        "      - URI: s3://BUCKET_NAME/COMPONENT_NAME/COMPONENT_VERSION/a.zip\n"
        "      - URI: s3://{BUCKET_NAME}/b.zip\n"
    )
    with_bucket = render_recipe_template(template, bucket="my-bucket")
    with pytest.raises(RecipeError) as caught:
        load_recipe(with_bucket)
    message = str(caught.value)
    assert "BUCKET_NAME" not in message and "COMPONENT_NAME" in message
    recipe = load_recipe(
        render_recipe_template(
            with_bucket, name="com.example.T", version="3.1.4", publisher="Example Corp"
        )
    )
    uris = [artifact.uri for artifact in recipe.manifests[0].artifacts]
    assert uris == ["s3://my-bucket/com.example.T/3.1.4/a.zip", "s3://my-bucket/b.zip"]
    assert recipe.component_publisher == "Example Corp"
