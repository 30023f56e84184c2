"""What :func:`~greengrass_sdk.fleet.rollout_status` reports: the rollout, device by device."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from greengrass_sdk.fleet.errors import UnknownDevice
from greengrass_sdk.greengrassv2.models import GetDeploymentResponse
from greengrass_sdk.iot.models import Job

__all__ = [
    "FAILED_EXECUTION_STATUSES",
    "TERMINAL_EXECUTION_STATUSES",
    "DeviceRollout",
    "RolloutReport",
]

TERMINAL_EXECUTION_STATUSES = frozenset(
    {"SUCCEEDED", "FAILED", "TIMED_OUT", "REJECTED", "REMOVED", "CANCELED"}
)
"""IoT job execution statuses a device never leaves."""

FAILED_EXECUTION_STATUSES = frozenset({"FAILED", "TIMED_OUT", "REJECTED"})
"""Execution statuses that count as a failed device (what ``retry_failed`` retries)."""


@dataclass(frozen=True)
class DeviceRollout:
    """One target device's part in a rollout.

    Attributes:
        thing_name: The device's thing.
        execution_status: The IoT job execution status (``QUEUED``, ``IN_PROGRESS``,
            ``SUCCEEDED``, ``FAILED``, ``TIMED_OUT``, ``REJECTED``, ``REMOVED``, ``CANCELED``).
        queued_at: When the execution was queued.
        started_at: When the device started it.
        last_updated_at: The execution's last status update.
        deployment_status: ``coreDeviceExecutionStatus`` from ``list_effective_deployments``
            (``None`` for a thing that is no Greengrass core device).
        reason: The device's reason for that status.
        error_stack: ``statusDetails.errorStack``, outermost first.
        error_types: ``statusDetails.errorTypes``.
        health: ``HEALTHY``/``UNHEALTHY`` from ``list_core_devices``.
        health_updated_at: When the device last reported its health.
        stuck: Whether the row looks stuck (see ``stuck_reason``).
        stuck_reason: Why: too long ``QUEUED``/``IN_PROGRESS``, or past the job's timeout.
    """

    thing_name: str
    execution_status: str
    queued_at: dt.datetime | None = None
    started_at: dt.datetime | None = None
    last_updated_at: dt.datetime | None = None
    deployment_status: str | None = None
    reason: str | None = None
    error_stack: tuple[str, ...] = ()
    error_types: tuple[str, ...] = ()
    health: str | None = None
    health_updated_at: dt.datetime | None = None
    stuck: bool = False
    stuck_reason: str | None = None

    @property
    def terminal(self) -> bool:
        """Whether the device is done with the deployment."""
        return self.execution_status in TERMINAL_EXECUTION_STATUSES

    @property
    def failed(self) -> bool:
        """Whether the device failed, was rejected or timed out."""
        return self.execution_status in FAILED_EXECUTION_STATUSES


@dataclass(frozen=True)
class RolloutReport:
    """A deployment, its IoT job and every target device, as of ``as_of``.

    Attributes:
        deployment: ``GetDeployment``'s answer.
        job: ``DescribeJob``'s job.
        devices: One row per job execution, sorted by thing name.
        as_of: The time stuck rows were judged against.
        api_calls: Calls made to build the report (each page counts once).
    """

    deployment: GetDeploymentResponse
    job: Job
    devices: tuple[DeviceRollout, ...]
    as_of: dt.datetime
    api_calls: int = 0
    _by_name: dict[str, DeviceRollout] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_name.update((row.thing_name, row) for row in self.devices)

    @property
    def deployment_id(self) -> str:
        """The deployment's id."""
        return self.deployment.deployment_id or ""

    @property
    def totals(self) -> Mapping[str, int]:
        """Number of devices per execution status."""
        return dict(Counter(row.execution_status for row in self.devices))

    @property
    def failed(self) -> tuple[DeviceRollout, ...]:
        """Devices that failed, were rejected or timed out."""
        return tuple(row for row in self.devices if row.failed)

    @property
    def stuck(self) -> tuple[DeviceRollout, ...]:
        """Devices that look stuck."""
        return tuple(row for row in self.devices if row.stuck)

    @property
    def job_canceled(self) -> bool:
        """Whether the job was canceled (by hand, by its abort criteria or by superseding)."""
        return self.job.status == "CANCELED"

    @property
    def finished(self) -> bool:
        """Every device is done, or the job was canceled or completed."""
        if self.job.status in ("CANCELED", "COMPLETED"):
            return True
        return all(row.terminal for row in self.devices)

    @property
    def failure_percentage(self) -> float:
        """Failed devices as a percentage of the devices that are done (0 when none is)."""
        done = sum(1 for row in self.devices if row.execution_status in _EXECUTED)
        return 100.0 * len(self.failed) / done if done else 0.0

    def device(self, thing_name: str) -> DeviceRollout:
        """The row of one device.

        Raises:
            UnknownDevice: The device is no target of this deployment (also a ``KeyError``).
        """
        try:
            return self._by_name[thing_name]
        except KeyError:
            raise UnknownDevice(thing_name, f"deployment {self.deployment_id}") from None


_EXECUTED = frozenset({"SUCCEEDED", "FAILED", "TIMED_OUT", "REJECTED"})
