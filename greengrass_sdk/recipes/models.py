"""Typed models of the Greengrass V2 component recipe format.

Keys are those of the AWS recipe reference (``RecipeFormatVersion``,
``ComponentName``, ``Manifests`` ...); the Python attributes are snake_case and
either spelling is accepted on input. Recipes are dumped by their AWS keys.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_pascal

from greengrass_sdk.resolver.catalog import Dependency
from greengrass_sdk.resolver.errors import InvalidRequirement
from greengrass_sdk.resolver.requirements import VersionRequirement
from greengrass_sdk.resolver.versions import parse_bare_version

__all__ = [
    "Artifact",
    "ArtifactPermission",
    "ComponentConfiguration",
    "ComponentDependency",
    "ComponentRecipe",
    "LifecycleStep",
    "Manifest",
    "Platform",
]

LIFECYCLE_STEPS = ("setenv", "install", "run", "startup", "shutdown", "recover", "bootstrap")
COMPONENT_TYPES = (
    "aws.greengrass.generic",
    "aws.greengrass.lambda",
    "aws.greengrass.plugin",
    "aws.greengrass.nucleus",
)
_URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")


class _RecipeModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_pascal,
        populate_by_name=True,
        extra="forbid",
        frozen=True,
    )


class Platform(BaseModel):
    """A manifest's platform: ``os``, ``architecture`` and any custom attributes.

    A value is an exact string, ``*``, or a regular expression written ``/.../``.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    os: str | None = None
    architecture: str | None = None

    @model_validator(mode="after")
    def _values_are_strings(self) -> Platform:
        for key, value in self.attributes().items():
            if not isinstance(value, str) or not value:
                raise ValueError(f"platform attribute {key!r} must be a non-empty string")
            if len(value) > 1 and value.startswith("/") and value.endswith("/"):
                try:
                    re.compile(value[1:-1])
                except re.error as error:
                    raise ValueError(f"platform attribute {key!r}: bad regex: {error}") from None
        return self

    def attributes(self) -> dict[str, Any]:
        """All attributes set, including custom ones."""
        found: dict[str, Any] = {"os": self.os, "architecture": self.architecture}
        found.update(self.model_extra or {})
        return {key: value for key, value in found.items() if value is not None}

    def matches(self, device: dict[str, str]) -> bool:
        """Whether a device with these attributes (``{"os": "linux", ...}``) fits."""
        for key, wanted in self.attributes().items():
            actual = device.get(key)
            if wanted == "*":
                continue
            if actual is None:
                return False
            if len(wanted) > 1 and wanted.startswith("/") and wanted.endswith("/"):
                if re.fullmatch(wanted[1:-1], actual) is None:
                    return False
            elif wanted != actual:
                return False
        return True


class ArtifactPermission(_RecipeModel):
    """Who may read and execute an artifact on the device."""

    read: Literal["NONE", "OWNER", "ALL"] = "OWNER"
    execute: Literal["NONE", "OWNER", "ALL"] = "NONE"


class Artifact(_RecipeModel):
    """One artifact of a manifest."""

    uri: str = Field(alias="Uri")
    unarchive: Literal["NONE", "ZIP"] | None = None
    permission: ArtifactPermission | None = None
    digest: str | None = None
    algorithm: str | None = None

    @field_validator("uri")
    @classmethod
    def _uri_has_scheme(cls, value: str) -> str:
        if not _URI_SCHEME.fullmatch(value):
            raise ValueError(
                f"artifact Uri {value!r} must look like s3://bucket/key or docker:image"
            )
        return value

    @model_validator(mode="after")
    def _digest_needs_algorithm(self) -> Artifact:
        if self.algorithm is not None and self.digest is None:
            raise ValueError("an artifact Algorithm is given without a Digest")
        return self


class LifecycleStep(_RecipeModel):
    """A lifecycle step written as an object rather than a bare script."""

    model_config = ConfigDict(extra="allow")

    script: str | None = None
    requires_privilege: bool | None = None
    timeout: int | None = Field(default=None, ge=1)
    skipif: str | None = None
    set_env: dict[str, str] | None = Field(default=None, alias="Setenv")


def _check_lifecycle(lifecycle: dict[str, Any] | None) -> dict[str, Any] | None:
    if lifecycle is None:
        return None
    lowered = {key.lower(): key for key in lifecycle}
    unknown = sorted(key for low, key in lowered.items() if low not in LIFECYCLE_STEPS)
    if unknown:
        raise ValueError(f"unknown lifecycle steps {unknown}; known: {list(LIFECYCLE_STEPS)}")
    if "run" in lowered and "startup" in lowered:
        raise ValueError("a lifecycle may define run or startup, not both")
    for key, value in lifecycle.items():
        if key.lower() == "setenv":
            if not isinstance(value, dict):
                raise ValueError("lifecycle setEnv must be a mapping")
        elif isinstance(value, dict):
            LifecycleStep.model_validate(value)
        elif not isinstance(value, str):
            raise ValueError(f"lifecycle step {key!r} must be a script or an object")
    return lifecycle


class Manifest(_RecipeModel):
    """One platform-specific section of a recipe."""

    platform: Platform | None = None
    name: str | None = None
    lifecycle: dict[str, Any] | None = None
    artifacts: list[Artifact] = Field(default_factory=list)
    selections: list[str] | None = None

    @field_validator("lifecycle")
    @classmethod
    def _lifecycle(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        return _check_lifecycle(value)


class ComponentDependency(_RecipeModel):
    """An entry of ``ComponentDependencies``."""

    version_requirement: str = "*"
    dependency_type: Literal["HARD", "SOFT"] = "HARD"

    @field_validator("version_requirement")
    @classmethod
    def _requirement(cls, value: str) -> str:
        try:
            VersionRequirement.parse(value)
        except InvalidRequirement as error:
            raise ValueError(str(error)) from None
        return value

    def to_dependency(self) -> Dependency:
        """The resolver's view of this dependency."""
        return Dependency(self.version_requirement, self.dependency_type)


class ComponentConfiguration(_RecipeModel):
    """``ComponentConfiguration``: the default configuration document."""

    default_configuration: dict[str, Any] = Field(default_factory=dict)


class ComponentRecipe(_RecipeModel):
    """A Greengrass V2 component recipe."""

    recipe_format_version: Literal["2020-01-25"] = "2020-01-25"
    component_name: str = Field(min_length=1, max_length=128)
    component_version: str = Field(min_length=1, max_length=64)
    component_type: str | None = None
    component_description: str | None = None
    component_publisher: str | None = None
    component_configuration: ComponentConfiguration | None = None
    component_dependencies: dict[str, ComponentDependency] = Field(default_factory=dict)
    manifests: list[Manifest] = Field(default_factory=list)
    lifecycle: dict[str, Any] | None = None

    @field_validator("component_name")
    @classmethod
    def _name(cls, value: str) -> str:
        if value != value.strip() or any(ch.isspace() for ch in value):
            raise ValueError(f"component name {value!r} must not contain whitespace")
        return value

    @field_validator("component_version")
    @classmethod
    def _version(cls, value: str) -> str:
        parse_bare_version(value)
        return value

    @field_validator("component_type")
    @classmethod
    def _type(cls, value: str | None) -> str | None:
        if value is not None and value not in COMPONENT_TYPES:
            raise ValueError(f"ComponentType must be one of {list(COMPONENT_TYPES)}")
        return value

    @field_validator("component_dependencies")
    @classmethod
    def _dependencies(cls, value: dict[str, ComponentDependency]) -> dict[str, ComponentDependency]:
        for name in value:
            if not name or len(name) > 128:
                raise ValueError(f"dependency name {name!r} must be 1 to 128 characters")
        return value

    @field_validator("lifecycle")
    @classmethod
    def _lifecycle(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is None:
            return None
        # The top-level Lifecycle holds named sections selected by manifests.
        for section in value.values():
            if isinstance(section, dict):
                _check_lifecycle(section)
        return value

    def dependencies(self) -> dict[str, Dependency]:
        """``ComponentDependencies`` as the resolver's :class:`Dependency` objects."""
        return {name: dep.to_dependency() for name, dep in self.component_dependencies.items()}

    def supports(self, device: dict[str, str]) -> bool:
        """Whether some manifest fits a device's platform (True if there are no manifests)."""
        if not self.manifests:
            return True
        return any(m.platform is None or m.platform.matches(device) for m in self.manifests)
