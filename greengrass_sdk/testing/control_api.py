"""The emulator's control API: its testing methods over HTTP, for a server run from the shell.

Every path starts with ``/_emulator/`` (no AWS operation uses it); bodies are JSON; a
``region`` query parameter picks the region (the server's default region otherwise). Documented
in ``docs/testing.md``:

======  =============================================  ===========================================
POST    ``/_emulator/clock/advance``                   ``{"seconds": 90}`` → ``{"now": …}``
GET     ``/_emulator/clock``                           ``{"now": …, "frozen": false}``
POST    ``/_emulator/core-devices``                    register: ``{"thingName", "thingGroups",
                                                       "coreVersion", "platform", "architecture",
                                                       "status"}``
PUT     ``/_emulator/core-devices/{name}/behaviour``   script: ``{"outcome": "fails", "duration",
                                                       "reason", "errorStack", "errorTypes",
                                                       "backOnlineAfter", "then"}``
DELETE  ``/_emulator/core-devices/{name}/behaviour``   back to manual control
POST    ``/_emulator/core-devices/{name}/apply``       ``{"failReason": …}`` → outcomes
POST    ``/_emulator/components``                      ``{"recipe": {…}}`` → ``{"arn": …}``
POST    ``/_emulator/faults/throttle``                 ``{"requestsPerSecond", "operation",
                                                       "burst"}``
POST    ``/_emulator/reset``                           forget everything
======  =============================================  ===========================================
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from greengrass_sdk.testing.device_behaviours import COMPONENT_ERROR_STACK, DeviceBehaviour
from greengrass_sdk.testing.service_error import ServiceError

if TYPE_CHECKING:
    from greengrass_sdk.testing.server import LocalGreengrass

__all__ = ["PREFIX", "ControlApi"]

PREFIX = "/_emulator"

_Handler = Callable[[web.Request], Awaitable[web.Response]]


class ControlApi:
    """Routes ``/_emulator/…`` requests to a :class:`LocalGreengrass`'s testing methods.

    Args:
        server: The emulator to control.
    """

    def __init__(self, server: LocalGreengrass) -> None:
        self.server = server

    def install(self, app: web.Application) -> None:
        """Add the control routes to ``app`` (before its catch-all AWS route)."""
        routes: list[tuple[str, str, _Handler]] = [
            ("GET", "/clock", self._clock),
            ("POST", "/clock/advance", self._advance),
            ("POST", "/core-devices", self._register),
            ("PUT", "/core-devices/{name}/behaviour", self._script),
            ("DELETE", "/core-devices/{name}/behaviour", self._unscript),
            ("POST", "/core-devices/{name}/apply", self._apply),
            ("POST", "/components", self._component),
            ("POST", "/faults/throttle", self._throttle),
            ("POST", "/reset", self._reset),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, PREFIX + path, _guarded(handler))

    def _now(self) -> dict[str, Any]:
        return {"now": self.server.clock.now().isoformat(), "frozen": self.server.clock.frozen}

    async def _clock(self, request: web.Request) -> web.Response:
        return web.json_response(self._now())

    async def _advance(self, request: web.Request) -> web.Response:
        body = await _body(request)
        self.server.clock.advance(float(_required(body, "seconds")))
        return web.json_response(self._now())

    async def _register(self, request: web.Request) -> web.Response:
        body = await _body(request)
        options = {
            key: body[wire]
            for key, wire in (
                ("platform", "platform"),
                ("architecture", "architecture"),
                ("runtime", "runtime"),
                ("core_version", "coreVersion"),
                ("status", "status"),
            )
            if wire in body
        }
        name = str(_required(body, "thingName"))
        self.server.register_core_device(
            name,
            thing_groups=list(body.get("thingGroups") or []),
            region=request.query.get("region"),
            **options,
        )
        return web.json_response({"thingName": name}, status=201)

    async def _script(self, request: web.Request) -> web.Response:
        body = await _body(request)
        behaviour = DeviceBehaviour(
            outcome=body.get("outcome", "succeeds"),
            duration=float(body.get("duration", 30.0)),
            back_online_after=body.get("backOnlineAfter"),
            then=body.get("then", "succeeds"),
            reason=str(body.get("reason", DeviceBehaviour().reason)),
            error_stack=tuple(body.get("errorStack") or COMPONENT_ERROR_STACK),
            error_types=tuple(body.get("errorTypes") or DeviceBehaviour().error_types),
        )
        if behaviour.outcome not in ("succeeds", "fails", "stuck", "offline"):
            raise _bad(
                f"outcome must be succeeds, fails, stuck or offline, not {behaviour.outcome}"
            )
        self.server.script_device(
            request.match_info["name"], behaviour, region=request.query.get("region")
        )
        return web.json_response({"thingName": request.match_info["name"]})

    async def _unscript(self, request: web.Request) -> web.Response:
        self.server.script_device(
            request.match_info["name"], None, region=request.query.get("region")
        )
        return web.json_response({})

    async def _apply(self, request: web.Request) -> web.Response:
        body = await _body(request)
        results = self.server.apply_deployments(
            request.match_info["name"],
            fail_reason=body.get("failReason"),
            region=request.query.get("region"),
        )
        return web.json_response(results)

    async def _component(self, request: web.Request) -> web.Response:
        body = await _body(request)
        arn = self.server.add_component_version(
            _required(body, "recipe"), region=request.query.get("region")
        )
        return web.json_response({"arn": arn}, status=201)

    async def _throttle(self, request: web.Request) -> web.Response:
        body = await _body(request)
        self.server.faults.throttle_above(
            float(_required(body, "requestsPerSecond")),
            str(body.get("operation", "*")),
            burst=int(body.get("burst", 1)),
        )
        return web.json_response({})

    async def _reset(self, request: web.Request) -> web.Response:
        self.server.reset()
        return web.json_response({})


class _BadRequest(Exception):
    pass


def _bad(message: str) -> _BadRequest:
    return _BadRequest(message)


def _required(body: dict[str, Any], key: str) -> Any:
    if key not in body:
        raise _bad(f"missing {key!r}")
    return body[key]


async def _body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if not raw:
        return {}
    try:
        parsed = json.loads(raw)
    except ValueError as error:
        raise _bad(f"the body is not JSON: {error}") from None
    if not isinstance(parsed, dict):
        raise _bad("the body must be a JSON object")
    return parsed


def _guarded(handler: _Handler) -> _Handler:
    async def run(request: web.Request) -> web.Response:
        try:
            return await handler(request)
        except (_BadRequest, ValueError, TypeError) as error:
            return web.json_response({"message": str(error)}, status=400)
        except ServiceError as error:
            return web.json_response({"code": error.code, "message": error.message}, status=404)

    return run
