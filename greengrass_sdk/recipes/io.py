"""Reading recipes from JSON or YAML text and files, and writing them back."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from greengrass_sdk.recipes.errors import RecipeError
from greengrass_sdk.recipes.lint import lint_recipe
from greengrass_sdk.recipes.models import (
    DEFAULT_COMPONENT_TYPE,
    RECIPE_FORMAT_VERSION,
    Artifact,
    ArtifactPermission,
    ComponentRecipe,
    Manifest,
)
from greengrass_sdk.recipes.reading import Reader
from greengrass_sdk.recipes.templates import find_placeholders
from greengrass_sdk.recipes.yaml_reading import DocumentError, JacksonSafeDumper, read_document

__all__ = [
    "RECIPE_SUFFIXES",
    "RecipeReading",
    "dump_recipe",
    "load_recipe",
    "load_recipe_file",
    "read_recipe",
    "read_recipe_file",
    "recipe_document",
]

RECIPE_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True)
class RecipeReading:
    """A recipe and what was noticed reading it.

    Attributes:
        recipe: The recipe as Greengrass reads it.
        warnings: ``(key path, note)`` pairs: unknown keys (Greengrass ignores them, they are
            kept for round trips), lifecycle steps the nucleus does not run, null dependencies,
            and requirements the device reads unlike npm's semver (:func:`lint_recipe`, e.g.
            ``device-reads-differently: ...``).
    """

    recipe: ComponentRecipe
    warnings: list[tuple[str, str]] = field(default_factory=list)


def read_recipe(source: str | bytes, *, origin: str = "<text>") -> RecipeReading:
    """Read a recipe (JSON or YAML) exactly as Greengrass does, with warnings.

    Args:
        source: The recipe text (bytes are decoded as UTF-8).
        origin: Where it came from, for messages (a path, ``name version``).

    Returns:
        The recipe and the warnings.

    Raises:
        RecipeError: If Greengrass would refuse the recipe; names each key path and rule.
    """
    if isinstance(source, bytes):
        try:
            text = source.decode("utf-8")
        except UnicodeDecodeError as error:
            raise RecipeError(origin, [("", f"not UTF-8 text: {error.reason}")]) from None
    else:
        text = source
    placeholders = find_placeholders(text)
    if placeholders:
        names = ", ".join(placeholders)
        raise RecipeError(
            origin,
            [("", f"an unfilled GDK template ({names}); fill it with render_recipe_template()")],
        )
    try:
        document = read_document(text)
        if document is None:
            raise RecipeError(origin, [("", "empty document: no recipe")])
        reader = Reader()
        recipe = reader.recipe(document)
    except DocumentError as error:
        raise RecipeError(origin, [("", str(error))]) from None
    except RecursionError:
        raise RecipeError(origin, [("", "nested too deeply to read")]) from None
    if recipe is None:
        raise RecipeError(origin, reader.problems)
    return RecipeReading(recipe, reader.warnings + lint_recipe(recipe))


def load_recipe(source: str | bytes, *, origin: str = "<text>") -> ComponentRecipe:
    """Parse a recipe given as JSON or YAML text, as Greengrass does.

    Args:
        source: The recipe document.
        origin: Where it came from, named in errors.

    Returns:
        The recipe.

    Raises:
        RecipeError: If Greengrass would refuse it (also a ``ValueError``).
    """
    return read_recipe(source, origin=origin).recipe


def read_recipe_file(path: str | Path) -> RecipeReading:
    """Read one recipe file (``.json``, ``.yaml`` or ``.yml``) with warnings; errors name the file.

    Raises:
        RecipeError: If the file cannot be read or Greengrass would refuse the recipe.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise RecipeError(str(path), [("", f"cannot read the file: {error.strerror}")]) from None
    return read_recipe(data, origin=str(path))


def load_recipe_file(path: str | Path) -> ComponentRecipe:
    """Read one recipe file (``.json``, ``.yaml`` or ``.yml``); errors name the file.

    Raises:
        RecipeError: If the file cannot be read or Greengrass would refuse the recipe.
    """
    return read_recipe_file(path).recipe


def _permission(permission: ArtifactPermission | None) -> Any:
    if permission is None:
        return None
    found: dict[str, Any] = {}
    if permission.read != "OWNER":
        found["Read"] = permission.read
    if permission.execute != "NONE":
        found["Execute"] = permission.execute
    found.update(permission.unknown_keys)
    return found


def _artifact(artifact: Artifact) -> dict[str, Any]:
    found: dict[str, Any] = {"URI": artifact.uri}
    if artifact.digest is not None:
        found["Digest"] = artifact.digest
    if artifact.algorithm is not None:
        found["Algorithm"] = artifact.algorithm
    if artifact.unarchive != "NONE":
        found["Unarchive"] = artifact.unarchive
    if artifact.permission != ArtifactPermission():
        found["Permission"] = _permission(artifact.permission)
    found.update(artifact.unknown_keys)
    return found


def _manifest(manifest: Manifest) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if manifest.platform is not None:
        found["Platform"] = dict(manifest.platform)
    if manifest.name is not None:
        found["Name"] = manifest.name
    if manifest.lifecycle != {}:
        found["Lifecycle"] = manifest.lifecycle
    if manifest.artifacts:
        found["Artifacts"] = [_artifact(artifact) for artifact in manifest.artifacts]
    if manifest.selections is not None:
        found["Selections"] = list(manifest.selections)
    found.update(manifest.unknown_keys)
    return found


def recipe_document(recipe: ComponentRecipe) -> dict[str, Any]:
    """The recipe as a JSON-ready mapping with canonical keys, defaults left out.

    Reading it back gives the same recipe: a value equal to Greengrass's default is left out, an
    explicit ``null`` where the default is not null is written as ``None``, unknown keys are kept.
    """
    found: dict[str, Any] = {
        "RecipeFormatVersion": recipe.recipe_format_version or RECIPE_FORMAT_VERSION,
        "ComponentName": recipe.component_name,
        "ComponentVersion": recipe.component_version,
    }
    if recipe.component_type != DEFAULT_COMPONENT_TYPE:
        found["ComponentType"] = recipe.component_type
    for key, value in (
        ("ComponentDescription", recipe.component_description),
        ("ComponentPublisher", recipe.component_publisher),
        ("ComponentSource", recipe.component_source),
    ):
        if value is not None:
            found[key] = value
    if recipe.component_configuration is not None:
        configuration: dict[str, Any] = {}
        if recipe.component_configuration.has_default_configuration:
            configuration["DefaultConfiguration"] = (
                recipe.component_configuration.default_configuration
            )
        configuration.update(recipe.component_configuration.unknown_keys)
        found["ComponentConfiguration"] = configuration
    if recipe.component_dependencies is not None:
        dependencies: dict[str, Any] = {}
        for name, dependency in recipe.component_dependencies.items():
            if dependency is None:
                dependencies[name] = None
                continue
            entry: dict[str, Any] = {"VersionRequirement": dependency.version_requirement}
            entry["DependencyType"] = dependency.dependency_type
            entry.update(dependency.unknown_keys)
            dependencies[name] = entry
        found["ComponentDependencies"] = dependencies
    if recipe.manifests:
        found["Manifests"] = [_manifest(manifest) for manifest in recipe.manifests]
    if recipe.lifecycle != {}:
        found["Lifecycle"] = recipe.lifecycle
    found.update(recipe.unknown_keys)
    return found


def dump_recipe(recipe: ComponentRecipe, format: Literal["json", "yaml"] = "json") -> bytes:
    """The bytes to pass as ``create_component_version(inline_recipe=...)``.

    Args:
        recipe: The recipe.
        format: ``json`` or ``yaml``.

    Returns:
        UTF-8 text that Greengrass reads back as exactly ``recipe`` (see :func:`recipe_document`).
    """
    document = recipe_document(recipe)
    if format == "yaml":
        text = yaml.dump(document, Dumper=JacksonSafeDumper, sort_keys=False, allow_unicode=True)
        return text.encode("utf-8")
    return json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")
