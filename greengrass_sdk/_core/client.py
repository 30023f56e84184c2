"""``BaseClient``: lifecycle, configuration and the call entry points of every service client."""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from greengrass_sdk._core import tracing
from greengrass_sdk._core.connection import ConnectionOptions
from greengrass_sdk._core.invoke import Invoker, build_request, native_wire_params
from greengrass_sdk._core.models import RequestModel, ResponseModel
from greengrass_sdk._core.operation import OperationSpec, ServiceSpec
from greengrass_sdk._core.pagination import DEFAULT_MAX_PAGES, AsyncPager
from greengrass_sdk._core.retry import RetryBudget, RetryPolicy
from greengrass_sdk._core.transport import Transport

if TYPE_CHECKING:
    from aiobotocore.config import AioConfig

__all__ = ["BaseClient"]

RequestT = TypeVar("RequestT", bound=RequestModel)
ResponseT = TypeVar("ResponseT", bound=ResponseModel)


class BaseClient:
    """Shared behaviour of the generated service clients.

    Use as ``async with Client(...) as client:``: one aiobotocore client is opened for the
    block and closed cleanly at its end. ``await client.open()`` / ``await client.close()`` do
    the same for long-lived clients. A client is safe for many concurrent calls.

    Args:
        region_name: AWS region; None takes it from the usual AWS sources.
        endpoint_url: Endpoint to call instead of AWS's (e.g. ``LocalGreengrass().endpoint_url``).
        retry: Retry policy; default :class:`RetryPolicy()`.
        max_pool_connections: HTTP connection pool size (default 50, or ``config``'s).
        connect_timeout: Seconds to wait for a connection (default 10, or ``config``'s).
        read_timeout: Seconds to wait for a response (default 60, or ``config``'s).
        aws_access_key_id: Explicit credentials (else the usual AWS sources).
        aws_secret_access_key: Explicit credentials.
        aws_session_token: Explicit credentials.
        profile_name: Named profile from the shared AWS config files.
        session: An ``aiobotocore`` session to create the client from; by default one session,
            created on first use, is shared by every client of the thread with the same
            ``profile_name``.
        config: Your own ``aiobotocore.config.AioConfig`` (proxies, user agent, TLS client
            certificate ...), merged with the SDK's. Retries and the HTTP session class are
            the SDK's; a config that sets them, or a pool size or timeout contradicting the
            arguments above, raises :class:`ConfigurationError`.

    Raises:
        ConfigurationError: Invalid or conflicting connection settings.
    """

    _service: ClassVar[ServiceSpec]

    def __init__(
        self,
        *,
        region_name: str | None = None,
        endpoint_url: str | None = None,
        retry: RetryPolicy | None = None,
        max_pool_connections: int | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        aws_access_key_id: str | None = None,
        aws_secret_access_key: str | None = None,
        aws_session_token: str | None = None,
        profile_name: str | None = None,
        session: Any = None,
        config: AioConfig | None = None,
    ) -> None:
        options = ConnectionOptions(
            region_name=region_name,
            endpoint_url=endpoint_url,
            max_pool_connections=max_pool_connections,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            credentials={
                "aws_access_key_id": aws_access_key_id,
                "aws_secret_access_key": aws_secret_access_key,
                "aws_session_token": aws_session_token,
            },
            profile_name=profile_name,
            config=config,
        )
        self._session = session
        self._setup(Transport(self._service.name, options), retry)

    def _setup(self, transport: Transport, retry: RetryPolicy | None) -> None:
        self.retry_policy = retry or RetryPolicy()
        self._transport = transport
        self._invoker = Invoker(
            self._service, transport, self.retry_policy, self.retry_policy.new_budget()
        )

    @classmethod
    def from_client(cls, client: Any, *, retry: RetryPolicy | None = None) -> Self:
        """Wrap an aiobotocore client you created (and will close yourself).

        Create it with ``AioConfig(retries={"total_max_attempts": 1})`` so that botocore does not
        retry underneath this client's own retries. Unreadable responses are still reported as
        :class:`~greengrass_sdk.errors.ResponseParseError`, but a borrowed client keeps its own
        HTTP session: aiohttp may then resend a dropped GET, PUT or DELETE once, uncounted by
        the retry policy. The SDK registers a ``before-parse`` handler on the client (it checks
        response bodies and reads ``Retry-After`` itself), which also applies to calls made on
        it directly.
        """
        self = cls.__new__(cls)
        self._session = None
        self._setup(Transport.borrow(cls._service.name, client), retry)
        return self

    @property
    def retry_budget(self) -> RetryBudget | None:
        """The client's retry budget (``tokens`` left of ``capacity``); None when disabled."""
        return self._invoker.budget

    @property
    def region_name(self) -> str | None:
        """The AWS region calls go to (resolved from the usual sources once open)."""
        return self._transport.region_name

    async def open(self) -> Self:
        """Open the underlying aiobotocore client (idempotent)."""
        await self._transport.open(self._session)
        return self

    async def close(self) -> None:
        """Close the underlying client if this object opened it."""
        await self._transport.close()

    async def __aenter__(self) -> Self:
        return await self.open()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _call(
        self,
        op: OperationSpec[RequestT, ResponseT],
        request: RequestModel | None,
        fields: Mapping[str, Any],
    ) -> ResponseT:
        params = self._native_params(op, request, fields)
        if params is not None:
            return await self._invoker.call_wire(op, params)
        return await self._send(op, build_request(op, request, fields))

    def _native_params(
        self,
        op: OperationSpec[Any, Any],
        request: RequestModel | None,
        fields: Mapping[str, Any],
    ) -> dict[str, Any] | None:
        """The wire parameters if the native check accepts the input, else None (the models).

        While spans are recorded the models' path is taken: a span reads the request model.
        """
        if tracing.ENABLED and tracing.recording():
            return None
        return native_wire_params(op, self._service.checks, request, fields)

    async def _send(self, op: OperationSpec[RequestT, ResponseT], request: RequestT) -> ResponseT:
        """One logical call of a validated request (all its attempts), traced when enabled."""
        if not tracing.ENABLED or not tracing.recording():
            return await self._invoker.call(op, request)
        with tracing.call_span(self._service.name, op.name, request, op.token_field):
            response = await self._invoker.call(op, request)
            tracing.record_response(response, op.token_field)
            return response

    def _paginate(
        self,
        op: OperationSpec[RequestT, ResponseT],
        request: RequestModel | None,
        fields: Mapping[str, Any],
        max_items: int | None,
        prefetch: bool = False,
        max_pages: int = DEFAULT_MAX_PAGES,
        timeout: float | None = None,
    ) -> AsyncPager[Any, ResponseT]:
        if op.paginator is None:
            raise TypeError(f"{op.name} does not paginate")
        validated = build_request(op, request, fields)

        async def fetch(page_request: RequestModel) -> ResponseT:
            params = self._native_params(op, page_request, {})
            if params is not None:
                return await self._invoker.call_wire(op, params)
            return await self._send(op, op.input.model_validate(page_request))

        return AsyncPager(
            fetch,
            validated,
            op.paginator,
            operation=op.name,
            max_items=max_items,
            max_pages=max_pages,
            timeout=timeout,
            prefetch=prefetch,
        )
