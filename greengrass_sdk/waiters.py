"""Waiters for Greengrass V2 deployments, mixed into ``GreengrassV2Client``.

AWS publishes no waiters for Greengrass V2; these poll with a timeout and return a typed outcome.
The timeout is a deadline over the whole wait (``asyncio.timeout``): a request in flight or a
page walk is cancelled when it passes, not only checked between polls.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Protocol

from greengrass_sdk._core.exceptions import WaiterError, WaiterTimeoutError
from greengrass_sdk._core.pagination import AsyncPager
from greengrass_sdk.greengrassv2.models import (
    DescribeComponentResponse,
    EffectiveDeployment,
    GetDeploymentResponse,
    ListEffectiveDeploymentsResponse,
)

__all__ = [
    "COMPONENT_FINAL_STATES",
    "DEPLOYMENT_FINAL_STATES",
    "EXECUTION_FINAL_STATES",
    "GreengrassV2Waiters",
]

DEPLOYMENT_FINAL_STATES = frozenset({"COMPLETED", "CANCELED", "FAILED", "INACTIVE"})
"""Deployment statuses after which ``GetDeployment`` will not change by itself."""

EXECUTION_FINAL_STATES = frozenset(
    {"SUCCEEDED", "COMPLETED", "FAILED", "TIMED_OUT", "CANCELED", "REJECTED"}
)
"""Core device execution statuses after which the device is done with a deployment."""

COMPONENT_FINAL_STATES = frozenset({"DEPLOYABLE", "FAILED", "DEPRECATED"})
"""Component version states after which ``DescribeComponent`` will not change by itself."""


class _DeploymentApi(Protocol):
    async def get_deployment(self, *, deployment_id: str) -> GetDeploymentResponse: ...

    def list_effective_deployments(
        self, *, core_device_thing_name: str, max_items: int | None = None
    ) -> AsyncPager[EffectiveDeployment, ListEffectiveDeploymentsResponse]: ...


class _ComponentApi(Protocol):
    async def describe_component(self, *, arn: str) -> DescribeComponentResponse: ...


@dataclass
class _LastSeen:
    """What the last poll saw, for the timeout error."""

    state: str = ""
    response: Any = None


class GreengrassV2Waiters:
    """Polling helpers for deployments (the generated client inherits them)."""

    async def wait_for_deployment(
        self: _DeploymentApi,
        deployment_id: str,
        *,
        success: Collection[str] = ("COMPLETED",),
        timeout: float = 600.0,  # noqa: ASYNC109 - a deadline over many polls
        poll_interval: float = 5.0,
    ) -> GetDeploymentResponse:
        """Poll ``GetDeployment`` until the deployment reaches a final state.

        Args:
            deployment_id: The deployment to watch.
            success: Final states that count as success (``COMPLETED`` by default; a
                continuous thing-group deployment stays ``ACTIVE``, so pass ``{"ACTIVE"}`` to
                wait only until it is accepted).
            timeout: Seconds before giving up, enforced across every request and poll (a
                slow or endless listing cannot outlast it).
            poll_interval: Seconds between polls.

        Returns:
            The last ``GetDeployment`` response, in a success state.

        Raises:
            WaiterError: The deployment ended in another final state (``state`` says which).
            WaiterTimeoutError: No final state within ``timeout``.
        """
        seen = _LastSeen()
        try:
            async with asyncio.timeout(timeout):
                while True:
                    response = await self.get_deployment(deployment_id=deployment_id)
                    state = str(response.deployment_status or "")
                    seen.state, seen.response = state, response
                    if state in success:
                        return response
                    if state in DEPLOYMENT_FINAL_STATES:
                        raise WaiterError(
                            f"deployment {deployment_id} ended {state}",
                            state=state,
                            last_response=response,
                        )
                    await asyncio.sleep(poll_interval)
        except TimeoutError:
            raise WaiterTimeoutError(
                f"deployment {deployment_id} still {seen.state or 'unknown'} after {timeout} s",
                state=seen.state,
                last_response=seen.response,
            ) from None

    async def wait_for_core_device_deployment(
        self: _DeploymentApi,
        core_device_thing_name: str,
        deployment_id: str,
        *,
        success: Collection[str] = ("SUCCEEDED", "COMPLETED"),
        timeout: float = 600.0,  # noqa: ASYNC109 - a deadline over many polls
        poll_interval: float = 5.0,
    ) -> EffectiveDeployment:
        """Poll a core device's effective deployments until it is done with ``deployment_id``.

        Args:
            core_device_thing_name: The core device.
            deployment_id: The deployment to watch on that device.
            success: Execution states that count as success.
            timeout: Seconds before giving up, enforced across every request and poll (a
                slow or endless listing cannot outlast it).
            poll_interval: Seconds between polls.

        Returns:
            The device's effective deployment, in a success state.

        Raises:
            WaiterError: The device finished the deployment in another state (e.g. ``FAILED``;
                the ``reason`` is on ``last_response.reason``).
            WaiterTimeoutError: Not finished within ``timeout`` (``state`` is ``NOT_FOUND`` if
                the device never reported the deployment).
        """
        seen = _LastSeen(state="NOT_FOUND")
        try:
            async with asyncio.timeout(timeout):
                while True:
                    found: EffectiveDeployment | None = None
                    async for item in self.list_effective_deployments(
                        core_device_thing_name=core_device_thing_name
                    ):
                        if item.deployment_id == deployment_id:
                            found = item
                            break
                    state = str(found.core_device_execution_status or "") if found else "NOT_FOUND"
                    seen.state, seen.response = state, found
                    if found is not None and state in success:
                        return found
                    if found is not None and state in EXECUTION_FINAL_STATES:
                        raise WaiterError(
                            f"deployment {deployment_id} on {core_device_thing_name} ended {state}",
                            state=state,
                            last_response=found,
                        )
                    await asyncio.sleep(poll_interval)
        except TimeoutError:
            raise WaiterTimeoutError(
                f"deployment {deployment_id} on {core_device_thing_name} still {seen.state} "
                f"after {timeout} s",
                state=seen.state,
                last_response=seen.response,
            ) from None

    async def wait_for_component_version(
        self: _ComponentApi,
        arn: str,
        *,
        success: Collection[str] = ("DEPLOYABLE",),
        timeout: float = 300.0,  # noqa: ASYNC109 - a deadline over many polls
        poll_interval: float = 2.0,
    ) -> DescribeComponentResponse:
        """Poll ``DescribeComponent`` until a new component version is checked by the service.

        After ``CreateComponentVersion`` the service reads every artifact (``REQUESTED``,
        ``INITIATED``); the version becomes ``DEPLOYABLE``, or ``FAILED`` with a reason per
        artifact in ``status.errors``.

        Args:
            arn: The component version ARN.
            success: Final states that count as success.
            timeout: Seconds before giving up.
            poll_interval: Seconds between polls.

        Returns:
            The last ``DescribeComponent`` response, in a success state.

        Raises:
            WaiterError: The version ended in another final state; the message carries the
                service's ``status.message`` and ``status.errors``.
            WaiterTimeoutError: No final state within ``timeout``.
        """
        seen = _LastSeen()
        try:
            async with asyncio.timeout(timeout):
                while True:
                    response = await self.describe_component(arn=arn)
                    status = response.status
                    state = str(status.component_state or "") if status else ""
                    seen.state, seen.response = state, response
                    if state in success:
                        return response
                    if state in COMPONENT_FINAL_STATES:
                        errors = (status.errors if status else None) or {}
                        reasons = "".join(f"; {key}: {value}" for key, value in errors.items())
                        message = status.message if status and status.message else ""
                        raise WaiterError(
                            f"component version {arn} ended {state}: {message}{reasons}",
                            state=state,
                            last_response=response,
                        )
                    await asyncio.sleep(poll_interval)
        except TimeoutError:
            raise WaiterTimeoutError(
                f"component version {arn} still {seen.state or 'unknown'} after {timeout} s",
                state=seen.state,
                last_response=seen.response,
            ) from None
