"""``watch_rollout``: follow a rollout to its end, one snapshot of what changed at a time."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from greengrass_sdk._core.exceptions import ConfigurationError, ServiceError
from greengrass_sdk.fleet.report import DeviceRollout, RolloutReport
from greengrass_sdk.fleet.status import (
    DEFAULT_STUCK_AFTER,
    LimiterChoice,
    RolloutStatusReader,
    _utcnow,
)
from greengrass_sdk.greengrassv2.client import GreengrassV2Client
from greengrass_sdk.iot.client import IoTClient

__all__ = ["RolloutUpdate", "StopWhen", "watch_rollout"]


@dataclass(frozen=True)
class StopWhen:
    """Conditions on which :func:`watch_rollout` cancels the deployment and stops.

    Attributes:
        failure_percentage: Cancel once this percentage of the devices that are done failed.
        failed_devices: Cancel once this many devices failed.
        after_devices: Judge ``failure_percentage`` only once this many devices are done.
    """

    failure_percentage: float | None = None
    failed_devices: int | None = None
    after_devices: int = 1

    def __post_init__(self) -> None:
        if self.failure_percentage is not None and not 0 < self.failure_percentage <= 100:
            raise ConfigurationError("StopWhen.failure_percentage must be above 0 and at most 100")
        if self.failed_devices is not None and self.failed_devices < 1:
            raise ConfigurationError("StopWhen.failed_devices must be at least 1")
        if self.after_devices < 1:
            raise ConfigurationError("StopWhen.after_devices must be at least 1")

    def reason(self, report: RolloutReport) -> str | None:
        """Why the rollout should stop now, or ``None``."""
        failed = len(report.failed)
        if self.failed_devices is not None and failed >= self.failed_devices:
            return f"{failed} devices failed (limit {self.failed_devices})"
        done = sum(
            1 for row in report.devices if row.terminal and row.execution_status != "CANCELED"
        )
        if (
            self.failure_percentage is not None
            and done >= self.after_devices
            and report.failure_percentage >= self.failure_percentage
        ):
            return (
                f"{report.failure_percentage:.1f} % of {done} finished devices failed "
                f"(limit {self.failure_percentage} %)"
            )
        return None


@dataclass(frozen=True)
class RolloutUpdate:
    """One snapshot of a watched rollout.

    Attributes:
        report: The whole current report.
        changed: Rows whose status, deployment status or stuck flag changed since the last
            snapshot (every row in the first one).
        new_failures: Devices that failed since the last snapshot; each failure appears in
            exactly one update.
        newly_stuck: Devices that started to look stuck since the last snapshot.
        done: Whether this is the last update.
        stop_reason: Why watching ended (``finished``, ``job canceled``, ``deadline``, or the
            stop condition that canceled the deployment); ``None`` before the end.
        canceled: Whether the watch canceled the deployment.
    """

    report: RolloutReport
    changed: tuple[DeviceRollout, ...]
    new_failures: tuple[DeviceRollout, ...]
    newly_stuck: tuple[DeviceRollout, ...]
    done: bool = False
    stop_reason: str | None = None
    canceled: bool = False


def _key(row: DeviceRollout) -> tuple[str, str | None, bool]:
    return (row.execution_status, row.deployment_status, row.stuck)


async def watch_rollout(
    gg: GreengrassV2Client,
    iot: IoTClient,
    deployment_id: str,
    *,
    interval: float = 30.0,
    deadline: dt.timedelta | None = None,
    stop_when: StopWhen | None = None,
    stuck_after: dt.timedelta = DEFAULT_STUCK_AFTER,
    concurrency: int = 16,
    rate_limiter: LimiterChoice = None,
    clock: Callable[[], dt.datetime] = _utcnow,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> AsyncIterator[RolloutUpdate]:
    """Poll a rollout and yield what changed, until it ends.

    Watching ends (with a last update whose ``done`` is true) when every device is done or the
    job was canceled or completed, when ``deadline`` has passed, or when a ``stop_when``
    condition holds, in which case the deployment is canceled first. Polls without a change
    yield nothing. One rate limiter paces every poll.

    Args:
        gg: A Greengrass V2 client.
        iot: An IoT client.
        deployment_id: The deployment to watch.
        interval: Seconds between polls.
        deadline: Stop watching after this long (the deployment goes on).
        stop_when: Conditions that cancel the deployment.
        stuck_after: See :func:`~greengrass_sdk.fleet.rollout_status`.
        concurrency: Calls in flight at most.
        rate_limiter: See :func:`~greengrass_sdk.fleet.rollout_status`.
        clock: Current time (for the deadline and stuck rows).
        sleep: Awaitable sleep between polls (a simulated clock's ``advance`` in tests).

    Yields:
        One :class:`RolloutUpdate` per poll that changed something, and a last one.
    """
    if interval <= 0:
        raise ConfigurationError("interval must be positive")
    reader = RolloutStatusReader(
        gg,
        iot,
        stuck_after=stuck_after,
        concurrency=concurrency,
        rate_limiter=rate_limiter,
        clock=clock,
    )
    started = clock()
    seen: dict[str, tuple[str, str | None, bool]] = {}
    failed: set[str] = set()
    stuck: set[str] = set()
    while True:
        report = await reader.read(deployment_id)
        changed = tuple(row for row in report.devices if seen.get(row.thing_name) != _key(row))
        new_failures = tuple(row for row in report.failed if row.thing_name not in failed)
        newly_stuck = tuple(row for row in report.stuck if row.thing_name not in stuck)
        seen = {row.thing_name: _key(row) for row in report.devices}
        failed.update(row.thing_name for row in new_failures)
        stuck = {row.thing_name for row in report.stuck}
        reason = stop_when.reason(report) if stop_when and not report.finished else None
        canceled = False
        if reason is not None:
            canceled = await _cancel(gg, deployment_id)
            report = await reader.read(deployment_id)
        elif report.finished:
            reason = "job canceled" if report.job_canceled else "finished"
        elif deadline is not None and clock() - started >= deadline:
            reason = "deadline"
        if reason is not None:
            yield RolloutUpdate(report, changed, new_failures, newly_stuck, True, reason, canceled)
            return
        if changed or new_failures or newly_stuck:
            yield RolloutUpdate(report, changed, new_failures, newly_stuck)
        await sleep(interval)


async def _cancel(gg: GreengrassV2Client, deployment_id: str) -> bool:
    """Cancel the deployment; ``False`` when it was no longer active (someone was faster)."""
    try:
        await gg.cancel_deployment(deployment_id=deployment_id)
    except ServiceError as error:
        if error.code == "ConflictException":
            return False
        raise
    return True
