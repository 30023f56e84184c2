"""The public entry point of complete resolution, and its result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from greengrass_sdk._core.exceptions import ConfigurationError
from greengrass_sdk.resolver.catalog import Catalog
from greengrass_sdk.resolver.errors import ResolutionConflict
from greengrass_sdk.resolver.failure import ResolutionFailure
from greengrass_sdk.resolver.solver import NoSolution, Solver
from greengrass_sdk.resolver.universe import Semantics, Universe, parse_requirement

__all__ = ["DEPLOYMENT", "Resolution", "Roots", "normalize_roots", "resolve"]

DEPLOYMENT = "deployment"
"""The dependent named when a root requirement is given as a plain string."""

Roots = Mapping[str, str | Mapping[str, str]]


def normalize_roots(roots: Roots, semantics: Semantics | None = "npm") -> dict[str, dict[str, str]]:
    """Turn ``{name: requirement | {dependent: requirement}}`` into the nested form.

    Args:
        roots: Root components and their requirements.
        semantics: The reader that must accept every requirement (None: no check).

    Returns:
        Component name to ``{dependent: requirement}``; every requirement parsed
        once so that an invalid one fails here.

    Raises:
        InvalidRequirement: If a requirement is invalid.
        ValueError: If a component name is empty.
    """
    normalized: dict[str, dict[str, str]] = {}
    for name, requirement in roots.items():
        if not name:
            raise ConfigurationError("a root component name must not be empty")
        by_dependent = {DEPLOYMENT: requirement} if isinstance(requirement, str) else requirement
        if semantics is not None:
            for text in by_dependent.values():
                parse_requirement(text, semantics)
        normalized[name] = dict(by_dependent)
    return normalized


@dataclass(frozen=True)
class Resolution:
    """The versions chosen for a deployment, and why.

    Attributes:
        versions: Component name to chosen version: roots and every HARD or
            SOFT dependency reached from them.
        requirements: Component name to ``{dependent: requirement}`` for every
            requirement on it (thing groups, deployment, chosen components).
        reasons: Component name to a sentence saying why this version.
        decisions: Number of decisions the solver made.
        conflicts: Number of conflicts it resolved (learned from) on the way.
    """

    versions: dict[str, str]
    requirements: dict[str, dict[str, str]]
    reasons: dict[str, str]
    decisions: int = 0
    conflicts: int = 0

    def table(self) -> str:
        """The resolution as a plain-text table (component, version, why)."""
        rows = [("COMPONENT", "VERSION", "WHY")]
        rows += [(name, self.versions[name], self.reasons[name]) for name in sorted(self.versions)]
        widths = [max(len(row[i]) for row in rows) for i in range(2)]
        return "\n".join(
            f"{name:<{widths[0]}}  {version:<{widths[1]}}  {why}".rstrip()
            for name, version, why in rows
        )


def _requirements_on(
    versions: Mapping[str, str], roots: Mapping[str, Mapping[str, str]], universe: Universe
) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {name: {} for name in versions}
    for name, by_dependent in roots.items():
        found.setdefault(name, {}).update(by_dependent)
    for name, version in versions.items():
        for dependency, requirement in universe.dependencies_of(name, version).items():
            found.setdefault(dependency, {})[f"{name} {version}"] = requirement
    return found


def _reason(
    name: str,
    version: str,
    requirements: Mapping[str, str],
    universe: Universe,
    installed: Mapping[str, str],
) -> str:
    package = universe.package(name)
    allowed = package.versions_mask
    for requirement in requirements.values():
        allowed &= universe.requirement_mask(name, requirement)
    count = allowed.bit_count()
    listed = ", ".join(f"{dependent} ({req})" for dependent, req in requirements.items())
    by = f"required by {listed}" if listed else "required"
    if installed.get(name) == version:
        return f"installed version kept; {by}"
    newest = package.versions[allowed.bit_length() - 1] if allowed else None
    if newest == version:
        return f"newest of {count} allowed; {by}"
    return f"newest that fits the other choices ({newest} is allowed but conflicts); {by}"


def resolve(
    roots: Roots,
    catalog: Catalog,
    *,
    installed: Mapping[str, str] | None = None,
    semantics: Semantics = "device",
) -> Resolution:
    """Choose a version for every component a deployment needs.

    Complete: if any consistent choice exists, one is returned. Prefers the
    installed version where given and allowed, else the newest; deterministic.

    By default requirements mean what the device reads them to mean
    (semver4j, see :func:`device_satisfies`), so the answer is one the device
    accepts: a version whose recipe holds a requirement the device cannot parse
    is never chosen. ``semantics="npm"`` answers what recipe authors meant.
    The device merges several requirements on one component by joining their
    texts, which differs from an intersection when one holds ``||``;
    :func:`simulate_device` replays that, and :func:`pin` closes the gap.

    Args:
        roots: Component name to a requirement, or to ``{dependent: requirement}``
            (as in ResolveComponentCandidates, e.g.
            ``{"thinggroup/Fleet": "=1.0.0", "LOCAL_DEPLOYMENT": ">=1.0.0"}``).
        catalog: Where component versions and their dependencies come from.
        installed: Component name to the version running on the device.
        semantics: ``"device"`` (default) or ``"npm"``: whose reading of requirements.

    Returns:
        The chosen versions, with the requirements on each and the reasons.

    Raises:
        ResolutionConflict: If no choice exists; its ``failure`` holds the
            derivation, its message names the clashing requirements,
            components, versions and dependents.
        InvalidRequirement: If a root requirement is invalid for the chosen reader
            (or, with npm semantics, a recipe's).
    """
    normalized = normalize_roots(roots, semantics)
    universe = Universe(catalog, semantics)
    solver = Solver(universe, normalized, installed)
    try:
        versions = solver.solve()
    except NoSolution as failed:
        raise ResolutionConflict(ResolutionFailure(failed.incompatibility, universe)) from None
    requirements = _requirements_on(versions, normalized, universe)
    reasons = {
        name: _reason(name, version, requirements[name], universe, installed or {})
        for name, version in versions.items()
    }
    return Resolution(
        versions,
        {name: requirements[name] for name in versions},
        reasons,
        solver.decisions_made,
        solver.conflicts_resolved,
    )
