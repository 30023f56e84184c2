"""``rollout_status``: one call answering "how is this rollout going on each device"."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from typing import Literal

from greengrass_sdk._core.exceptions import ServiceError
from greengrass_sdk.fleet.fanout import FanOut
from greengrass_sdk.fleet.rate_limit import RateLimiter
from greengrass_sdk.fleet.report import DeviceRollout, RolloutReport
from greengrass_sdk.greengrassv2.client import GreengrassV2Client
from greengrass_sdk.greengrassv2.models import EffectiveDeployment, GetDeploymentResponse
from greengrass_sdk.iot.client import IoTClient
from greengrass_sdk.iot.models import Job, JobExecutionSummaryForJob

__all__ = ["DEFAULT_STUCK_AFTER", "LimiterChoice", "RolloutStatusReader", "rollout_status"]

DEFAULT_STUCK_AFTER = dt.timedelta(minutes=30)
"""How long a device may stay ``QUEUED`` or ``IN_PROGRESS`` before its row is marked stuck."""

LimiterChoice = RateLimiter | Literal[False] | None
"""A limiter to share, ``None`` for a fresh adaptive one, ``False`` for none at all."""


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _thing_of(arn: str | None) -> str:
    return (arn or "").rsplit("thing/", 1)[-1]


class RolloutStatusReader:
    """Reads rollout reports of deployments; one reader keeps its limiter across reports.

    Args:
        gg: A Greengrass V2 client.
        iot: An IoT client (same account and region).
        stuck_after: See :data:`DEFAULT_STUCK_AFTER`.
        concurrency: Calls in flight at most.
        rate_limiter: See :data:`LimiterChoice`.
        clock: Current time, for judging stuck rows (UTC ``datetime.now`` by default).
    """

    def __init__(
        self,
        gg: GreengrassV2Client,
        iot: IoTClient,
        *,
        stuck_after: dt.timedelta = DEFAULT_STUCK_AFTER,
        concurrency: int = 16,
        rate_limiter: LimiterChoice = None,
        clock: Callable[[], dt.datetime] = _utcnow,
    ) -> None:
        self.gg = gg
        self.iot = iot
        self.stuck_after = stuck_after
        self.clock = clock
        limiter = RateLimiter() if rate_limiter is None else rate_limiter or None
        self.fanout = FanOut(limiter, concurrency)

    async def read(self, deployment_id: str) -> RolloutReport:
        """Build the report of one deployment.

        Raises:
            ServiceError: The deployment or its job does not exist, or a call failed after
                its retries (throttling included, once the limiter's retries are spent).
        """
        calls_before = self.fanout.calls
        deployment = await self.fanout.call(
            lambda: self.gg.get_deployment(deployment_id=deployment_id)
        )
        job_id = deployment.iot_job_id
        if not job_id:
            raise ServiceError(
                f"Deployment {deployment_id} has no IoT job yet; ask again in a moment.",
                code="DeploymentHasNoJob",
                operation="GetDeployment",
                service="greengrassv2",
            )
        job_response, executions, health = await asyncio.gather(
            self.fanout.call(lambda: self.iot.describe_job(job_id=job_id)),
            self._executions(job_id),
            self._health(deployment),
        )
        job = job_response.job or Job()
        names = [_thing_of(e.thing_arn) for e in executions]
        effective = await asyncio.gather(*(self._effective(n, deployment_id) for n in names))
        as_of = self.clock()
        rows = [
            self._row(summary, eff, health.get(name), job, as_of)
            for name, summary, eff in zip(names, executions, effective, strict=True)
        ]
        rows.sort(key=lambda row: row.thing_name)
        return RolloutReport(
            deployment, job, tuple(rows), as_of, api_calls=self.fanout.calls - calls_before
        )

    async def _executions(self, job_id: str) -> list[JobExecutionSummaryForJob]:
        found: list[JobExecutionSummaryForJob] = []
        token: str | None = None
        while True:
            page = await self.fanout.page(
                self.iot.list_job_executions_for_job(
                    job_id=job_id, max_results=250, next_token=token
                )
            )
            found.extend(page.execution_summaries or [])
            token = page.next_token
            if not token:
                return found

    async def _health(
        self, deployment: GetDeploymentResponse
    ) -> dict[str, tuple[str | None, dt.datetime | None]]:
        target = deployment.target_arn or ""
        if ":thing/" in target:
            name = _thing_of(target)
            try:
                one = await self.fanout.call(
                    lambda: self.gg.get_core_device(core_device_thing_name=name)
                )
            except ServiceError as error:
                if error.code == "ResourceNotFoundException":
                    return {}
                raise
            return {name: (one.status, one.last_status_update_timestamp)}
        health: dict[str, tuple[str | None, dt.datetime | None]] = {}
        token: str | None = None
        while True:
            page = await self.fanout.page(
                self.gg.list_core_devices(thing_group_arn=target, max_results=100, next_token=token)
            )
            for device in page.core_devices or []:
                health[device.core_device_thing_name or ""] = (
                    device.status,
                    device.last_status_update_timestamp,
                )
            token = page.next_token
            if not token:
                return health

    async def _effective(self, thing_name: str, deployment_id: str) -> EffectiveDeployment | None:
        token: str | None = None
        while True:
            try:
                page = await self.fanout.page(
                    self.gg.list_effective_deployments(
                        core_device_thing_name=thing_name, next_token=token
                    )
                )
            except ServiceError as error:
                if error.code == "ResourceNotFoundException":
                    return None  # a thing of the group that is no core device
                raise
            for entry in page.effective_deployments or []:
                if entry.deployment_id == deployment_id:
                    return entry
            token = page.next_token
            if not token:
                return None

    def _row(
        self,
        summary: JobExecutionSummaryForJob,
        effective: EffectiveDeployment | None,
        health: tuple[str | None, dt.datetime | None] | None,
        job: Job,
        as_of: dt.datetime,
    ) -> DeviceRollout:
        execution = summary.job_execution_summary
        status = str(execution.status) if execution and execution.status else "QUEUED"
        queued = execution.queued_at if execution else None
        started = execution.started_at if execution else None
        updated = execution.last_updated_at if execution else None
        details = effective.status_details if effective else None
        stuck_reason = self._stuck_reason(status, queued, started, updated, job, as_of)
        return DeviceRollout(
            thing_name=_thing_of(summary.thing_arn),
            execution_status=status,
            queued_at=queued,
            started_at=started,
            last_updated_at=updated,
            deployment_status=str(effective.core_device_execution_status)
            if effective and effective.core_device_execution_status
            else None,
            reason=effective.reason if effective else None,
            error_stack=tuple(details.error_stack or ()) if details else (),
            error_types=tuple(details.error_types or ()) if details else (),
            health=str(health[0]) if health and health[0] else None,
            health_updated_at=health[1] if health else None,
            stuck=stuck_reason is not None,
            stuck_reason=stuck_reason,
        )

    def _stuck_reason(
        self,
        status: str,
        queued: dt.datetime | None,
        started: dt.datetime | None,
        updated: dt.datetime | None,
        job: Job,
        as_of: dt.datetime,
    ) -> str | None:
        if status == "IN_PROGRESS":
            timeout = (
                job.timeout_config.in_progress_timeout_in_minutes if job.timeout_config else None
            )
            since = started or updated
            if since is not None and timeout and as_of - since > dt.timedelta(minutes=timeout):
                return f"IN_PROGRESS past the job's {timeout}-minute in-progress timeout"
            if since is not None and as_of - since > self.stuck_after:
                return f"IN_PROGRESS for {_span(as_of - since)}"
        if status == "QUEUED":
            since = queued or updated
            if since is not None and as_of - since > self.stuck_after:
                return f"QUEUED for {_span(as_of - since)} (device offline?)"
        return None


def _span(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"


async def rollout_status(
    gg: GreengrassV2Client,
    iot: IoTClient,
    deployment_id: str,
    *,
    stuck_after: dt.timedelta = DEFAULT_STUCK_AFTER,
    concurrency: int = 16,
    rate_limiter: LimiterChoice = None,
    clock: Callable[[], dt.datetime] = _utcnow,
) -> RolloutReport:
    """Report a deployment's rollout: the deployment, its IoT job and one row per device.

    Calls ``GetDeployment``, ``DescribeJob``, ``ListJobExecutionsForJob`` (250 a page),
    ``ListCoreDevices`` for the target group (or ``GetCoreDevice`` for a single thing) and
    ``ListEffectiveDeployments`` once per device, at most ``concurrency`` at once and paced by
    a rate limiter that backs off when the service throttles.

    Args:
        gg: A Greengrass V2 client.
        iot: An IoT client (same account and region).
        deployment_id: The deployment.
        stuck_after: How long ``QUEUED``/``IN_PROGRESS`` may last before a row is stuck.
        concurrency: Calls in flight at most.
        rate_limiter: A :class:`RateLimiter` to share, ``None`` for a fresh adaptive one,
            ``False`` for none.
        clock: Current time, for judging stuck rows.

    Returns:
        The report.

    Raises:
        ServiceError: The deployment or its job does not exist, or a call kept failing.
    """
    reader = RolloutStatusReader(
        gg,
        iot,
        stuck_after=stuck_after,
        concurrency=concurrency,
        rate_limiter=rate_limiter,
        clock=clock,
    )
    return await reader.read(deployment_id)
