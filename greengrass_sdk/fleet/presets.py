"""Typed presets for a deployment's IoT job: rollout rate, abort criteria, in-progress timeout.

Each function returns the generated ``DeploymentIoTJobConfiguration`` (or one of its parts),
checked before anything is sent: the model's own ranges (``incrementFactor`` 1 to 5,
``maximumPerMinute`` 1 to 1000, ``thresholdPercentage`` at most 100 …) plus the rules the API
reference states in prose (two decimals at most in a percentage; one increase criterion).
Bad values raise :class:`~greengrass_sdk.errors.RequestValidationError` naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from greengrass_sdk._core.exceptions import RequestValidationError
from greengrass_sdk.greengrassv2.models import (
    DeploymentIoTJobConfiguration,
    IoTJobAbortConfig,
    IoTJobExecutionFailureType,
    IoTJobExecutionsRolloutConfig,
    IoTJobTimeoutConfig,
)

__all__ = [
    "abort_when",
    "canary",
    "gradual",
    "job_configuration",
    "rollout_rate",
    "timeout",
]

_OPERATION = "CreateDeployment"
_ROOT = "iot_job_configuration"


def _invalid(
    path: Sequence[str], message: str, rule: str = "value_error"
) -> RequestValidationError:
    return RequestValidationError(
        _OPERATION, [{"loc": (_ROOT, *path), "msg": message, "type": rule}]
    )


def _build(model: type[Any], path: str, data: Mapping[str, Any]) -> Any:
    try:
        return model.model_validate(dict(data))
    except ValidationError as error:
        errors = [{**e, "loc": (_ROOT, path, *e["loc"])} for e in error.errors(include_url=False)]
        raise RequestValidationError(_OPERATION, errors) from None


def rollout_rate(
    *,
    maximum_per_minute: int | None = None,
    base_rate_per_minute: int | None = None,
    increment_factor: float | None = None,
    increase_after_notified: int | None = None,
    increase_after_succeeded: int | None = None,
) -> IoTJobExecutionsRolloutConfig:
    """How fast the job notifies devices.

    A constant rate needs only ``maximum_per_minute``. An exponential rollout starts at
    ``base_rate_per_minute`` and multiplies it by ``increment_factor`` each time
    ``increase_after_notified`` more devices were notified, or ``increase_after_succeeded``
    more succeeded (give exactly one), up to ``maximum_per_minute``.

    Raises:
        RequestValidationError: A value is out of range, or the exponential settings are
            incomplete.
    """
    data: dict[str, Any] = {}
    if maximum_per_minute is not None:
        data["maximumPerMinute"] = maximum_per_minute
    exponential = (base_rate_per_minute, increment_factor)
    criteria = {
        k: v
        for k, v in (
            ("numberOfNotifiedThings", increase_after_notified),
            ("numberOfSucceededThings", increase_after_succeeded),
        )
        if v is not None
    }
    if any(v is not None for v in exponential) or criteria:
        if None in exponential:
            raise _invalid(
                ("job_executions_rollout_config", "exponential_rate"),
                "an exponential rollout needs base_rate_per_minute and increment_factor",
                "missing",
            )
        if len(criteria) != 1:
            raise _invalid(
                ("job_executions_rollout_config", "exponential_rate", "rate_increase_criteria"),
                "give exactly one of increase_after_notified and increase_after_succeeded",
            )
        data["exponentialRate"] = {
            "baseRatePerMinute": base_rate_per_minute,
            "incrementFactor": increment_factor,
            "rateIncreaseCriteria": criteria,
        }
        ceiling = maximum_per_minute or 1000
        if base_rate_per_minute is not None and base_rate_per_minute > ceiling:
            raise _invalid(
                ("job_executions_rollout_config", "exponential_rate", "base_rate_per_minute"),
                f"the base rate {base_rate_per_minute} exceeds maximum_per_minute {ceiling}",
            )
    config: IoTJobExecutionsRolloutConfig = _build(
        IoTJobExecutionsRolloutConfig, "job_executions_rollout_config", data
    )
    return config


def abort_when(
    failure_percentage: float,
    *,
    after_devices: int = 1,
    failure_type: IoTJobExecutionFailureType = "ALL",
) -> IoTJobAbortConfig:
    """Cancel the job once ``failure_percentage`` % of the devices that ran it failed.

    Args:
        failure_percentage: The threshold, above 0 and at most 100, two decimals at most.
        after_devices: Devices that must have run the job before it can abort
            (``minNumberOfExecutedThings``).
        failure_type: Which outcomes count as failures: ``FAILED``, ``REJECTED``,
            ``TIMED_OUT`` or ``ALL``.

    Raises:
        RequestValidationError: A value is out of range.
    """
    path = ("abort_config", "criteria_list", "0", "threshold_percentage")
    if not 0 < failure_percentage <= 100:
        raise _invalid(path, f"must be above 0 and at most 100, not {failure_percentage}")
    if round(failure_percentage, 2) != failure_percentage:
        raise _invalid(path, f"takes two decimals at most, not {failure_percentage}")
    config: IoTJobAbortConfig = _build(
        IoTJobAbortConfig,
        "abort_config",
        {
            "criteriaList": [
                {
                    "failureType": failure_type,
                    "action": "CANCEL",
                    "thresholdPercentage": failure_percentage,
                    "minNumberOfExecutedThings": after_devices,
                }
            ]
        },
    )
    return config


def timeout(minutes: int) -> IoTJobTimeoutConfig:
    """Mark a device's execution ``TIMED_OUT`` when it stays ``IN_PROGRESS`` this long.

    Raises:
        RequestValidationError: ``minutes`` is below 1 or above 10080 (seven days, the IoT
            jobs limit).
    """
    if not 1 <= minutes <= 10080:
        raise _invalid(
            ("timeout_config", "in_progress_timeout_in_minutes"),
            f"must be from 1 to 10080 minutes, not {minutes}",
        )
    config: IoTJobTimeoutConfig = _build(
        IoTJobTimeoutConfig, "timeout_config", {"inProgressTimeoutInMinutes": minutes}
    )
    return config


def job_configuration(
    *,
    rollout: IoTJobExecutionsRolloutConfig | None = None,
    abort: IoTJobAbortConfig | None = None,
    timeout: IoTJobTimeoutConfig | None = None,
) -> DeploymentIoTJobConfiguration:
    """Assemble the parts into ``iot_job_configuration`` for ``create_deployment``."""
    return DeploymentIoTJobConfiguration(
        job_executions_rollout_config=rollout, abort_config=abort, timeout_config=timeout
    )


def gradual(
    per_minute: int = 50,
    *,
    abort_at_percentage: float = 10.0,
    abort_after_devices: int = 10,
    timeout_minutes: int = 60,
) -> DeploymentIoTJobConfiguration:
    """A constant rollout rate that aborts on a failure rate and times stuck devices out."""
    return job_configuration(
        rollout=rollout_rate(maximum_per_minute=per_minute),
        abort=abort_when(abort_at_percentage, after_devices=abort_after_devices),
        timeout=timeout(timeout_minutes),
    )


def canary(
    first_devices: int = 5,
    *,
    increment_factor: float = 2.0,
    maximum_per_minute: int = 100,
    abort_at_percentage: float = 5.0,
    timeout_minutes: int = 60,
) -> DeploymentIoTJobConfiguration:
    """Start with ``first_devices`` a minute and grow only as devices succeed.

    The rate multiplies by ``increment_factor`` each time another ``first_devices`` devices
    succeeded; the job aborts once ``abort_at_percentage`` % of at least ``first_devices``
    executed devices failed.
    """
    return job_configuration(
        rollout=rollout_rate(
            maximum_per_minute=maximum_per_minute,
            base_rate_per_minute=first_devices,
            increment_factor=increment_factor,
            increase_after_succeeded=first_devices,
        ),
        abort=abort_when(abort_at_percentage, after_devices=first_devices),
        timeout=timeout(timeout_minutes),
    )
