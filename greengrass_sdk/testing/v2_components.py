"""Greengrass V2 component operations."""

from __future__ import annotations

import re
from typing import Any

from greengrass_sdk.testing.recipes import artifact_names, dump_recipe, load_recipe, platforms
from greengrass_sdk.testing.registry import Call, handles
from greengrass_sdk.testing.service_error import ServiceError, not_found, validation_error
from greengrass_sdk.testing.sorted_index import page_size, scope_of
from greengrass_sdk.testing.state import ComponentVersion, RegionState, utcnow
from greengrass_sdk.testing.versions import is_semver

__all__ = ["create_component_version", "parse_component_arn"]

SERVICE = "greengrassv2"
_ARN = re.compile(
    r"^arn:[^:]*:greengrass:[^:]*:(aws|\d+):components:([^:]+)(?::versions:([^:]+))?$"
)


def parse_component_arn(arn: str) -> tuple[str, str, str | None]:
    """Split a component (version) ARN into owner, name and version."""
    found = _ARN.match(arn)
    if found is None:
        raise validation_error(f"{arn} is not a component ARN.", "arn")
    return found.group(1), found.group(2), found.group(3)


def _version_of(call: Call, arn: str) -> ComponentVersion:
    _, name, version = parse_component_arn(arn)
    found = call.state.find_component_version(name, version or "")
    if found is None:
        raise not_found("component version", arn)
    return found


def _status(component: ComponentVersion) -> dict[str, Any]:
    return {
        "componentState": component.state,
        "message": component.message,
        "errors": dict(component.errors),
        "vendorGuidance": "ACTIVE",
    }


def create_component_version(
    state: RegionState,
    recipe: dict[str, Any],
    tags: dict[str, str] | None = None,
    *,
    public: bool = False,
) -> ComponentVersion:
    """Store a new component version; also the testing API's seeding path.

    Args:
        state: Where to store it.
        recipe: A recipe already checked by :func:`load_recipe`.
        tags: Tags for the new version's ARN.
        public: Seed it as a public (AWS-provided) component, listed in the PUBLIC scope.

    Returns:
        The stored version.

    Raises:
        ServiceError: ``ConflictException`` when that name and version exist already.
    """
    name, version = str(recipe["ComponentName"]), str(recipe["ComponentVersion"])
    arn = state.component_arn(name, version, public=public)
    if state.find_component_version(name, version) is not None:
        raise ServiceError(
            "ConflictException",
            f"Component {name} version {version} already exists.",
            fields={"resourceId": arn, "resourceType": "component version"},
        )
    component = ComponentVersion(
        name, version, arn, recipe, utcnow(), platforms(recipe), public=public
    )
    state.add_component_version(component)
    if tags:
        state.tags[arn] = dict(tags)
    return component


def _lambda_recipe(source: dict[str, Any]) -> dict[str, Any]:
    lambda_arn = str(source["lambdaArn"])
    name = source.get("componentName") or lambda_arn.split(":function:")[-1].split(":")[0]
    version = source.get("componentVersion") or "1.0.0"
    if not is_semver(version):
        raise validation_error(
            f"{version} is not a semantic version.", "lambdaFunction.componentVersion"
        )
    recipe: dict[str, Any] = {
        "RecipeFormatVersion": "2020-01-25",
        "ComponentName": name,
        "ComponentVersion": version,
        "ComponentDescription": f"Lambda function {lambda_arn}",
        "ComponentPublisher": "AWS Lambda",
        "ComponentSource": lambda_arn,
        "ComponentDependencies": {
            dep: {
                "VersionRequirement": spec.get("versionRequirement", "*"),
                "DependencyType": spec.get("dependencyType", "HARD"),
            }
            for dep, spec in (source.get("componentDependencies") or {}).items()
        },
        "Manifests": [
            {
                "Platform": {k: v for k, v in (p.get("attributes") or {}).items()}
                | ({"name": p["name"]} if p.get("name") else {})
            }
            for p in source.get("componentPlatforms") or [{}]
        ],
    }
    return recipe


@handles(SERVICE, "CreateComponentVersion")
def _create(call: Call) -> dict[str, Any]:
    inline = call.params.get("inlineRecipe")
    source = call.params.get("lambdaFunction")
    if (inline is None) == (source is None):
        raise validation_error("Specify exactly one of inlineRecipe and lambdaFunction.")
    recipe = load_recipe(inline) if inline is not None else _lambda_recipe(dict(source or {}))
    component = create_component_version(call.state, recipe, call.params.get("tags"))
    if call.state.artifact_checks is not None:
        call.state.artifact_checks.begin(call.state.region, component)
    return {
        "arn": component.arn,
        "componentName": component.name,
        "componentVersion": component.version,
        "creationTimestamp": component.created,
        "status": _status(component),
    }


@handles(SERVICE, "DescribeComponent")
def _describe(call: Call) -> dict[str, Any]:
    component = _version_of(call, call.params["arn"])
    return {
        "arn": component.arn,
        "componentName": component.name,
        "componentVersion": component.version,
        "creationTimestamp": component.created,
        "publisher": component.publisher,
        "description": component.description,
        "status": _status(component),
        "platforms": component.platforms,
        "tags": call.state.tags.get(component.arn, {}),
    }


@handles(SERVICE, "GetComponent")
def _get(call: Call) -> dict[str, Any]:
    component = _version_of(call, call.params["arn"])
    output_format = call.params.get("recipeOutputFormat") or "JSON"
    return {
        "recipeOutputFormat": output_format,
        "recipe": dump_recipe(component.recipe, output_format),
        "tags": call.state.tags.get(component.arn, {}),
    }


@handles(SERVICE, "GetComponentVersionArtifact")
def _artifact(call: Call) -> dict[str, Any]:
    component = _version_of(call, call.params["arn"])
    name = call.params["artifactName"]
    uri = artifact_names(component.recipe).get(name.rsplit("/", 1)[-1])
    if uri is None:
        raise not_found("artifact", name)
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    region = call.state.region
    return {"preSignedUrl": f"https://{bucket}.s3.{region}.amazonaws.com/{key}?X-Amz-Expires=3600"}


@handles(SERVICE, "DeleteComponent")
def _delete(call: Call) -> dict[str, Any]:
    component = _version_of(call, call.params["arn"])
    call.state.remove_component_version(component)
    return {}


def _latest(component: ComponentVersion) -> dict[str, Any]:
    return {
        "arn": component.arn,
        "componentVersion": component.version,
        "creationTimestamp": component.created,
        "description": component.description,
        "publisher": component.publisher,
        "platforms": component.platforms,
    }


@handles(SERVICE, "ListComponents")
def _list(call: Call) -> dict[str, Any]:
    state = call.state
    public = call.params.get("scope") == "PUBLIC"
    names = state.public_component_names if public else state.component_names
    page = names.page(
        scope_of("ListComponents", call.params.get("scope")),
        call.params.get("nextToken"),
        page_size(call.params.get("maxResults")),
    )
    components = []
    for name in page.items:
        latest = state.components[name].first()
        assert latest is not None
        components.append(
            {
                "arn": state.component_arn(name, public=public),
                "componentName": name,
                "latestVersion": _latest(latest),
            }
        )
    return {"components": components, "nextToken": page.next_token}


@handles(SERVICE, "ListComponentVersions")
def _list_versions(call: Call) -> dict[str, Any]:
    arn = call.params["arn"]
    _, name, _ = parse_component_arn(arn)
    versions = call.state.components.get(name)
    if versions is None:
        raise not_found("component", arn)
    page = versions.page(
        scope_of("ListComponentVersions", name),
        call.params.get("nextToken"),
        page_size(call.params.get("maxResults")),
    )
    return {
        "componentVersions": [
            {"componentName": c.name, "componentVersion": c.version, "arn": c.arn}
            for c in page.items
        ],
        "nextToken": page.next_token,
    }
