"""``plan_deployment``: what every device of a target will end up with, before you deploy.

For every core device the target reaches: its thing groups, the deployment this one would
replace for the target, the latest deployments of its other groups (the nucleus resolves their
root components along), the versions it runs (the whole topology), its platform; then the
device's own resolution as :func:`greengrass_sdk.resolver.simulate_device` replays it — the
same replay the emulator's devices run. Devices with the same outcome are grouped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from greengrass_sdk.fleet.configuration import deployment_components
from greengrass_sdk.fleet.errors import UnknownDevice
from greengrass_sdk.fleet.rate_limit import RateLimiter
from greengrass_sdk.fleet.topology import (
    APPLIED_DEPLOYMENT_STATUSES,
    DeviceState,
    FleetReader,
    target_label,
    target_parts,
)
from greengrass_sdk.greengrassv2.client import GreengrassV2Client
from greengrass_sdk.iot.client import IoTClient
from greengrass_sdk.resolver.catalog import Catalog
from greengrass_sdk.resolver.device import DEFAULT_NUCLEUS, DeviceOutcome, simulate_device
from greengrass_sdk.resolver.versions import parse_version, version_key

__all__ = [
    "ChangeKind",
    "ComponentChange",
    "DeploymentPlan",
    "DevicePlan",
    "OutcomeGroup",
    "Planner",
    "Situation",
    "plan_deployment",
]

ChangeKind = Literal["added", "removed", "upgraded", "downgraded", "unchanged"]


@dataclass(frozen=True)
class ComponentChange:
    """One component's version before and after the deployment on a device.

    Attributes:
        component: The component name.
        before: The version running now (None if not installed).
        after: The version after the deployment (None if removed).
        kind: ``added``, ``removed``, ``upgraded``, ``downgraded`` or ``unchanged``.
    """

    component: str
    before: str | None
    after: str | None
    kind: ChangeKind

    def __str__(self) -> str:
        if self.kind == "added":
            return f"+ {self.component} {self.after}"
        if self.kind == "removed":
            return f"- {self.component} {self.before}"
        if self.kind == "unchanged":
            return f"= {self.component} {self.after}"
        return f"~ {self.component} {self.before} -> {self.after} ({self.kind})"


def _kind(before: str | None, after: str | None) -> ChangeKind:
    if before is None:
        return "added"
    if after is None:
        return "removed"
    if before == after:
        return "unchanged"
    try:
        newer = version_key(parse_version(after)) > version_key(parse_version(before))
    except ValueError:  # not semantic versions: compare the texts
        newer = after > before
    return "upgraded" if newer else "downgraded"


def component_changes(
    before: Mapping[str, str], after: Mapping[str, str]
) -> tuple[ComponentChange, ...]:
    """Every component of ``before`` or ``after`` with its change, sorted by name."""
    names = sorted(set(before) | set(after))
    return tuple(
        ComponentChange(n, before.get(n), after.get(n), _kind(before.get(n), after.get(n)))
        for n in names
    )


@dataclass(frozen=True)
class DevicePlan:
    """The predicted outcome of a deployment on one core device.

    Attributes:
        device: What the service reports about the device (platform, groups, installed).
        replaces: The id of the target's deployment this one replaces on the device, if any.
        other_deployments: ``(group label, deployment id)`` of the device's other groups
            whose root components the nucleus resolves along.
        outcome: The device's walk, as :func:`~greengrass_sdk.resolver.simulate_device` replays it.
        changes: Every component before and after (all ``unchanged`` when the deployment fails:
            the device rolls back).
    """

    device: DeviceState
    replaces: str | None
    other_deployments: tuple[tuple[str, str], ...]
    outcome: DeviceOutcome
    changes: tuple[ComponentChange, ...]

    @property
    def thing_name(self) -> str:
        """The core device's thing name."""
        return self.device.thing_name

    @property
    def succeeded(self) -> bool:
        """Whether the device will apply the deployment."""
        return self.outcome.succeeded

    @property
    def after(self) -> dict[str, str]:
        """Component name to version once the deployment is applied (or rolled back)."""
        return {c.component: c.after for c in self.changes if c.after is not None}


@dataclass(frozen=True)
class OutcomeGroup:
    """Devices whose plans are the same.

    Attributes:
        succeeded: Whether they apply the deployment.
        changes: The components that change (``unchanged`` ones left out).
        failure: Why the device fails the deployment, if it does (the replay's explanation).
        rule: The rule of the failing step (``no-version``, ``non-explicit-nucleus-update``…).
        failed_component: The component the device fails at.
        devices: The thing names, sorted.
    """

    succeeded: bool
    changes: tuple[ComponentChange, ...]
    failure: str | None
    rule: str | None
    failed_component: str | None
    devices: tuple[str, ...]

    @property
    def summary(self) -> str:
        """The outcome in a line: the changes, or the failure."""
        if not self.succeeded:
            return f"FAILS: {self.failure}"
        return ", ".join(str(c) for c in self.changes) or "no change"


@dataclass(frozen=True)
class DeploymentPlan:
    """What a deployment would do on every core device its target reaches.

    Attributes:
        target_arn: The deployment's target.
        components: Component name to the version the deployment names.
        replaces: The target's current deployment id that the new one replaces, if any.
        devices: One plan per core device, sorted by thing name.
        groups: Devices grouped by identical outcome; failures first, then by size.
        not_core_devices: Things of the target that are not Greengrass core devices.
        api_calls: API calls made, by operation (each page once).
        recipes_fetched: Recipes downloaded (each component version once).
    """

    target_arn: str
    components: dict[str, str]
    replaces: str | None
    devices: tuple[DevicePlan, ...]
    groups: tuple[OutcomeGroup, ...]
    not_core_devices: tuple[str, ...] = ()
    api_calls: dict[str, int] = field(default_factory=dict)
    recipes_fetched: int = 0

    @property
    def failed(self) -> tuple[DevicePlan, ...]:
        """Plans of the devices that would fail the deployment."""
        return tuple(p for p in self.devices if not p.succeeded)

    @property
    def has_failures(self) -> bool:
        """Whether some device would fail the deployment."""
        return any(not p.succeeded for p in self.devices)

    @property
    def total_api_calls(self) -> int:
        """API calls made in all."""
        return sum(self.api_calls.values())

    def device(self, thing_name: str) -> DevicePlan:
        """The plan of one device.

        Raises:
            UnknownDevice: If the target does not reach that device (also a ``KeyError``).
        """
        for plan in self.devices:
            if plan.thing_name == thing_name:
                return plan
        raise UnknownDevice(thing_name, self.target_arn)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (the CLI's ``--json``)."""

        def change(c: ComponentChange) -> dict[str, Any]:
            return {"component": c.component, "before": c.before, "after": c.after, "kind": c.kind}

        return {
            "targetArn": self.target_arn,
            "components": self.components,
            "replaces": self.replaces,
            "hasFailures": self.has_failures,
            "groups": [
                {
                    "succeeded": g.succeeded,
                    "devices": list(g.devices),
                    "changes": [change(c) for c in g.changes],
                    "failure": g.failure,
                    "rule": g.rule,
                    "failedComponent": g.failed_component,
                }
                for g in self.groups
            ],
            "devices": [
                {
                    "thingName": p.thing_name,
                    "platform": p.device.platform_attributes,
                    "coreVersion": p.device.core_version,
                    "thingGroups": list(p.device.thing_groups),
                    "replaces": p.replaces,
                    "otherDeployments": dict(p.other_deployments),
                    "succeeded": p.succeeded,
                    "failure": None if p.succeeded else p.outcome.message,
                    "changes": [change(c) for c in p.changes],
                }
                for p in self.devices
            ],
            "notCoreDevices": list(self.not_core_devices),
            "apiCalls": self.api_calls,
            "recipesFetched": self.recipes_fetched,
        }


def _group(plans: list[DevicePlan]) -> tuple[OutcomeGroup, ...]:
    buckets: dict[tuple[Any, ...], list[str]] = {}
    for plan in plans:
        outcome = plan.outcome
        changed = tuple(c for c in plan.changes if c.kind != "unchanged")
        failure = None if outcome.succeeded else outcome.message
        key = (outcome.succeeded, changed, failure, outcome.rule, outcome.failed_component)
        buckets.setdefault(key, []).append(plan.thing_name)
    groups = [
        OutcomeGroup(key[0], key[1], key[2], key[3], key[4], tuple(sorted(names)))
        for key, names in buckets.items()
    ]
    groups.sort(key=lambda g: (g.succeeded, -len(g.devices), g.devices))
    return tuple(groups)


def _versions(components: Mapping[str, Any]) -> dict[str, str]:
    specs = deployment_components(components)
    return {name: str(spec.component_version) for name, spec in specs.items()}


class Planner:
    """Plans deployments; one planner keeps its reader (caches, limiter) across plans.

    Args:
        gg: A Greengrass V2 client.
        iot: An IoT client of the same account and region.
        catalog: Resolve against this catalog instead of recipes from Greengrass (then the
            platform filter is the catalog's business).
        concurrency: Calls in flight at most.
        rate_limiter: A limiter to share, ``None`` for a fresh adaptive one, ``False`` for none.
    """

    def __init__(
        self,
        gg: GreengrassV2Client,
        iot: IoTClient,
        *,
        catalog: Catalog | None = None,
        concurrency: int = 16,
        rate_limiter: RateLimiter | Literal[False] | None = None,
    ) -> None:
        self.reader = FleetReader(gg, iot, concurrency=concurrency, rate_limiter=rate_limiter)
        self.catalog = catalog

    async def context(
        self, target_arn: str, device: DeviceState
    ) -> tuple[str | None, list[tuple[str, dict[str, str], str]]]:
        """The deployment replaced on ``device`` and its other groups' deployments.

        Returns:
            ``(replaced deployment id, [(group label, components, deployment id), ...])``.
        """
        kind, name = target_parts(target_arn)
        prefix = target_arn.split(":thing", 1)[0]
        targets = [f"{prefix}:thinggroup/{group}" for group in device.thing_groups]
        targets.append(f"{prefix}:thing/{device.thing_name}")
        replaced: str | None = None
        others: list[tuple[str, dict[str, str], str]] = []
        for arn in targets:
            latest = await self.reader.latest_deployment(arn)
            if latest is None or latest.deployment_id is None:
                continue
            if arn == target_arn or target_label(arn) == f"{kind}/{name}":
                replaced = latest.deployment_id
                continue
            if str(latest.deployment_status) not in APPLIED_DEPLOYMENT_STATUSES:
                continue
            versions = {
                component: str(spec.component_version)
                for component, spec in (latest.components or {}).items()
                if spec.component_version
            }
            others.append((target_label(arn), versions, latest.deployment_id))
        return replaced, others

    async def situations(
        self,
        target_arn: str,
        names: set[str],
        *,
        things: list[str] | None = None,
    ) -> tuple[list[Situation], tuple[str, ...], int]:
        """Everything a device's replay needs, for every core device the target reaches.

        Args:
            target_arn: The target.
            names: Components the planned deployment names (their recipes are loaded too).
            things: These things instead of the target's members.

        Returns:
            ``(situations sorted by thing name, things that are not core devices, recipes
            fetched)``.
        """
        members = things if things is not None else await self.reader.target_things(target_arn)
        devices = await self.reader.devices(members)
        missing = tuple(sorted(set(members) - {d.thing_name for d in devices}))
        contexts = await asyncio.gather(*(self.context(target_arn, d) for d in devices))
        wanted = set(names)
        for _replaced, others in contexts:
            for _label, other_versions, _id in others:
                wanted.update(other_versions)
        recipes = [] if self.catalog is not None else await self.reader.load_recipes(sorted(wanted))
        catalogs: dict[tuple[tuple[str, str], ...], tuple[Catalog, frozenset[str]]] = {}
        found: list[Situation] = []
        for device, (replaced, others) in zip(devices, contexts, strict=True):
            platform = tuple(sorted(device.platform_attributes.items()))
            if platform not in catalogs:
                if self.catalog is not None:
                    catalogs[platform] = (self.catalog, frozenset({DEFAULT_NUCLEUS}))
                else:
                    catalogs[platform] = FleetReader.catalog_for(recipes, dict(platform))
            catalog, nuclei = catalogs[platform]
            running = dict(device.installed)
            nucleus = next((n for n in sorted(nuclei) if n in running), None)
            if nucleus is None and device.core_version:
                # Devices list the nucleus among their components; if one does not, it still
                # runs the nucleus GetCoreDevice reports.
                nucleus = DEFAULT_NUCLEUS
                running[nucleus] = device.core_version
            found.append(
                Situation(device, replaced, tuple(others), catalog, nuclei, running, nucleus)
            )
        found.sort(key=lambda s: s.device.thing_name)
        return found, missing, len(recipes)

    async def plan(
        self,
        target_arn: str,
        components: Mapping[str, Any],
        *,
        things: list[str] | None = None,
    ) -> DeploymentPlan:
        """Plan a deployment of ``components`` to ``target_arn``; see :func:`plan_deployment`.

        Args:
            target_arn: The target.
            components: Component name to specification (mappings accepted).
            things: Plan for these things instead of the target's members.
        """
        label = target_label(target_arn)
        versions = _versions(components)
        calls_before = self.reader.calls.copy()
        situations, missing, recipes = await self.situations(
            target_arn, set(versions), things=things
        )
        memo: dict[tuple[Any, ...], DeviceOutcome] = {}
        plans: list[DevicePlan] = []
        for situation in situations:
            outcome = memo.get(situation.key)
            if outcome is None:
                outcome = memo[situation.key] = situation.simulate(label, versions)
            plans.append(situation.plan(outcome))
        calls = self.reader.calls - calls_before
        replaced = sorted({p.replaces for p in plans if p.replaces})
        return DeploymentPlan(
            target_arn=target_arn,
            components=versions,
            replaces=replaced[0] if replaced else None,
            devices=tuple(plans),
            groups=_group(plans),
            not_core_devices=missing,
            api_calls=dict(sorted(calls.items())),
            recipes_fetched=recipes,
        )


@dataclass(frozen=True)
class Situation:
    """What one device's replay needs.

    Attributes:
        device: The device as the service reports it.
        replaced: The target's deployment the planned one replaces, if any.
        others: ``(group label, component versions, deployment id)`` of its other groups.
        catalog: The component versions its platform can run.
        nuclei: Names of nucleus components.
        running: Component name to running version, the nucleus included.
        nucleus: The running nucleus component, if known.
    """

    device: DeviceState
    replaced: str | None
    others: tuple[tuple[str, dict[str, str], str], ...]
    catalog: Catalog
    nuclei: frozenset[str]
    running: dict[str, str]
    nucleus: str | None

    @property
    def key(self) -> tuple[Any, ...]:
        """Devices with equal keys have equal outcomes."""
        return (
            tuple(sorted(self.device.platform_attributes.items())),
            tuple(sorted(self.running.items())),
            tuple(deployment_id for _l, _v, deployment_id in self.others),
            self.device.core_version,
        )

    def simulate(
        self,
        label: str,
        versions: Mapping[str, str],
        others: tuple[tuple[str, dict[str, str], str], ...] | None = None,
    ) -> DeviceOutcome:
        """Replay the device applying ``versions`` as the deployment of ``label``."""
        return _simulate(
            label,
            versions,
            list(self.others if others is None else others),
            self.catalog,
            self.running,
            self.device,
            self.nuclei,
        )

    def plan(self, outcome: DeviceOutcome) -> DevicePlan:
        """The device's plan given its replayed outcome."""
        after = dict(outcome.versions) if outcome.succeeded else dict(self.running)
        if self.nucleus is not None and not any(n in after for n in self.nuclei):
            after[self.nucleus] = self.running[self.nucleus]  # the nucleus is never removed
        return DevicePlan(
            self.device,
            self.replaced,
            tuple((group, deployment_id) for group, _v, deployment_id in self.others),
            outcome,
            component_changes(self.running, after),
        )


def _simulate(
    label: str,
    versions: Mapping[str, str],
    others: list[tuple[str, dict[str, str], str]],
    catalog: Catalog,
    running: Mapping[str, str],
    device: DeviceState,
    nuclei: frozenset[str],
) -> DeviceOutcome:
    # The deployment's own components first, in its order, then the other groups' (as the
    # nucleus lists the deployment's roots before getOtherGroupsTargetComponents).
    roots: dict[str, dict[str, str]] = {}
    for name, version in versions.items():
        roots.setdefault(name, {})[label] = version
    for group, group_versions, _deployment_id in others:
        for name, version in group_versions.items():
            roots.setdefault(name, {})[group] = version
    return simulate_device(
        roots,
        catalog,
        installed=running,
        deployment=label,
        nucleus_version=device.core_version,
        nucleus_components=nuclei,
    )


async def plan_deployment(
    gg: GreengrassV2Client,
    iot: IoTClient,
    target_arn: str,
    components: Mapping[str, Any],
    *,
    catalog: Catalog | None = None,
    things: list[str] | None = None,
    concurrency: int = 16,
    rate_limiter: RateLimiter | Literal[False] | None = None,
) -> DeploymentPlan:
    """Predict what a deployment would do on every core device its target reaches.

    Reads, through one fan-out paced by a shared adaptive rate limiter: the target's things
    and the members of every group that has a deployment (``ListThingsInThingGroup``, once
    per group), each device (``GetCoreDevice``, ``ListInstalledComponents`` over the whole
    topology), the account's latest deployments once (``ListDeployments``, then
    ``GetDeployment`` for each one needed) and the recipes of every component involved once
    (``ListComponents``, ``ListComponentVersions``, ``GetComponent``); then replays each
    device's resolution with :func:`~greengrass_sdk.resolver.simulate_device` (devices with
    the same platform, components and groups are replayed once).

    Args:
        gg: A Greengrass V2 client.
        iot: An IoT client of the same account and region.
        target_arn: The deployment's target (thing or thing group ARN).
        components: The deployment's components, as for ``create_deployment`` (mappings
            accepted, ``configuration_update.merge`` as a mapping too).
        catalog: A catalog (:class:`~greengrass_sdk.resolver.Catalog`) to resolve against
            instead of the recipes in Greengrass.
        things: Plan for these things only (e.g. the devices about to join the group).
        concurrency: Calls in flight at most.
        rate_limiter: A ``RateLimiter`` to share, ``None`` for a fresh adaptive one,
            ``False`` for none.

    Returns:
        The plan: one :class:`DevicePlan` per core device, and the devices grouped by outcome.

    Raises:
        RequestValidationError: If the target ARN or a component specification is invalid
            (nothing is sent).
        ServiceError: If a call failed after its retries.
    """
    planner = Planner(gg, iot, catalog=catalog, concurrency=concurrency, rate_limiter=rate_limiter)
    return await planner.plan(target_arn, components, things=things)
