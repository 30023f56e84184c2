"""``retry_failed``: a subdeployment for exactly the devices that failed, in one call.

The manual sequence it replaces (developer guide, "Create subdeployments"): find the job of the
deployment, list its failed executions, put those things in a thing group, create a deployment
to that group with ``parentTargetArn`` set to the parent's thing group. Subdeployments need
Greengrass nucleus 2.9.0 or later on every device.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from greengrass_sdk._core.exceptions import GreengrassError, ServiceError
from greengrass_sdk.fleet.report import RolloutReport
from greengrass_sdk.fleet.status import LimiterChoice, RolloutStatusReader, _utcnow
from greengrass_sdk.greengrassv2.client import GreengrassV2Client
from greengrass_sdk.iot.client import IoTClient
from greengrass_sdk.resolver.versions import parse_bare_version

__all__ = [
    "SUBDEPLOYMENT_MIN_NUCLEUS",
    "NothingToRetry",
    "RetryResult",
    "SubdeploymentNotSupported",
    "retry_group_name",
    "retry_failed",
]

SUBDEPLOYMENT_MIN_NUCLEUS = "2.9.0"
"""The first Greengrass nucleus version that accepts subdeployments (developer guide)."""

_GROUP_NAME_LIMIT = 128
_NOT_IN_GROUP_NAME = re.compile(r"[^a-zA-Z0-9_-]")


class NothingToRetry(GreengrassError):
    """The deployment has no failed device."""


class SubdeploymentNotSupported(GreengrassError):
    """A subdeployment cannot reach some of the devices, or the deployment has no thing group.

    Attributes:
        devices: Thing name -> nucleus version (``None`` when unknown) of each refused device.
    """

    def __init__(self, message: str, devices: dict[str, str | None] | None = None) -> None:
        super().__init__(message)
        self.devices = dict(devices or {})


@dataclass(frozen=True)
class RetryResult:
    """The subdeployment ``retry_failed`` created.

    Attributes:
        deployment_id: The new deployment.
        iot_job_id: Its IoT job.
        thing_group_name: The thing group of the retried devices.
        thing_group_arn: Its ARN (the new deployment's target).
        parent_target_arn: The original deployment's thing group.
        devices: The retried devices, sorted.
        skipped: Failed devices left out (nucleus too old), with their versions.
    """

    deployment_id: str
    iot_job_id: str | None
    thing_group_name: str
    thing_group_arn: str
    parent_target_arn: str
    devices: tuple[str, ...]
    skipped: dict[str, str | None]


def retry_group_name(parent_group: str, deployment_id: str) -> str:
    """The thing group ``retry_failed`` uses: ``<parent>-retry-<first 8 of the deployment id>``.

    Predictable, so that retrying the same deployment again reuses the group, and valid as a
    thing group name (no colon; at most 128 characters).
    """
    suffix = "-retry-" + _NOT_IN_GROUP_NAME.sub("", deployment_id)[:8]
    return parent_group[: _GROUP_NAME_LIMIT - len(suffix)] + suffix


def _older_than_minimum(version: str | None) -> bool:
    if version is None:
        return True
    try:
        return parse_bare_version(version) < parse_bare_version(SUBDEPLOYMENT_MIN_NUCLEUS)
    except ValueError:
        return True


async def retry_failed(
    gg: GreengrassV2Client,
    iot: IoTClient,
    deployment_id: str,
    *,
    report: RolloutReport | None = None,
    skip_unsupported: bool = False,
    concurrency: int = 16,
    rate_limiter: LimiterChoice = None,
    clock: Callable[[], dt.datetime] = _utcnow,
) -> RetryResult:
    """Create one subdeployment that retries exactly the devices that failed.

    Failed means ``FAILED``, ``TIMED_OUT`` or ``REJECTED`` in the deployment's IoT job. The
    devices go into the thing group :func:`retry_group_name` names (created if needed; members
    from an earlier retry that did not fail again are removed), and a deployment with the same
    components, policies and job configuration targets it with ``parentTargetArn`` set to the
    original thing group.

    Args:
        gg: A Greengrass V2 client.
        iot: An IoT client.
        deployment_id: The deployment (to a thing group) whose failures to retry.
        report: A fresh :func:`~greengrass_sdk.fleet.rollout_status` report to reuse.
        skip_unsupported: Leave out devices whose nucleus is older than 2.9.0 instead of
            refusing.
        concurrency: Calls in flight at most.
        rate_limiter: See :func:`~greengrass_sdk.fleet.rollout_status`.
        clock: Current time.

    Returns:
        What was created.

    Raises:
        NothingToRetry: No device failed.
        SubdeploymentNotSupported: The deployment targets a single thing, or a failed device
            runs a nucleus older than 2.9.0 (unless ``skip_unsupported``).
        ServiceError: A call failed.
    """
    reader = RolloutStatusReader(
        gg, iot, concurrency=concurrency, rate_limiter=rate_limiter, clock=clock
    )
    report = report or await reader.read(deployment_id)
    parent = report.deployment.target_arn or ""
    if ":thinggroup/" not in parent:
        raise SubdeploymentNotSupported(
            f"Deployment {deployment_id} targets {parent}, not a thing group: subdeployments "
            "retry devices of a thing-group deployment (parentTargetArn must be a thing group)."
        )
    failed = sorted(row.thing_name for row in report.failed)
    if not failed:
        raise NothingToRetry(f"No device failed in deployment {deployment_id}; nothing to retry.")
    versions = dict(
        zip(failed, await asyncio.gather(*(_nucleus(reader, n) for n in failed)), strict=True)
    )
    too_old = {name: v for name, v in versions.items() if _older_than_minimum(v)}
    if too_old and not skip_unsupported:
        listed = ", ".join(f"{n} ({v or 'unknown version'})" for n, v in sorted(too_old.items()))
        raise SubdeploymentNotSupported(
            f"Subdeployments need Greengrass nucleus {SUBDEPLOYMENT_MIN_NUCLEUS} or later; "
            f"these failed devices run older ones: {listed}. Update their nucleus, or pass "
            "skip_unsupported=True to retry the others.",
            too_old,
        )
    retried = [name for name in failed if name not in too_old]
    if not retried:
        raise NothingToRetry(
            f"Every failed device of deployment {deployment_id} runs a nucleus older than "
            f"{SUBDEPLOYMENT_MIN_NUCLEUS}; nothing can be retried with a subdeployment."
        )
    group_name = retry_group_name(parent.rsplit("/", 1)[-1], deployment_id)
    group_arn = await _group_with_exactly(reader, group_name, deployment_id, retried)
    created = await reader.fanout.call(
        lambda: gg.create_deployment(**_same_deployment(report, group_arn, group_name))
    )
    return RetryResult(
        deployment_id=created.deployment_id or "",
        iot_job_id=created.iot_job_id,
        thing_group_name=group_name,
        thing_group_arn=group_arn,
        parent_target_arn=parent,
        devices=tuple(retried),
        skipped=too_old,
    )


async def _nucleus(reader: RolloutStatusReader, thing_name: str) -> str | None:
    try:
        device = await reader.fanout.call(
            lambda: reader.gg.get_core_device(core_device_thing_name=thing_name)
        )
    except ServiceError as error:
        if error.code == "ResourceNotFoundException":
            return None
        raise
    return device.core_version


async def _group_with_exactly(
    reader: RolloutStatusReader, name: str, deployment_id: str, members: list[str]
) -> str:
    iot = reader.iot
    description = f"Devices retried from Greengrass deployment {deployment_id}"
    created = await reader.fanout.call(
        lambda: iot.create_thing_group(
            thing_group_name=name,
            thing_group_properties={"thingGroupDescription": description},
        )
    )
    current: list[str] = []
    token: str | None = None
    while True:
        page = await reader.fanout.page(
            iot.list_things_in_thing_group(thing_group_name=name, next_token=token)
        )
        current.extend(page.things or [])
        token = page.next_token
        if not token:
            break
    wanted = set(members)

    async def remove(thing: str) -> None:
        await reader.fanout.call(
            lambda: iot.remove_thing_from_thing_group(thing_group_name=name, thing_name=thing)
        )

    async def add(thing: str) -> None:
        await reader.fanout.call(
            lambda: iot.add_thing_to_thing_group(thing_group_name=name, thing_name=thing)
        )

    await asyncio.gather(
        *(remove(thing) for thing in current if thing not in wanted),
        *(add(thing) for thing in members if thing not in current),
    )
    return created.thing_group_arn or ""


def _same_deployment(report: RolloutReport, group_arn: str, group_name: str) -> dict[str, Any]:
    """CreateDeployment's fields: the original's content, aimed at the retry group."""
    original = report.deployment
    fields: dict[str, Any] = {
        "target_arn": group_arn,
        "parent_target_arn": original.target_arn,
        "deployment_name": f"{original.deployment_name or report.deployment_id} ({group_name})",
    }
    for name, value in (
        ("components", original.components),
        ("deployment_policies", original.deployment_policies),
        ("iot_job_configuration", original.iot_job_configuration),
    ):
        if value is not None:
            fields[name] = _as_wire(value)
    return fields


def _as_wire(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _as_wire(v) for k, v in value.items()}
    dump = getattr(value, "model_dump", None)
    return dump(by_alias=True, exclude_none=True) if dump else value
