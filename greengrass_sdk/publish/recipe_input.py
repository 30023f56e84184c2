"""The recipe to publish: a :class:`ComponentRecipe`, a recipe file, or a GDK-style template."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pydantic import ValidationError

from greengrass_sdk.publish.errors import RecipeInputError
from greengrass_sdk.recipes import ComponentRecipe, load_recipe

__all__ = ["RecipeSource", "fill_template", "is_template", "read_recipe"]

RecipeSource = ComponentRecipe | str | os.PathLike[str]
"""A recipe model, or the path of a recipe (JSON or YAML) or recipe template file."""

# GDK's placeholders: ``{COMPONENT_NAME}``-style ones in its project templates, and bare
# ``BUCKET_NAME``/``COMPONENT_NAME``/``COMPONENT_VERSION`` in artifact URIs
# (aws-greengrass-gdk-cli gdk/commands/component/transformer/BuildRecipeTransformer.py).
_PLACEHOLDERS = ("{COMPONENT_NAME}", "{COMPONENT_VERSION}", "{COMPONENT_AUTHOR}", "{BUCKET_NAME}")
_URI_PLACEHOLDERS = ("BUCKET_NAME", "COMPONENT_NAME", "COMPONENT_VERSION")


def is_template(text: str) -> bool:
    """Whether a recipe text carries GDK placeholders."""
    return any(mark in text for mark in _PLACEHOLDERS) or "s3://BUCKET_NAME/" in text


def fill_template(
    text: str, *, name: str | None, version: str, bucket: str, publisher: str | None = None
) -> str:
    """Fill GDK's recipe placeholders.

    Until ``greengrass_sdk.recipes.render_recipe_template`` exists, this is publishing's one
    way of rendering templates; it will become a call to that function.

    Args:
        text: The template.
        name: Component name for ``{COMPONENT_NAME}`` (None keeps the template's own).
        version: Component version for ``{COMPONENT_VERSION}``.
        bucket: Bucket for ``{BUCKET_NAME}`` and ``s3://BUCKET_NAME/...``.
        publisher: Value for ``{COMPONENT_AUTHOR}``.

    Returns:
        The recipe text.
    """
    values = {
        "{COMPONENT_VERSION}": version,
        "{BUCKET_NAME}": bucket,
        "{COMPONENT_AUTHOR}": publisher or "",
    }
    if name is not None:
        values["{COMPONENT_NAME}"] = name
    for mark, value in values.items():
        text = text.replace(mark, value)
    uri_values = {"BUCKET_NAME": bucket, "COMPONENT_VERSION": version}
    if name is not None:
        uri_values["COMPONENT_NAME"] = name
    # Only inside s3:// URIs: the bare words may legitimately appear elsewhere.
    lines = []
    for line in text.splitlines(keepends=True):
        if "s3://" in line:
            for mark in _URI_PLACEHOLDERS:
                if mark in uri_values:
                    line = line.replace(mark, uri_values[mark])
        lines.append(line)
    return "".join(lines)


def _parse(text: str, where: str) -> ComponentRecipe:
    try:
        return load_recipe(text)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(recipe)'}: {e['msg']}"
            for e in error.errors(include_url=False)
        )
        raise RecipeInputError(f"{where} is not a valid recipe: {problems}") from None
    except (ValueError, json.JSONDecodeError) as error:
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
    if is_template(text):
        if name is None and "{COMPONENT_NAME}" in text:
            raise RecipeInputError(
                f"recipe template {path} has a {{COMPONENT_NAME}} placeholder: give the "
                "component name"
            )
        text = fill_template(text, name=name, version=version, bucket=bucket, publisher=publisher)
    return _parse(text, f"recipe {path}")
