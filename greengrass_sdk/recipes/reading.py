"""Turning a parsed recipe document into a :class:`ComponentRecipe`, by Greengrass's rules.

Mirrors how Jackson fills aws-greengrass-component-common's builders with the mapper settings of
``SerializerFactory`` (``ACCEPT_CASE_INSENSITIVE_PROPERTIES``, ``ACCEPT_CASE_INSENSITIVE_ENUMS``)
and ``FAIL_ON_UNKNOWN_PROPERTIES`` off (aws-greengrass-nucleus ``RecipeLoader.parseRecipe``):

* keys match case-insensitively (``componentName``, ``URI``/``Uri``/``uri``); when one key is
  written twice, in any cases, the last one wins; unknown keys are ignored by Greengrass (kept
  here, and reported as warnings);
* a string field takes any scalar as written (``ComponentName: 123`` is ``"123"``), never a list
  or mapping; ``null`` (or an empty value) leaves the field ``None``;
* enums match case-insensitively (``soft``, ``zip``, ``all``, ``AWS.GREENGRASS.GENERIC``); an
  integer picks the enum constant by position, as Jackson does;
* required: ``RecipeFormatVersion``, ``ComponentName``, ``ComponentVersion``, each
  dependency's ``VersionRequirement``, each artifact's ``URI``; ``Permission``'s ``Read`` and
  ``Execute`` must not be ``null``; lists of manifests and artifacts must not contain ``null``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from greengrass_sdk.recipes.errors import RecipeError
from greengrass_sdk.recipes.models import (
    COMPONENT_TYPES,
    DEPENDENCY_TYPES,
    KNOWN_LIFECYCLE_STEPS,
    PERMISSION_TYPES,
    RECIPE_FORMAT_VERSION,
    UNARCHIVE_TYPES,
    Artifact,
    ArtifactPermission,
    ComponentConfiguration,
    ComponentDependency,
    ComponentRecipe,
    Manifest,
)
from greengrass_sdk.recipes.rules import (
    component_name_problem,
    component_version_problem,
    requirement_problem,
    uri_problem,
)
from greengrass_sdk.recipes.yaml_reading import Scalar, plain
from greengrass_sdk.resolver.java_lang import trim as java_trim

__all__ = ["Reader", "read_mapping", "scalar_tree"]

T = TypeVar("T")


class _Invalid(Exception):
    """Stops reading one section; the problem is already recorded."""


class Reader:
    """Reads one recipe document, collecting every problem and warning with its key path."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []

    def fail(self, path: str, rule: str) -> _Invalid:
        """Record a problem; return the exception that abandons the current section."""
        self.problems.append((path, rule))
        return _Invalid()

    def _fields(
        self, node: Any, path: str, known: tuple[str, ...], what: str
    ) -> tuple[dict[str, tuple[str, Any]], dict[str, Any]]:
        if not isinstance(node, dict):
            raise self.fail(path, f"{what} must be a mapping, not {_kind(node)}")
        lowered = {name.lower(): name for name in known}
        found: dict[str, tuple[str, Any]] = {}
        unknown: dict[str, Any] = {}
        for key, value in node.items():
            canonical = lowered.get(key.lower())
            if canonical is None:
                unknown[key] = plain(value)
                self.warnings.append((_join(path, key), "unknown key, ignored by Greengrass"))
            else:
                found.pop(canonical, None)
                found[canonical] = (_join(path, key), value)
        return found, unknown

    def _section(self, read: Callable[..., T], *args: Any) -> T | None:
        try:
            return read(*args)
        except _Invalid:
            return None

    def string(self, path: str, node: Any) -> str | None:
        """A string field: any scalar's text; ``None`` for null."""
        if isinstance(node, Scalar):
            return None if node.value is None else node.text
        raise self.fail(path, f"must be a string, not {_kind(node)}")

    def enum(
        self, path: str, node: Any, values: tuple[str, ...], by_position: bool = True
    ) -> str | None:
        """An enum field, matched case-insensitively (an integer picks by position)."""
        if isinstance(node, Scalar):
            if node.value is None:
                return None
            if isinstance(node.value, bool):
                raise self.fail(path, f"must be one of {list(values)}, not a boolean")
            if isinstance(node.value, int) and by_position:
                if 0 <= node.value < len(values):
                    return values[node.value]
                raise self.fail(path, f"must be one of {list(values)}")
            text = node.text
            for value in values:
                # Jackson's EnumDeserializer matches case-insensitively, then trimmed.
                if value.lower() in (text.lower(), java_trim(text).lower()):
                    return value
            if text == "":
                raise self.fail(path, f"must be one of {list(values)}, not empty")
            raise self.fail(path, f"must be one of {list(values)}, not {text!r}")
        raise self.fail(path, f"must be one of {list(values)}, not {_kind(node)}")

    def recipe(self, node: Any) -> ComponentRecipe | None:
        """The recipe, or ``None`` when a problem was recorded."""
        keys = (
            "RecipeFormatVersion",
            "ComponentName",
            "ComponentVersion",
            "ComponentType",
            "ComponentDescription",
            "ComponentPublisher",
            "ComponentSource",
            "ComponentConfiguration",
            "ComponentDependencies",
            "Manifests",
            "Lifecycle",
        )
        try:
            fields, unknown = self._fields(node, "", keys, "a recipe")
        except _Invalid:
            return None
        values: dict[str, Any] = {"unknown_keys": unknown}
        for key, (path, value) in fields.items():
            reader = getattr(self, "_" + _snake(key))
            values[_snake(key)] = self._section(reader, path, value)
        for required in ("RecipeFormatVersion", "ComponentName", "ComponentVersion"):
            if fields.get(required) is None:
                self.fail(required, "required")
            elif values.get(_snake(required)) is None and not self._has_problem(required):
                self.fail(fields[required][0], "required, must not be null")
        if self.problems:
            return None
        for key in ("manifests",):
            if values.get(key) is None:
                values.pop(key, None)
        return ComponentRecipe(**values)

    def _has_problem(self, key: str) -> bool:
        return any(path.lower().startswith(key.lower()) for path, _ in self.problems)

    def _recipe_format_version(self, path: str, node: Any) -> str | None:
        return self.enum(path, node, (RECIPE_FORMAT_VERSION,))

    def _component_name(self, path: str, node: Any) -> str | None:
        name = self.string(path, node)
        if name is not None and (problem := component_name_problem(name)):
            raise self.fail(path, f"component name {name!r} {problem}")
        return name

    def _component_version(self, path: str, node: Any) -> str | None:
        if isinstance(node, Scalar) and node.value is not None and not isinstance(node.value, str):
            raise self.fail(
                path, f"must be a version string such as '1.0.0', not {node.text!r} unquoted"
            )
        version = self.string(path, node)
        if version is None:
            return None
        if problem := component_version_problem(version):
            raise self.fail(path, f"component version {version!r} {problem}")
        return java_trim(version)  # Semver.getValue(): the text, trimmed

    def _component_type(self, path: str, node: Any) -> str | None:
        return self.enum(path, node, COMPONENT_TYPES)

    def _component_description(self, path: str, node: Any) -> str | None:
        return self.string(path, node)

    def _component_publisher(self, path: str, node: Any) -> str | None:
        return self.string(path, node)

    def _component_source(self, path: str, node: Any) -> str | None:
        return self.string(path, node)

    def _component_configuration(self, path: str, node: Any) -> ComponentConfiguration | None:
        if _is_null(node):
            return None
        fields, unknown = self._fields(
            node, path, ("DefaultConfiguration",), "ComponentConfiguration"
        )
        default = fields.get("DefaultConfiguration")
        return ComponentConfiguration(
            default_configuration=plain(default[1]) if default else None,
            has_default_configuration=default is not None,
            unknown_keys=unknown,
        )

    def _component_dependencies(
        self, path: str, node: Any
    ) -> dict[str, ComponentDependency | None] | None:
        if _is_null(node):
            return None
        if not isinstance(node, dict):
            raise self.fail(path, f"must be a mapping of component names, not {_kind(node)}")
        dependencies: dict[str, ComponentDependency | None] = {}
        failed = False
        for name, value in node.items():
            try:
                dependencies[name] = self._dependency(_join(path, name), value)
            except _Invalid:
                failed = True
        if failed:
            raise _Invalid()
        return dependencies

    def _dependency(self, path: str, node: Any) -> ComponentDependency | None:
        if _is_null(node):
            self.warnings.append((path, "a null dependency; Greengrass ignores it"))
            return None
        fields, unknown = self._fields(
            node, path, ("VersionRequirement", "DependencyType"), "a dependency"
        )
        requirement = None
        if "VersionRequirement" in fields:
            requirement_path, value = fields["VersionRequirement"]
            requirement = self.string(requirement_path, value)
        if requirement is None:
            raise self.fail(_join(path, "VersionRequirement"), "required")
        if problem := requirement_problem(requirement):
            raise self.fail(_join(path, "VersionRequirement"), problem)
        dependency_type = None
        if "DependencyType" in fields:
            dependency_type = self.enum(*fields["DependencyType"], DEPENDENCY_TYPES)
        return ComponentDependency(
            version_requirement=requirement,
            dependency_type="SOFT" if dependency_type == "SOFT" else "HARD",
            unknown_keys=unknown,
        )

    def _manifests(self, path: str, node: Any) -> list[Manifest] | None:
        return self._list(path, node, "Manifests", self._manifest)

    def _list(
        self, path: str, node: Any, what: str, read: Callable[[str, Any], T]
    ) -> list[T] | None:
        if _is_null(node):
            return None
        if not isinstance(node, list):
            raise self.fail(path, f"{what} must be a list, not {_kind(node)}")
        items: list[T] = []
        failed = False
        for index, item in enumerate(node):
            item_path = f"{path}[{index}]"
            if _is_null(item):
                self.fail(item_path, f"{what} must not contain null")
                failed = True
                continue
            try:
                items.append(read(item_path, item))
            except _Invalid:
                failed = True
        if failed:
            raise _Invalid()
        return items

    def _manifest(self, path: str, node: Any) -> Manifest:
        keys = ("Platform", "Name", "Lifecycle", "Artifacts", "Selections")
        fields, unknown = self._fields(node, path, keys, "a manifest")
        values: dict[str, Any] = {"unknown_keys": unknown}
        start = len(self.problems)
        if "Platform" in fields:
            values["platform"] = self._section(self._platform, *fields["Platform"])
        if "Name" in fields:
            values["name"] = self._section(self.string, *fields["Name"])
        if "Lifecycle" in fields:
            values["lifecycle"] = self._section(self._lifecycle, *fields["Lifecycle"])
        if "Artifacts" in fields:
            artifacts = self._section(self._list, *fields["Artifacts"], "Artifacts", self._artifact)
            values["artifacts"] = artifacts or []
        if "Selections" in fields:
            values["selections"] = self._section(self._selections, *fields["Selections"])
        if len(self.problems) > start:
            raise _Invalid()
        return Manifest(**values)

    def _platform(self, path: str, node: Any) -> dict[str, str | None] | None:
        if _is_null(node):
            return None
        if not isinstance(node, dict):
            raise self.fail(path, f"Platform must be a mapping, not {_kind(node)}")
        return {key: self.string(_join(path, key), value) for key, value in node.items()}

    def _selections(self, path: str, node: Any) -> list[str | None] | None:
        if _is_null(node):
            return None
        if not isinstance(node, list):
            raise self.fail(path, f"Selections must be a list, not {_kind(node)}")
        return [self.string(f"{path}[{index}]", item) for index, item in enumerate(node)]

    def _lifecycle(self, path: str, node: Any) -> dict[str, Any] | None:
        if _is_null(node):
            return None
        if not isinstance(node, dict):
            raise self.fail(path, f"Lifecycle must be a mapping, not {_kind(node)}")
        for key in node:
            if key.lower() not in KNOWN_LIFECYCLE_STEPS and not isinstance(node[key], dict):
                self.warnings.append((_join(path, key), "not a lifecycle step the nucleus runs"))
        value: dict[str, Any] = plain(node)
        return value

    def _artifact(self, path: str, node: Any) -> Artifact:
        keys = ("URI", "Digest", "Algorithm", "Unarchive", "Permission")
        fields, unknown = self._fields(node, path, keys, "an artifact")
        values: dict[str, Any] = {"unknown_keys": unknown}
        start = len(self.problems)
        uri = None
        if "URI" in fields:
            uri = self._section(self.string, *fields["URI"])
        if uri is None:
            if len(self.problems) == start:
                self.fail(_join(path, "URI"), "required")
        elif problem := uri_problem(uri):
            self.fail(fields["URI"][0], f"{uri!r} {problem}")
        values["uri"] = uri
        for key in ("Digest", "Algorithm"):
            if key in fields:
                values[key.lower()] = self._section(self.string, *fields[key])
        if "Unarchive" in fields:
            values["unarchive"] = self._section(self._unarchive, *fields["Unarchive"])
        if "Permission" in fields:
            values["permission"] = self._section(self._permission, *fields["Permission"])
        if len(self.problems) > start:
            raise _Invalid()
        return Artifact(**values)

    def _unarchive(self, path: str, node: Any) -> str | None:
        # Unarchive.fromString: valueOf(s.toUpperCase()), no match by position.
        if _is_null(node):
            return None
        text = self.string(path, node) or ""
        if text.upper() not in UNARCHIVE_TYPES:
            raise self.fail(path, f"must be one of {list(UNARCHIVE_TYPES)}, not {text!r}")
        return text.upper()

    def _permission(self, path: str, node: Any) -> ArtifactPermission | None:
        if _is_null(node):
            return None
        fields, unknown = self._fields(node, path, ("Read", "Execute"), "Permission")
        values: dict[str, Any] = {"unknown_keys": unknown}
        for key in ("Read", "Execute"):
            if key in fields:
                value = self.enum(*fields[key], PERMISSION_TYPES)
                if value is None:
                    raise self.fail(fields[key][0], "must not be null")
                values[key.lower()] = value
        return ArtifactPermission(**values)


def _is_null(node: Any) -> bool:
    return isinstance(node, Scalar) and node.value is None


def _kind(node: Any) -> str:
    if isinstance(node, dict):
        return "a mapping"
    if isinstance(node, list):
        return "a list"
    if node is None:
        return "nothing"
    return f"the scalar {node.text!r}"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _snake(key: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in key).lstrip("_")


def scalar_tree(value: Any) -> Any:
    """Plain Python data as the parsed-document tree the reader takes (JSON's view of scalars)."""
    if isinstance(value, Scalar):
        return value
    if isinstance(value, Mapping):
        return {str(key): scalar_tree(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [scalar_tree(item) for item in value]
    if value is None:
        return Scalar("null", None)
    if isinstance(value, bool):
        return Scalar("true" if value else "false", value)
    if isinstance(value, (int, float)):
        return Scalar(json.dumps(value), value)
    return Scalar(str(value), str(value))


def read_mapping(document: Mapping[str, Any], origin: str = "<mapping>") -> ComponentRecipe:
    """A recipe from already-parsed data (e.g. ``json.load``), by Greengrass's rules.

    Raises:
        RecipeError: If Greengrass would refuse it.
    """
    reader = Reader()
    try:
        recipe = reader.recipe(scalar_tree(document))
    except RecursionError:
        raise RecipeError(origin, [("", "nested too deeply to read")]) from None
    if recipe is None:
        raise RecipeError(origin, reader.problems)
    return recipe
