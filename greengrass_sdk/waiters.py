"""Waiters for Greengrass V2 deployments, mixed into ``GreengrassV2Client``.

AWS publishes no waiters for Greengrass V2; these poll with a timeout and return a typed outcome.
The timeout is a deadline over the whole wait (``asyncio.timeout``): a request in flight or a
page walk is cancelled when it passes, not only checked between polls.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection
from typing import TYPE_CHECKING, Protocol, TypeVar

from greengrass_sdk._core.exceptions import WaiterError, WaiterTimeoutError

if TYPE_CHECKING:
    # Annotations only: importing them would create the model classes with the client module.
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


T = TypeVar("T")


async def _poll(
    probe: Callable[[], Awaitable[tuple[str, T]]],
    *,
    what: str,
    success: Collection[str],
    final_states: Collection[str],
    timeout: float,  # noqa: ASYNC109 - a deadline over many polls
    poll_interval: float,
    detail: Callable[[T], str] = lambda _: "",
    not_yet: str = "",
) -> T:
    """Probe until a success state (returned) or another final state (``WaiterError``).

    ``timeout`` is a deadline over the whole wait (``asyncio.timeout``), requests included;
    past it, ``WaiterTimeoutError`` carries the last state and response seen.
    """
    state, last = not_yet, None
    try:
        async with asyncio.timeout(timeout):
            while True:
                state, response = await probe()
                last = response
                if state in success:
                    return response
                if state in final_states:
                    raise WaiterError(
                        f"{what} ended {state}{detail(response)}",
                        state=state,
                        last_response=response,
                    )
                await asyncio.sleep(poll_interval)
    except TimeoutError:
        raise WaiterTimeoutError(
            f"{what} still {state or 'unknown'} after {timeout} s",
            state=state,
            last_response=last,
        ) from None


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

        async def probe() -> tuple[str, GetDeploymentResponse]:
            response = await self.get_deployment(deployment_id=deployment_id)
            return str(response.deployment_status or ""), response

        return await _poll(
            probe,
            what=f"deployment {deployment_id}",
            success=success,
            final_states=DEPLOYMENT_FINAL_STATES,
            timeout=timeout,
            poll_interval=poll_interval,
        )

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

        async def probe() -> tuple[str, EffectiveDeployment | None]:
            async for item in self.list_effective_deployments(
                core_device_thing_name=core_device_thing_name
            ):
                if item.deployment_id == deployment_id:
                    return str(item.core_device_execution_status or ""), item
            return "NOT_FOUND", None

        found = await _poll(
            probe,
            what=f"deployment {deployment_id} on {core_device_thing_name}",
            success=success,
            final_states=EXECUTION_FINAL_STATES,
            timeout=timeout,
            poll_interval=poll_interval,
            not_yet="NOT_FOUND",
        )
        if found is None:  # only if a caller counts "NOT_FOUND" as a success
            raise WaiterError(
                f"deployment {deployment_id} is not among {core_device_thing_name}'s",
                state="NOT_FOUND",
                last_response=None,
            )
        return found

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

        async def probe() -> tuple[str, DescribeComponentResponse]:
            response = await self.describe_component(arn=arn)
            status = response.status
            return (str(status.component_state or "") if status else ""), response

        def reasons(response: DescribeComponentResponse) -> str:
            status = response.status
            errors = (status.errors if status else None) or {}
            message = status.message if status and status.message else ""
            return f": {message}" + "".join(f"; {key}: {value}" for key, value in errors.items())

        return await _poll(
            probe,
            what=f"component version {arn}",
            success=success,
            final_states=COMPONENT_FINAL_STATES,
            timeout=timeout,
            poll_interval=poll_interval,
            detail=reasons,
        )
