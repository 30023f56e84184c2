"""PubGrub incompatibilities over bit-mask terms, and why each one holds."""

from __future__ import annotations

from dataclasses import dataclass

from greengrass_sdk.resolver.universe import Universe

__all__ = [
    "ROOT",
    "Derived",
    "DependsOn",
    "Incompatibility",
    "RootIsSelected",
    "RootRequires",
]

ROOT = ""
"""The name of the synthetic package standing for the deployment itself."""


@dataclass(frozen=True, slots=True)
class RootIsSelected:
    """Cause: the deployment itself is always selected."""


@dataclass(frozen=True, slots=True)
class RootRequires:
    """Cause: a dependent (thing group, deployment) requires a root component."""

    dependent: str
    component: str
    requirement: str


@dataclass(frozen=True, slots=True)
class DependsOn:
    """Cause: some versions of a component declare a dependency."""

    component: str
    versions_mask: int
    dependency: str
    requirement: str


@dataclass(frozen=True, slots=True)
class Derived:
    """Cause: derived from two incompatibilities by resolving on ``pivot``."""

    first: Incompatibility
    second: Incompatibility
    pivot: str


Cause = RootIsSelected | RootRequires | DependsOn | Derived


class Incompatibility:
    """A set of terms that must not all hold at once.

    Terms are ``{package: mask}``; terms that always hold are dropped at
    construction, terms about the same package are intersected.

    Attributes:
        terms: Package name to term mask.
        cause: Why the incompatibility holds.
        vacuous: True if some term can never hold (the incompatibility says nothing).
    """

    __slots__ = ("cause", "terms", "vacuous")

    def __init__(self, terms: list[tuple[str, int]], cause: Cause, universe: Universe) -> None:
        merged: dict[str, int] = {}
        for name, mask in terms:
            merged[name] = merged.get(name, -1) & mask
        self.terms: dict[str, int] = {}
        self.vacuous = False
        for name, mask in merged.items():
            full = universe.package(name).full if name != ROOT else 0b11
            if isinstance(cause, Derived) and name == ROOT and not mask & 0b10:
                continue  # the deployment is always selected: a positive root term adds nothing
            if mask & full == full:
                continue
            if mask & full == 0:
                self.vacuous = True
            self.terms[name] = mask & full
        self.cause = cause

    def is_failure(self) -> bool:
        """True if this incompatibility rules out every solution."""
        if not self.terms:
            return True
        return len(self.terms) == 1 and ROOT in self.terms and not self.terms[ROOT] & 0b10

    def __repr__(self) -> str:
        return f"Incompatibility({self.terms!r}, {type(self.cause).__name__})"
