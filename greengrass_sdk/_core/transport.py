"""The only module that talks to aiobotocore: opening, calling and closing one client."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self

from aiobotocore.session import AioSession, get_session
from botocore.exceptions import BotoCoreError

from greengrass_sdk._core.connection import ConnectionOptions
from greengrass_sdk._core.data_loader import sdk_data_loader
from greengrass_sdk._core.error_mapping import map_setup_exception
from greengrass_sdk._core.exceptions import ClientClosedError, ConfigurationError
from greengrass_sdk._core.native_parse import NativeParserFactory
from greengrass_sdk._core.raw_response import check_before_parse, parser_checks_success_body
from greengrass_sdk._core.user_agent import memoize_user_agent

__all__ = ["Transport", "shared_session"]

logger = logging.getLogger("greengrass_sdk")

_sessions = threading.local()


def shared_session(profile_name: str | None = None) -> AioSession:
    """The aiobotocore session every client of this thread, profile and environment shares.

    Created on first use. One session loads the service models, endpoint data and credentials
    once for all clients, instead of once per client (three clients opened in about 270 ms
    with a session each, about 110 ms with one shared). It is kept per thread because a
    botocore session is not safe to create clients from in several threads at once (each sync
    client runs its event loop in its own thread).

    Args:
        profile_name: Named profile of the shared AWS config files; None for the default.
    """
    cache: dict[tuple[Any, ...], AioSession] | None = getattr(_sessions, "cache", None)
    if cache is None:
        cache = _sessions.cache = {}
    # A session reads the AWS_* environment (credentials, profile, config files) once and
    # keeps what it found: a changed environment gets a session of its own, as it would have
    # had with a session per client.
    key = (profile_name, *sorted(item for item in os.environ.items() if item[0].startswith("AWS_")))
    session = cache.get(key)
    if session is None:
        session = AioSession(profile=profile_name) if profile_name else get_session()
        # The same data, found and decoded faster (see _core/data_loader.py); only on the
        # session the SDK creates, never on one a caller passes in.
        try:
            data_path = session.get_config_variable("data_path")
        except BotoCoreError:
            pass  # e.g. an unknown profile: reported when a client is created, as before
        else:
            session.register_component("data_loader", sdk_data_loader(data_path))
        cache[key] = session
    return session


class Transport:
    """Owns (or borrows) one aiobotocore client and sends requests through it."""

    def __init__(self, service_name: str, options: ConnectionOptions | None = None) -> None:
        self.service_name = service_name
        self.options = options or ConnectionOptions()
        self._client: Any = None
        self._stack: contextlib.AsyncExitStack | None = None
        self._owned = True
        self._native_parser = False

    @classmethod
    def borrow(cls, service_name: str, client: Any) -> Self:
        """Wrap a client the caller created and will close.

        Its retry configuration is left as the caller set it; if botocore retries too, attempts
        multiply, so a warning is logged.
        """
        transport = cls(service_name)
        transport._client = client
        transport._owned = False
        transport._install_hooks()
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
        """Create the aiobotocore client (no-op if already open).

        Args:
            session: The aiobotocore session to create it from; None: :func:`shared_session`
                of the configured profile.
        """
        if self._client is not None:
            return
        stack = contextlib.AsyncExitStack()
        options = self.options
        creds = dict(options.credentials or {})
        try:
            if session is None:
                session = shared_session(options.profile_name)
            creator = session.create_client(
                self.service_name,
                region_name=options.region_name,
                endpoint_url=options.endpoint_url,
                config=options.aio_config(),
                aws_access_key_id=creds.get("aws_access_key_id"),
                aws_secret_access_key=creds.get("aws_secret_access_key"),
                aws_session_token=creds.get("aws_session_token"),
            )
            self._client = await stack.enter_async_context(creator)
        except Exception as exc:
            what = f"opening the {self.service_name} client"
            mapped = map_setup_exception(exc, what)
            raise (mapped or ConfigurationError(f"{what}: {type(exc).__name__}: {exc}")) from exc
        self._stack = stack
        self._install_hooks()
        endpoint: Any = getattr(self._client, "_endpoint", None)
        factory = getattr(endpoint, "_response_parser_factory", None)
        if factory is not None and not isinstance(factory, NativeParserFactory):
            # Only clients this transport created: a borrowed client keeps botocore's parsers.
            endpoint._response_parser_factory = NativeParserFactory(factory)
        self._native_parser = isinstance(
            getattr(endpoint, "_response_parser_factory", None), NativeParserFactory
        )
        memoize_user_agent(self._client)

    def _install_hooks(self) -> None:
        events = getattr(getattr(self._client, "meta", None), "events", None)
        if events is not None:
            events.register(
                "before-parse", check_before_parse, unique_id="greengrass_sdk.check_before_parse"
            )

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
            raise ClientClosedError(
                f"{method}: the client is not open: use `async with Client(...) as client:` "
                "or `await client.open()` first"
            )
        if not self._native_parser:
            response: dict[str, Any] = await getattr(self._client, method)(**params)
            return response
        checked_by_parser = parser_checks_success_body.set(True)
        try:
            response = await getattr(self._client, method)(**params)
        finally:
            parser_checks_success_body.reset(checked_by_parser)
        return response
