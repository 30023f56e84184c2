"""Why a resolution failed, as data: the derivation, rendered to text only on demand.

The solver proves that no solution exists by deriving, from the facts
(deployment and thing-group requirements, recipe dependencies), an
incompatibility that rules out everything. :class:`ResolutionFailure` keeps
that derivation; :meth:`ResolutionFailure.facts` and
:meth:`ResolutionFailure.steps` expose it for programs, ``str()`` renders it
for people (:mod:`.explain`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from greengrass_sdk.resolver.explain import describe, explain
from greengrass_sdk.resolver.incompatibility import (
    Cause,
    DependsOn,
    Derived,
    Incompatibility,
    RootRequires,
)
from greengrass_sdk.resolver.universe import Universe, describe_versions

__all__ = ["DerivationStep", "Fact", "ResolutionFailure"]


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

    @cached_property
    def text(self) -> str:
        """The explanation for people (rendered once, when first asked)."""
        return explain(self.incompatibility, self.universe)

    def __str__(self) -> str:
        return self.text
