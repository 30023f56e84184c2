"""Why a resolution failed, as data: the derivation, rendered to text only on demand.

The solver proves that no solution exists by deriving, from the facts
(deployment and thing-group requirements, recipe dependencies), an
incompatibility that rules out everything. :class:`ResolutionFailure` keeps
that derivation; :meth:`ResolutionFailure.facts` and
:meth:`ResolutionFailure.steps` expose it for programs, ``str()`` renders it
for people (:mod:`.explain`).

When the catalog knows recipes it had to leave out (it has ``problems_for(names)``, as the
recipe catalogs of :mod:`greengrass_sdk.recipes` do), the failure keeps those about the
components it involves, and the text says the answer may be wrong because of them: a version
in an unreadable recipe might have allowed a solution. The resolver knows such catalogs only
through :class:`ReportsUnreadableRecipes`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol, runtime_checkable

from greengrass_sdk.resolver.errors import unreadable_note
from greengrass_sdk.resolver.explain import describe, explain
from greengrass_sdk.resolver.incompatibility import (
    ROOT,
    Cause,
    DependsOn,
    Derived,
    Incompatibility,
    RootRequires,
)
from greengrass_sdk.resolver.universe import Universe, describe_versions

__all__ = ["DerivationStep", "Fact", "ReportsUnreadableRecipes", "ResolutionFailure"]


@runtime_checkable
class ReportsUnreadableRecipes(Protocol):
    """A catalog that knows which recipes it had to leave out (e.g. ``recipes.RecipeCatalog``)."""

    def problems_for(self, names: Iterable[str]) -> Sequence[object]:
        """The left-out recipes about any of ``names`` (or whose component is unknown).

        Each one's ``str()`` names its source and what is wrong with it.
        """
        ...


def problems_about(catalog: object, names: Iterable[str]) -> list[object]:
    """``catalog``'s unreadable recipes about ``names``, if it keeps any (else empty)."""
    if not isinstance(catalog, ReportsUnreadableRecipes):
        return []
    return list(catalog.problems_for(names))


@dataclass(frozen=True, slots=True)
class Fact:
    """A requirement taken from the input that the failure rests on.

    Attributes:
        dependent: Who requires: a thing group / deployment, or ``"name versions"``
            of a component.
        component: The component required.
        requirement: The requirement as written.
        allowed: The catalog versions the requirement allows (under the
            resolution's semantics), compactly, or ``"(no versions)"``.
        cause: The underlying cause object (:class:`RootRequires` or :class:`DependsOn`).
    """

    dependent: str
    component: str
    requirement: str
    allowed: str
    cause: RootRequires | DependsOn


@dataclass(frozen=True, slots=True)
class DerivationStep:
    """One incompatibility of the derivation.

    Attributes:
        statement: What it says, as a clause.
        terms: Component name to the mask of versions of the term.
        cause: Why it holds (a fact, or derived from two earlier steps).
    """

    statement: str
    terms: dict[str, int]
    cause: Cause


class ResolutionFailure:
    """The proof that no set of versions meets every requirement.

    Args:
        incompatibility: The final incompatibility the solver derived.
        universe: The universe its version masks refer to.
    """

    def __init__(self, incompatibility: Incompatibility, universe: Universe) -> None:
        self.incompatibility = incompatibility
        self.universe = universe

    def _nodes(self) -> list[Incompatibility]:
        order: list[Incompatibility] = []
        seen: set[int] = set()
        stack: list[tuple[Incompatibility, bool]] = [(self.incompatibility, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            if isinstance(node.cause, Derived):
                stack += [(node.cause.second, False), (node.cause.first, False)]
        return order

    def facts(self) -> list[Fact]:
        """The input requirements the failure rests on, leaves of the derivation first."""
        found = []
        for node in self._nodes():
            cause = node.cause
            if isinstance(cause, RootRequires):
                dependent, component = cause.dependent, cause.component
            elif isinstance(cause, DependsOn):
                package = self.universe.package(cause.component)
                dependent = f"{cause.component} {describe_versions(package, cause.versions_mask)}"
                component = cause.dependency
            else:
                continue
            mask = self.universe.requirement_mask(component, cause.requirement)
            allowed = describe_versions(self.universe.package(component), mask)
            found.append(Fact(dependent, component, cause.requirement, allowed, cause))
        return found

    def steps(self) -> list[DerivationStep]:
        """Every incompatibility of the derivation, each after those it comes from."""
        return [
            DerivationStep(describe(node, self.universe), dict(node.terms), node.cause)
            for node in self._nodes()
        ]

    def components(self) -> list[str]:
        """Every component the derivation involves, in the order it first mentions them."""
        found: dict[str, None] = {}
        for node in self._nodes():
            cause = node.cause
            # A requirement that allows no version leaves no term for its component.
            if isinstance(cause, RootRequires):
                found[cause.component] = None
            elif isinstance(cause, DependsOn):
                found.update({cause.component: None, cause.dependency: None})
            found.update((name, None) for name in node.terms if name != ROOT)
        return list(found)

    @cached_property
    def catalog_problems(self) -> list[object]:
        """The catalog's unreadable recipes that might have changed the answer.

        Those about a component the derivation involves, or whose component is unknown;
        empty if the catalog keeps no problems (see :class:`ReportsUnreadableRecipes`).
        """
        return problems_about(self.universe.catalog, self.components())

    @cached_property
    def text(self) -> str:
        """The explanation for people (rendered once, when first asked)."""
        return explain(self.incompatibility, self.universe) + unreadable_note(self.catalog_problems)

    def __str__(self) -> str:
        return self.text
