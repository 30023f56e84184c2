"""The only module that talks to aiobotocore: opening, calling and closing one client."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

from aiobotocore.config import AioConfig
from aiobotocore.session import AioSession, get_session

__all__ = ["ConnectionOptions", "Transport"]

logger = logging.getLogger("greengrass_sdk")


@dataclass(frozen=True)
class ConnectionOptions:
    """How the underlying aiobotocore client connects.

    Attributes:
        region_name: AWS region; None takes it from the usual AWS sources.
        endpoint_url: Endpoint to call instead of AWS's (e.g. the local emulator).
        max_pool_connections: Size of the HTTP connection pool (aiobotocore's default is 10,
            which throttles large ``asyncio.gather`` fan-outs).
        connect_timeout: Seconds to wait for a connection.
        read_timeout: Seconds to wait for a response.
        credentials: Explicit ``aws_access_key_id``/``aws_secret_access_key``/
            ``aws_session_token``; empty takes them from the usual AWS sources.
        profile_name: Named profile of the shared AWS config files.
    """

    region_name: str | None = None
    endpoint_url: str | None = None
    max_pool_connections: int = 50
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    credentials: Mapping[str, str | None] | None = None
    profile_name: str | None = None

    def config(self) -> AioConfig:
        """Aiobotocore config with botocore's own retries switched off (our loop retries)."""
        return AioConfig(
            retries={"total_max_attempts": 1, "mode": "standard"},
            max_pool_connections=self.max_pool_connections,
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
        )


class Transport:
    """Owns (or borrows) one aiobotocore client and sends requests through it."""

    def __init__(self, service_name: str, options: ConnectionOptions | None = None) -> None:
        self.service_name = service_name
        self.options = options or ConnectionOptions()
        self._client: Any = None
        self._stack: contextlib.AsyncExitStack | None = None
        self._owned = True

    @classmethod
    def borrow(cls, service_name: str, client: Any) -> Self:
        """Wrap a client the caller created and will close.

        Its retry configuration is left as the caller set it; if botocore retries too, attempts
        multiply, so a warning is logged.
        """
        transport = cls(service_name)
        transport._client = client
        transport._owned = False
        retries = getattr(getattr(client, "meta", None), "config", None)
        settings = getattr(retries, "retries", None) or {}
        if settings.get("total_max_attempts", settings.get("max_attempts", 2)) > 1:
            logger.warning(
                "the borrowed %s client retries by itself; with greengrass_sdk's retries on "
                "top, attempts multiply. Create it with retries={'total_max_attempts': 1}.",
                service_name,
            )
        return transport

    @property
    def region_name(self) -> str | None:
        """The region in use: the client's resolved one once open, else the configured one."""
        meta = getattr(self._client, "meta", None)
        resolved = getattr(meta, "region_name", None)
        return str(resolved) if resolved else self.options.region_name

    @property
    def is_open(self) -> bool:
        """Whether requests can be sent."""
        return self._client is not None

    async def open(self, session: AioSession | None = None) -> None:
        """Create the aiobotocore client (no-op if already open)."""
        if self._client is not None:
            return
        stack = contextlib.AsyncExitStack()
        options = self.options
        creds = dict(options.credentials or {})
        if session is None:
            profile = options.profile_name
            session = AioSession(profile=profile) if profile else get_session()
        creator = session.create_client(
            self.service_name,
            region_name=options.region_name,
            endpoint_url=options.endpoint_url,
            config=options.config(),
            aws_access_key_id=creds.get("aws_access_key_id"),
            aws_secret_access_key=creds.get("aws_secret_access_key"),
            aws_session_token=creds.get("aws_session_token"),
        )
        self._client = await stack.enter_async_context(creator)
        self._stack = stack

    async def close(self) -> None:
        """Close the client if this transport created it."""
        stack, self._stack = self._stack, None
        if self._owned:
            self._client = None
        if stack is not None:
            await stack.aclose()

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def send(self, method: str, params: Mapping[str, Any]) -> dict[str, Any]:
        """Call the botocore client method once; botocore exceptions propagate unchanged."""
        if self._client is None:
            raise RuntimeError(
                "the client is not open: use `async with Client(...) as client:` "
                "or `await client.open()` first"
            )
        response: dict[str, Any] = await getattr(self._client, method)(**params)
        return response
