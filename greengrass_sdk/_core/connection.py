"""Connection settings in one place: the only code that builds an ``AioConfig``.

Every client (and anything else that opens an aiobotocore client) describes how it connects
with :class:`ConnectionOptions` and gets its ``AioConfig`` from
:meth:`ConnectionOptions.aio_config`.
A caller's own ``AioConfig`` (proxies, user agent, TLS client certificate, addressing style ...)
is merged in; the settings that make ``RetryPolicy.max_attempts`` mean what it says are ours
and win, and asking for something that contradicts them is a :class:`ConfigurationError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import aiohttp
from aiobotocore.config import AioConfig
from aiobotocore.httpsession import AIOHTTPSession

from greengrass_sdk._core.exceptions import ConfigurationError

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_MAX_POOL_CONNECTIONS",
    "DEFAULT_READ_TIMEOUT",
    "ConnectionOptions",
    "StrictHTTPSession",
]

DEFAULT_MAX_POOL_CONNECTIONS: Final = 50
"""Connection pool size (aiobotocore's own default of 10 throttles ``asyncio.gather``)."""
DEFAULT_CONNECT_TIMEOUT: Final = 10.0
"""Seconds to wait for a connection."""
DEFAULT_READ_TIMEOUT: Final = 60.0
"""Seconds to wait for a response."""

_NO_BOTOCORE_RETRIES: Final = {"total_max_attempts": 1, "mode": "standard"}


class _NoRedirects:
    """An ``aiohttp.ClientSession`` whose requests never follow a redirect."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    def request(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.request(*args, allow_redirects=False, **kwargs)


class StrictHTTPSession(AIOHTTPSession):  # type: ignore[misc]  # aiobotocore is untyped
    """aiobotocore's HTTP session, with every request on the wire an attempt the policy counted.

    * No silent resend: aiohttp sends an idempotent request (GET, PUT, DELETE ...) a second
      time, unseen by its caller, when a kept-alive connection turns out to be closed
      (``ClientSession._request`` in aiohttp/client.py, the ``retry_persistent_connection``
      loop, per RFC 9112 section 9.3.1). Under our policy that doubled ``max_attempts`` for
      those methods and bypassed the retry budget.
    * No redirects: aiohttp follows up to 10 by default, to any host, with the signed request;
      botocore's own (urllib3) transport follows none, and AWS APIs do not redirect. A 3xx is
      reported as a :class:`ServiceError` with its status.
    """

    async def _get_session(self, proxy_url: str | None) -> Any:
        session: aiohttp.ClientSession = await super()._get_session(proxy_url)
        # aiohttp has no public switch; its own test client flips the same attribute.
        session._retry_connection = False
        return _NoRedirects(session)


class ConnectionOptions:
    """How an aiobotocore client connects.

    Attributes:
        region_name: AWS region; None takes it from the usual AWS sources.
        endpoint_url: Endpoint to call instead of AWS's (e.g. the local emulator).
        max_pool_connections: Size of the HTTP connection pool; None: the ``config``'s value,
            else :data:`DEFAULT_MAX_POOL_CONNECTIONS`.
        connect_timeout: Seconds to wait for a connection; None: the ``config``'s value, else
            :data:`DEFAULT_CONNECT_TIMEOUT`.
        read_timeout: Seconds to wait for a response; None: the ``config``'s value, else
            :data:`DEFAULT_READ_TIMEOUT`.
        credentials: Explicit ``aws_access_key_id``/``aws_secret_access_key``/
            ``aws_session_token``; empty takes them from the usual AWS sources.
        profile_name: Named profile of the shared AWS config files.
        config: The caller's own ``AioConfig`` (proxies, user agent, TLS, ...), merged with
            ours by :meth:`aio_config`.
    """

    # A plain class: a @dataclass would cost about 0.5 ms at import (issue #15, cold start).
    __slots__ = (
        "config",
        "connect_timeout",
        "credentials",
        "endpoint_url",
        "max_pool_connections",
        "profile_name",
        "read_timeout",
        "region_name",
    )

    def __init__(
        self,
        *,
        region_name: str | None = None,
        endpoint_url: str | None = None,
        max_pool_connections: int | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        credentials: Mapping[str, str | None] | None = None,
        profile_name: str | None = None,
        config: AioConfig | None = None,
    ) -> None:
        self.region_name = region_name
        self.endpoint_url = endpoint_url
        self.max_pool_connections = max_pool_connections
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.credentials = credentials
        self.profile_name = profile_name
        self.config = config
        self._check()

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={getattr(self, name)!r}"
            for name in ("region_name", "endpoint_url", "profile_name")
            if getattr(self, name) is not None
        )
        return f"ConnectionOptions({shown})"

    def _check(self) -> None:
        if self.config is not None and not isinstance(self.config, AioConfig):
            raise ConfigurationError(
                f"config= must be an aiobotocore.config.AioConfig, not {type(self.config).__name__}"
                " (a botocore Config lacks the asyncio settings)"
            )
        pool = self.max_pool_connections
        if pool is not None and (isinstance(pool, bool) or not isinstance(pool, int) or pool < 1):
            raise ConfigurationError(f"max_pool_connections must be an int >= 1, not {pool!r}")
        for name in ("connect_timeout", "read_timeout"):
            value = getattr(self, name)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float) or not value > 0
            ):
                raise ConfigurationError(f"{name} must be a number of seconds > 0, not {value!r}")

    def _setting(self, name: str, default: Any) -> dict[str, Any]:
        """``{name: value}`` from this object, else the caller's config, else ``default``.

        An explicit argument that contradicts the config is an error.
        """
        mine = getattr(self, name)
        given = self._user_options().get(name)
        if mine is not None and given is not None and given != mine:
            raise ConfigurationError(
                f"{name}={mine!r} conflicts with config=AioConfig({name}={given!r}); "
                "set it in one place"
            )
        if mine is not None:
            return {name: mine}
        return {} if given is not None else {name: default}

    def _user_options(self) -> Mapping[str, Any]:
        if self.config is None:
            return {}
        options: Mapping[str, Any] = self.config._user_provided_options
        return options

    def aio_config(self) -> AioConfig:
        """The ``AioConfig`` to create the client with.

        Ours: botocore's retries off (our policy retries, once), aiohttp's silent resend off
        (:class:`StrictHTTPSession`), botocore's parameter validation off (the request models
        validate, more strictly, before botocore sees a request), the pool size and timeouts.
        The caller's ``config`` supplies everything else.

        Raises:
            ConfigurationError: ``config`` asks botocore to retry, brings its own HTTP session
                class, or sets a pool size or timeout that contradicts an explicit argument.
        """
        user = self._user_options()
        retries = user.get("retries") or {}
        attempts = retries.get("total_max_attempts", 1 + retries.get("max_attempts", 0))
        if "retries" in user and attempts != 1:
            raise ConfigurationError(
                f"config=AioConfig(retries={retries!r}) would make botocore retry under "
                "greengrass_sdk's own retries (attempts multiply); leave retries out of the "
                "config and pass retry=RetryPolicy(max_attempts=...) instead"
            )
        if "http_session_cls" in user and user["http_session_cls"] is not StrictHTTPSession:
            raise ConfigurationError(
                "config=AioConfig(http_session_cls=...) is not supported: greengrass_sdk "
                "needs its own HTTP session so that every request on the wire is an attempt "
                "its retry policy counted"
            )
        ours = AioConfig(
            retries=dict(_NO_BOTOCORE_RETRIES),
            # Our request models are stricter than botocore's ParamValidator, and every
            # request is validated by them before it reaches botocore: checking it a second
            # time cost as much as our own validation (200-component CreateDeployment).
            parameter_validation=False,
            http_session_cls=StrictHTTPSession,
            **self._setting("max_pool_connections", DEFAULT_MAX_POOL_CONNECTIONS),
            **self._setting("connect_timeout", DEFAULT_CONNECT_TIMEOUT),
            **self._setting("read_timeout", DEFAULT_READ_TIMEOUT),
        )
        if self.config is None:
            return ours
        merged: AioConfig = self.config.merge(ours)
        return merged
