"""Reading component recipes (JSON or YAML) and writing them back in either format."""

from __future__ import annotations

import json
from typing import Any

import yaml

from greengrass_sdk import recipes as sdk_recipes
from greengrass_sdk.testing.service_error import validation_error

__all__ = ["artifact_names", "dependencies", "dump_recipe", "load_recipe", "platforms"]


def load_recipe(raw: bytes) -> dict[str, Any]:
    """Parse an inline recipe, refusing at create time what Greengrass refuses.

    The recipe goes through the SDK's loader, which reads it as Greengrass's recipe library does
    (greengrass_sdk.recipes), so a malformed recipe is never stored to fail later. The service's
    exact message text is not public; the status (400) and code are those of a
    ``ValidationException`` on ``inlineRecipe``.

    Args:
        raw: The recipe, JSON or YAML.

    Returns:
        The recipe as a dict, keys as written (``GetComponent`` returns what was sent).

    Raises:
        ServiceError: ``ValidationException`` naming the first problem.
    """
    try:
        recipe = sdk_recipes.load_recipe(raw, origin="inlineRecipe")
    except sdk_recipes.RecipeError as error:
        raise validation_error(f"The recipe is not valid: {error}", "inlineRecipe") from None
    document = sdk_recipes.recipe_document(recipe)
    return document


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
