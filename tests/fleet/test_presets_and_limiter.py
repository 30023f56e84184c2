from __future__ import annotations

import pytest

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.errors import RequestValidationError
from greengrass_sdk.fleet import RateLimiter, StopWhen, presets
from greengrass_sdk.testing import LocalGreengrass
from tests.fleet.conftest import APP, COMPONENTS, group_arn


def test_presets_build_the_wire_shape() -> None:
    config = presets.canary(5, increment_factor=2.0, maximum_per_minute=100)
    assert config.to_wire() == {
        "jobExecutionsRolloutConfig": {
            "exponentialRate": {
                "baseRatePerMinute": 5,
                "incrementFactor": 2.0,
                "rateIncreaseCriteria": {"numberOfSucceededThings": 5},
            },
            "maximumPerMinute": 100,
        },
        "abortConfig": {
            "criteriaList": [
                {
                    "failureType": "ALL",
                    "action": "CANCEL",
                    "thresholdPercentage": 5.0,
                    "minNumberOfExecutedThings": 5,
                }
            ]
        },
        "timeoutConfig": {"inProgressTimeoutInMinutes": 60},
    }
    assert presets.gradual(20).job_executions_rollout_config is not None


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: presets.abort_when(0), "abort_config.criteria_list.0.threshold_percentage"),
        (lambda: presets.abort_when(100.5), "abort_config.criteria_list.0.threshold_percentage"),
        (lambda: presets.abort_when(10.125), "abort_config.criteria_list.0.threshold_percentage"),
        (
            lambda: presets.abort_when(10, after_devices=0),
            "abort_config.criteria_list.0.min_number_of_executed_things",
        ),
        (lambda: presets.timeout(0), "timeout_config.in_progress_timeout_in_minutes"),
        (
            lambda: presets.rollout_rate(maximum_per_minute=1001),
            "job_executions_rollout_config.maximum_per_minute",
        ),
        (
            lambda: presets.rollout_rate(base_rate_per_minute=5, increase_after_notified=5),
            "job_executions_rollout_config.exponential_rate",
        ),
        (
            lambda: presets.rollout_rate(
                base_rate_per_minute=5,
                increment_factor=2,
                increase_after_notified=5,
                increase_after_succeeded=5,
            ),
            "job_executions_rollout_config.exponential_rate.rate_increase_criteria",
        ),
        (
            lambda: presets.rollout_rate(
                base_rate_per_minute=5, increment_factor=6, increase_after_notified=5
            ),
            "job_executions_rollout_config.exponential_rate.increment_factor",
        ),
        (
            lambda: presets.rollout_rate(
                maximum_per_minute=10,
                base_rate_per_minute=50,
                increment_factor=2,
                increase_after_notified=5,
            ),
            "job_executions_rollout_config.exponential_rate.base_rate_per_minute",
        ),
    ],
)
def test_bad_values_are_refused_naming_the_field(build: object, field: str) -> None:
    with pytest.raises(RequestValidationError) as refused:
        build()  # type: ignore[operator]
    assert refused.value.operation == "CreateDeployment"
    assert refused.value.fields == [f"iot_job_configuration.{field}"]


async def test_a_preset_goes_through_create_deployment_as_is(
    server: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    server.add_component_version(APP)
    config = presets.canary(5)
    created = await gg.create_deployment(
        target_arn=group_arn("Fleet"), components=COMPONENTS, iot_job_configuration=config
    )
    got = await gg.get_deployment(deployment_id=created.deployment_id or "")
    assert got.iot_job_configuration is not None
    assert got.iot_job_configuration.to_wire() == config.to_wire()


def test_stop_when_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="failure_percentage"):
        StopWhen(failure_percentage=0)
    with pytest.raises(ValueError, match="failed_devices"):
        StopWhen(failed_devices=0)


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def test_limiter_is_unlimited_until_throttled_then_paces_and_recovers() -> None:
    time = FakeTime()
    limiter = RateLimiter(clock=time.clock, sleep=time.sleep)
    for _ in range(100):
        await limiter.acquire()
    assert limiter.rate is None and not time.slept
    time.now = 0.5  # 100 requests in half a second: 200 a second
    limiter.on_throttle()
    assert limiter.rate == pytest.approx(140.0)  # 0.7 x the measured rate
    limiter.on_throttle()  # within the cooldown: the same congestion, no second decrease
    assert limiter.rate == pytest.approx(140.0)
    start = time.now
    for _ in range(141):
        await limiter.acquire()
    assert time.now - start == pytest.approx(1.0, abs=0.02)  # paced at 140 a second
    for _ in range(50):
        limiter.on_success()
    assert 140.0 < (limiter.rate or 0) < 200.0  # recovers towards the old rate
    time.now += 1.0
    limiter.on_throttle()
    assert limiter.throttles == 3 and (limiter.rate or 0) < 140.0


def test_limiter_never_exceeds_its_ceiling() -> None:
    limiter = RateLimiter(max_rate=10)
    for _ in range(1000):
        limiter.on_success()
    assert limiter.rate == 10
    with pytest.raises(ValueError):
        RateLimiter(max_rate=0)


def test_stop_when_failure_percentage_waits_for_enough_finished_devices() -> None:
    import datetime as dt

    from greengrass_sdk.fleet import DeviceRollout, RolloutReport
    from greengrass_sdk.greengrassv2.models import GetDeploymentResponse
    from greengrass_sdk.iot.models import Job

    def report(statuses: list[str]) -> RolloutReport:
        rows = tuple(DeviceRollout(f"core-{i}", s) for i, s in enumerate(statuses))
        now = dt.datetime.now(dt.UTC)
        return RolloutReport(GetDeploymentResponse(), Job(status="IN_PROGRESS"), rows, now)

    stop = StopWhen(failure_percentage=25, after_devices=4)
    assert stop.reason(report(["FAILED", "SUCCEEDED", "QUEUED", "QUEUED"])) is None  # 2 done
    assert stop.reason(report(["FAILED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED"])) == (
        "25.0 % of 4 finished devices failed (limit 25 %)"
    )
    assert (
        stop.reason(report(["TIMED_OUT", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]))
        is None
    )
