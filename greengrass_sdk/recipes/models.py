"""Typed models of a component recipe, holding what Greengrass reads from one.

The reader (:mod:`greengrass_sdk.recipes.reading`) fills them the way the Greengrass recipe
library's builders do (aws-greengrass-component-common ``ComponentRecipe``,
``PlatformSpecificManifest``, ``ComponentArtifact``, ``Permission``, ``DependencyProperties``):
defaults apply to absent keys, an explicit ``null`` is kept as ``None``. ``Lifecycle`` and
``DefaultConfiguration`` are free-form, as they are to Greengrass. Keys the library does not know
are kept in ``unknown_keys`` so a recipe survives a load/dump round trip.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from greengrass_sdk.resolver.catalog import Dependency

__all__ = [
    "Artifact",
    "ArtifactPermission",
    "ComponentConfiguration",
    "ComponentDependency",
    "ComponentRecipe",
    "Manifest",
]

RECIPE_FORMAT_VERSION = "2020-01-25"
COMPONENT_TYPES = (
    "aws.greengrass.generic",
    "aws.greengrass.lambda",
    "aws.greengrass.plugin",
    "aws.greengrass.nucleus",
)
DEFAULT_COMPONENT_TYPE = "aws.greengrass.generic"
PERMISSION_TYPES = ("NONE", "OWNER", "ALL")
DEPENDENCY_TYPES = ("HARD", "SOFT")
UNARCHIVE_TYPES = ("NONE", "ZIP")
# Lifecycle steps the nucleus runs, matched case-insensitively (aws-greengrass-nucleus
# lifecyclemanager/Lifecycle.java LIFECYCLE_*_NAMESPACE_TOPIC, GenericExternalService.java "run",
# GreengrassService.java "setenv", KernelAlternatives.java "bootstrapOnRollback"). Others are
# kept (Greengrass stores the lifecycle free-form) and reported as warnings.
KNOWN_LIFECYCLE_STEPS = (
    "setenv",
    "install",
    "run",
    "startup",
    "shutdown",
    "recover",
    "bootstrap",
    "bootstraponrollback",
    "uninstall",
)


class _RecipeModel(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")


class ArtifactPermission(_RecipeModel):
    """Who may read and execute an artifact on the device (``NONE``, ``OWNER`` or ``ALL``)."""

    read: str = Field(default="OWNER", alias="Read")
    execute: str = Field(default="NONE", alias="Execute")
    unknown_keys: dict[str, Any] = Field(default_factory=dict, exclude=True)


class Artifact(_RecipeModel):
    """One artifact of a manifest."""

    uri: str = Field(alias="URI")
    digest: str | None = Field(default=None, alias="Digest")
    algorithm: str | None = Field(default=None, alias="Algorithm")
    unarchive: str | None = Field(default="NONE", alias="Unarchive")
    permission: ArtifactPermission | None = Field(
        default_factory=ArtifactPermission, alias="Permission"
    )
    unknown_keys: dict[str, Any] = Field(default_factory=dict, exclude=True)


def _platform_value_matches(key: str, wanted: str | None, actual: str | None) -> bool:
    # PlatformHelper.isAttributeSatisfied (aws-greengrass-component-common).
    if wanted is None or wanted == "*":
        return True
    if not actual:
        return False
    if len(wanted) >= 2 and wanted.startswith("/") and wanted.endswith("/"):
        try:
            return re.fullmatch(wanted[1:-1], actual) is not None
        except re.error:
            return False
    if key in ("os", "architecture") and wanted in ("all", "any"):
        return True
    if not re.match(r"[a-zA-Z0-9]", wanted):
        return False
    return wanted == actual


class Manifest(_RecipeModel):
    """One platform-specific section of a recipe."""

    platform: dict[str, str | None] | None = Field(default=None, alias="Platform")
    name: str | None = Field(default=None, alias="Name")
    lifecycle: dict[str, Any] | None = Field(default_factory=dict, alias="Lifecycle")
    artifacts: list[Artifact] = Field(default_factory=list, alias="Artifacts")
    selections: list[str | None] | None = Field(default=None, alias="Selections")
    unknown_keys: dict[str, Any] = Field(default_factory=dict, exclude=True)

    def matches(self, device: Mapping[str, str]) -> bool:
        """Whether a device with these platform attributes (``{"os": "linux"}``) fits.

        An empty ``os`` (or any attribute) is a wildcard, ``/.../`` a regular expression,
        ``all``/``any`` a wildcard for ``os`` and ``architecture``.
        """
        if not self.platform:
            return True
        return all(
            _platform_value_matches(key, wanted or None, device.get(key))
            for key, wanted in self.platform.items()
        )


class ComponentDependency(_RecipeModel):
    """An entry of ``ComponentDependencies``."""

    version_requirement: str = Field(alias="VersionRequirement")
    dependency_type: Literal["HARD", "SOFT"] = Field(default="HARD", alias="DependencyType")
    unknown_keys: dict[str, Any] = Field(default_factory=dict, exclude=True)

    def to_dependency(self) -> Dependency:
        """The resolver's view of this dependency."""
        return Dependency(self.version_requirement, self.dependency_type)


class ComponentConfiguration(_RecipeModel):
    """``ComponentConfiguration``: the default configuration document (any JSON value)."""

    default_configuration: Any = Field(default=None, alias="DefaultConfiguration")
    has_default_configuration: bool = Field(default=False, exclude=True)
    """Whether ``DefaultConfiguration`` was written at all (Greengrass keeps an explicit null)."""
    unknown_keys: dict[str, Any] = Field(default_factory=dict, exclude=True)


class ComponentRecipe(_RecipeModel):
    """A Greengrass V2 component recipe, as Greengrass reads it."""

    recipe_format_version: str = Field(default=RECIPE_FORMAT_VERSION, alias="RecipeFormatVersion")
    component_name: str = Field(alias="ComponentName")
    component_version: str = Field(alias="ComponentVersion")
    component_type: str | None = Field(default=DEFAULT_COMPONENT_TYPE, alias="ComponentType")
    component_description: str | None = Field(default=None, alias="ComponentDescription")
    component_publisher: str | None = Field(default=None, alias="ComponentPublisher")
    component_source: str | None = Field(default=None, alias="ComponentSource")
    component_configuration: ComponentConfiguration | None = Field(
        default=None, alias="ComponentConfiguration"
    )
    component_dependencies: dict[str, ComponentDependency | None] | None = Field(
        default=None, alias="ComponentDependencies"
    )
    manifests: list[Manifest] = Field(default_factory=list, alias="Manifests")
    lifecycle: dict[str, Any] | None = Field(default_factory=dict, alias="Lifecycle")
    unknown_keys: dict[str, Any] = Field(default_factory=dict, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _read_like_greengrass(cls, data: Any) -> Any:
        # A mapping written with recipe keys (any case, "Uri", unknown keys) is read by the
        # loader's rules; snake_case keyword construction is taken as given. As with keywords,
        # RecipeFormatVersion defaults to the one format (dump_recipe always writes it);
        # load_recipe and from_document require it, as Greengrass does.
        if isinstance(data, Mapping) and not set(data) <= set(cls.model_fields):
            from greengrass_sdk.recipes.reading import read_mapping

            if not any(str(key).lower() == "recipeformatversion" for key in data):
                data = {"RecipeFormatVersion": RECIPE_FORMAT_VERSION, **data}
            recipe = read_mapping(data)
            return {name: getattr(recipe, name) for name in cls.model_fields}
        return data

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> ComponentRecipe:
        """A recipe from parsed JSON/YAML data, read exactly as :func:`load_recipe` reads text.

        Args:
            document: The recipe as a mapping (keys in any case).

        Returns:
            The recipe.

        Raises:
            RecipeError: If Greengrass would refuse it.
        """
        from greengrass_sdk.recipes.reading import read_mapping

        return read_mapping(document)

    def dependencies(self) -> dict[str, Dependency]:
        """``ComponentDependencies`` as the resolver's :class:`Dependency` objects."""
        return {
            name: dependency.to_dependency()
            for name, dependency in (self.component_dependencies or {}).items()
            if dependency is not None
        }

    def supports(self, device: Mapping[str, str]) -> bool:
        """Whether some manifest fits a device's platform (True if there are no manifests)."""
        if not self.manifests:
            return True
        return any(manifest.matches(device) for manifest in self.manifests)
