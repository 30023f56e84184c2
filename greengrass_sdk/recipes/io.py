"""Reading recipes from JSON or YAML, and writing them for ``create_component_version``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import yaml

from greengrass_sdk.recipes.models import ComponentRecipe

__all__ = ["RECIPE_SUFFIXES", "dump_recipe", "load_recipe", "load_recipe_file"]

RECIPE_SUFFIXES = (".json", ".yaml", ".yml")


def _parse_text(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return yaml.safe_load(text)


def load_recipe(source: str | bytes) -> ComponentRecipe:
    """Parse and validate a recipe given as JSON or YAML text.

    Args:
        source: The recipe document.

    Returns:
        The validated recipe.

    Raises:
        pydantic.ValidationError: If the recipe is invalid.
        ValueError: If the text is neither JSON nor YAML of a mapping.
    """
    text = source.decode("utf-8") if isinstance(source, bytes) else source
    try:
        document = _parse_text(text)
    except yaml.YAMLError as error:
        raise ValueError(f"recipe is neither JSON nor YAML: {error}") from None
    if not isinstance(document, dict):
        raise ValueError("a recipe must be a JSON or YAML mapping")
    return ComponentRecipe.model_validate(document)


def load_recipe_file(path: str | Path) -> ComponentRecipe:
    """Read one recipe file (``.json``, ``.yaml`` or ``.yml``)."""
    return load_recipe(Path(path).read_bytes())


def dump_recipe(recipe: ComponentRecipe, format: Literal["json", "yaml"] = "json") -> bytes:
    """The bytes to pass as ``create_component_version(inline_recipe=...)``.

    Args:
        recipe: The recipe.
        format: ``json`` or ``yaml``.

    Returns:
        UTF-8 encoded recipe, keys as AWS documents them, unset fields left out.
    """
    dumped = recipe.model_dump(by_alias=True, exclude_none=True, mode="json")
    document = {key: value for key, value in dumped.items() if value not in ({}, [])}
    if format == "yaml":
        return yaml.safe_dump(document, sort_keys=False).encode("utf-8")
    return json.dumps(document, indent=2).encode("utf-8")
