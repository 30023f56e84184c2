"""OpenTelemetry spans for logical calls, when the ``otel`` extra is installed.

One span per logical call (a call with all its retries, or one page of a listing), named
``<service>.<Operation>``, of kind CLIENT, with the RPC semantic attributes, the Greengrass
identifiers found in the request and the response, the number of attempts and whether a client
token was reused across them; one ``retry`` event per failed attempt with its reason and delay.
Spans of an instrumented botocore (``opentelemetry-instrumentation-botocore``) nest under it.

Without ``opentelemetry-api`` installed, :data:`ENABLED` is False and the pipeline never enters
this module's span code: tracing then costs one boolean test per call. With it installed but
no tracer provider in use, a call costs a lookup in ``sys.modules`` (:func:`recording`).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from types import ModuleType
from typing import Any

__all__ = ["ENABLED", "call_span", "record_response", "record_retry", "recording"]

_TRACE_MODULE = "opentelemetry.trace"


def _installed() -> bool:
    try:
        return importlib.util.find_spec(_TRACE_MODULE) is not None
    except (ImportError, ValueError):  # a parent package missing or blocked
        return False


ENABLED: bool = _installed()
"""Whether spans can be recorded (``opentelemetry-api``, the ``otel`` extra, is installed)."""

_TRACER_NAME = "greengrass_sdk"


def _trace_api() -> ModuleType | None:
    """OpenTelemetry's trace API if this process uses it, without importing it otherwise.

    A tracer provider is installed through that module, so while nobody has imported it
    (and no provider is named in ``OTEL_PYTHON_TRACER_PROVIDER``) there is nothing to record
    to, and its import (a few ms of a cold start) is not paid.
    """
    module = sys.modules.get(_TRACE_MODULE)
    if module is None and ENABLED and os.environ.get("OTEL_PYTHON_TRACER_PROVIDER"):
        module = importlib.import_module(_TRACE_MODULE)
    return module


def recording() -> bool:
    """Whether an application installed a tracer provider (call only when :data:`ENABLED`).

    ``opentelemetry-api`` is often installed as somebody else's dependency with no provider
    set; spans would then be no-ops, and building their attributes would cost every call
    about 20 us for nothing.
    """
    trace = _trace_api()
    if trace is None:
        return False
    provider = trace.get_tracer_provider()
    return not isinstance(provider, trace.ProxyTracerProvider | trace.NoOpTracerProvider)


_current: ContextVar[Any] = ContextVar("greengrass_sdk_call_span", default=None)

IDENTIFIERS: dict[str, str] = {
    "deployment_id": "greengrass.deployment_id",
    "deployment_name": "greengrass.deployment_name",
    "target_arn": "greengrass.target_arn",
    "parent_target_arn": "greengrass.parent_target_arn",
    "component_name": "greengrass.component_name",
    "component_version": "greengrass.component_version",
    "arn": "greengrass.arn",
    "core_device_thing_name": "greengrass.core_device_thing_name",
    "thing_group_arn": "greengrass.thing_group_arn",
    "group_id": "greengrass.group_id",
    "package_name": "iot.package_name",
    "version_name": "iot.package_version",
}
"""Request/response fields recorded as span attributes (identifiers, never payloads)."""


def _identifiers(model: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    members = getattr(type(model), "model_fields", {})
    for field, attribute in IDENTIFIERS.items():
        value = getattr(model, field) if field in members else None
        if isinstance(value, str) and value:
            found[attribute] = value
    return found


@contextlib.contextmanager
def call_span(service: str, operation: str, request: Any, token_field: str | None) -> Iterator[Any]:
    """Run a logical call inside its span (call only when :data:`ENABLED`).

    An exception leaving the block is recorded on the span, whose status becomes ERROR.
    """
    trace = _trace_api()
    assert trace is not None
    tracer = trace.get_tracer(_TRACER_NAME)
    attributes: dict[str, Any] = {
        "rpc.system": "aws-api",
        "rpc.service": service,
        "rpc.method": operation,
        **_identifiers(request),
    }
    if token_field is not None:
        attributes["greengrass_sdk.client_token.caller_supplied"] = bool(
            getattr(request, token_field, None)
        )
    with tracer.start_as_current_span(
        f"{service}.{operation}", kind=trace.SpanKind.CLIENT, attributes=attributes
    ) as span:
        reset = _current.set(span)
        try:
            yield span
        except Exception as error:
            request_id = getattr(error, "request_id", None)
            if request_id:
                span.set_attribute("aws.request_id", request_id)
            raise
        finally:
            _current.reset(reset)


def record_retry(attempt: int, reason: str, delay: float) -> None:
    """Add a ``retry`` event (the failed attempt, its error code, the delay) to the call's span."""
    span = _current.get()
    if span is not None:
        span.add_event(
            "retry",
            {
                "greengrass_sdk.attempt": attempt,
                "error.type": reason,
                "greengrass_sdk.delay": delay,
            },
        )


def record_response(response: Any, token_field: str | None) -> None:
    """Record what the response says: request id, status, attempts, token reuse, identifiers."""
    span = _current.get()
    if span is None:
        return
    meta = getattr(response, "response_metadata", None)
    attempts = getattr(meta, "attempts", 1) or 1
    attributes: dict[str, Any] = {"greengrass_sdk.attempts": attempts, **_identifiers(response)}
    if meta is not None and meta.request_id:
        attributes["aws.request_id"] = meta.request_id
    if meta is not None and meta.http_status_code:
        attributes["http.response.status_code"] = meta.http_status_code
    if token_field is not None:
        attributes["greengrass_sdk.client_token.reused"] = attempts > 1
    span.set_attributes(attributes)
