"""What a core device does with its deployments, simulated for tests.

In the real service, devices report installed components and deployment outcomes; here
:func:`apply_deployments` plays the device: it takes the latest deployment of every target the
device belongs to, resolves component dependencies with the resolver's replay of the nucleus
(:func:`greengrass_sdk.resolver.simulate_device`: semver4j's reading of requirements, the
nucleus's walk order and merge, the device's own nucleus version, and its refusal of a nucleus
minor/major update a deployment does not name), and records the outcome.
"""

from __future__ import annotations

from typing import Any

from greengrass_sdk.resolver import InMemoryCatalog, simulate_device
from greengrass_sdk.resolver.device import DEFAULT_NUCLEUS
from greengrass_sdk.testing.recipes import dependencies
from greengrass_sdk.testing.state import CoreDevice, Deployment, RegionState, utcnow
from greengrass_sdk.testing.v2_deployments import device_targets, platform_matches, queue_for_device

__all__ = ["apply_deployments"]

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
) -> dict[str, str]:
    """Apply the device's pending deployments.

    Args:
        state: The device's region state.
        device: The device.
        fail_reason: Force a failure with this reason instead of resolving.

    Returns:
        Each applied deployment id mapped to the device's execution status
        (``SUCCEEDED`` or ``FAILED``).
    """
    deployments = _pending(state, device)
    if not deployments:
        return {}
    chosen, reason = _resolve(state, device, deployments)
    reason = fail_reason or reason
    now = utcnow()
    outcome = "FAILED" if reason else "SUCCEEDED"
    if not reason:
        device.installed = {
            name: _installed(name, version, is_root, now)
            for name, (version, is_root) in chosen.items()
        }
    results: dict[str, str] = {}
    for deployment in deployments:
        if deployment.deployment_id not in device.effective:
            queue_for_device(state, device, deployment)
        effective = device.effective[deployment.deployment_id]
        effective["coreDeviceExecutionStatus"] = outcome
        effective["modifiedTimestamp"] = now
        if reason:
            effective["reason"] = reason
        if deployment.target_arn.split(":", 5)[-1].startswith("thing/"):
            deployment.status = "FAILED" if reason else "COMPLETED"
        results[deployment.deployment_id] = outcome
    device.last_status_update = now
    device.status = "UNHEALTHY" if reason else "HEALTHY"
    return results


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
