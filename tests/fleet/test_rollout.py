"""rollout_status, watch_rollout and retry_failed over real HTTP against the emulator.

A 200-device thing group where 5 % fail, 2 % stay stuck and 3 % are offline; the emulator's
clock is frozen and advanced by the tests, so an hour of rollout takes milliseconds.
"""

from __future__ import annotations

import datetime as dt

import pytest

from greengrass_sdk import GreengrassV2Client, IoTClient
from greengrass_sdk.fleet import (
    NothingToRetry,
    StopWhen,
    SubdeploymentNotSupported,
    presets,
    retry_failed,
    retry_group_name,
    rollout_status,
    watch_rollout,
)
from greengrass_sdk.testing import LocalGreengrass
from greengrass_sdk.testing.device_behaviours import COMPONENT_ERROR_STACK
from tests.fleet.conftest import (
    COMPONENTS,
    FAILING,
    OFFLINE,
    STUCK,
    Fleet,
    device_name,
    group_arn,
    script_fleet,
)


async def _deploy(gg: GreengrassV2Client, **job: object) -> str:
    created = await gg.create_deployment(
        target_arn=group_arn("Fleet"),
        deployment_name="fleet-rollout",
        components=COMPONENTS,
        iot_job_configuration=presets.job_configuration(**job),  # type: ignore[arg-type]
    )
    assert created.deployment_id is not None
    return created.deployment_id


@pytest.fixture
def fleet(server: LocalGreengrass) -> Fleet:
    return script_fleet(server, 200, failing=FAILING, stuck=STUCK, offline=OFFLINE)


async def test_status_counts_match_the_scripted_fleet(
    server: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient, fleet: Fleet
) -> None:
    deployment_id = await _deploy(gg, rollout=presets.rollout_rate(maximum_per_minute=50))
    # At once: the first 50 devices are notified (50 a minute); the rest wait their turn.
    report = await rollout_status(gg, iot, deployment_id, clock=server.clock.now)
    assert len(report.devices) == 200
    assert report.totals["QUEUED"] == 150 + sum(1 for n in fleet.offline if n < device_name(50))

    server.clock.advance(600)
    report = await rollout_status(gg, iot, deployment_id, clock=server.clock.now)
    assert report.totals == {"SUCCEEDED": 180, "FAILED": 10, "IN_PROGRESS": 4, "QUEUED": 6}
    assert {row.thing_name for row in report.failed} == fleet.failing
    assert {r.thing_name for r in report.devices if r.execution_status == "QUEUED"} == fleet.offline
    failed = report.device(sorted(fleet.failing)[0])
    assert failed.deployment_status == "FAILED"
    assert failed.error_stack == COMPONENT_ERROR_STACK
    assert failed.error_types == ("COMPONENT_ERROR",)
    assert failed.reason and "broke while starting" in failed.reason
    assert failed.health == "UNHEALTHY"
    ok = report.device(sorted(fleet.succeeding)[0])
    assert (ok.deployment_status, ok.health, ok.error_stack) == ("SUCCEEDED", "HEALTHY", ())
    assert report.deployment.deployment_status == "ACTIVE"  # thing groups stay active
    assert report.job.status == "IN_PROGRESS"
    assert not report.stuck and not report.finished
    assert report.failure_percentage == pytest.approx(100 * 10 / 190)

    server.clock.advance(dt.timedelta(minutes=40))
    report = await rollout_status(gg, iot, deployment_id, clock=server.clock.now)
    assert {row.thing_name for row in report.stuck} == fleet.stuck | fleet.offline
    assert all(
        "QUEUED for" in (r.stuck_reason or "")
        for r in report.stuck
        if r.thing_name in fleet.offline
    )
    # One GetDeployment, DescribeJob, ListJobExecutionsForJob page, ListCoreDevices pages
    # (100 a page) and one ListEffectiveDeployments per device.
    assert report.api_calls == 3 + 2 + 200


async def test_in_progress_timeout_turns_stuck_devices_into_failures(
    server: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient, fleet: Fleet
) -> None:
    deployment_id = await _deploy(gg, timeout=presets.timeout(20))
    server.clock.advance(dt.timedelta(minutes=19))
    report = await rollout_status(gg, iot, deployment_id, clock=server.clock.now)
    assert report.totals["IN_PROGRESS"] == 4
    server.clock.advance(dt.timedelta(minutes=2))
    report = await rollout_status(gg, iot, deployment_id, clock=server.clock.now)
    assert report.totals == {"SUCCEEDED": 180, "FAILED": 10, "TIMED_OUT": 4, "QUEUED": 6}
    timed_out = report.device(sorted(fleet.stuck)[0])
    assert timed_out.deployment_status == "TIMED_OUT"
    assert timed_out.failed


async def test_watch_reports_each_failure_once_and_stops_at_the_deadline(
    server: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient, fleet: Fleet
) -> None:
    deployment_id = await _deploy(gg, rollout=presets.rollout_rate(maximum_per_minute=20))

    async def advance(seconds: float) -> None:
        server.clock.advance(seconds)

    updates = [
        update
        async for update in watch_rollout(
            gg,
            iot,
            deployment_id,
            interval=60,
            deadline=dt.timedelta(minutes=12),
            clock=server.clock.now,
            sleep=advance,
        )
    ]
    failures = [row.thing_name for update in updates for row in update.new_failures]
    assert sorted(failures) == sorted(fleet.failing)  # each exactly once
    assert len(updates) > 5  # devices were notified over ten minutes, 20 a minute
    last = updates[-1]
    assert (last.done, last.stop_reason, last.canceled) == (True, "deadline", False)
    assert all(not update.done for update in updates[:-1])
    assert last.report.totals["QUEUED"] == 6  # the offline devices never came


async def test_watch_ends_when_every_device_is_done(
    server: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    fleet = script_fleet(server, 30, failing=frozenset({4, 9}))
    deployment_id = await _deploy(gg)

    async def advance(seconds: float) -> None:
        server.clock.advance(seconds)

    updates = [
        u
        async for u in watch_rollout(
            gg, iot, deployment_id, interval=10, clock=server.clock.now, sleep=advance
        )
    ]
    assert updates[-1].stop_reason == "finished"
    assert updates[-1].report.totals == {"SUCCEEDED": 28, "FAILED": 2}
    assert sorted(r.thing_name for u in updates for r in u.new_failures) == sorted(fleet.failing)
    # Polls every 10 s; devices report after 20 s (failures) and 40 s (successes).
    assert server.clock.now() - updates[0].report.as_of == dt.timedelta(seconds=40)


async def test_watch_stop_condition_cancels_the_deployment(
    server: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient, fleet: Fleet
) -> None:
    deployment_id = await _deploy(gg, rollout=presets.rollout_rate(maximum_per_minute=20))

    async def advance(seconds: float) -> None:
        server.clock.advance(seconds)

    updates = [
        u
        async for u in watch_rollout(
            gg,
            iot,
            deployment_id,
            interval=30,
            stop_when=StopWhen(failed_devices=3),
            clock=server.clock.now,
            sleep=advance,
        )
    ]
    last = updates[-1]
    assert last.canceled and last.stop_reason == "3 devices failed (limit 3)"
    assert last.report.deployment.deployment_status == "CANCELED"
    assert last.report.job.status == "CANCELED"
    assert "QUEUED" not in last.report.totals


@pytest.mark.parametrize(("threshold", "aborts"), [(20.0, True), (20.01, False)])
async def test_abort_criteria_cancel_the_job_at_the_threshold(
    server: LocalGreengrass,
    gg: GreengrassV2Client,
    iot: IoTClient,
    threshold: float,
    aborts: bool,
) -> None:
    # The last two of every ten devices fail: 20 % of each batch of ten (notified 10 a
    # minute), and never more at any moment, as each batch reports in name order.
    failing = frozenset(i for i in range(100) if i % 10 >= 8)
    script_fleet(server, 100, failing=failing, fail_after=30, succeed_after=30)
    deployment_id = await _deploy(
        gg,
        rollout=presets.rollout_rate(maximum_per_minute=10),
        abort=presets.abort_when(threshold, after_devices=10, failure_type="FAILED"),
    )
    server.clock.advance(dt.timedelta(minutes=30))
    report = await rollout_status(gg, iot, deployment_id, clock=server.clock.now)
    if aborts:
        # The tenth result of the first minute makes 2 failures in 10 executed = 20 %: the
        # job aborts before anyone else is notified.
        assert report.totals == {"SUCCEEDED": 8, "FAILED": 2, "CANCELED": 90}
        assert (report.job.status, report.job.reason_code) == ("CANCELED", "ABORTED")
        assert report.deployment.deployment_status == "CANCELED"
        assert report.finished and report.job_canceled
    else:
        assert report.totals == {"SUCCEEDED": 80, "FAILED": 20}
        assert report.job.status == "IN_PROGRESS"


async def test_retry_failed_creates_one_subdeployment_with_exactly_the_failed_devices(
    server: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient, fleet: Fleet
) -> None:
    deployment_id = await _deploy(gg, timeout=presets.timeout(20))
    server.clock.advance(dt.timedelta(minutes=30))
    result = await retry_failed(gg, iot, deployment_id, clock=server.clock.now)
    expected = fleet.failing | fleet.stuck  # FAILED and TIMED_OUT
    assert set(result.devices) == expected
    assert result.thing_group_name == retry_group_name("Fleet", deployment_id)
    assert result.thing_group_name == f"Fleet-retry-{deployment_id[:8]}"
    members = [
        t async for t in iot.list_things_in_thing_group(thing_group_name=result.thing_group_name)
    ]
    assert set(members) == expected
    children = [d async for d in gg.list_deployments(parent_target_arn=group_arn("Fleet"))]
    assert [d.deployment_id for d in children] == [result.deployment_id]
    assert children[0].target_arn == result.thing_group_arn
    new = await gg.get_deployment(deployment_id=result.deployment_id)
    assert new.components is not None and set(new.components) == set(COMPONENTS)
    assert new.iot_job_configuration is not None
    assert new.iot_job_configuration.timeout_config is not None
    # The original deployment is untouched.
    assert (await gg.get_deployment(deployment_id=deployment_id)).deployment_status == "ACTIVE"

    # The retried devices now run the subdeployment's job; those that fail again are retried
    # again, through the same group, which then holds only them.
    for name in fleet.stuck:
        server.script_device(name, None)
    server.clock.advance(dt.timedelta(minutes=5))
    again = await retry_failed(gg, iot, result.deployment_id, clock=server.clock.now)
    assert set(again.devices) == fleet.failing
    assert again.parent_target_arn == result.thing_group_arn


async def test_retry_failed_refuses_devices_with_an_old_nucleus(
    server: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    script_fleet(server, 10, failing=frozenset({1, 2}))
    server.register_core_device(device_name(2), thing_groups=["Fleet"], core_version="2.8.1")
    deployment_id = await _deploy(gg)
    server.clock.advance(120)
    with pytest.raises(SubdeploymentNotSupported) as refused:
        await retry_failed(gg, iot, deployment_id)
    assert refused.value.devices == {device_name(2): "2.8.1"}
    assert "2.9.0" in str(refused.value) and device_name(2) in str(refused.value)
    assert not [d async for d in gg.list_deployments(parent_target_arn=group_arn("Fleet"))]
    result = await retry_failed(gg, iot, deployment_id, skip_unsupported=True)
    assert result.devices == (device_name(1),)
    assert result.skipped == {device_name(2): "2.8.1"}


async def test_retry_failed_without_failures_or_on_a_single_thing(
    server: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient
) -> None:
    script_fleet(server, 3)
    deployment_id = await _deploy(gg)
    server.clock.advance(120)
    with pytest.raises(NothingToRetry, match="No device failed"):
        await retry_failed(gg, iot, deployment_id)
    single = await gg.create_deployment(
        target_arn=f"arn:aws:iot:us-east-1:123456789012:thing/{device_name(0)}",
        components=COMPONENTS,
    )
    assert single.deployment_id is not None
    with pytest.raises(SubdeploymentNotSupported, match="not a thing group"):
        await retry_failed(gg, iot, single.deployment_id)
