"""The sweep: every public method of the three clients against hostile servers.

Each of the 136 methods meets a rotating selection of hostile answers (broken JSON, wrong
top-level types, wrong member types taken from the operation's own output shape, odd error
bodies, every form of ``Retry-After``, redirects, dropped connections, compressed or
undecodable bodies). A call may succeed or fail; the sweep fails on any exception outside the
``GreengrassError`` tree, and reports every one it saw.
"""

from __future__ import annotations

import gzip
import importlib
import itertools
import json
import random
from collections.abc import Callable
from typing import Any

import pytest
from botocore import xform_name

from codegen.services import ServiceScope
from greengrass_sdk import AsyncPager, RetryPolicy
from greengrass_sdk.errors import GreengrassError
from tests.clients.conftest import client_kwargs
from tests.clients.test_every_operation import CLIENTS, _kwargs
from tests.support.scripted_server import Recorded, Reply, ScriptedServer
from tests.support.service_shapes import all_scopes

SWEEP_POLICY = RetryPolicy(
    max_attempts=2,
    initial_backoff=0.001,
    throttle_backoff=0.001,
    max_backoff=0.002,
    max_retry_after=0.002,
)
PER_OPERATION = 8
DEEP = b"[" * 50_000 + b"]" * 50_000


def _json(status: int, value: Any, **headers: str) -> Reply:
    return Reply(status, raw=json.dumps(value).encode(), headers=headers)


def _error(
    status: int, raw: bytes, code: str | None = "ValidationException", **headers: str
) -> Reply:
    if code is not None:
        headers["x-amzn-ErrorType"] = code
    return Reply(status, raw=raw, headers=headers)


HOSTILE: dict[str, Reply] = {
    "truncated": Reply(200, raw=b'{"a": [1, 2'),
    "html": Reply(200, raw=b"<html><body>Bad gateway</body></html>"),
    "top list": _json(200, [{"a": 1}]),
    "top string": _json(200, "hello"),
    "top number": _json(200, 12.5),
    "top null": _json(200, None),
    "deep": Reply(200, raw=b'{"a": ' + DEEP + b"}"),
    "bad utf-8": Reply(200, raw=b'{"a": "\xc3\x28"}'),
    "fake gzip": Reply(200, raw=b'{"a": 1}', headers={"Content-Encoding": "gzip"}),
    "real gzip": Reply(200, raw=gzip.compress(b"{}"), headers={"Content-Encoding": "gzip"}),
    "empty 200": Reply(200, raw=b""),
    "error message number": _error(400, b'{"message": 5}'),
    "error message list": _error(409, b'{"message": ["a"]}', "ConflictException"),
    "error top list": _error(400, b"[1]"),
    "error deep": _error(400, DEEP),
    "error bad utf-8": _error(500, b"\xff\xfe", "InternalServerException"),
    "error no code": _error(418, b"teapot", None),
    "error unknown code": _error(400, b'{"message": "x"}', "BrandNewException"),
    "error empty": _error(500, b"", None),
    "error fields wrong type": _error(
        400, b'{"message": "m", "reason": 7, "fields": "nope", "resourceId": [1]}'
    ),
    "retry-after date": _error(
        429, b"{}", "ThrottlingException", **{"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}
    ),
    "retry-after fraction": _error(429, b"{}", "ThrottlingException", **{"Retry-After": "0.001"}),
    "retry-after garbage": _error(503, b"{}", "ServiceUnavailable", **{"Retry-After": "soon"}),
    "retry-after huge": _error(429, b"{}", "ThrottlingException", **{"Retry-After": "9" * 40}),
    "retry-after nan": _error(500, b"{}", "InternalServerException", **{"Retry-After": "nan"}),
    "retryAfterSeconds string": _error(
        500, b'{"message": "m", "retryAfterSeconds": "x"}', "InternalServerException"
    ),
    "redirect": Reply(302, raw=b"", headers={"Location": "http://127.0.0.1:1/elsewhere"}),
    "drop": Reply(drop=True),
}


def _wrong_value(scope: ServiceScope, shape_name: str, rng: random.Random) -> Any:
    """A JSON value of the wrong type for the shape."""
    kind = scope.shapes[shape_name]["type"]
    choices: dict[str, list[Any]] = {
        "structure": ["s", [1], 3],
        "list": ["s", {"a": 1}, 3],
        "map": ["s", [1, 2], 3],
        "string": [{"a": 1}, [1]],
        "integer": ["x", {"a": 1}, 1e308],
        "long": ["x", [1], 1e308],
        "double": ["x", {"a": 1}],
        "float": ["x", [1]],
        "boolean": ["x", {"a": 1}, [1]],
        "timestamp": ["not a date", 1e300, {"a": 1}, -1e20],
        "blob": ["!!not base64!!", 5, {"a": 1}],
    }
    return rng.choice(choices[kind])


def _wrong_member_bodies(scope: ServiceScope, operation: str) -> list[tuple[str, Reply]]:
    """One body per output member, holding a wrong-typed value for it."""
    output = scope.operations[operation].get("output")
    if output is None:
        return []
    rng = random.Random(f"{scope.spec.package}.{operation}")
    members = scope.shapes[output["shape"]].get("members", {})
    bodies = []
    for member, ref in members.items():
        if ref.get("location"):
            continue
        name = ref.get("locationName", member)
        value = _wrong_value(scope, ref["shape"], rng)
        bodies.append((f"wrong {member}", _json(200, {name: value})))
    return bodies


def _plan(
    scope: ServiceScope, operation: str, counter: itertools.count[int]
) -> list[tuple[str, Reply]]:
    kinds = list(HOSTILE.items())
    start = next(counter) * PER_OPERATION
    chosen = [kinds[(start + i) % len(kinds)] for i in range(PER_OPERATION)]
    return chosen + _wrong_member_bodies(scope, operation)


async def _call(client: Any, operation: str, kwargs: dict[str, Any]) -> None:
    result = getattr(client, xform_name(operation))(**kwargs)
    if isinstance(result, AsyncPager):
        result.max_pages = 3
        [page async for page in result.pages()]
    else:
        await result


@pytest.mark.parametrize("scope", all_scopes(), ids=lambda s: s.spec.package)
async def test_nothing_escapes_the_error_tree(server: ScriptedServer, scope: ServiceScope) -> None:
    current: list[Reply] = []

    def answer(_: Recorded) -> Reply:
        return current[0]

    for method in ("GET", "POST", "PUT", "DELETE", "PATCH"):
        server.respond(method, ".*", answer)
    module = importlib.import_module(f"greengrass_sdk.{scope.spec.package}.client")
    client_class: Callable[..., Any] = getattr(module, CLIENTS[scope.spec.package])
    escaped: list[str] = []
    calls = 0
    counter = itertools.count()
    async with client_class(**client_kwargs(server, SWEEP_POLICY)) as client:
        for operation in scope.operations:
            kwargs = _kwargs(scope, operation)
            for label, reply in _plan(scope, operation, counter):
                current[:] = [reply]
                calls += 1
                try:
                    await _call(client, operation, kwargs)
                except GreengrassError:
                    pass
                except Exception as exc:
                    escaped.append(f"{operation} / {label}: {type(exc).__name__}: {exc}"[:300])
    assert calls > len(scope.operations) * PER_OPERATION
    assert not escaped, f"{len(escaped)} of {calls} calls escaped:\n" + "\n".join(escaped[:40])
