"""What a core device does with its deployments, simulated for tests.

In the real service, devices report installed components and deployment outcomes; here
:func:`apply_deployments` plays the device: it takes the latest deployment of every target the
device belongs to, resolves component dependencies with the resolver's replay of the nucleus
(:func:`greengrass_sdk.resolver.simulate_device`: semver4j's reading of requirements, the
nucleus's walk order and merge, the device's own nucleus version, and its refusal of a nucleus
minor/major update a deployment does not name), and reports the outcome to
:mod:`greengrass_sdk.testing.deployment_lifecycle`, the one home of statuses and transitions.

Like the nucleus, the device remembers the root components of every group it applied, a
deployment to the thing itself (``thing/NAME``) included, and resolves each new deployment with
the other groups' remembered requirements. This follows aws-greengrass-nucleus:
``DeploymentService.persistGroupToRootComponents`` (``GROUP_TO_ROOT_COMPONENTS`` written after a
``SUCCESSFUL`` deployment), ``DefaultDeploymentTask.getNonTargetGroupToRootPackagesMap`` (the
groups read back: every ``thing/`` group and the local one, thing groups only while the device
still belongs to them) and ``DependencyResolver.resolveDependencies``
(``otherGroupsToRootComponents``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from greengrass_sdk.resolver import InMemoryCatalog, simulate_device
from greengrass_sdk.resolver.device import DEFAULT_NUCLEUS
from greengrass_sdk.testing.recipes import dependencies
from greengrass_sdk.testing.state import CoreDevice, Deployment, RegionState
from greengrass_sdk.testing.v2_deployments import device_targets, platform_matches

__all__ = ["DeviceOutcome", "DeviceReport", "apply_deployments"]

DeviceOutcome = Literal["SUCCEEDED", "FAILED"]


@dataclass(frozen=True)
class DeviceReport:
    """What a device reports after applying its deployments.

    Attributes:
        outcomes: Each applied deployment id mapped to ``SUCCEEDED`` or ``FAILED``.
        reason: Why the deployments failed; ``None`` when they succeeded.
    """

    outcomes: dict[str, DeviceOutcome]
    reason: str | None


_NUCLEUS_OF_RUNTIME = {
    "aws_nucleus_classic": DEFAULT_NUCLEUS,
    "aws_nucleus_lite": "aws.greengrass.NucleusLite",
}


def _pending(state: RegionState, device: CoreDevice) -> list[Deployment]:
    targets = device_targets(state, device)
    latest = (state.latest_deployments.get(target) for target in targets)
    return sorted(
        (d for d in latest if d is not None and d.status == "ACTIVE"), key=lambda d: d.sequence
    )


def _target_label(target_arn: str) -> str:
    """``arn:...:thinggroup/Fleet`` -> ``thinggroup/Fleet``, as the nucleus names dependents."""
    return target_arn.split(":", 5)[-1]


# DefaultDeploymentTask.DEVICE_DEPLOYMENT_GROUP_NAME_PREFIX; the nucleus also keeps its local
# deployments' group (LOCAL_DEPLOYMENT_GROUP_NAME), which this emulator has no way to create.
_THING_GROUP_PREFIX = "thing/"


def _remembered(device: CoreDevice, applying: set[str]) -> dict[str, dict[str, str]]:
    """The other groups' root components the nucleus resolves along with this deployment.

    As ``DefaultDeploymentTask.getNonTargetGroupToRootPackagesMap``: groups being applied now
    take their roots from the deployment; a remembered thing group counts only while the device
    is still a member; ``thing/NAME`` always counts.
    """
    members = {f"thinggroup/{group}" for group in device.thing_groups}
    return {
        group: roots
        for group, roots in device.group_roots.items()
        if group not in applying and (group.startswith(_THING_GROUP_PREFIX) or group in members)
    }


def _resolve(
    state: RegionState, device: CoreDevice, deployments: list[Deployment]
) -> tuple[dict[str, tuple[str, bool]], str | None]:
    """Pick a version for every root and dependency the way the nucleus does.

    The walk itself is :func:`greengrass_sdk.resolver.simulate_device`, so the emulated device
    and the resolver's prediction are one implementation: what the prediction says a device does
    is what this emulator's devices do.
    """
    platform = {"attributes": {"os": device.platform, "architecture": device.architecture}}
    catalog = InMemoryCatalog()
    nuclei = {DEFAULT_NUCLEUS, "aws.greengrass.NucleusLite"}
    for name, versions in state.components.items():
        for component in versions:
            if platform_matches(component, platform):
                catalog.add(name, component.version, dependencies(component.recipe))
                if _is_nucleus(component.recipe):
                    nuclei.add(name)
    roots: dict[str, dict[str, str]] = {}
    for deployment in deployments:
        for name, spec in deployment.components.items():
            # A deployment names exact versions; the nucleus parses them as written.
            roots.setdefault(name, {})[_target_label(deployment.target_arn)] = str(
                spec["componentVersion"]
            )
    applying = {_target_label(d.target_arn) for d in deployments}
    for group, remembered in _remembered(device, applying).items():
        for name, version in remembered.items():
            roots.setdefault(name, {})[group] = version
    running = {
        name: str(entry["componentVersion"]) for name, entry in (device.installed or {}).items()
    }
    # The nucleus itself always runs, at the device's core version.
    nucleus = _NUCLEUS_OF_RUNTIME.get(device.runtime, DEFAULT_NUCLEUS)
    running.setdefault(nucleus, device.core_version)
    # The device applies the newest deployment; its other groups' components are resolved along.
    outcome = simulate_device(
        roots,
        catalog,
        installed=running,
        deployment=_target_label(deployments[-1].target_arn),
        nucleus_version=device.core_version,
        nucleus_components=nuclei,
    )
    chosen = {name: (version, name in roots) for name, version in outcome.versions.items()}
    return chosen, None if outcome.succeeded else outcome.message


def _is_nucleus(recipe: dict[str, Any]) -> bool:
    # Recipe keys and enum values are case-insensitive (aws-greengrass-component-common).
    kind = next((v for k, v in recipe.items() if k.lower() == "componenttype"), None)
    return isinstance(kind, str) and kind.lower() == "aws.greengrass.nucleus"


def apply_deployments(
    state: RegionState, device: CoreDevice, fail_reason: str | None = None
) -> DeviceReport:
    """Apply the device's pending deployments and say how it went.

    The device changes only what the device owns: its installed components and its memory of
    each group's root components (on success, as the nucleus persists them only then). Statuses
    of deployments, jobs and effective deployments are the lifecycle's to set, from the report
    (:func:`greengrass_sdk.testing.deployment_lifecycle.record_device_results`).

    Args:
        state: The device's region state.
        device: The device.
        fail_reason: Force a failure with this reason instead of resolving.

    Returns:
        The outcome of each applied deployment, and the failure's reason if any.
    """
    deployments = _pending(state, device)
    if not deployments:
        return DeviceReport({}, None)
    chosen, reason = _resolve(state, device, deployments)
    reason = fail_reason or reason
    outcome: DeviceOutcome = "FAILED" if reason else "SUCCEEDED"
    if not reason:
        now = state.clock.now()
        device.installed = {
            name: _installed(name, version, is_root, now)
            for name, (version, is_root) in chosen.items()
        }
        for deployment in deployments:
            # DeploymentService.persistGroupToRootComponents: the group's entry is replaced.
            device.group_roots[_target_label(deployment.target_arn)] = {
                name: str(spec["componentVersion"]) for name, spec in deployment.components.items()
            }
    return DeviceReport({d.deployment_id: outcome for d in deployments}, reason)


def _installed(name: str, version: str, is_root: bool, now: Any) -> dict[str, Any]:
    return {
        "componentName": name,
        "componentVersion": version,
        "lifecycleState": "RUNNING",
        "isRoot": is_root,
        "lastStatusChangeTimestamp": now,
        "lastReportedTimestamp": now,
        "lastInstallationSource": "emulator",
    }
