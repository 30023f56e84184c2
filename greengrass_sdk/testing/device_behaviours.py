"""What a scripted core device does with each deployment it receives.

Tests script devices one by one (``server.script_device("core-7", DeviceBehaviour.fails())``);
the emulator's deployment lifecycle plays the script on its simulated clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from greengrass_sdk._core.exceptions import ConfigurationError

__all__ = ["COMPONENT_ERROR_STACK", "COMPONENT_ERROR_TYPES", "DeviceBehaviour", "Outcome"]

Outcome = Literal["succeeds", "fails", "stuck", "offline"]

# Codes of the nucleus's DeploymentErrorCode / DeploymentErrorType enums
# (aws-greengrass-nucleus, src/main/java/com/aws/greengrass/deployment/errorcode/), outermost
# first, as list_effective_deployments reports them in statusDetails for a component that broke
# while starting.
COMPONENT_ERROR_STACK: tuple[str, ...] = (
    "DEPLOYMENT_FAILURE",
    "COMPONENT_UPDATE_ERROR",
    "COMPONENT_BROKEN",
)
COMPONENT_ERROR_TYPES: tuple[str, ...] = ("COMPONENT_ERROR",)


@dataclass(frozen=True)
class DeviceBehaviour:
    """A script for one device.

    Attributes:
        outcome: ``succeeds`` (the device applies the deployment, resolving versions as the
            nucleus does, so it can still fail on an unsatisfiable requirement), ``fails``
            (with ``reason`` and the error stack), ``stuck`` (stays ``IN_PROGRESS`` until the
            job's in-progress timeout, if any) or ``offline`` (never picks the job up; stays
            ``QUEUED``).
        duration: Seconds from picking the job up to reporting the outcome.
        back_online_after: For ``offline``: seconds after the job reaches the device at which it
            comes back and then behaves as ``then``; ``None`` stays offline.
        then: What a device that comes back does.
        reason: For ``fails``: the reason reported.
        error_stack: For ``fails``: ``statusDetails.errorStack``.
        error_types: For ``fails``: ``statusDetails.errorTypes``.
    """

    outcome: Outcome = "succeeds"
    duration: float = 30.0
    back_online_after: float | None = None
    then: Outcome = "succeeds"
    reason: str = "Component com.example.App broke while starting."
    error_stack: tuple[str, ...] = COMPONENT_ERROR_STACK
    error_types: tuple[str, ...] = COMPONENT_ERROR_TYPES

    @classmethod
    def succeeds(cls, *, after: float = 30.0) -> DeviceBehaviour:
        """Apply every deployment ``after`` seconds after receiving it."""
        return cls("succeeds", after)

    @classmethod
    def fails(
        cls,
        reason: str = "Component com.example.App broke while starting.",
        *,
        error_stack: tuple[str, ...] = COMPONENT_ERROR_STACK,
        error_types: tuple[str, ...] = COMPONENT_ERROR_TYPES,
        after: float = 30.0,
    ) -> DeviceBehaviour:
        """Fail every deployment with a component error ``after`` seconds after receiving it."""
        return cls("fails", after, reason=reason, error_stack=error_stack, error_types=error_types)

    @classmethod
    def stuck(cls) -> DeviceBehaviour:
        """Start every deployment and never finish it."""
        return cls("stuck")

    @classmethod
    def offline(
        cls, *, back_after: float | None = None, then: Outcome = "succeeds"
    ) -> DeviceBehaviour:
        """Be unreachable; come back ``back_after`` seconds later and behave as ``then``."""
        if then == "offline":
            raise ConfigurationError("a device that comes back cannot stay offline")
        return cls("offline", back_online_after=back_after, then=then)

    def online_delay(self) -> dt.timedelta | None:
        """How long after notification the device picks the job up (``None``: never)."""
        if self.outcome != "offline":
            return dt.timedelta(0)
        if self.back_online_after is None:
            return None
        return dt.timedelta(seconds=self.back_online_after)

    def effective_outcome(self) -> Outcome:
        """What the device does once it has picked the job up."""
        return self.then if self.outcome == "offline" else self.outcome
