"""``LocalGreengrass``: the emulator's HTTP server and its testing API."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import json
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote

import botocore.session  # type: ignore[import-untyped]
from aiohttp import web

from greengrass_sdk.testing import iot_packages, v2_components, v2_deployments, v2_devices
from greengrass_sdk.testing.device_simulation import apply_deployments
from greengrass_sdk.testing.dispatch import execute, peek_token
from greengrass_sdk.testing.faults import Fault, FaultKind, Faults
from greengrass_sdk.testing.journal import RecordedRequest, RequestJournal
from greengrass_sdk.testing.recipes import load_recipe
from greengrass_sdk.testing.routing import RouteMatch, Router, ServiceSpec
from greengrass_sdk.testing.service_error import ServiceError, not_found
from greengrass_sdk.testing.state import CoreDevice, RegionState, StateStore, utcnow
from greengrass_sdk.testing.wire_request import decode_json_body
from greengrass_sdk.testing.wire_response import WireResponse, serialize_error, serialize_output

__all__ = ["DEFAULT_ACCOUNT_ID", "DEFAULT_SERVICES", "LocalGreengrass"]

# Importing the handler modules registers their operations.
_HANDLER_MODULES = (iot_packages, v2_components, v2_deployments, v2_devices)

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_SERVICES = ("greengrassv2", "iot", "greengrass")
_SCOPE = re.compile(r"Credential=[^/,\s]+/\d{8}/([^/]+)/([^/]+)/aws4_request")
_REQUEST_IDS = itertools.count(1)


def _is_package_catalog(operation: str) -> bool:
    return "Package" in operation or "Sbom" in operation


@functools.lru_cache(maxsize=8)
def _router(services: tuple[str, ...]) -> Router:
    """Routes for ``services``; cached, as loading the models takes a while (IoT's is large)."""
    session = botocore.session.get_session()
    specs = []
    for name in services:
        model = session.get_service_model(name)
        specs.append(ServiceSpec(model, _is_package_catalog if name == "iot" else None))
    return Router(specs)


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
            ``iot`` is limited to its package catalog operations.
        generic_fallback: Answer operations without a stateful handler (all of Greengrass V1)
            with a valid output made up from the model; otherwise they fail with 501.
        default_region: Region used when a request carries no SigV4 credential scope.
        stateful: ``False`` answers every operation, V2 and IoT included, with the generic
            responder (wire-format checks only: routing, validation, faults, journal).
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
    ) -> None:
        self.host = host
        self.port = port
        self.account_id = account_id
        self.default_region = default_region
        self.generic_fallback = generic_fallback
        self.stateful = stateful
        self.faults = Faults()
        self.requests = RequestJournal()
        self._store = StateStore()
        self._router = _router(tuple(services))
        self._runner: web.AppRunner | None = None
        self._in_flight: set[tuple[str, ...]] = set()

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def endpoint_url(self) -> str:
        """``http://host:port`` of the running server."""
        if self._runner is None:
            raise RuntimeError("the server is not running")
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        """Start listening."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
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
    ) -> str:
        """Create a component version directly, without an HTTP call (for seeding).

        Args:
            recipe: The recipe, as a dict or as JSON/YAML text.
            region: Region; the default region when omitted.
            tags: Tags for the version.

        Returns:
            The component version ARN.
        """
        if isinstance(recipe, dict):
            recipe = json.dumps(recipe)
        raw = recipe.encode() if isinstance(recipe, str) else recipe
        parsed = load_recipe(raw)
        return v2_components.create_component_version(self.state(region), parsed, tags).arn

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
        device = CoreDevice(
            thing_name=thing_name,
            thing_groups=list(thing_groups),
            platform=platform,
            architecture=architecture,
            runtime=runtime,
            core_version=core_version,
            status=status,
            last_status_update=utcnow(),
        )
        state.core_devices[thing_name] = device
        state.core_device_index.put((thing_name,), device)
        for deployment in state.deployments.values():
            reaches = deployment.target_arn in v2_deployments.device_targets(state, device)
            if reaches and deployment.is_latest and deployment.status == "ACTIVE":
                v2_deployments.queue_for_device(state, device, deployment)

    def apply_deployments(
        self, thing_name: str, *, fail_reason: str | None = None, region: str | None = None
    ) -> dict[str, str]:
        """Let a registered device apply its pending deployments.

        The latest active deployment of each of the device's targets is applied: versions of
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
        return apply_deployments(state, device, fail_reason)

    # -- HTTP ------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        raw_path = request.rel_url.raw_path
        query = parse_qs(request.rel_url.raw_query_string, keep_blank_values=True)
        headers = dict(request.headers)
        scope = _SCOPE.search(request.headers.get("Authorization", ""))
        region = scope.group(1) if scope else self.default_region
        match = self._router.match(
            request.method, raw_path, query, scope.group(2) if scope else None
        )
        record = RecordedRequest(
            service=match.route.service if match else None,
            operation=match.route.operation.name if match else None,
            method=request.method,
            path=unquote(raw_path),
            query=query,
            headers=headers,
            body=_json_or_none(body),
            raw_body=body,
        )
        self.requests.append(record)
        if match is None:
            error = ServiceError(
                "UnknownOperationException",
                f"No operation for {request.method} {raw_path}.",
                status=404,
            )
            return self._send(record, serialize_error(None, error))
        operation = match.route.operation
        key = self._in_flight_key(match, region, query, request.headers, body)
        if key is not None and key in self._in_flight:
            error = ServiceError(
                "RequestAlreadyInProgressException",
                f"A request with client token {key[-1]} is still being processed.",
            )
            return self._send(record, serialize_error(operation.service_model, error))
        if key is not None:
            self._in_flight.add(key)
        try:
            return await self._answer(request, record, match, region, query, body)
        finally:
            if key is not None:
                self._in_flight.discard(key)

    def _in_flight_key(
        self,
        match: RouteMatch,
        region: str,
        query: dict[str, list[str]],
        headers: Mapping[str, str],
        body: bytes,
    ) -> tuple[str, ...] | None:
        """Key of a token-carrying request whose operation models "already in progress"."""
        operation = match.route.operation
        if not any(e.name == "RequestAlreadyInProgressException" for e in operation.error_shapes):
            return None
        token = peek_token(operation, match.uri_params, query, headers, body)
        return None if token is None else (region, operation.name, token)

    async def _answer(
        self,
        request: web.Request,
        record: RecordedRequest,
        match: RouteMatch,
        region: str,
        query: dict[str, list[str]],
        body: bytes,
    ) -> web.StreamResponse:
        operation = match.route.operation
        delay = self.faults.delay_for(operation.name)
        if delay:
            await asyncio.sleep(delay)
        fault = self.faults.take(operation.name)
        if fault is not None:
            record.fault = fault.kind.value
        if fault is not None and fault.kind is FaultKind.DROP:
            return _drop(request)
        if fault is not None and fault.kind is FaultKind.ERROR:
            return self._send(record, serialize_error(operation.service_model, _injected(fault)))
        try:
            output = execute(
                operation,
                self.state(region),
                match.uri_params,
                query,
                request.headers,
                body,
                generic_fallback=self.generic_fallback,
                stateful=self.stateful,
            )
            response = serialize_output(operation, output)
        except ServiceError as error:
            response = serialize_error(operation.service_model, error)
        if fault is not None and fault.kind is FaultKind.COMMIT_THEN_DROP:
            record.status = None
            return _drop(request)
        return self._send(record, response)

    def _send(self, record: RecordedRequest, response: WireResponse) -> web.Response:
        record.status = response.status
        record.error_code = response.headers.get("x-amzn-ErrorType")
        headers = dict(response.headers)
        headers["x-amzn-RequestId"] = f"emulator-{next(_REQUEST_IDS):012d}"
        content_type = headers.pop("Content-Type", None)
        return web.Response(
            status=response.status, headers=headers, body=response.body, content_type=content_type
        )


def _json_or_none(body: bytes) -> Any:
    try:
        return decode_json_body(body)
    except ServiceError:
        return None


def _injected(fault: Fault) -> ServiceError:
    return ServiceError(
        fault.code, fault.message, status=fault.status, retry_after=fault.retry_after
    )


def _drop(request: web.Request) -> web.StreamResponse:
    """Close the connection without writing a response."""
    transport = request.transport
    if transport is not None:
        transport.abort()
    raise asyncio.CancelledError
