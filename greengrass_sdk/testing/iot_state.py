"""The emulator's IoT registry and jobs: things, thing groups, jobs and their executions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from greengrass_sdk.iot.models import JobExecutionStatus, JobStatus

__all__ = ["Job", "JobExecution", "TERMINAL_EXECUTION_STATUSES", "Thing", "ThingGroup"]

TERMINAL_EXECUTION_STATUSES: frozenset[JobExecutionStatus] = frozenset(
    {"SUCCEEDED", "FAILED", "TIMED_OUT", "REJECTED", "REMOVED", "CANCELED"}
)
"""Statuses a job execution never leaves (IoT developer guide, "Jobs and job execution
states")."""


@dataclass
class Thing:
    """An IoT thing.

    ``groups`` is the thing's membership, in the order it joined; a core device registered for
    the thing shares this very list as its ``thing_groups``, so membership has one home.
    """

    name: str
    arn: str
    thing_id: str
    attributes: dict[str, str] = field(default_factory=dict)
    thing_type_name: str | None = None
    version: int = 1
    groups: list[str] = field(default_factory=list)


@dataclass
class ThingGroup:
    """A static IoT thing group."""

    name: str
    arn: str
    group_id: str
    created: dt.datetime
    description: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    parent: str | None = None
    version: int = 1


@dataclass
class JobExecution:
    """One thing's execution of a job."""

    job_id: str
    thing_name: str
    thing_arn: str
    execution_number: int
    queued_at: dt.datetime
    last_updated: dt.datetime
    status: JobExecutionStatus = "QUEUED"
    started_at: dt.datetime | None = None
    notified_at: dt.datetime | None = None
    version: int = 1
    force_canceled: bool = False
    details: dict[str, str] = field(default_factory=dict)

    @property
    def terminal(self) -> bool:
        """Whether the execution has reached a final status."""
        return self.status in TERMINAL_EXECUTION_STATUSES


@dataclass
class Job:
    """The IoT job that carries one Greengrass V2 deployment.

    Rollout bookkeeping (``window_*``, ``rate``, ``since_increase_*``) follows
    ``jobExecutionsRolloutConfig``: notifications per minute, raised by ``incrementFactor``
    each time the ``rateIncreaseCriteria`` are met, up to ``maximumPerMinute``.
    """

    job_id: str
    arn: str
    deployment_id: str
    target: str
    target_selection: str
    created: dt.datetime
    last_updated: dt.datetime
    rollout: dict[str, Any]
    abort: list[dict[str, Any]]
    timeout_minutes: int | None
    sequence: int
    status: JobStatus = "IN_PROGRESS"
    completed_at: dt.datetime | None = None
    comment: str | None = None
    reason_code: str | None = None
    force_canceled: bool = False
    executions: dict[str, JobExecution] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)
    rate: float = 1000.0
    window_start: dt.datetime | None = None
    window_count: int = 0
    since_increase_notified: int = 0
    since_increase_succeeded: int = 0
