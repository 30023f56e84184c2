"""A Greengrass V2 deployment's whole life in the emulator, with the IoT job that carries it.

One place for the rules: creating a deployment (which supersedes the target's previous one and
creates its job, with one execution per thing in the target), the job's rollout (notifications
per minute, exponential increase), scripted devices picking the job up and reporting, in-progress
timeouts, abort criteria, cancellation of deployments, jobs and executions, and things joining or
leaving a target group. Statuses are the generated literals (``DeploymentStatus``,
``JobStatus``, ``JobExecutionStatus``, ``EffectiveDeploymentExecutionStatus``).

Everything happens on the emulator's clock: due events sit on a timeline and :func:`catch_up`
plays those whose time has come (called by the handlers that read this state, and after every
``clock.advance``).

Sources of the rules: the AWS IoT Greengrass V2 API reference (CreateDeployment,
CancelDeployment, EffectiveDeployment, DeploymentIoTJobConfiguration and its parts), the AWS IoT
API reference (Job, JobExecution, CancelJob, CancelJobExecution, AbortCriteria,
JobExecutionsRolloutConfig, TimeoutConfig) and the IoT developer guide's "Jobs and job execution
states". Where those say nothing, the rule is marked GUESS in a comment.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import uuid
from typing import TYPE_CHECKING, Any, Literal

from greengrass_sdk.greengrassv2.models import DeploymentStatus, EffectiveDeploymentExecutionStatus
from greengrass_sdk.iot.models import JobExecutionStatus
from greengrass_sdk.testing.iot_state import Job, JobExecution, Thing
from greengrass_sdk.testing.state import CoreDevice, Deployment, RegionState

if TYPE_CHECKING:
    from greengrass_sdk.testing.device_simulation import DeviceReport

__all__ = [
    "cancel_deployment",
    "cancel_execution",
    "cancel_job",
    "catch_up",
    "create_deployment",
    "device_targets",
    "on_membership_change",
    "queue_for_device",
    "record_device_results",
    "remove_thing",
]

EventKind = Literal["notify", "start", "finish", "timeout"]

_MINUTE = dt.timedelta(minutes=1)
# CreateJob's documented default and ceiling for maximumPerMinute.
_MAX_PER_MINUTE = 1000
_FAILURES: dict[str, frozenset[str]] = {
    "FAILED": frozenset({"FAILED"}),
    "REJECTED": frozenset({"REJECTED"}),
    "TIMED_OUT": frozenset({"TIMED_OUT"}),
    "ALL": frozenset({"FAILED", "REJECTED", "TIMED_OUT"}),
}
_EXECUTED = frozenset({"SUCCEEDED", "FAILED", "REJECTED", "TIMED_OUT"})


# -- targets and effective deployments ---------------------------------------------------------


def device_targets(state: RegionState, device: CoreDevice) -> set[str]:
    """The target ARNs whose deployments reach ``device``."""
    targets = {state.arn("iot", f"thing/{device.thing_name}")}
    targets.update(state.arn("iot", f"thinggroup/{group}") for group in device.thing_groups)
    return targets


def queue_for_device(state: RegionState, device: CoreDevice, deployment: Deployment) -> None:
    """Show ``deployment`` among the device's effective deployments, as ``QUEUED``."""
    device.effective[deployment.deployment_id] = {
        "deploymentId": deployment.deployment_id,
        "deploymentName": deployment.name or deployment.deployment_id,
        "iotJobId": deployment.iot_job_id,
        "iotJobArn": state.arn("iot", f"job/{deployment.iot_job_id}"),
        "targetArn": deployment.target_arn,
        "coreDeviceExecutionStatus": "QUEUED",
        "creationTimestamp": deployment.created,
        "modifiedTimestamp": deployment.created,
    }


def _members(state: RegionState, target_arn: str) -> list[str]:
    kind, _, name = target_arn.split(":", 5)[-1].partition("/")
    if kind == "thing":
        # GUESS: a deployment to a thing that is not registered yet still gets its execution,
        # as the device may register later (CreateDeployment does not require the thing).
        return [name]
    return sorted(t.name for t in state.things.values() if name in t.groups)


# -- creation and superseding ------------------------------------------------------------------


def create_deployment(state: RegionState, params: dict[str, Any]) -> Deployment:
    """Create a deployment from CreateDeployment's validated input, with its job.

    The target's previous latest deployment stops being latest; an ``ACTIVE`` one becomes
    ``INACTIVE`` and its job is canceled (GUESS: the API reference says a new deployment
    replaces the previous one for the target; canceling the old job's queued executions is how
    devices then see only the new one).
    """
    target = params["targetArn"]
    now = state.clock.now()
    previous = state.latest_deployments.get(target)
    if previous is not None:
        previous.is_latest = False
        if previous.status == "ACTIVE":
            previous.status = "INACTIVE"
            job = state.jobs.get(previous.iot_job_id)
            if job is not None and job.status == "IN_PROGRESS":
                cancel_job(state, job, force=False, comment="Superseded by a new revision.")
    revision = state.revisions.get(target, 0) + 1
    state.revisions[target] = revision
    deployment_id = str(uuid.uuid4())
    deployment = Deployment(
        deployment_id=deployment_id,
        arn=state.arn("greengrass", f"deployments:{deployment_id}"),
        target_arn=target,
        revision_id=str(revision),
        name=params.get("deploymentName"),
        components=params.get("components") or {},
        policies=params.get("deploymentPolicies"),
        job_configuration=params.get("iotJobConfiguration"),
        parent_target_arn=params.get("parentTargetArn"),
        created=now,
        sequence=state.next_sequence(),
    )
    state.deployments[deployment_id] = deployment
    state.latest_deployments[target] = deployment
    state.deployment_index.put((deployment.sequence,), deployment)
    _create_job(state, deployment)
    catch_up(state)
    return deployment


def _create_job(state: RegionState, deployment: Deployment) -> Job:
    config = deployment.job_configuration or {}
    rollout = dict(config.get("jobExecutionsRolloutConfig") or {})
    timeout = (config.get("timeoutConfig") or {}).get("inProgressTimeoutInMinutes")
    is_group = "thinggroup/" in deployment.target_arn
    job = Job(
        job_id=deployment.iot_job_id,
        arn=state.arn("iot", f"job/{deployment.iot_job_id}"),
        deployment_id=deployment.deployment_id,
        target=deployment.target_arn,
        # Greengrass V2 jobs to thing groups are continuous: things that join the group later
        # receive the deployment (developer guide, "Create deployments").
        target_selection="CONTINUOUS" if is_group else "SNAPSHOT",
        created=deployment.created,
        last_updated=deployment.created,
        rollout=rollout,
        abort=list((config.get("abortConfig") or {}).get("criteriaList") or []),
        timeout_minutes=int(timeout) if timeout else None,
        sequence=deployment.sequence,
    )
    exponential = rollout.get("exponentialRate") or {}
    ceiling = float(rollout.get("maximumPerMinute") or _MAX_PER_MINUTE)
    job.rate = min(ceiling, float(exponential.get("baseRatePerMinute") or ceiling))
    state.jobs[job.job_id] = job
    state.job_index.put((job.sequence,), job)
    for thing_name in _members(state, deployment.target_arn):
        _add_execution(state, job, thing_name)
    return job


def _add_execution(state: RegionState, job: Job, thing_name: str) -> None:
    now = state.clock.now()
    state.executions_per_thing[thing_name] += 1
    number = state.executions_per_thing[thing_name]
    job.executions[thing_name] = JobExecution(
        job_id=job.job_id,
        thing_name=thing_name,
        thing_arn=state.arn("iot", f"thing/{thing_name}"),
        execution_number=number,
        queued_at=now,
        last_updated=now,
    )
    job.pending.append(thing_name)
    device = state.core_devices.get(thing_name)
    deployment = state.deployments.get(job.deployment_id)
    if device is not None and deployment is not None:
        queue_for_device(state, device, deployment)
    _schedule(state, now, "notify", job.job_id)


def on_membership_change(state: RegionState, thing: Thing) -> None:
    """A thing joined a group or was registered: continuous jobs of its groups reach it.

    GUESS: a thing that leaves a group keeps the executions it already has (the IoT guide
    documents only that continuous jobs reach things added to the group).
    """
    device = state.core_devices.get(thing.name)
    targets = {state.arn("iot", f"thinggroup/{group}") for group in thing.groups}
    targets.add(thing.arn)
    for job in state.jobs.values():
        if job.status != "IN_PROGRESS" or job.target not in targets:
            continue
        deployment = state.deployments.get(job.deployment_id)
        if thing.name not in job.executions:
            _add_execution(state, job, thing.name)
        elif (
            device is not None
            and deployment is not None
            and deployment.deployment_id not in device.effective
        ):
            queue_for_device(state, device, deployment)
    catch_up(state)


# -- the timeline ------------------------------------------------------------------------------


def _schedule(
    state: RegionState, at: dt.datetime, kind: EventKind, job_id: str, thing: str = ""
) -> None:
    heapq.heappush(state.timeline, (at, state.next_sequence(), kind, job_id, thing))


def catch_up(state: RegionState) -> None:
    """Play every event due by the clock's current time, in time order."""
    now = state.clock.now()
    while state.timeline and state.timeline[0][0] <= now:
        at, _, kind, job_id, thing = heapq.heappop(state.timeline)
        job = state.jobs.get(job_id)
        if job is None:
            continue
        if kind == "notify":
            _notify(state, job, at)
            continue
        execution = job.executions.get(thing)
        if execution is None:
            continue
        if kind == "start":
            _start(state, job, execution, at)
        elif kind == "finish":
            _finish(state, job, execution, at)
        else:
            _time_out(state, job, execution, at)


def _notify(state: RegionState, job: Job, at: dt.datetime) -> None:
    """Send as many queued executions as this minute's rollout rate allows."""
    if job.status != "IN_PROGRESS" or not job.pending:
        return
    if job.window_start is None:
        job.window_start = at
    elapsed = math.floor((at - job.window_start) / _MINUTE)
    if elapsed > 0:
        job.window_start += elapsed * _MINUTE
        job.window_count = 0
    while job.pending and job.window_count < math.floor(job.rate):
        thing = job.pending.pop(0)
        execution = job.executions.get(thing)
        if execution is None or execution.status != "QUEUED":
            continue
        execution.notified_at = at
        job.window_count += 1
        job.since_increase_notified += 1
        _raise_rate(job)
        behaviour = state.behaviours.get(thing)
        if behaviour is None or thing not in state.core_devices:
            continue  # an unscripted device waits for server.apply_deployments()
        delay = behaviour.online_delay()
        if delay is not None:
            _schedule(state, at + delay, "start", job.job_id, thing)
    if job.pending:
        _schedule(state, job.window_start + _MINUTE, "notify", job.job_id)


def _raise_rate(job: Job) -> None:
    exponential = job.rollout.get("exponentialRate") or {}
    criteria = exponential.get("rateIncreaseCriteria") or {}
    notified, succeeded = (
        criteria.get("numberOfNotifiedThings"),
        criteria.get("numberOfSucceededThings"),
    )
    met = (notified and job.since_increase_notified >= notified) or (
        succeeded and job.since_increase_succeeded >= succeeded
    )
    if exponential and met:
        ceiling = float(job.rollout.get("maximumPerMinute") or _MAX_PER_MINUTE)
        job.rate = min(ceiling, job.rate * float(exponential.get("incrementFactor") or 1))
        job.since_increase_notified = job.since_increase_succeeded = 0


def _start(state: RegionState, job: Job, execution: JobExecution, at: dt.datetime) -> None:
    if execution.status != "QUEUED" or job.status != "IN_PROGRESS":
        return
    behaviour = state.behaviours.get(execution.thing_name)
    if behaviour is None:
        return
    execution.started_at = at
    _set_status(state, job, execution, "IN_PROGRESS", at)
    if behaviour.effective_outcome() != "stuck":
        finish = at + dt.timedelta(seconds=behaviour.duration)
        _schedule(state, finish, "finish", job.job_id, execution.thing_name)
    if job.timeout_minutes:
        deadline = at + dt.timedelta(minutes=job.timeout_minutes)
        _schedule(state, deadline, "timeout", job.job_id, execution.thing_name)


def _finish(state: RegionState, job: Job, execution: JobExecution, at: dt.datetime) -> None:
    if execution.status != "IN_PROGRESS":
        return
    behaviour = state.behaviours.get(execution.thing_name)
    device = state.core_devices.get(execution.thing_name)
    if behaviour is None or device is None:
        return
    if behaviour.effective_outcome() == "fails":
        details = {
            "errorStack": list(behaviour.error_stack),
            "errorTypes": list(behaviour.error_types),
        }
        _set_status(state, job, execution, "FAILED", at, behaviour.reason, details)
        device.status = "UNHEALTHY"
        device.last_status_update = at
        return
    # The device resolves and applies the deployment the way the nucleus does; it can still
    # fail there (no version satisfies a requirement).
    from greengrass_sdk.testing.device_simulation import apply_deployments

    report = apply_deployments(state, device)
    if job.deployment_id not in report.outcomes:
        _set_status(state, job, execution, "SUCCEEDED", at)
    record_device_results(state, device, report, at)


def _time_out(state: RegionState, job: Job, execution: JobExecution, at: dt.datetime) -> None:
    if execution.status != "IN_PROGRESS":
        return
    reason = f"The deployment did not finish within {job.timeout_minutes} minutes."
    _set_status(state, job, execution, "TIMED_OUT", at, reason)


def record_device_results(
    state: RegionState, device: CoreDevice, report: DeviceReport, at: dt.datetime | None = None
) -> None:
    """Take a device's report: its job executions, effective deployments and health follow.

    A deployment the device had already finished keeps its status (the nucleus reports each
    deployment once); the device's health and last status update are those of the report.
    """
    at = at or state.clock.now()
    for deployment_id, outcome in report.outcomes.items():
        deployment = state.deployments.get(deployment_id)
        job = state.jobs.get(deployment.iot_job_id) if deployment else None
        if job is None:
            continue
        execution = job.executions.get(device.thing_name)
        if execution is None:
            execution = JobExecution(
                job_id=job.job_id,
                thing_name=device.thing_name,
                thing_arn=state.arn("iot", f"thing/{device.thing_name}"),
                execution_number=1,
                queued_at=at,
                last_updated=at,
            )
            job.executions[device.thing_name] = execution
            state.executions_per_thing[device.thing_name] += 1
        if execution.terminal:
            continue
        if execution.started_at is None:
            execution.started_at = at
        status: JobExecutionStatus = "SUCCEEDED" if outcome == "SUCCEEDED" else "FAILED"
        _set_status(state, job, execution, status, at, report.reason)
    if report.outcomes:
        device.status = "UNHEALTHY" if report.reason else "HEALTHY"
        device.last_status_update = at


# A deployment to a single thing ends with its one execution; thing-group deployments stay
# ACTIVE (continuous jobs). CANCELED and REMOVED executions are settled by the cancellation.
_THING_DEPLOYMENT_ENDS: dict[str, DeploymentStatus] = {
    "SUCCEEDED": "COMPLETED",
    "FAILED": "FAILED",
    "REJECTED": "FAILED",
    "TIMED_OUT": "FAILED",
}


def _settle_thing_deployment(state: RegionState, job: Job, status: JobExecutionStatus) -> None:
    """End an ``ACTIVE`` deployment to a single thing as its execution ends."""
    deployment = state.deployments.get(job.deployment_id)
    ends = _THING_DEPLOYMENT_ENDS.get(status)
    is_thing = job.target_selection == "SNAPSHOT"
    if deployment is not None and is_thing and ends and deployment.status == "ACTIVE":
        deployment.status = ends


def _set_status(
    state: RegionState,
    job: Job,
    execution: JobExecution,
    status: JobExecutionStatus,
    at: dt.datetime,
    reason: str | None = None,
    details: dict[str, list[str]] | None = None,
) -> None:
    """Move one execution (and the device's effective deployment) to ``status``."""
    execution.status = status
    execution.last_updated = at
    execution.version += 1
    if reason:
        execution.details["reason"] = reason[:1024]
    job.last_updated = at
    device = state.core_devices.get(execution.thing_name)
    deployment = state.deployments.get(job.deployment_id)
    if device is not None and deployment is not None:
        effective = device.effective.get(job.deployment_id)
        if effective is None:
            queue_for_device(state, device, deployment)
            effective = device.effective[job.deployment_id]
        effective_status: EffectiveDeploymentExecutionStatus = status  # type: ignore[assignment]
        effective["coreDeviceExecutionStatus"] = effective_status
        effective["modifiedTimestamp"] = at
        if reason:
            effective["reason"] = reason
        if details:
            effective["statusDetails"] = details
    if status == "SUCCEEDED":
        job.since_increase_succeeded += 1
        _raise_rate(job)
    if execution.terminal:
        _settle_thing_deployment(state, job, status)
        _check_abort(state, job, at)
        _complete_snapshot(job, at)


def _complete_snapshot(job: Job, at: dt.datetime) -> None:
    """A snapshot job completes when every execution has ended; a continuous one never does."""
    executions = job.executions.values()
    is_snapshot = job.target_selection == "SNAPSHOT"
    if is_snapshot and job.status == "IN_PROGRESS" and all(e.terminal for e in executions):
        job.status = "COMPLETED"
        job.completed_at = at


def _check_abort(state: RegionState, job: Job, at: dt.datetime) -> None:
    """Cancel the job when an abort criterion is met.

    GUESS (the references define the fields, not the arithmetic): "executed" counts executions
    that reached SUCCEEDED, FAILED, REJECTED or TIMED_OUT; the job aborts once at least
    ``minNumberOfExecutedThings`` have, and failures of ``failureType`` are at least
    ``thresholdPercentage`` percent of them. "At least" follows the IoT reference's
    AbortCriteria ("the minimum percentage", "the minimum number"); the Greengrass V2
    reference's IoTJobAbortCriteria says "exceeds" for both.
    """
    if job.status != "IN_PROGRESS" or not job.abort:
        return
    statuses = [e.status for e in job.executions.values()]
    executed = sum(1 for s in statuses if s in _EXECUTED)
    for criteria in job.abort:
        if executed < int(criteria.get("minNumberOfExecutedThings") or 1):
            continue
        failed = sum(1 for s in statuses if s in _FAILURES[str(criteria["failureType"])])
        if failed * 100 >= float(criteria["thresholdPercentage"]) * executed:
            comment = (
                f"Aborted: {failed} of {executed} executed things ended "
                f"{criteria['failureType']} (threshold {criteria['thresholdPercentage']} %)."
            )
            cancel_job(state, job, force=False, comment=comment, reason_code="ABORTED", at=at)
            return


# -- cancellation -----------------------------------------------------------------------------


def cancel_job(
    state: RegionState,
    job: Job,
    *,
    force: bool,
    comment: str | None = None,
    reason_code: str | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Cancel a job: queued executions are canceled, in-progress ones too when ``force``.

    As CancelJob documents: without ``force`` only ``QUEUED`` executions are canceled and the
    devices already working may still report. A canceled job carried by an ``ACTIVE``
    deployment cancels the deployment (GUESS: the service shows such deployments CANCELED).
    """
    at = at or state.clock.now()
    job.status = "CANCELED"
    job.force_canceled = force
    job.comment = comment
    job.reason_code = reason_code
    job.completed_at = job.last_updated = at
    job.pending.clear()
    for execution in job.executions.values():
        if execution.status == "QUEUED" or (force and execution.status == "IN_PROGRESS"):
            execution.force_canceled = force and execution.status == "IN_PROGRESS"
            _set_status(state, job, execution, "CANCELED", at)
    deployment = state.deployments.get(job.deployment_id)
    if deployment is not None and deployment.status == "ACTIVE":
        deployment.status = "CANCELED"


def cancel_deployment(state: RegionState, deployment: Deployment) -> None:
    """CancelDeployment: the deployment and its job are canceled, in-progress devices included.

    GUESS: Greengrass cancels the job with ``force`` (the nucleus stops a deployment it is
    still applying when its job is canceled).
    """
    job = state.jobs.get(deployment.iot_job_id)
    deployment.status = "CANCELED"
    if job is not None and job.status == "IN_PROGRESS":
        cancel_job(state, job, force=True, comment="The deployment was canceled.")
    now = state.clock.now()
    for device in state.core_devices.values():
        effective = device.effective.get(deployment.deployment_id)
        if effective and effective["coreDeviceExecutionStatus"] in ("QUEUED", "IN_PROGRESS"):
            effective["coreDeviceExecutionStatus"] = "CANCELED"
            effective["modifiedTimestamp"] = now


def cancel_execution(state: RegionState, job: Job, execution: JobExecution, *, force: bool) -> bool:
    """CancelJobExecution; ``False`` when the execution's status forbids it.

    ``QUEUED`` executions cancel; ``IN_PROGRESS`` ones only with ``force``; terminal ones never
    (the API answers ``InvalidStateTransitionException``).
    """
    if execution.status == "QUEUED" or (force and execution.status == "IN_PROGRESS"):
        execution.force_canceled = execution.status == "IN_PROGRESS"
        if execution.thing_name in job.pending:
            job.pending.remove(execution.thing_name)
        _set_status(state, job, execution, "CANCELED", state.clock.now())
        return True
    return False


def remove_thing(state: RegionState, thing_name: str) -> None:
    """A deleted thing's unfinished executions end ``REMOVED``.

    GUESS: the IoT guide lists ``REMOVED`` among the terminal statuses without saying when; a
    deleted thing is the case the console shows it for.
    """
    now = state.clock.now()
    for job in state.jobs.values():
        execution = job.executions.get(thing_name)
        if execution is not None and not execution.terminal:
            if thing_name in job.pending:
                job.pending.remove(thing_name)
            _set_status(state, job, execution, "REMOVED", now)
