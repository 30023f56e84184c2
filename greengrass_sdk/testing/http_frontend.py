"""The HTTP side of the emulator: from an aiohttp request to a wire response."""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote

import botocore.session
from aiohttp import web

from greengrass_sdk.testing.dispatch import execute, peek_token
from greengrass_sdk.testing.faults import Fault, FaultKind, Faults
from greengrass_sdk.testing.journal import (
    SECRET_HEADERS,
    SECRET_QUERY_KEYS,
    RecordedRequest,
    RequestJournal,
    without_secrets,
)
from greengrass_sdk.testing.routing import RouteMatch, Router, ServiceSpec
from greengrass_sdk.testing.service_error import ServiceError
from greengrass_sdk.testing.state import StateStore
from greengrass_sdk.testing.wire_request import decode_json_body
from greengrass_sdk.testing.wire_response import WireResponse, serialize_error, serialize_output

__all__ = ["FrontendOptions", "HttpFrontend", "router_for", "sdk_iot_operations"]

logger = logging.getLogger("greengrass_sdk.testing")

_SCOPE = re.compile(r"Credential=[^/,\s]+/\d{8}/([^/]+)/([^/]+)/aws4_request")
_REQUEST_IDS = itertools.count(1)


@functools.cache
def sdk_iot_operations() -> frozenset[str]:
    """The IoT operations the SDK covers: those its generated ``IoTClient`` defines.

    The list itself lives in the generator (``codegen/services.py``); reading it back from the
    generated client keeps one home for it.
    """
    from greengrass_sdk._core.operation import OperationSpec
    from greengrass_sdk.iot import client

    return frozenset(spec.name for spec in vars(client).values() if isinstance(spec, OperationSpec))


def _in_sdk_iot_scope(operation: str) -> bool:
    return operation in sdk_iot_operations()


@functools.lru_cache(maxsize=8)
def router_for(services: tuple[str, ...]) -> Router:
    """Routes for ``services``; cached, as loading the models takes a while (IoT's is large).

    Args:
        services: botocore service names, in order of preference; ``iot`` is limited to the
            operations the SDK covers (:func:`sdk_iot_operations`).

    Returns:
        The router.
    """
    session = botocore.session.get_session()
    specs = []
    for name in services:
        model = session.get_service_model(name)
        specs.append(ServiceSpec(model, _in_sdk_iot_scope if name == "iot" else None))
    return Router(specs)


@dataclass(frozen=True)
class FrontendOptions:
    """Settings of the front end (see :class:`~greengrass_sdk.testing.LocalGreengrass`)."""

    account_id: str
    default_region: str
    generic_fallback: bool
    stateful: bool


class HttpFrontend:
    """Routes each request, applies faults, runs the operation and records it in the journal.

    Args:
        services: botocore service names to serve.
        options: Account, region and responder settings.
        store: The state to operate on.
        faults: The fault plan.
        journal: Where requests are recorded.
    """

    def __init__(
        self,
        services: Sequence[str],
        options: FrontendOptions,
        store: StateStore,
        faults: Faults,
        journal: RequestJournal,
    ) -> None:
        self.router = router_for(tuple(services))
        self.options = options
        self.store = store
        self.faults = faults
        self.journal = journal
        self._in_flight: set[tuple[str, ...]] = set()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer one HTTP request (the aiohttp handler for every path).

        Whatever goes wrong inside, the answer is an AWS-style JSON error with its status
        (an emulator bug is a 500 ``InternalServerException``-like error, logged), never
        aiohttp's plain-text 500.
        """
        record: list[RecordedRequest] = []
        try:
            return await self._handle(request, record)
        except Exception as exc:  # the service never answers with a stack trace either
            logger.exception("emulator failure on %s %s", request.method, request.path)
            error = ServiceError(
                "InternalServerException", f"The emulator failed: {type(exc).__name__}.", status=500
            )
            response = serialize_error(None, error)
            if record:
                return self._send(record[0], response)
            return web.Response(status=500, headers=response.headers, body=response.body)

    async def _handle(
        self, request: web.Request, recorded: list[RecordedRequest]
    ) -> web.StreamResponse:
        body = await request.read()
        raw_path = request.rel_url.raw_path
        query = parse_qs(request.rel_url.raw_query_string, keep_blank_values=True)
        headers = dict(request.headers)
        scope = _SCOPE.search(request.headers.get("Authorization", ""))
        region = scope.group(1) if scope else self.options.default_region
        match = self.router.match(
            request.method, raw_path, query, scope.group(2) if scope else None
        )
        record = RecordedRequest(
            service=match.route.service if match else None,
            operation=match.route.operation.name if match else None,
            method=request.method,
            path=unquote(raw_path),
            query=without_secrets(query, SECRET_QUERY_KEYS),
            headers=without_secrets(headers, SECRET_HEADERS),
            body=_json_or_none(body) if self.journal.keep_bodies else None,
            raw_body=body if self.journal.keep_bodies else b"",
        )
        self.journal.append(record)
        recorded.append(record)
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
                self.store.region(self.options.account_id, region),
                match.uri_params,
                query,
                request.headers,
                body,
                generic_fallback=self.options.generic_fallback,
                stateful=self.options.stateful,
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
