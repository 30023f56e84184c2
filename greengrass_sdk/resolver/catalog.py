"""Catalogs: where the resolver learns which component versions exist and what they need."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from greengrass_sdk._core.exceptions import ConfigurationError
from greengrass_sdk.resolver.device_semver import device_reading
from greengrass_sdk.resolver.errors import InvalidRequirement
from greengrass_sdk.resolver.requirements import VersionRequirement
from greengrass_sdk.resolver.versions import parse_version, version_key

__all__ = ["Catalog", "Dependency", "DependencyType", "InMemoryCatalog"]

DependencyType = Literal["HARD", "SOFT"]


@dataclass(frozen=True, slots=True)
class Dependency:
    """One entry of a recipe's ``ComponentDependencies``.

    Attributes:
        requirement: The npm-style ``VersionRequirement`` (valid for npm's
            semver or for the device's reader, else :class:`InvalidRequirement`).
        type: ``HARD`` or ``SOFT``; it changes restart behaviour on the device,
            never which version is chosen.
    """

    requirement: str
    type: DependencyType = "HARD"

    def __post_init__(self) -> None:
        # Valid for at least one reader: a requirement only the device (or only
        # npm) reads is still a fact of the recipe, and the lint reports it.
        try:
            VersionRequirement.parse(self.requirement)
        except InvalidRequirement:
            device_reading(self.requirement)
        if self.type not in ("HARD", "SOFT"):
            raise ConfigurationError(f"DependencyType must be HARD or SOFT, not {self.type!r}")


class Catalog(Protocol):
    """What the resolver needs to know about the available components."""

    def versions(self, name: str) -> Sequence[str]:
        """All available versions of a component (any order; empty if unknown)."""
        ...

    def dependencies(self, name: str, version: str) -> Mapping[str, Dependency]:
        """The dependencies declared by one component version."""
        ...


class InMemoryCatalog:
    """A catalog held in memory, filled with :meth:`add`.

    Example:
        >>> catalog = InMemoryCatalog()
        >>> catalog.add("com.example.App", "1.0.0", {"com.example.Lib": "^1.0.0"})
        >>> catalog.add("com.example.Lib", "1.2.0")
    """

    def __init__(self) -> None:
        self._components: dict[str, dict[str, dict[str, Dependency]]] = {}

    def add(
        self,
        name: str,
        version: str,
        dependencies: Mapping[str, str | Dependency] | None = None,
    ) -> None:
        """Add (or replace) one component version.

        Args:
            name: The component name.
            version: Its semantic version.
            dependencies: Component name to requirement string or :class:`Dependency`.

        Raises:
            ValueError: If the version is invalid.
            InvalidRequirement: If a requirement is invalid.
        """
        parse_version(version)
        declared = {
            dep_name: dep if isinstance(dep, Dependency) else Dependency(dep)
            for dep_name, dep in (dependencies or {}).items()
        }
        self._components.setdefault(name, {})[version] = declared

    def versions(self, name: str) -> Sequence[str]:
        """All versions of ``name``, oldest first."""
        found = self._components.get(name, {})
        return sorted(found, key=lambda text: version_key(parse_version(text)))

    def dependencies(self, name: str, version: str) -> Mapping[str, Dependency]:
        """The dependencies of ``name`` at ``version`` (KeyError if unknown)."""
        return self._components[name][version]

    def names(self) -> list[str]:
        """All component names, sorted."""
        return sorted(self._components)

    def __len__(self) -> int:
        return sum(len(versions) for versions in self._components.values())
