"""Things, thing groups, jobs and job executions through IoTClient against the emulator."""

from __future__ import annotations

import datetime as dt

import pytest

from greengrass_sdk import GreengrassV2Client, IoTClient
from greengrass_sdk.iot.errors import (
    InvalidStateTransitionException,
    ResourceAlreadyExistsException,
    ResourceNotFoundException,
    VersionConflictException,
)
from greengrass_sdk.testing import DeviceBehaviour, LocalGreengrass
from tests.fleet.conftest import APP, COMPONENTS, group_arn


async def test_things_and_groups(iot: IoTClient, server: LocalGreengrass) -> None:
    created = await iot.create_thing(
        thing_name="sensor-1", attribute_payload={"attributes": {"site": "berlin"}}
    )
    assert created.thing_arn == "arn:aws:iot:us-east-1:123456789012:thing/sensor-1"
    again = await iot.create_thing(
        thing_name="sensor-1", attribute_payload={"attributes": {"site": "berlin"}}
    )
    assert again.thing_id == created.thing_id  # identical requests are idempotent
    with pytest.raises(ResourceAlreadyExistsException):
        await iot.create_thing(
            thing_name="sensor-1", attribute_payload={"attributes": {"site": "paris"}}
        )
    await iot.create_thing(thing_name="sensor-2")
    described = await iot.describe_thing(thing_name="sensor-1")
    assert (described.attributes, described.version) == ({"site": "berlin"}, 1)
    assert [t.thing_name async for t in iot.list_things(attribute_name="site")] == ["sensor-1"]
    assert [t.thing_name async for t in iot.list_things(max_results=1)] == [
        "sensor-1",
        "sensor-2",
    ]

    group = await iot.create_thing_group(
        thing_group_name="Line3",
        thing_group_properties={"thingGroupDescription": "Line 3 cores"},
    )
    await iot.create_thing_group(thing_group_name="Cell7", parent_group_name="Line3")
    await iot.add_thing_to_thing_group(thing_group_name="Line3", thing_name="sensor-1")
    await iot.add_thing_to_thing_group(
        thing_group_arn=group.thing_group_arn, thing_arn=created.thing_arn
    )
    await iot.add_thing_to_thing_group(thing_group_name="Cell7", thing_name="sensor-2")
    assert [t async for t in iot.list_things_in_thing_group(thing_group_name="Line3")] == [
        "sensor-1"
    ]
    recursive = iot.list_things_in_thing_group(thing_group_name="Line3", recursive=True)
    assert [t async for t in recursive] == ["sensor-1", "sensor-2"]
    groups = [g.group_name async for g in iot.list_thing_groups_for_thing(thing_name="sensor-1")]
    assert groups == ["Line3"]
    assert [g.group_name async for g in iot.list_thing_groups(parent_group="Line3")] == ["Cell7"]
    assert [g.group_name async for g in iot.list_thing_groups(name_prefix_filter="L")] == ["Line3"]
    described_group = await iot.describe_thing_group(thing_group_name="Cell7")
    assert described_group.thing_group_metadata is not None
    assert described_group.thing_group_metadata.parent_group_name == "Line3"
    updated = await iot.update_thing_group(
        thing_group_name="Line3",
        thing_group_properties={"thingGroupDescription": "Line 3"},
        expected_version=1,
    )
    assert updated.version == 2
    with pytest.raises(VersionConflictException):
        await iot.update_thing_group(
            thing_group_name="Line3", thing_group_properties={}, expected_version=1
        )
    await iot.remove_thing_from_thing_group(thing_group_name="Line3", thing_name="sensor-1")
    assert [t async for t in iot.list_things_in_thing_group(thing_group_name="Line3")] == []
    await iot.delete_thing_group(thing_group_name="Cell7")
    await iot.delete_thing_group(thing_group_name="Cell7")  # idempotent
    with pytest.raises(ResourceNotFoundException):
        await iot.describe_thing_group(thing_group_name="Cell7")
    await iot.delete_thing(thing_name="sensor-2")
    with pytest.raises(ResourceNotFoundException):
        await iot.describe_thing(thing_name="sensor-2")
    with pytest.raises(ResourceNotFoundException):
        await iot.add_thing_to_thing_group(thing_group_name="Nope", thing_name="sensor-1")


async def test_jobs_follow_the_deployment(
    server: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    server.add_component_version(APP)
    for name in ("core-a", "core-b", "core-c"):
        server.register_core_device(name, thing_groups=["Fleet"])
    server.script_device("core-a", DeviceBehaviour.succeeds(after=10))
    server.script_device("core-b", DeviceBehaviour.stuck())
    server.script_device("core-c", DeviceBehaviour.offline(back_after=120, then="fails"))
    created = await gg.create_deployment(
        target_arn=group_arn("Fleet"),
        components=COMPONENTS,
        iot_job_configuration={"timeoutConfig": {"inProgressTimeoutInMinutes": 5}},
    )
    job_id = created.iot_job_id
    assert job_id is not None
    job = (await iot.describe_job(job_id=job_id)).job
    assert job is not None
    assert (job.status, job.target_selection, job.targets) == (
        "IN_PROGRESS",
        "CONTINUOUS",
        [group_arn("Fleet")],
    )
    assert job.timeout_config is not None and job.timeout_config.in_progress_timeout_in_minutes == 5

    def statuses(summaries: list[object]) -> dict[str, str]:
        return {
            s.thing_arn.rsplit("/", 1)[-1]: s.job_execution_summary.status  # type: ignore[attr-defined]
            for s in summaries
        }

    listed = [s async for s in iot.list_job_executions_for_job(job_id=job_id)]
    assert statuses(listed) == {
        "core-a": "IN_PROGRESS",
        "core-b": "IN_PROGRESS",
        "core-c": "QUEUED",
    }
    described = (await iot.describe_job_execution(job_id=job_id, thing_name="core-b")).execution
    assert described is not None and described.approximate_seconds_before_timed_out == 300

    server.clock.advance(60)
    listed = [s async for s in iot.list_job_executions_for_job(job_id=job_id)]
    assert statuses(listed) == {"core-a": "SUCCEEDED", "core-b": "IN_PROGRESS", "core-c": "QUEUED"}
    server.clock.advance(dt.timedelta(minutes=5))  # core-b times out; core-c comes back, fails
    listed = [s async for s in iot.list_job_executions_for_job(job_id=job_id)]
    assert statuses(listed) == {"core-a": "SUCCEEDED", "core-b": "TIMED_OUT", "core-c": "FAILED"}
    failed = [s async for s in iot.list_job_executions_for_job(job_id=job_id, status="FAILED")]
    assert statuses(failed) == {"core-c": "FAILED"}
    for_thing = [s async for s in iot.list_job_executions_for_thing(thing_name="core-a")]
    assert [s.job_id for s in for_thing] == [job_id]
    job = (await iot.describe_job(job_id=job_id)).job
    assert job is not None and job.job_process_details is not None
    details = job.job_process_details
    assert (details.number_of_succeeded_things, details.number_of_timed_out_things) == (1, 1)
    assert [j.job_id async for j in iot.list_jobs(thing_group_name="Fleet")] == [job_id]

    # A thing that joins the group later receives the deployment (a continuous job).
    server.register_core_device("core-d", thing_groups=["Fleet"])
    execution = (await iot.describe_job_execution(job_id=job_id, thing_name="core-d")).execution
    assert execution is not None and execution.status == "QUEUED"
    with pytest.raises(InvalidStateTransitionException):
        await iot.cancel_job_execution(job_id=job_id, thing_name="core-a")
    await iot.cancel_job_execution(job_id=job_id, thing_name="core-d")
    effective = [e async for e in gg.list_effective_deployments(core_device_thing_name="core-d")]
    assert effective[0].core_device_execution_status == "CANCELED"

    canceled = await iot.cancel_job(job_id=job_id, comment="enough", reason_code="OPERATOR")
    assert canceled.job_id == job_id
    job = (await iot.describe_job(job_id=job_id)).job
    assert job is not None and (job.status, job.comment, job.reason_code) == (
        "CANCELED",
        "enough",
        "OPERATOR",
    )
    deployment = await gg.get_deployment(deployment_id=created.deployment_id or "")
    assert deployment.deployment_status == "CANCELED"
    with pytest.raises(ResourceNotFoundException):
        await iot.describe_job(job_id="job-missing")


async def test_a_new_revision_supersedes_the_previous_job(
    server: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    server.add_component_version(APP)
    server.register_core_device("core-a", thing_groups=["Fleet"])
    first = await gg.create_deployment(target_arn=group_arn("Fleet"), components=COMPONENTS)
    second = await gg.create_deployment(target_arn=group_arn("Fleet"), components=COMPONENTS)
    old = (await iot.describe_job(job_id=first.iot_job_id or "")).job
    assert old is not None and old.status == "CANCELED"
    assert (await gg.get_deployment(deployment_id=first.deployment_id or "")).deployment_status == (
        "INACTIVE"
    )
    new = await iot.describe_job_execution(job_id=second.iot_job_id or "", thing_name="core-a")
    assert new.execution is not None and new.execution.status == "QUEUED"
    # A device under manual control applies it when told; the job follows.
    assert server.apply_deployments("core-a") == {second.deployment_id: "SUCCEEDED"}
    new = await iot.describe_job_execution(job_id=second.iot_job_id or "", thing_name="core-a")
    assert new.execution is not None and new.execution.status == "SUCCEEDED"
