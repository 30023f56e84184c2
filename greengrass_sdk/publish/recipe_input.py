"""The recipe to publish: a :class:`ComponentRecipe`, a recipe file, or a GDK-style template."""

from __future__ import annotations

import os
from pathlib import Path

from greengrass_sdk.publish.errors import RecipeInputError
from greengrass_sdk.recipes import (
    ComponentRecipe,
    RecipeError,
    find_placeholders,
    load_recipe,
    render_recipe_template,
)

__all__ = ["RecipeSource", "read_recipe"]

RecipeSource = ComponentRecipe | str | os.PathLike[str]
"""A recipe model, or the path of a recipe (JSON or YAML) or recipe template file."""


def _parse(text: str, where: str) -> ComponentRecipe:
    try:
        return load_recipe(text, origin=where)
    except RecipeError as error:
        raise RecipeInputError(f"{where} is not a valid recipe: {error}") from None


def read_recipe(
    source: RecipeSource,
    *,
    name: str | None,
    version: str,
    bucket: str,
    publisher: str | None = None,
) -> ComponentRecipe:
    """Read the recipe to publish, filling a template's placeholders.

    Args:
        source: A recipe model, or a file path.
        name: Component name for templates.
        version: Version for templates (a placeholder version when not decided yet).
        bucket: Bucket for templates.
        publisher: ``{COMPONENT_AUTHOR}`` for templates.

    Returns:
        The recipe.

    Raises:
        RecipeInputError: The file cannot be read or is not a valid recipe.
    """
    if isinstance(source, ComponentRecipe):
        return source
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RecipeInputError(f"cannot read recipe {path}: {error}") from None
    if find_placeholders(text):
        if name is None and "{COMPONENT_NAME}" in text:
            raise RecipeInputError(
                f"recipe template {path} has a {{COMPONENT_NAME}} placeholder: give the "
                "component name"
            )
        text = render_recipe_template(
            text, name=name, version=version, bucket=bucket, publisher=publisher
        )
    return _parse(text, f"recipe {path}")
