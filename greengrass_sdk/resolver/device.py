"""Predicting what the Greengrass nucleus itself will do with a deployment.

The nucleus does not backtrack. For each root component of the deployment,
in order, it walks dependencies breadth-first: it takes the next component off
the queue, gathers every requirement known so far on it (from thing groups and
from the versions chosen for its dependents), and picks the running version if
that satisfies them all, else the newest version that does. If the pick changed,
the requirements the previous pick had placed on its dependencies are dropped
(and dependencies nobody else references are dropped with them); then the new
pick's dependencies are queued with their requirements. The first component
whose requirements no version meets fails the deployment
(``NoAvailableComponentVersionException``). Root components of the device's
other thing groups are merged in first, pinned to their running versions.
Finally, a dependency cycle among the chosen components also fails it.

:func:`simulate_device` replays that walk; :func:`pin` finds versions to add to
the deployment as root components so that the walk cannot fail.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

from greengrass_sdk.resolver.catalog import Catalog
from greengrass_sdk.resolver.errors import ResolutionConflict
from greengrass_sdk.resolver.resolution import DEPLOYMENT, Roots, normalize_roots, resolve
from greengrass_sdk.resolver.universe import Universe

__all__ = ["DeviceOutcome", "DeviceStep", "pin", "simulate_device"]


@dataclass(frozen=True)
class DeviceStep:
    """One pick of the device's walk."""

    component: str
    version: str
    previous: str | None = None

    def __str__(self) -> str:
        changed = f" (was {self.previous})" if self.previous else ""
        return f"{self.component} -> {self.version}{changed}"


@dataclass
class DeviceOutcome:
    """What the device's own resolution does.

    Attributes:
        succeeded: Whether the deployment resolves on the device.
        versions: Component name to the version the device picks (so far, if it fails).
        failed_component: The component at which it fails, if it does.
        requirements: Component name to ``{dependent: requirement}`` at the end.
        message: A sentence saying what happened.
        steps: The walk, one line per pick.
    """

    succeeded: bool
    versions: dict[str, str]
    failed_component: str | None = None
    requirements: dict[str, dict[str, str]] = field(default_factory=dict)
    message: str = ""
    steps: list[DeviceStep] = field(default_factory=list)


class _Failure(Exception):
    def __init__(self, component: str, message: str) -> None:
        super().__init__(message)
        self.component = component


class _Walk:
    def __init__(self, universe: Universe, installed: Mapping[str, str]) -> None:
        self.universe = universe
        self.installed = installed
        self.constraints: dict[str, dict[str, str]] = {}
        self.resolved: dict[str, str] = {}
        self.references: dict[str, int] = {}
        self.steps: list[DeviceStep] = []

    def pick(self, name: str, active_only: bool) -> str:
        package = self.universe.package(name)
        allowed = package.versions_mask
        for requirement in self.constraints.get(name, {}).values():
            allowed &= self.universe.requirement_mask(name, requirement)
        running = self.installed.get(name)
        if (
            running is not None
            and running in package.index
            and allowed >> package.index[running] & 1
        ):
            return running
        if allowed and not active_only:
            return package.versions[allowed.bit_length() - 1]
        wanted = ", ".join(
            f"{self._label(dependent)} requires {requirement}"
            for dependent, requirement in self.constraints.get(name, {}).items()
        )
        where = "running on the device" if active_only else "in the catalog"
        raise _Failure(name, f"no version of {name} {where} meets every requirement: {wanted}")

    def _label(self, dependent: str) -> str:
        version = self.resolved.get(dependent)
        return f"{dependent} {version}" if version else dependent

    def walk(self, target: str, active_only: bool) -> None:
        queue = deque([target])
        while queue:
            name = queue.popleft()
            version = self.pick(name, active_only)
            self.references[name] = self.references.get(name, 0) + 1
            previous = self.resolved.get(name)
            self.resolved[name] = version
            self.steps.append(DeviceStep(name, version, previous))
            if previous == version:
                continue
            if previous is not None:
                self._drop_dependencies(name, previous)
            for dependency, requirement in self.universe.dependencies_of(name, version).items():
                self.constraints.setdefault(dependency, {})[name] = requirement
                queue.append(dependency)

    def _drop_dependencies(self, name: str, version: str) -> None:
        queue = deque([(name, version)])
        while queue:
            dependent, dependent_version = queue.popleft()
            for dependency in self.universe.dependencies_of(dependent, dependent_version):
                self.constraints.get(dependency, {}).pop(dependent, None)
                count = self.references.get(dependency)
                if count is None:
                    continue
                if count == 1:
                    del self.references[dependency]
                    removed = self.resolved.pop(dependency, None)
                    if removed is not None:
                        queue.append((dependency, removed))
                else:
                    self.references[dependency] = count - 1

    def find_cycle(self, target: str) -> list[str] | None:
        path: list[str] = []
        state: dict[str, int] = {}

        def visit(name: str) -> list[str] | None:
            state[name] = 1
            path.append(name)
            version = self.resolved.get(name)
            deps = self.universe.dependencies_of(name, version) if version else {}
            for dependency in deps:
                if state.get(dependency) == 1:
                    return [*path[path.index(dependency) :], dependency]
                if dependency not in state and (cycle := visit(dependency)):
                    return cycle
            path.pop()
            state[name] = 2
            return None

        return visit(target)


def simulate_device(
    roots: Roots,
    catalog: Catalog,
    *,
    installed: Mapping[str, str] | None = None,
    deployment: str | None = None,
) -> DeviceOutcome:
    """Replay the nucleus's greedy, non-backtracking dependency walk.

    Args:
        roots: Component name to a requirement or ``{dependent: requirement}``,
            as for :func:`~greengrass_sdk.resolver.resolve`.
        catalog: The component versions available to the device.
        installed: Component name to the version running on the device.
        deployment: The dependent (e.g. ``"thinggroup/Fleet"``) whose
            deployment is being applied. Root components only other dependents
            require are then treated as the other thing groups' components:
            merged first, and only satisfiable by their running versions. If
            None, every root is a target of the deployment.

    Returns:
        The outcome: success, or the component where the device fails and why.
    """
    normalized = normalize_roots(roots)
    walk = _Walk(Universe(catalog), installed or {})
    for name, by_dependent in normalized.items():
        walk.constraints[name] = dict(by_dependent)
    targets = [n for n, deps in normalized.items() if deployment is None or deployment in deps]
    others = [name for name in normalized if name not in targets]
    try:
        for name in others:
            walk.walk(name, active_only=True)
        for name in targets:
            walk.walk(name, active_only=False)
        for name in targets:
            cycle = walk.find_cycle(name)
            if cycle:
                raise _Failure(name, "circular dependency: " + " -> ".join(cycle))
    except _Failure as failure:
        return DeviceOutcome(
            False,
            dict(walk.resolved),
            failure.component,
            walk.constraints,
            f"the device fails the deployment at {failure.component}: {failure}",
            walk.steps,
        )
    return DeviceOutcome(True, dict(walk.resolved), None, walk.constraints, "resolves", walk.steps)


def pin(
    roots: Roots,
    catalog: Catalog,
    *,
    installed: Mapping[str, str] | None = None,
    deployment: str | None = None,
) -> dict[str, str]:
    """Versions to add to the deployment so that the device's walk cannot fail.

    Finds a complete resolution, then, while the simulated device walk fails,
    pins (as an exact root requirement of the deployment) the first component,
    in the device's walk order, whose device pick differs from the resolution.
    With every component of the resolution pinned the walk reproduces it, so
    this ends after at most one round per component.

    Args:
        roots: As for :func:`~greengrass_sdk.resolver.resolve`.
        catalog: The component versions available.
        installed: Component name to the version running on the device.
        deployment: As for :func:`simulate_device`; pins are added under this
            dependent name (``"deployment"`` if None).

    Returns:
        Component name to exact version to add to the deployment (empty if
        the deployment as written already resolves on the device).

    Raises:
        ResolutionConflict: If no consistent set of versions exists at all, or
            if even the fully pinned resolution fails on the device (a
            dependency cycle, which the nucleus refuses).
    """
    normalized = normalize_roots(roots)
    solution = resolve(normalized, catalog, installed=installed).versions
    pins: dict[str, str] = {}
    while True:
        pinned = {name: dict(deps) for name, deps in normalized.items()}
        for name, version in pins.items():
            pinned.setdefault(name, {})[deployment or DEPLOYMENT] = f"={version}"
        outcome = simulate_device(pinned, catalog, installed=installed, deployment=deployment)
        if outcome.succeeded:
            return pins
        walk_order = [step.component for step in outcome.steps] + list(solution)
        differing = [
            name
            for name in dict.fromkeys(walk_order)
            if name in solution
            and name not in pins
            and outcome.versions.get(name) != solution[name]
        ]
        unpinned = [name for name in solution if name not in pins]
        if not (differing or unpinned):
            raise ResolutionConflict(outcome.message)
        chosen = (differing or unpinned)[0]
        pins[chosen] = solution[chosen]
