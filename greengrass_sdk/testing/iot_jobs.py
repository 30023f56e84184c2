"""IoT jobs and job executions: the read side, and cancellation, of the jobs behind deployments.

The emulator creates jobs only through Greengrass V2 CreateDeployment (CreateJob itself is not
in the SDK's IoT scope); their life is in :mod:`~greengrass_sdk.testing.deployment_lifecycle`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from greengrass_sdk.testing import deployment_lifecycle as lifecycle
from greengrass_sdk.testing.iot_state import Job, JobExecution
from greengrass_sdk.testing.registry import Call, handles
from greengrass_sdk.testing.service_error import ServiceError
from greengrass_sdk.testing.sorted_index import page_of_list, page_size, scope_of

__all__: list[str] = []

SERVICE = "iot"


def _job(call: Call) -> Job:
    lifecycle.catch_up(call.state)
    job_id = call.params["jobId"]
    job = call.state.jobs.get(job_id)
    if job is None:
        raise ServiceError("ResourceNotFoundException", f"Job {job_id} doesn't exist.")
    return job


def _execution(call: Call, job: Job) -> JobExecution:
    thing = call.params["thingName"]
    execution = job.executions.get(thing)
    number = call.params.get("executionNumber")
    if execution is None or (number is not None and number != execution.execution_number):
        raise ServiceError(
            "ResourceNotFoundException", f"No execution of job {job.job_id} on {thing}."
        )
    return execution


def _counts(job: Job) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for execution in job.executions.values():
        counts[execution.status] = counts.get(execution.status, 0) + 1
    return {
        "numberOfCanceledThings": counts.get("CANCELED", 0),
        "numberOfSucceededThings": counts.get("SUCCEEDED", 0),
        "numberOfFailedThings": counts.get("FAILED", 0),
        "numberOfRejectedThings": counts.get("REJECTED", 0),
        "numberOfQueuedThings": counts.get("QUEUED", 0),
        "numberOfInProgressThings": counts.get("IN_PROGRESS", 0),
        "numberOfRemovedThings": counts.get("REMOVED", 0),
        "numberOfTimedOutThings": counts.get("TIMED_OUT", 0),
    }


@handles(SERVICE, "DescribeJob")
def _describe_job(call: Call) -> dict[str, Any]:
    job = _job(call)
    body: dict[str, Any] = {
        "jobArn": job.arn,
        "jobId": job.job_id,
        "targetSelection": job.target_selection,
        "status": job.status,
        "forceCanceled": job.force_canceled,
        "reasonCode": job.reason_code,
        "comment": job.comment,
        "targets": [job.target],
        "description": f"Greengrass deployment {job.deployment_id}",
        "createdAt": job.created,
        "lastUpdatedAt": job.last_updated,
        "completedAt": job.completed_at,
        "jobProcessDetails": _counts(job),
        "isConcurrent": False,
    }
    if job.rollout:
        body["jobExecutionsRolloutConfig"] = job.rollout
    if job.abort:
        body["abortConfig"] = {"criteriaList": job.abort}
    if job.timeout_minutes:
        body["timeoutConfig"] = {"inProgressTimeoutInMinutes": job.timeout_minutes}
    return {"job": body}


@handles(SERVICE, "ListJobs")
def _list_jobs(call: Call) -> dict[str, Any]:
    params = call.params
    lifecycle.catch_up(call.state)
    status, selection = params.get("status"), params.get("targetSelection")
    group = params.get("thingGroupName")
    group_arn = call.state.arn("iot", f"thinggroup/{group}") if group else None

    def keep(job: Job) -> bool:
        return (
            (status is None or job.status == status)
            and (selection is None or job.target_selection == selection)
            and (group_arn is None or job.target == group_arn)
        )

    page = call.state.job_index.page(
        scope_of("ListJobs", status, selection, group),
        params.get("nextToken"),
        page_size(params.get("maxResults")),
        keep,
    )
    return {
        "jobs": [
            {
                "jobArn": j.arn,
                "jobId": j.job_id,
                "targetSelection": j.target_selection,
                "status": j.status,
                "createdAt": j.created,
                "lastUpdatedAt": j.last_updated,
                "completedAt": j.completed_at,
                "isConcurrent": False,
            }
            for j in page.items
        ],
        "nextToken": page.next_token,
    }


def _summary(execution: JobExecution) -> dict[str, Any]:
    return {
        "status": execution.status,
        "queuedAt": execution.queued_at,
        "startedAt": execution.started_at,
        "lastUpdatedAt": execution.last_updated,
        "executionNumber": execution.execution_number,
    }


def _seconds_left(job: Job, execution: JobExecution, now: dt.datetime) -> int | None:
    if execution.status != "IN_PROGRESS" or not job.timeout_minutes or not execution.started_at:
        return None
    deadline = execution.started_at + dt.timedelta(minutes=job.timeout_minutes)
    return max(0, int((deadline - now).total_seconds()))


@handles(SERVICE, "DescribeJobExecution")
def _describe_execution(call: Call) -> dict[str, Any]:
    job = _job(call)
    execution = _execution(call, job)
    return {
        "execution": {
            "jobId": job.job_id,
            "thingArn": execution.thing_arn,
            "forceCanceled": execution.force_canceled,
            "statusDetails": {"detailsMap": dict(execution.details)},
            "versionNumber": execution.version,
            "approximateSecondsBeforeTimedOut": _seconds_left(
                job, execution, call.state.clock.now()
            ),
        }
        | _summary(execution)
    }


@handles(SERVICE, "ListJobExecutionsForJob")
def _executions_for_job(call: Call) -> dict[str, Any]:
    job = _job(call)
    status = call.params.get("status")
    items = [e for e in job.executions.values() if status is None or e.status == status]
    page = page_of_list(
        items,
        scope_of("ListJobExecutionsForJob", job.job_id, status),
        call.params.get("nextToken"),
        page_size(call.params.get("maxResults")),
    )
    return {
        "executionSummaries": [
            {"thingArn": e.thing_arn, "jobExecutionSummary": _summary(e)} for e in page.items
        ],
        "nextToken": page.next_token,
    }


@handles(SERVICE, "ListJobExecutionsForThing")
def _executions_for_thing(call: Call) -> dict[str, Any]:
    state = call.state
    lifecycle.catch_up(state)
    thing, status = call.params["thingName"], call.params.get("status")
    only = call.params.get("jobId")
    items = [
        (job.job_id, job.executions[thing])
        for job in state.job_index
        if thing in job.executions
        and (status is None or job.executions[thing].status == status)
        and (only is None or job.job_id == only)
    ]
    page = page_of_list(
        items,
        scope_of("ListJobExecutionsForThing", thing, status, only),
        call.params.get("nextToken"),
        page_size(call.params.get("maxResults")),
    )
    return {
        "executionSummaries": [
            {"jobId": job_id, "jobExecutionSummary": _summary(e)} for job_id, e in page.items
        ],
        "nextToken": page.next_token,
    }


@handles(SERVICE, "CancelJob")
def _cancel_job(call: Call) -> dict[str, Any]:
    job = _job(call)
    if job.status == "COMPLETED":
        raise ServiceError("InvalidRequestException", f"Job {job.job_id} is already COMPLETED.")
    force = bool(call.params.get("force"))
    if job.status == "IN_PROGRESS" or (force and not job.force_canceled):
        lifecycle.cancel_job(
            call.state,
            job,
            force=force,
            comment=call.params.get("comment"),
            reason_code=call.params.get("reasonCode"),
        )
    return {
        "jobArn": job.arn,
        "jobId": job.job_id,
        "description": f"Greengrass deployment {job.deployment_id}",
    }


@handles(SERVICE, "CancelJobExecution")
def _cancel_execution(call: Call) -> dict[str, Any]:
    job = _job(call)
    execution = _execution(call, job)
    expected = call.params.get("expectedVersion")
    if expected is not None and expected != execution.version:
        raise ServiceError(
            "VersionConflictException",
            f"The execution is at version {execution.version}, not {expected}.",
        )
    if not lifecycle.cancel_execution(
        call.state, job, execution, force=bool(call.params.get("force"))
    ):
        raise ServiceError(
            "InvalidStateTransitionException",
            f"The execution of {job.job_id} on {execution.thing_name} is {execution.status}; "
            "only QUEUED executions, or IN_PROGRESS ones with force, can be canceled.",
        )
    return {}
