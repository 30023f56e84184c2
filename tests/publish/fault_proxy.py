"""A forwarding HTTP proxy in front of moto's S3 server that fails chosen requests.

moto has no fault injection; this passes every request through unchanged except those a rule
picks, which get an S3 error answer instead (the request never reaches moto).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

_HOP = {"host", "content-length", "transfer-encoding", "connection"}


@dataclass
class Rule:
    """Fail up to ``times`` requests that ``matches`` with ``status``/``code``.

    ``status=0`` drops the connection after reading the request, without an answer.
    """

    matches: Callable[[web.Request], bool]
    times: int
    status: int = 503
    code: str = "SlowDown"
    hits: int = 0


@dataclass
class FaultProxy:
    """Start with ``await proxy.start()``; ``endpoint_url`` then points through it."""

    upstream: str
    rules: list[Rule] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    _session: aiohttp.ClientSession | None = None
    port: int = 0

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        app = web.Application(client_max_size=1024**3)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        self._session = aiohttp.ClientSession(auto_decompress=False)

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.seen.append(f"{request.method} {request.path_qs}")
        body = await request.read()
        for rule in self.rules:
            if rule.hits < rule.times and rule.matches(request):
                rule.hits += 1
                if rule.status == 0:
                    assert request.transport is not None
                    request.transport.close()
                    return web.Response()
                xml = (
                    f"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{rule.code}</Code>"
                    f"<Message>injected by the test</Message></Error>"
                )
                return web.Response(status=rule.status, text=xml, content_type="application/xml")
        assert self._session is not None
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP}
        async with self._session.request(
            request.method, self.upstream + request.path_qs, headers=headers, data=body
        ) as upstream:
            payload = await upstream.read()
            out = {k: v for k, v in upstream.headers.items() if k.lower() not in _HOP}
            return web.Response(status=upstream.status, headers=out, body=payload)
