"""``LocalGreengrass``: the emulator's HTTP server and its testing API."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import Any, TypedDict

from aiohttp import web

from greengrass_sdk._core.exceptions import ClientClosedError
from greengrass_sdk.testing import deployment_lifecycle, iot_things, v2_components
from greengrass_sdk.testing.artifact_checks import ArtifactChecks
from greengrass_sdk.testing.clock import SimulatedClock
from greengrass_sdk.testing.control_api import ControlApi
from greengrass_sdk.testing.device_behaviours import DeviceBehaviour
from greengrass_sdk.testing.device_simulation import apply_deployments
from greengrass_sdk.testing.faults import Faults
from greengrass_sdk.testing.http_frontend import FrontendOptions, HttpFrontend
from greengrass_sdk.testing.journal import DEFAULT_JOURNAL_SIZE, RequestJournal
from greengrass_sdk.testing.recipes import load_recipe
from greengrass_sdk.testing.service_error import not_found
from greengrass_sdk.testing.state import CoreDevice, RegionState, StateStore

__all__ = ["DEFAULT_ACCOUNT_ID", "DEFAULT_SERVICES", "ConnectionKwargs", "LocalGreengrass"]

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_SERVICES = ("greengrassv2", "iot", "greengrass")


class ConnectionKwargs(TypedDict):
    """Keyword arguments that point a client at a :class:`LocalGreengrass` (typed for ``**``)."""

    endpoint_url: str
    region_name: str
    aws_access_key_id: str
    aws_secret_access_key: str


class LocalGreengrass:
    """A local Greengrass V2 / IoT package catalog (and V1, generically) endpoint.

    Use it as an async context manager; ``endpoint_url`` is ready inside::

        async with LocalGreengrass() as server:
            client = session.create_client("greengrassv2", endpoint_url=server.endpoint_url, ...)

    Args:
        port: TCP port on 127.0.0.1; 0 picks a free one.
        host: Address to bind.
        account_id: Account id used in ARNs.
        services: botocore service names to serve, in order of preference for shared routes.
            ``iot`` is limited to the operations the SDK covers (package catalog, things,
            thing groups, jobs).
        generic_fallback: Answer operations without a stateful handler (all of Greengrass V1)
            with a valid output made up from the model; otherwise they fail with 501.
        default_region: Region used when a request carries no SigV4 credential scope.
        stateful: ``False`` answers every operation, V2 and IoT included, with the generic
            responder (wire-format checks only: routing, validation, faults, journal).
        s3_endpoint_url: An S3 endpoint (e.g. moto's server) to read new component versions'
            artifacts from: a version is ``REQUESTED`` at first, then ``DEPLOYABLE`` when
            every ``s3://`` artifact is readable (digests filled in as the service does) or
            ``FAILED`` naming the artifacts that are not. Without it, new versions are
            ``DEPLOYABLE`` at once.
        clock: The clock deployments, jobs and scripted devices run on; by default one that
            follows real time. ``SimulatedClock(frozen=True)`` moves only when advanced.
        control_api: Serve the control API under ``/_emulator/`` (see ``docs/testing.md``).
        journal_size: How many requests ``requests`` keeps, the oldest forgotten first;
            None keeps all (a long run then grows without bound).
        journal_bodies: Whether ``requests`` keeps request bodies.
    """

    def __init__(
        self,
        *,
        port: int = 0,
        host: str = "127.0.0.1",
        account_id: str = DEFAULT_ACCOUNT_ID,
        services: Sequence[str] = DEFAULT_SERVICES,
        generic_fallback: bool = True,
        default_region: str = "us-east-1",
        stateful: bool = True,
        s3_endpoint_url: str | None = None,
        clock: SimulatedClock | None = None,
        control_api: bool = True,
        journal_size: int | None = DEFAULT_JOURNAL_SIZE,
        journal_bodies: bool = True,
    ) -> None:
        self.host = host
        self.port = port
        self.account_id = account_id
        self.default_region = default_region
        self.faults = Faults()
        self.requests = RequestJournal(journal_size, keep_bodies=journal_bodies)
        self.artifact_checks = ArtifactChecks(s3_endpoint_url) if s3_endpoint_url else None
        self.clock = clock or SimulatedClock()
        self._store = StateStore(self.clock, self.artifact_checks)
        self.clock.on_advance(self._catch_up)
        self._control = ControlApi(self) if control_api else None
        options = FrontendOptions(account_id, default_region, generic_fallback, stateful)
        self._frontend = HttpFrontend(services, options, self._store, self.faults, self.requests)
        self._runner: web.AppRunner | None = None

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def endpoint_url(self) -> str:
        """``http://host:port`` of the running server."""
        if self._runner is None:
            raise ClientClosedError("the server is not running")
        return f"http://{self.host}:{self.port}"

    def connection_kwargs(self, region: str | None = None) -> ConnectionKwargs:
        """Keyword arguments that point a client at this server.

        Endpoint, region and throwaway credentials (the emulator checks no signature, but
        botocore needs something to sign with). They fit the SDK's clients
        (``GreengrassV2Client(**server.connection_kwargs())``) and aiobotocore's
        ``create_client`` alike.

        Args:
            region: Region to call (default: the server's ``default_region``).

        Returns:
            ``endpoint_url``, ``region_name``, ``aws_access_key_id``, ``aws_secret_access_key``.
        """
        return {
            "endpoint_url": self.endpoint_url,
            "region_name": region or self.default_region,
            "aws_access_key_id": "local-emulator",
            "aws_secret_access_key": "local-emulator",
        }

    async def start(self) -> None:
        """Start listening."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        if self._control is not None:
            self._control.install(app)
        app.router.add_route("*", "/{tail:.*}", self._frontend.handle)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self._runner = runner
        for address in runner.addresses:
            self.port = int(address[1])
            break

    async def stop(self) -> None:
        """Stop listening and close open connections."""
        if self.artifact_checks is not None:
            await self.artifact_checks.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @contextlib.contextmanager
    def in_thread(self) -> Iterator[LocalGreengrass]:
        """Run the server on its own event loop in a background thread.

        For synchronous tests (boto3, botocore, the AWS CLI): a blocking client would stall a
        server running on the caller's own loop. The testing API can be used meanwhile.

        Yields:
            The running server.
        """
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="LocalGreengrass", daemon=True)
        thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self.start(), loop).result(timeout=60)
            yield self
        finally:
            asyncio.run_coroutine_threadsafe(self.stop(), loop).result(timeout=60)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=60)
            loop.close()

    async def __aenter__(self) -> LocalGreengrass:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- testing API -----------------------------------------------------------------------

    def state(self, region: str | None = None) -> RegionState:
        """The in-memory state of the emulator's account in ``region``."""
        return self._store.region(self.account_id, region or self.default_region)

    def reset(self) -> None:
        """Forget all state, faults and recorded requests."""
        self._store.reset()
        self.faults.clear()
        self.requests.clear()

    def add_component_version(
        self,
        recipe: dict[str, Any] | str | bytes,
        *,
        region: str | None = None,
        tags: dict[str, str] | None = None,
        public: bool = False,
    ) -> str:
        """Create a component version directly, without an HTTP call (for seeding).

        Args:
            recipe: The recipe, as a dict or as JSON/YAML text; refused like the service
                refuses it (``ServiceError``) when Greengrass could not read it.
            region: Region; the default region when omitted.
            tags: Tags for the version.
            public: Seed a public component (``aws.greengrass.Nucleus`` ...): owned by
                ``aws``, listed by ``ListComponents(scope="PUBLIC")`` only.

        Returns:
            The component version ARN.
        """
        if isinstance(recipe, dict):
            recipe = json.dumps(recipe)
        raw = recipe.encode() if isinstance(recipe, str) else recipe
        parsed = load_recipe(raw)
        state = self.state(region)
        return v2_components.create_component_version(state, parsed, tags, public=public).arn

    def register_core_device(
        self,
        thing_name: str,
        *,
        thing_groups: Sequence[str] = (),
        platform: str = "linux",
        architecture: str = "amd64",
        runtime: str = "aws_nucleus_classic",
        core_version: str = "2.14.0",
        status: str = "HEALTHY",
        region: str | None = None,
    ) -> None:
        """Register a core device, as the device itself would on first connection.

        The latest active deployments for the thing or one of its groups, existing or created
        later, show up in its effective deployments as ``QUEUED`` until
        :meth:`apply_deployments`.

        Args:
            thing_name: The device's IoT thing name.
            thing_groups: Names of the thing groups it belongs to.
            platform: Operating system (``linux``, ``windows``).
            architecture: CPU architecture (``amd64``, ``aarch64``…).
            runtime: ``aws_nucleus_classic`` or ``aws_nucleus_lite``.
            core_version: Nucleus version.
            status: ``HEALTHY`` or ``UNHEALTHY``.
            region: Region; the default region when omitted.
        """
        state = self.state(region)
        thing = iot_things.ensure_thing(state, thing_name)
        device = CoreDevice(
            thing_name=thing_name,
            thing_groups=thing.groups,  # the thing's membership list itself: one home
            platform=platform,
            architecture=architecture,
            runtime=runtime,
            core_version=core_version,
            status=status,
            last_status_update=state.clock.now(),
        )
        state.core_devices[thing_name] = device
        state.core_device_index.put((thing_name,), device)
        for group in thing_groups:
            if group not in thing.groups:
                thing.groups.append(iot_things.ensure_group(state, group).name)
        deployment_lifecycle.on_membership_change(state, thing)

    def apply_deployments(
        self, thing_name: str, *, fail_reason: str | None = None, region: str | None = None
    ) -> dict[str, str]:
        """Let a registered device apply its pending deployments.

        For devices without a script (:meth:`script_device`). The latest active deployment
        of each of the device's targets is applied: versions of
        dependencies are resolved the way the nucleus does (greedy, newest satisfying). On
        success, installed components are replaced, effective deployments become
        ``SUCCEEDED`` and deployments targeting the thing itself ``COMPLETED`` (thing-group
        deployments stay ``ACTIVE``, as they do in AWS). On failure they become ``FAILED``.

        Args:
            thing_name: The device.
            fail_reason: Force a failure with this reason.
            region: Region; the default region when omitted.

        Returns:
            Each applied deployment id mapped to ``SUCCEEDED`` or ``FAILED``.
        """
        state = self.state(region)
        device = state.core_devices.get(thing_name)
        if device is None:
            raise not_found("core device", thing_name)
        deployment_lifecycle.catch_up(state)
        report = apply_deployments(state, device, fail_reason)
        deployment_lifecycle.record_device_results(state, device, report)
        return dict(report.outcomes)

    def script_device(
        self, thing_name: str, behaviour: DeviceBehaviour | None, *, region: str | None = None
    ) -> None:
        """Decide what a device does with every deployment that reaches it from now on.

        Scripted devices pick deployments up as the job's rollout notifies them and report on
        the emulator's ``clock``; ``None`` returns the device to manual control
        (:meth:`apply_deployments`).

        Args:
            thing_name: The device (it need not be registered yet).
            behaviour: The script, e.g. ``DeviceBehaviour.fails()``.
            region: Region; the default region when omitted.
        """
        state = self.state(region)
        if behaviour is None:
            state.behaviours.pop(thing_name, None)
        else:
            state.behaviours[thing_name] = behaviour

    def add_thing_group(
        self, name: str, things: Sequence[str] = (), *, region: str | None = None
    ) -> str:
        """Create a static thing group (and its things, if new) directly, for seeding.

        Args:
            name: The group's name.
            things: Thing names to add to it.
            region: Region; the default region when omitted.

        Returns:
            The thing group ARN.
        """
        state = self.state(region)
        group = iot_things.ensure_group(state, name)
        for thing_name in things:
            iot_things.add_to_group(state, iot_things.ensure_thing(state, thing_name), group)
        return group.arn

    def _catch_up(self) -> None:
        for state in self._store.regions():
            deployment_lifecycle.catch_up(state)
