"""Reading component recipes (JSON or YAML) and writing them back in either format."""

from __future__ import annotations

import json
from typing import Any

import yaml

from greengrass_sdk.testing.service_error import validation_error
from greengrass_sdk.testing.versions import is_semver

__all__ = ["artifact_names", "dependencies", "dump_recipe", "load_recipe", "platforms"]


def load_recipe(raw: bytes) -> dict[str, Any]:
    """Parse an inline recipe and check the fields the service insists on.

    Args:
        raw: The recipe, JSON or YAML.

    Returns:
        The recipe as a dict.

    Raises:
        ServiceError: ``ValidationException`` for unparseable recipes, a missing
            ``ComponentName``, or a ``ComponentVersion`` that is not a semantic version.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise validation_error("The recipe is not UTF-8 text.", "inlineRecipe") from None
    try:
        recipe = json.loads(text)
    except ValueError:
        try:
            recipe = yaml.safe_load(text)
        except yaml.YAMLError:
            raise validation_error("The recipe is neither JSON nor YAML.", "inlineRecipe") from None
    if not isinstance(recipe, dict):
        raise validation_error("The recipe must be an object.", "inlineRecipe")
    name = recipe.get("ComponentName")
    version = recipe.get("ComponentVersion")
    if not isinstance(name, str) or not name:
        raise validation_error("The recipe has no ComponentName.", "inlineRecipe")
    if not isinstance(version, str) or not is_semver(version):
        raise validation_error(
            f"The recipe's ComponentVersion {version!r} is not a semantic version.", "inlineRecipe"
        )
    return recipe


def dump_recipe(recipe: dict[str, Any], output_format: str) -> bytes:
    """Serialize a recipe as ``JSON`` or ``YAML``."""
    if output_format == "YAML":
        return yaml.safe_dump(recipe, sort_keys=False).encode()
    return json.dumps(recipe).encode()


def platforms(recipe: dict[str, Any]) -> list[dict[str, Any]]:
    """The platforms of a recipe's manifests, as ``ComponentPlatform`` values."""
    found: list[dict[str, Any]] = []
    for manifest in recipe.get("Manifests") or []:
        platform = (manifest or {}).get("Platform") or {}
        attributes = {str(k): str(v) for k, v in platform.items() if k != "name"}
        entry: dict[str, Any] = {"attributes": attributes}
        if "name" in platform:
            entry["name"] = str(platform["name"])
        found.append(entry)
    return found


def artifact_names(recipe: dict[str, Any]) -> dict[str, str]:
    """Map each artifact's file name (last part of its URI) to its URI."""
    names: dict[str, str] = {}
    for manifest in recipe.get("Manifests") or []:
        for artifact in (manifest or {}).get("Artifacts") or []:
            uri = str((artifact or {}).get("URI") or (artifact or {}).get("Uri") or "")
            if uri:
                names[uri.rstrip("/").rsplit("/", 1)[-1]] = uri
    return names


def dependencies(recipe: dict[str, Any]) -> dict[str, str]:
    """Map each dependency's name to its version requirement (``*`` when unset)."""
    found: dict[str, str] = {}
    for name, spec in (recipe.get("ComponentDependencies") or {}).items():
        found[str(name)] = str((spec or {}).get("VersionRequirement") or "*")
    return found
