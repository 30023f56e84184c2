"""A scripted HTTP server on 127.0.0.1 for client tests.

Tests queue replies per (method, path pattern); every request that arrives is recorded, so tests
can assert exact attempt counts and what each attempt sent. Replies can be a status + JSON body +
headers, raw bytes (hostile bodies), a dropped connection, or a delay.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

DEFAULT_HEADERS = {"x-amzn-RequestId": "req-0000"}


@dataclass
class Reply:
    status: int = 200
    body: Any = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False
    raw: bytes | None = None
    """Send these bytes as the body verbatim (``body`` is then ignored)."""

    @classmethod
    def error(
        cls, status: int, code: str, message: str = "scripted failure", **extra: Any
    ) -> Reply:
        headers = {"x-amzn-ErrorType": code, **extra.pop("headers", {})}
        return cls(status, {"message": message, **extra}, headers)


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any


Responder = Callable[[Recorded], Reply]


class ScriptedServer:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._script: list[tuple[str, re.Pattern[str], deque[Reply]]] = []
        self._fallback: list[tuple[str, re.Pattern[str], Responder]] = []
        self._runner: web.AppRunner | None = None
        self.endpoint_url = ""
        self.default = Reply()
        self.in_flight = 0
        self.peak_in_flight = 0
        self._arrived = asyncio.Event()

    def queue(self, method: str, path: str, *replies: Reply) -> None:
        """Answer the next requests matching (method, full-match regex) with ``replies``."""
        self._script.append((method, re.compile(path), deque(replies)))

    def respond(self, method: str, path: str, responder: Responder) -> None:
        """Answer matching requests (once their queued replies are used up) with a function."""
        self._fallback.append((method, re.compile(path), responder))

    def matching(self, method: str, path: str) -> list[Recorded]:
        pattern = re.compile(path)
        return [r for r in self.requests if r.method == method and pattern.fullmatch(r.path)]

    async def wait_for_requests(self, method: str, path: str, count: int) -> None:
        """Return once ``count`` requests matching (method, path) have arrived."""
        while len(self.matching(method, path)) < count:
            self._arrived.clear()
            await self._arrived.wait()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            return await self._answer(request)
        finally:
            self.in_flight -= 1

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw
        recorded = Recorded(
            request.method, request.path, dict(request.query), dict(request.headers), body
        )
        self.requests.append(recorded)
        self._arrived.set()
        reply = self._next_reply(recorded)
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.drop:
            assert request.transport is not None
            request.transport.close()
            raise asyncio.CancelledError
        headers = {**DEFAULT_HEADERS, **reply.headers}
        if reply.raw is not None:
            headers.setdefault("Content-Type", "application/json")
            return web.Response(body=reply.raw, status=reply.status, headers=headers)
        return web.json_response(reply.body, status=reply.status, headers=headers)

    def _next_reply(self, recorded: Recorded) -> Reply:
        for method, pattern, replies in self._script:
            if method == recorded.method and pattern.fullmatch(recorded.path) and replies:
                return replies.popleft()
        for method, pattern, responder in self._fallback:
            if method == recorded.method and pattern.fullmatch(recorded.path):
                return responder(recorded)
        return self.default

    async def __aenter__(self) -> ScriptedServer:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.endpoint_url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()
