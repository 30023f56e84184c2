"""A JSON Schema (draft 2020-12) for recipes, matching what :func:`load_recipe` accepts.

No public schema for Greengrass recipes exists; this one follows the loader, so editors flag what
Greengrass would refuse: keys in any case (as Greengrass reads them), unknown keys allowed,
required members, enum values in any case, null where Greengrass tolerates it, the component
name pattern and version shape. Three rules are only approximated, because JSON Schema cannot
state them: ``java.net.URI`` syntax (only characters no URI may hold are flagged), semver4j's
version reading (leading zeros and parts past the third) and requirement syntax.

Run ``python -m greengrass_sdk.recipes schema > recipe.schema.json``.
"""

from __future__ import annotations

from typing import Any

from greengrass_sdk.recipes.models import (
    COMPONENT_TYPES,
    DEPENDENCY_TYPES,
    PERMISSION_TYPES,
    RECIPE_FORMAT_VERSION,
    UNARCHIVE_TYPES,
)
from greengrass_sdk.recipes.rules import MAX_NAME_LENGTH, MAX_VERSION_LENGTH

__all__ = ["recipe_schema"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_SCALAR: dict[str, Any] = {"type": ["string", "number", "boolean"]}
_NULL: dict[str, Any] = {"type": "null"}


def _any_case(text: str) -> str:
    """A regex matching ``text`` in any letter case (JSON Schema regexes have no ``(?i)``)."""
    parts = []
    for char in text:
        if char.isalpha():
            parts.append(f"[{char.upper()}{char.lower()}]")
        elif char in r".^$*+?()[]{}|\/-":
            parts.append("\\" + char)
        else:
            parts.append(char)
    return "".join(parts)


def _key(name: str) -> str:
    return f"^{_any_case(name)}$"


def _required(name: str) -> dict[str, Any]:
    # "Some key matches the name in any case": not every key name fails to match.
    return {"not": {"propertyNames": {"not": {"pattern": _key(name)}}}}


def _object(fields: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "patternProperties": {_key(name): value for name, value in fields.items()},
    }
    if required:
        schema["allOf"] = [_required(name) for name in required]
    return schema


def _enum(
    values: tuple[str, ...], *, trimmed: bool = True, by_position: bool = True
) -> dict[str, Any]:
    space = r"\s*" if trimmed else ""
    alternatives = "|".join(_any_case(value) for value in values)
    choices: list[dict[str, Any]] = [
        {"type": "string", "pattern": f"^{space}(?:{alternatives}){space}$"}
    ]
    if by_position:
        choices.append({"type": "integer", "minimum": 0, "maximum": len(values) - 1})
    return {"anyOf": choices}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [_NULL, schema]}


def recipe_schema() -> dict[str, Any]:
    """The recipe JSON Schema, as a JSON-ready dict."""
    # A Java URI never holds these characters unescaped (space, controls, "<>\\^`{|}).
    uri = {
        "type": ["string", "number", "boolean"],
        "pattern": '^(?!:)[^\\s"<>\\\\^`{|}\\x00-\\x1f\\x7f]*$',
    }
    permission = _object({"Read": _enum(PERMISSION_TYPES), "Execute": _enum(PERMISSION_TYPES)})
    artifact = _object(
        {
            "URI": uri,
            "Digest": _nullable(_SCALAR),
            "Algorithm": _nullable(_SCALAR),
            "Unarchive": _nullable(_enum(UNARCHIVE_TYPES, trimmed=False, by_position=False)),
            "Permission": _nullable(permission),
        },
        required=("URI",),
    )
    manifest = _object(
        {
            "Platform": _nullable({"type": "object", "additionalProperties": _nullable(_SCALAR)}),
            "Name": _nullable(_SCALAR),
            "Lifecycle": _nullable({"type": "object"}),
            "Artifacts": _nullable({"type": "array", "items": artifact}),
            "Selections": _nullable({"type": "array", "items": _nullable(_SCALAR)}),
        }
    )
    dependency = _object(
        {"VersionRequirement": _SCALAR, "DependencyType": _nullable(_enum(DEPENDENCY_TYPES))},
        required=("VersionRequirement",),
    )
    name = {
        "type": ["string", "number", "boolean"],
        "pattern": r"^[a-zA-Z0-9\-_.]+$",
        "minLength": 1,
        "maxLength": MAX_NAME_LENGTH,
    }
    # new Semver(text): major.minor.patch before any "-" or "+", parts past the third ignored,
    # "-" starts the pre-release, "+" the build (not empty); trimmed, at most 64 characters.
    part = r"(?:0*[0-9]{1,6}|(?=[^0-9])\d+)"
    version = {
        "type": "string",
        "pattern": (
            rf"^[\x00-\x20]*(?=\S(?:.{{0,{MAX_VERSION_LENGTH - 2}}}\S)?[\x00-\x20]*$)"
            rf"{part}\.{part}\.{part}(?:\.[^+\-]*)?(?:-(?:.*[^+])?|\+.*[^+])?[\x00-\x20]*$"
        ),
    }
    recipe = _object(
        {
            "RecipeFormatVersion": _enum((RECIPE_FORMAT_VERSION,)),
            "ComponentName": name,
            "ComponentVersion": version,
            "ComponentType": _nullable(_enum(COMPONENT_TYPES)),
            "ComponentDescription": _nullable(_SCALAR),
            "ComponentPublisher": _nullable(_SCALAR),
            "ComponentSource": _nullable(_SCALAR),
            "ComponentConfiguration": _nullable(_object({"DefaultConfiguration": {}})),
            "ComponentDependencies": _nullable(
                {"type": "object", "additionalProperties": _nullable(dependency)}
            ),
            "Manifests": _nullable({"type": "array", "items": manifest}),
            "Lifecycle": _nullable({"type": "object"}),
        },
        required=("RecipeFormatVersion", "ComponentName", "ComponentVersion"),
    )
    return {
        "$schema": DRAFT,
        "title": "AWS IoT Greengrass V2 component recipe",
        "description": "Keys and enum values in any case, as Greengrass reads them.",
        **recipe,
    }
