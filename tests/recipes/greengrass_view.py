"""A recipe as the Greengrass recipe library writes back what it read (for the oracle tests).

``RecipeOracle.java`` records ``SerializerFactory.getRecipeSerializerJson().writeValueAsString``
of each recipe it accepted: defaults filled in, ``Uri`` spelled as the library's getter, nulls
left out of ``Map`` fields (``NON_NULL`` inclusion), ``DefaultConfiguration`` (a ``JsonNode``)
kept as is, and each ``VersionRequirement`` as semver4j's stored form (``Requirement.toString()``
of ``Requirement.buildNPM``, ``DependencyProperties.java``), which the device keeps and
:func:`greengrass_sdk.resolver.device_reading` computes. This builds the same from our model, so
the two can be compared as data.
"""

from __future__ import annotations

from typing import Any

from greengrass_sdk.recipes import ComponentRecipe
from greengrass_sdk.resolver import device_reading


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _put(found: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        found[key] = value


def greengrass_view(recipe: ComponentRecipe) -> dict[str, Any]:
    """The JSON the library writes for ``recipe`` (requirements in the device's stored form)."""
    found: dict[str, Any] = {}
    _put(found, "RecipeFormatVersion", recipe.recipe_format_version)
    _put(found, "ComponentName", recipe.component_name)
    _put(found, "ComponentVersion", recipe.component_version)
    _put(found, "ComponentType", recipe.component_type)
    _put(found, "ComponentDescription", recipe.component_description)
    _put(found, "ComponentPublisher", recipe.component_publisher)
    _put(found, "ComponentSource", recipe.component_source)
    if recipe.component_configuration is not None:
        configuration = recipe.component_configuration
        found["ComponentConfiguration"] = (
            {"DefaultConfiguration": configuration.default_configuration}
            if configuration.has_default_configuration
            else {}
        )
    if recipe.component_dependencies is not None:
        found["ComponentDependencies"] = {
            name: {
                "VersionRequirement": device_reading(dependency.version_requirement),
                "DependencyType": dependency.dependency_type,
            }
            for name, dependency in recipe.component_dependencies.items()
            if dependency is not None
        }
    manifests = []
    for manifest in recipe.manifests:
        entry: dict[str, Any] = {}
        if manifest.platform is not None:
            entry["Platform"] = _without_nulls(manifest.platform)
        _put(entry, "Name", manifest.name)
        if manifest.lifecycle is not None:
            entry["Lifecycle"] = _without_nulls(manifest.lifecycle)
        artifacts = []
        for artifact in manifest.artifacts:
            item: dict[str, Any] = {"Uri": artifact.uri}
            _put(item, "Digest", artifact.digest)
            _put(item, "Algorithm", artifact.algorithm)
            _put(item, "Unarchive", artifact.unarchive)
            if artifact.permission is not None:
                item["Permission"] = {
                    "Read": artifact.permission.read,
                    "Execute": artifact.permission.execute,
                }
            artifacts.append(item)
        entry["Artifacts"] = artifacts
        if manifest.selections is not None:
            entry["Selections"] = manifest.selections
        manifests.append(entry)
    found["Manifests"] = manifests
    if recipe.lifecycle is not None:
        found["Lifecycle"] = _without_nulls(recipe.lifecycle)
    return found
