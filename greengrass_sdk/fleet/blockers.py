"""``blockers``: what stops a component version from reaching a device, and what would let it.

The nucleus only answers after a deployment fails, and only going one way ("no version of X
meets every requirement"). Here the question goes the other way: for a device (or every device
of a thing group) and a wanted ``component@version`` deployed to a target, which installed
components or other groups' requirements forbid it, and the smallest set of changes — other
components' versions from the catalog, each in the deployment that names it — that would allow
it. Every suggestion is checked by replaying the device with the changes applied.

How the changes are found: a complete resolution with the device's reading of requirements
(:func:`greengrass_sdk.resolver.resolve`, PubGrub) where the wanted version is fixed and every
other root component may take any version; roots whose version differs from what their
deployment names are candidate changes; then each candidate is dropped again if the device's
replay still succeeds without it (so no change in the answer is unnecessary), and each change
kept is moved to the version nearest the current one that still lets the device succeed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from greengrass_sdk.fleet.errors import UnknownDevice
from greengrass_sdk.fleet.plan import Planner, Situation
from greengrass_sdk.fleet.rate_limit import RateLimiter
from greengrass_sdk.fleet.topology import target_label
from greengrass_sdk.greengrassv2.client import GreengrassV2Client
from greengrass_sdk.iot.client import IoTClient
from greengrass_sdk.resolver.catalog import Catalog
from greengrass_sdk.resolver.device import DeviceOutcome
from greengrass_sdk.resolver.errors import InvalidRequirement, InvalidVersion, ResolutionConflict
from greengrass_sdk.resolver.resolution import resolve
from greengrass_sdk.resolver.versions import parse_version, version_key

__all__ = [
    "Blocker",
    "BlockersReport",
    "DeviceBlockers",
    "SuggestedChange",
    "blockers",
]

Others = tuple[tuple[str, dict[str, str], str], ...]

ANY_VERSION = ">=0.0.0"
"""A requirement every release allows, in both readers (the device reads ``*`` differently)."""


@dataclass(frozen=True)
class Blocker:
    """A requirement that forbids the wanted version on a device.

    Attributes:
        component: The component the device cannot choose a version of (often the wanted one).
        dependent: Who requires it: a group (``thinggroup/Old``) or a component with its
            version (``com.example.Legacy 1.0.0``).
        requirement: The requirement as written.
        group: The group whose deployment brings ``dependent`` onto the device.
    """

    component: str
    dependent: str
    requirement: str
    group: str | None

    def __str__(self) -> str:
        via = f" (deployed by {self.group})" if self.group and self.group != self.dependent else ""
        return f"{self.dependent}{via} requires {self.component} {self.requirement}"


@dataclass(frozen=True)
class SuggestedChange:
    """Set a component's version in one deployment.

    Attributes:
        group: The deployment's target (``thinggroup/Old``) to revise.
        component: The component.
        current: The version that deployment names now.
        suggested: The version to name instead.
    """

    group: str
    component: str
    current: str
    suggested: str

    def __str__(self) -> str:
        return f"{self.group}: {self.component} {self.current} -> {self.suggested}"


@dataclass(frozen=True)
class DeviceBlockers:
    """The answer for one device.

    Attributes:
        thing_name: The device.
        allowed: Whether the device would take the wanted version as things are.
        outcome: The device's replay as things are.
        blockers: What forbids it (empty if allowed).
        changes: The smallest set of changes found that allows it.
        verified: Whether the device's replay with ``changes`` applied succeeds.
        outcome_with_changes: That replay.
        unsolvable: Why no change of other components' versions allows it, if none does.
    """

    thing_name: str
    allowed: bool
    outcome: DeviceOutcome
    blockers: tuple[Blocker, ...] = ()
    changes: tuple[SuggestedChange, ...] = ()
    verified: bool = False
    outcome_with_changes: DeviceOutcome | None = None
    unsolvable: str | None = None


@dataclass(frozen=True)
class BlockersReport:
    """What blocks ``component@version`` across the devices of a target.

    Attributes:
        target_arn: The target whose deployment would carry the wanted version.
        component: The wanted component.
        version: The wanted version.
        deployment: The components of the hypothetical deployment (the target's latest with
            the wanted version set).
        devices: One answer per core device, sorted by thing name.
    """

    target_arn: str
    component: str
    version: str
    deployment: dict[str, str]
    devices: tuple[DeviceBlockers, ...]

    @property
    def blocked(self) -> tuple[DeviceBlockers, ...]:
        """The devices that would not take the wanted version as things are."""
        return tuple(d for d in self.devices if not d.allowed)

    @property
    def changes(self) -> tuple[SuggestedChange, ...]:
        """Every suggested change over all devices, once each, sorted."""
        found = {change for device in self.devices for change in device.changes}
        return tuple(sorted(found, key=lambda c: (c.group, c.component, c.suggested)))

    def device(self, thing_name: str) -> DeviceBlockers:
        """The answer for one device.

        Raises:
            UnknownDevice: If the target does not reach that device (also a ``KeyError``).
        """
        for answer in self.devices:
            if answer.thing_name == thing_name:
                return answer
        raise UnknownDevice(thing_name, self.target_arn)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (the CLI's ``--json``)."""
        return {
            "targetArn": self.target_arn,
            "component": self.component,
            "version": self.version,
            "deployment": self.deployment,
            "devices": [
                {
                    "thingName": d.thing_name,
                    "allowed": d.allowed,
                    "failure": None if d.allowed else d.outcome.message,
                    "blockers": [vars(b) for b in d.blockers],
                    "changes": [vars(c) for c in d.changes],
                    "verified": d.verified,
                    "unsolvable": d.unsolvable,
                }
                for d in self.devices
            ],
        }


def _group_of(
    dependent: str, requirements: Mapping[str, Mapping[str, str]], labels: set[str]
) -> str | None:
    """Climb from a component to the group whose roots bring it in (breadth first)."""
    seen = {dependent}
    frontier = [dependent]
    while frontier:
        following: list[str] = []
        for name in frontier:
            if name in labels:
                return name
            for parent in sorted(requirements.get(name, {})):
                if parent not in seen:
                    seen.add(parent)
                    following.append(parent)
        frontier = following
    return None


def _blockers(
    outcome: DeviceOutcome, label: str, component: str, version: str, labels: set[str]
) -> tuple[Blocker, ...]:
    step = outcome.steps[-1] if outcome.steps else None
    if step is None:
        return ()
    written = outcome.requirements.get(step.component, {})
    found: list[Blocker] = []
    for dependent, _stored in step.requirements:
        if dependent in (label, component):
            continue
        requirement = written.get(dependent, _stored)
        group = dependent if dependent in labels else None
        shown = dependent
        if group is None:
            group = _group_of(dependent, outcome.requirements, labels)
            if dependent in outcome.versions:
                shown = f"{dependent} {outcome.versions[dependent]}"
        found.append(Blocker(step.component, shown, requirement, group))
    if not found:  # a failure that is no clash of requirements (a nucleus update, a cycle…)
        found.append(Blocker(step.component or component, "", step.explanation, None))
    return tuple(found)


def _apply(
    ours: Mapping[str, str], others: Others, label: str, changes: Iterable[SuggestedChange]
) -> tuple[dict[str, str], Others]:
    mine = dict(ours)
    theirs = {group: dict(versions) for group, versions, _id in others}
    for change in changes:
        if change.group == label:
            mine[change.component] = change.suggested
        else:
            theirs[change.group][change.component] = change.suggested
    return mine, tuple((group, theirs[group], d) for group, _v, d in others)


def _candidates(
    situation: Situation, ours: Mapping[str, str], label: str, component: str, version: str
) -> tuple[SuggestedChange, ...]:
    """Root version changes a complete resolution with the wanted version needs."""
    roots: dict[str, dict[str, str]] = {component: {label: version}}
    named: list[tuple[str, str, str]] = []  # (group, component, version named)
    for name, named_version in ours.items():
        if name != component:
            named.append((label, name, named_version))
    for group, versions, _id in situation.others:
        for name, named_version in versions.items():
            named.append((group, name, named_version))
    for group, name, _named_version in named:
        if name != component:
            roots.setdefault(name, {})[group] = ANY_VERSION
    # Prefer what the deployments name now: a change only where the wanted version needs one.
    preferred = dict(situation.running)
    preferred.update({name: v for _group, name, v in named if name != component})
    resolution = resolve(roots, situation.catalog, installed=preferred, semantics="device")
    changes = [
        SuggestedChange(group, name, named_version, resolution.versions[name])
        for group, name, named_version in named
        if name != component and resolution.versions.get(name, named_version) != named_version
    ]
    return tuple(changes)


def _nearest_versions(
    changes: list[SuggestedChange],
    catalog: Catalog,
    replay: Callable[[Iterable[SuggestedChange]], DeviceOutcome],
) -> list[SuggestedChange]:
    """Move each change to the version nearest the current one that still works.

    The resolution picks the newest version allowed; a smaller step (the next newer release,
    else the nearest older one) is a smaller change to review and roll out.
    """
    if not replay(changes).succeeded:
        return changes
    result = list(changes)
    for index, change in enumerate(result):
        current = version_key(parse_version(change.current))
        versions = sorted(catalog.versions(change.component), key=_key)
        newer = [v for v in versions if _key(v) > current]
        older = [v for v in reversed(versions) if _key(v) < current]
        for version in [*newer, *older]:
            if version == change.suggested:
                break
            trial = SuggestedChange(change.group, change.component, change.current, version)
            if replay([*result[:index], trial, *result[index + 1 :]]).succeeded:
                result[index] = trial
                break
    return result


def _key(version: str) -> Any:
    return version_key(parse_version(version))


def _answer(
    situation: Situation, ours: Mapping[str, str], label: str, component: str, version: str
) -> DeviceBlockers:
    name = situation.device.thing_name
    outcome = situation.simulate(label, ours)
    if outcome.succeeded:
        return DeviceBlockers(name, True, outcome)
    labels = {label, *(group for group, _v, _id in situation.others)}
    found = _blockers(outcome, label, component, version, labels)
    try:
        candidates = _candidates(situation, ours, label, component, version)
    except (ResolutionConflict, InvalidRequirement, InvalidVersion) as error:
        return DeviceBlockers(name, False, outcome, found, unsolvable=str(error))

    def replay(changes: Iterable[SuggestedChange]) -> DeviceOutcome:
        mine, theirs = _apply(ours, situation.others, label, changes)
        return situation.simulate(label, mine, theirs)

    kept = list(candidates)
    for change in candidates:  # drop every change the device can do without
        trial = [c for c in kept if c != change]
        if replay(trial).succeeded:
            kept = trial
    kept = _nearest_versions(kept, situation.catalog, replay)
    final = replay(kept)
    unsolvable = None
    if not final.succeeded and not kept:
        unsolvable = (
            "a consistent set of versions exists only with this deployment's components as "
            f"they are, yet the device's greedy walk fails: {final.message}"
        )
    return DeviceBlockers(
        name, False, outcome, found, tuple(kept), final.succeeded, final, unsolvable
    )


async def blockers(
    gg: GreengrassV2Client,
    iot: IoTClient,
    target_arn: str,
    component: str,
    version: str,
    *,
    things: list[str] | None = None,
    catalog: Catalog | None = None,
    concurrency: int = 16,
    rate_limiter: RateLimiter | Literal[False] | None = None,
) -> BlockersReport:
    """Which requirements forbid ``component@version`` on the target's devices, and the fix.

    The hypothetical deployment is the target's latest deployment with ``component`` set to
    ``version`` (added if it was not there). For every core device the target reaches (or
    ``things``), the device's resolution is replayed as :func:`plan_deployment` does; where
    it fails, the requirements on the failing component that do not come from this deployment
    are the blockers, each with the group whose deployment brings it in, and the smallest set
    of version changes in the deployments that name the blocking components is searched and
    checked by replaying the device with them.

    Args:
        gg: A Greengrass V2 client.
        iot: An IoT client of the same account and region.
        target_arn: The thing (one device) or thing group that would be deployed to.
        component: The wanted component, e.g. ``aws.greengrass.Nucleus``.
        version: The wanted version, e.g. ``2.12.0``.
        things: Only these devices.
        catalog: Resolve against this catalog instead of the recipes in Greengrass.
        concurrency: Calls in flight at most.
        rate_limiter: A limiter to share, ``None`` for a fresh adaptive one, ``False`` for none.

    Returns:
        The report, one :class:`DeviceBlockers` per device.

    Raises:
        RequestValidationError: If the target ARN is invalid (nothing is sent).
        ServiceError: If a call failed after its retries.
    """
    label = target_label(target_arn)
    planner = Planner(gg, iot, catalog=catalog, concurrency=concurrency, rate_limiter=rate_limiter)
    latest = await planner.reader.latest_deployment(target_arn)
    ours = {
        name: str(spec.component_version)
        for name, spec in ((latest.components or {}) if latest else {}).items()
        if spec.component_version
    }
    ours[component] = version
    situations, _missing, _recipes = await planner.situations(target_arn, set(ours), things=things)
    memo: dict[tuple[Any, ...], DeviceBlockers] = {}
    answers: list[DeviceBlockers] = []
    for situation in situations:
        answer = memo.get(situation.key)
        if answer is None:
            answer = memo[situation.key] = _answer(situation, ours, label, component, version)
        answers.append(_renamed(answer, situation.device.thing_name))
    return BlockersReport(target_arn, component, version, ours, tuple(answers))


def _renamed(answer: DeviceBlockers, thing_name: str) -> DeviceBlockers:
    if answer.thing_name == thing_name:
        return answer
    return DeviceBlockers(
        thing_name,
        answer.allowed,
        answer.outcome,
        answer.blockers,
        answer.changes,
        answer.verified,
        answer.outcome_with_changes,
        answer.unsolvable,
    )
