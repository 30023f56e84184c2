"""Predicting what the Greengrass nucleus itself will do with a deployment.

:func:`simulate_device` replays the nucleus's own resolution, written from
aws-greengrass-nucleus ``componentmanager/DependencyResolver.java``
(``resolveDependencies``, ``resolveComponentDependencies``,
``removeDependencies``, ``detectCircularDependency``,
``checkNonExplicitNucleusUpdate``) and ``ComponentManager.java``
(``resolveComponentVersion``, ``mergeVersionRequirements``):

1. The deployment's root components, in the deployment's order, each required
   by the deployment's group at its version; a version the device cannot
   parse fails the deployment. Then the root components of the device's other
   groups (``HashSet`` order), each required by its group.
2. For each of these, a breadth-first walk. Taking a component off the queue,
   the device merges every requirement on it (joining their text forms with
   spaces, in ``HashMap`` order of the dependents, and parsing the result with
   semver4j), keeps the running version if it satisfies the merge, else takes
   the newest available version that does, else fails
   (``NoAvailableComponentVersionException``). No backtracking. A running
   version the catalog does not list is still kept (the nucleus falls back to
   its local candidate), with no dependencies known.
3. If the pick differs from an earlier pick of the same component, the
   requirements the earlier pick placed on its dependencies are dropped (and
   dependencies nobody else references with them); if it is the same, its
   dependencies are not walked again. Otherwise each dependency of the pick,
   in ``HashMap`` order, gets the pick's requirement and joins the queue.
4. A dependency cycle reachable from the deployment's roots fails it, as does
   more than one nucleus, or a nucleus of another minor/major version than the
   running one that the deployment did not name as a root.

Before nucleus 2.10.0 (PR #1418) step 1 differed: the other groups' root
components were walked first, and each had to keep its running version.
``nucleus_version=`` selects that behaviour.

Where the nucleus asks the cloud (``ResolveComponentCandidates``) the replay
assumes the cloud answers with the newest version satisfying the merged
requirement. Versions are compared with semver4j (NPM mode), as the device
verdicts in ``tests/resolver/data`` are.

:func:`pin` finds versions to add to the deployment as root components so that
the walk cannot fail.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from greengrass_sdk.resolver.catalog import Catalog
from greengrass_sdk.resolver.device_semver import (
    DeviceRequirement,
    device_reading,
    parse_device_version,
)
from greengrass_sdk.resolver.errors import InvalidRequirement, InvalidVersion, ResolutionConflict
from greengrass_sdk.resolver.failure import problems_about
from greengrass_sdk.resolver.java_hashmap import JavaHashMap, hash_order
from greengrass_sdk.resolver.resolution import DEPLOYMENT, Roots, normalize_roots, resolve
from greengrass_sdk.resolver.universe import Universe

__all__ = [
    "DEFAULT_NUCLEUS",
    "MULTI_GROUP_CHANGE",
    "DeviceOutcome",
    "DeviceStep",
    "pin",
    "simulate_device",
]

DEFAULT_NUCLEUS = "aws.greengrass.Nucleus"
"""The component of type nucleus, unless told otherwise."""

MULTI_GROUP_CHANGE = "2.10.0"
"""The nucleus release that resolves other groups' components normally (PR #1418)."""

# Rules a step can follow; DeviceStep.rule holds one of these.
KEPT_RUNNING = "kept-running"
NEWEST = "newest-satisfying"
UNCHANGED = "unchanged"
NO_VERSION = "no-version"
UNPARSEABLE = "unparseable-requirement"
INVALID_ROOT = "invalid-root-version"
CIRCULAR = "circular-dependency"
NUCLEUS_UPDATE = "non-explicit-nucleus-update"
MULTIPLE_NUCLEI = "multiple-nuclei"


@dataclass(frozen=True)
class DeviceStep:
    """One step of the device's walk, and the rule it followed.

    Attributes:
        component: The component taken off the queue.
        version: The version picked (None if the step failed).
        rule: ``kept-running``, ``newest-satisfying``, ``unchanged`` (picked
            again at the same version: not walked again), or a failure:
            ``no-version``, ``unparseable-requirement``, ``invalid-root-version``,
            ``circular-dependency``, ``non-explicit-nucleus-update``,
            ``multiple-nuclei``.
        requirements: ``(dependent, requirement as the device stores it)`` in
            the order the device merges them.
        merged: The merged requirement text the device parsed, if it got that far.
        previous: The version picked for this component before, if any.
        explanation: What happened, in a sentence.
    """

    component: str
    version: str | None
    rule: str = NEWEST
    requirements: tuple[tuple[str, str], ...] = ()
    merged: str | None = None
    previous: str | None = None
    explanation: str = ""

    def __str__(self) -> str:
        if self.explanation:
            return self.explanation
        changed = f" (was {self.previous})" if self.previous else ""
        return f"{self.component} -> {self.version}{changed}"


@dataclass
class DeviceOutcome:
    """What the device's own resolution does.

    Attributes:
        succeeded: Whether the deployment resolves on the device.
        versions: Component name to the version the device picks (so far, if it fails).
        failed_component: The component at which it fails, if it does.
        requirements: Component name to ``{dependent: requirement as written}`` at the end.
        message: A sentence saying what happened.
        steps: The walk, one step per component taken off the queue (and the failing check).
        rule: The rule that failed the deployment (see :class:`DeviceStep`), if it failed.
        nucleus_version: The nucleus behaviour replayed.
    """

    succeeded: bool
    versions: dict[str, str]
    failed_component: str | None = None
    requirements: dict[str, dict[str, str]] = field(default_factory=dict)
    message: str = ""
    steps: list[DeviceStep] = field(default_factory=list)
    rule: str | None = None
    nucleus_version: str | None = None


class _Failure(Exception):
    def __init__(self, step: DeviceStep) -> None:
        super().__init__(step.explanation)
        self.step = step


def _version_tuple(text: str) -> tuple[int, int, int]:
    parts = [*text.split("-", 1)[0].split("+", 1)[0].split("."), "0", "0"][:3]
    try:
        return (int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise InvalidVersion(f"nucleus_version must look like 2.12.0, not {text!r}") from None


class _Walk:
    """The state of ``DependencyResolver.resolveDependencies``."""

    def __init__(
        self,
        universe: Universe,
        catalog: Catalog,
        installed: Mapping[str, str],
        java_release: int = 17,
    ) -> None:
        self.java_release = java_release
        self.universe = universe
        self.catalog = catalog
        self.installed = installed
        # componentNameToVersionConstraints: name -> {dependent: requirement text}.
        self.constraints: dict[str, JavaHashMap[str]] = {}
        self.written: dict[str, dict[str, str]] = {}
        self.resolved: dict[str, str] = {}
        self.references: dict[str, int] = {}
        self.steps: list[DeviceStep] = []

    def require(self, name: str, dependent: str, reading: str, written: str) -> None:
        self.constraints.setdefault(name, JavaHashMap()).put(dependent, reading)
        self.written.setdefault(name, {})[dependent] = written

    def dependencies(self, name: str, version: str) -> list[tuple[str, str]]:
        if version not in self.universe.package(name).index:
            return []  # a running version the catalog lacks: its recipe is unknown here
        declared = self.catalog.dependencies(name, version)
        order = hash_order(declared)
        return [(dependency, declared[dependency].requirement) for dependency in order]

    def _label(self, dependent: str) -> str:
        version = self.resolved.get(dependent)
        return f"{dependent} {version}" if version else dependent

    def pick(self, name: str, running_only: bool) -> DeviceStep:
        # resolveComponentDependencies copies the map (new HashMap<>(...)) before merging.
        ordered = self.constraints.get(name, JavaHashMap()).copy(self.java_release).items()
        listed = ", ".join(f"{self._label(dep)} requires {req}" for dep, req in ordered)
        merged = " ".join(requirement for _dependent, requirement in ordered)
        try:
            requirement = DeviceRequirement.parse(merged)
            chosen, rule = self._choose(name, requirement, running_only)
        except (InvalidRequirement, InvalidVersion) as error:
            raise _Failure(
                DeviceStep(
                    name,
                    None,
                    UNPARSEABLE,
                    tuple(ordered),
                    merged,
                    explanation=f"the device cannot use the requirements on {name} "
                    f"({listed}; merged: {merged!r}): {error}",
                )
            ) from None
        if chosen is None:
            where = "running on the device" if running_only else "available"
            reads = f" (the device merges them into {merged!r})" if len(ordered) > 1 else ""
            raise _Failure(
                DeviceStep(
                    name,
                    None,
                    NO_VERSION,
                    tuple(ordered),
                    merged,
                    explanation=f"no version of {name} {where} meets every requirement: "
                    f"{listed}{reads}",
                )
            )
        previous = self.resolved.get(name)
        if previous == chosen:
            rule, why = UNCHANGED, f"{name} stays at {chosen}, already chosen; not walked again"
        elif rule == KEPT_RUNNING:
            why = f"{name} keeps running version {chosen}, which meets {merged!r}"
        else:
            why = f"{name} -> {chosen}, the newest version that meets {merged!r}"
        if previous not in (None, chosen):
            why += f" (was {previous}; what {previous} required is dropped)"
        return DeviceStep(name, chosen, rule, tuple(ordered), merged, previous, why)

    def _choose(
        self, name: str, requirement: DeviceRequirement, running_only: bool
    ) -> tuple[str | None, str]:
        package = self.universe.package(name)
        running = self.installed.get(name)
        # The running version is the local candidate; the nucleus keeps it even when the
        # cloud no longer offers it (negotiateVersionWithCloud falls back to it).
        if running is not None and requirement.allows(running):
            return running, KEPT_RUNNING
        if running_only:
            return None, NO_VERSION
        for version in reversed(package.versions):
            if requirement.allows(version):
                return version, NEWEST
        return None, NO_VERSION

    def walk(self, target: str, running_only: bool) -> None:
        queue = deque([target])
        while queue:
            name = queue.popleft()
            step = self.pick(name, running_only)
            assert step.version is not None
            self.steps.append(step)
            self.references[name] = self.references.get(name, 0) + 1
            previous = self.resolved.get(name)
            self.resolved[name] = step.version
            if previous == step.version:
                continue
            if previous is not None:
                self._drop_dependencies(name, previous)
            for dependency, written in self.dependencies(name, step.version):
                try:
                    # The recipe loader stores buildNPM(r).toString(); the walk parses that again.
                    reading = device_reading(device_reading(written))
                except InvalidRequirement as error:
                    raise _Failure(
                        DeviceStep(
                            name,
                            step.version,
                            UNPARSEABLE,
                            explanation=f"{name} {step.version} requires {dependency} "
                            f"{written!r}, which the device cannot parse: {error}",
                        )
                    ) from None
                self.require(dependency, name, reading, written)
                queue.append(dependency)

    def _drop_dependencies(self, name: str, version: str) -> None:
        queue = deque([(name, version)])
        while queue:
            dependent, dependent_version = queue.popleft()
            for dependency, _written in self.dependencies(dependent, dependent_version):
                self.constraints.get(dependency, JavaHashMap()).remove(dependent)
                self.written.get(dependency, {}).pop(dependent, None)
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
            for dependency, _written in self.dependencies(name, version) if version else []:
                if state.get(dependency) == 1:
                    return [*path[path.index(dependency) :], dependency]
                if dependency not in state and (cycle := visit(dependency)):
                    return cycle
            path.pop()
            state[name] = 2
            return None

        return visit(target)


def _check_nucleus(walk: _Walk, targets: list[str], nucleus_components: Collection[str]) -> None:
    nuclei = [name for name in walk.resolved if name in nucleus_components]
    if len(nuclei) > 1:
        listed = ", ".join(f"{name}-{walk.resolved[name]}" for name in sorted(nuclei))
        raise _Failure(
            DeviceStep(
                sorted(nuclei)[0],
                None,
                MULTIPLE_NUCLEI,
                explanation=f"the deployment cannot have more than one nucleus ({listed})",
            )
        )
    active = next((name for name in nucleus_components if name in walk.installed), None)
    if not nuclei or active is None:
        return
    resolved_name = nuclei[0]
    resolved, running = walk.resolved[resolved_name], walk.installed[active]
    if (resolved_name, resolved) == (active, running) or resolved_name in targets:
        return
    new = parse_device_version(resolved, "STRICT")
    old = parse_device_version(running, "STRICT")
    if (new.major, new.minor) != (old.major, old.minor):
        raise _Failure(
            DeviceStep(
                resolved_name,
                resolved,
                NUCLEUS_UPDATE,
                explanation=f"the deployment would update the nucleus from {active}-{running} "
                f"to {resolved_name}-{resolved} without naming it: a minor or major nucleus "
                "update must list the nucleus as a root component of the deployment",
            )
        )


def simulate_device(
    roots: Roots,
    catalog: Catalog,
    *,
    installed: Mapping[str, str] | None = None,
    deployment: str | None = None,
    nucleus_version: str | None = None,
    nucleus_components: Collection[str] = (DEFAULT_NUCLEUS,),
    java_release: int = 17,
) -> DeviceOutcome:
    """Replay the nucleus's greedy, non-backtracking resolution of a deployment.

    Args:
        roots: Component name to a requirement or ``{dependent: requirement}``,
            as for :func:`~greengrass_sdk.resolver.resolve`, in the deployment's
            order. A deployment names exact versions (``"1.0.0"``).
        catalog: The component versions available to the device.
        installed: Component name to the version running on the device
            (including the running nucleus, for the nucleus-update check).
        deployment: The dependent (e.g. ``"thinggroup/Fleet"``) whose
            deployment is being applied; requirements of other dependents are
            the device's other groups. If None, every root is a root of the
            deployment.
        nucleus_version: The nucleus release to replay (default: current
            behaviour); before ``2.10.0`` other groups' components must keep
            their running versions and are walked first.
        nucleus_components: Names of components of type ``nucleus``.
        java_release: The device's Java release (8, 11, 17, 21…); from 19 on,
            copies of a ``HashMap`` are sized differently, which can change the
            order in which three or more requirements on one component are merged.

    Returns:
        The outcome: success, or the component and rule where the device fails.
        Each step says which rule applied.

    Raises:
        InvalidVersion: If ``nucleus_version`` is not a version.
    """
    multi_group_fixed = nucleus_version is None or _version_tuple(
        nucleus_version
    ) >= _version_tuple(MULTI_GROUP_CHANGE)
    normalized = normalize_roots(roots, None)
    walk = _Walk(Universe(catalog, "device"), catalog, installed or {}, java_release)
    targets = [n for n, deps in normalized.items() if deployment is None or deployment in deps]
    groups: dict[str, list[tuple[str, str]]] = {}
    for name, by_dependent in normalized.items():
        for dependent, requirement in by_dependent.items():
            if deployment is not None and dependent != deployment:
                groups.setdefault(dependent, []).append((name, requirement))

    def add_other_groups() -> list[str]:
        # getOtherGroupsTargetComponents: groups in HashMap order; their components in a HashSet.
        names: list[str] = []
        for group in hash_order(groups):
            for name, requirement in sorted(groups[group]):
                reading = device_reading(requirement)
                walk.require(name, group, reading, requirement)
                names.append(name)
        return hash_order(names)

    def add_roots() -> None:
        for name in targets:
            for dependent, requirement in normalized[name].items():
                if deployment is not None and dependent != deployment:
                    continue
                try:
                    reading = device_reading(requirement)
                except InvalidRequirement as error:
                    raise _Failure(
                        DeviceStep(
                            name,
                            None,
                            INVALID_ROOT,
                            explanation=f"unsupported component version {requirement!r} for "
                            f"component {name!r} (for pre-release versions, start the tag with "
                            f"a non-numeric character): {error}",
                        )
                    ) from None
                walk.require(name, dependent, reading, requirement)

    try:
        if multi_group_fixed:
            add_roots()
            order = list(dict.fromkeys([*targets, *add_other_groups()]))
            for name in order:
                walk.walk(name, running_only=False)
        else:
            for name in add_other_groups():
                walk.walk(name, running_only=True)
            add_roots()
            for name in targets:
                walk.walk(name, running_only=False)
        for name in targets:
            cycle = walk.find_cycle(name)
            if cycle:
                raise _Failure(
                    DeviceStep(
                        name,
                        walk.resolved.get(name),
                        CIRCULAR,
                        explanation=f"circular dependency detected for component {name}-v"
                        f"{walk.resolved.get(name)}: " + " -> ".join(cycle),
                    )
                )
        _check_nucleus(walk, targets, nucleus_components)
    except InvalidRequirement as error:  # another group's requirement the device cannot parse
        walk.steps.append(DeviceStep("", None, UNPARSEABLE, explanation=str(error)))
        return _failed(walk, walk.steps[-1], nucleus_version)
    except _Failure as failure:
        walk.steps.append(failure.step)
        return _failed(walk, failure.step, nucleus_version)
    return DeviceOutcome(
        True,
        dict(walk.resolved),
        None,
        walk.written,
        "resolves",
        walk.steps,
        None,
        nucleus_version,
    )


def _failed(walk: _Walk, step: DeviceStep, nucleus_version: str | None) -> DeviceOutcome:
    return DeviceOutcome(
        False,
        dict(walk.resolved),
        step.component or None,
        walk.written,
        f"the device fails the deployment at {step.component or 'a requirement'}: "
        f"{step.explanation}",
        walk.steps,
        step.rule,
        nucleus_version,
    )


def _pin_text(version: str) -> str | None:
    """A requirement the device reads as exactly ``version``, if there is one."""
    for text in (version, f"={version}"):
        try:
            requirement = DeviceRequirement.parse(device_reading(text))
            if requirement.allows(version) and device_reading(text).startswith("="):
                return text
        except (InvalidRequirement, InvalidVersion):
            continue
    return None


def pin(
    roots: Roots,
    catalog: Catalog,
    *,
    installed: Mapping[str, str] | None = None,
    deployment: str | None = None,
    nucleus_version: str | None = None,
    nucleus_components: Collection[str] = (DEFAULT_NUCLEUS,),
    java_release: int = 17,
) -> dict[str, str]:
    """Versions to add to the deployment so that the device's walk cannot fail.

    Finds a complete resolution with the device's semantics, then, while the
    simulated device walk fails, pins (as a root requirement of the deployment
    the device reads as exactly that version) the first component, in the
    device's walk order, whose device pick differs from the resolution. With
    every component of the resolution pinned the walk reproduces it, so this
    ends after at most one round per component.

    Args:
        roots: As for :func:`~greengrass_sdk.resolver.resolve`.
        catalog: The component versions available.
        installed: Component name to the version running on the device.
        deployment: As for :func:`simulate_device`; pins are added under this
            dependent name (``"deployment"`` if None).
        nucleus_version: As for :func:`simulate_device`.
        nucleus_components: As for :func:`simulate_device`.
        java_release: As for :func:`simulate_device`.

    Returns:
        Component name to the requirement to add to the deployment (the exact
        version, e.g. ``"1.2.0"``); empty if the deployment as written already
        resolves on the device.

    Raises:
        ResolutionConflict: If no consistent set of versions exists at all, if
            a version needed cannot be named so that the device reads it (a
            pre-release starting with a digit, e.g. ``1.0.0-1``), or if even
            the fully pinned resolution fails on the device (a dependency
            cycle, a nucleus update the device refuses).
    """
    normalized = normalize_roots(roots, None)
    solution = resolve(normalized, catalog, installed=installed, semantics="device").versions
    pins: dict[str, str] = {}
    while True:
        pinned = {name: dict(deps) for name, deps in normalized.items()}
        for name, text in pins.items():
            pinned.setdefault(name, {})[deployment or DEPLOYMENT] = text
        outcome = simulate_device(
            pinned,
            catalog,
            installed=installed,
            deployment=deployment,
            nucleus_version=nucleus_version,
            nucleus_components=nucleus_components,
            java_release=java_release,
        )
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
        involved = [*outcome.versions, *filter(None, [outcome.failed_component])]
        if not (differing or unpinned):
            raise ResolutionConflict(
                outcome.message, catalog_problems=problems_about(catalog, involved)
            )
        chosen = (differing or unpinned)[0]
        pin_text = _pin_text(solution[chosen])
        if pin_text is None:
            raise ResolutionConflict(
                f"{chosen} must be {solution[chosen]} for the device to succeed, but the device "
                "cannot read a deployment naming that version (a pre-release starting with a "
                f"digit); {outcome.message}",
                catalog_problems=problems_about(catalog, involved),
            )
        pins[chosen] = pin_text
