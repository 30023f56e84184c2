"""``AsyncPager``: ``async for`` over the items of a paginated operation, page after page."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Final, Generic, TypeVar

from greengrass_sdk._core.exceptions import PaginationError, RequestValidationError
from greengrass_sdk._core.models import RequestModel, ResponseModel
from greengrass_sdk._core.operation import PaginatorSpec

__all__ = ["DEFAULT_MAX_PAGES", "AsyncPager"]

DEFAULT_MAX_PAGES: Final = 10_000
"""Pages one walk may fetch before :class:`PaginationError` (a server that hands out a fresh
token for ever would otherwise be followed for ever)."""

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT", bound=ResponseModel)


class AsyncPager(Generic[ItemT, PageT]):
    """Iterates items across pages (``async for item in pager``) or pages (``.pages()``).

    Each page is fetched through the client's full pipeline (validation, retry, error
    mapping). Nothing is fetched until iteration starts; iterating twice fetches twice.

    Args:
        fetch: Sends one page request and returns the typed page.
        request: The validated first request.
        spec: Which fields carry the tokens, the items and the page size.
        operation: Operation name, for error messages.
        max_items: Stop after this many items (no page is fetched past them).
        max_pages: Raise :class:`PaginationError` rather than fetch more pages than this.
        timeout: Seconds the whole walk may take, from its first request (time the caller
            spends between pages counts); past it, the request in flight is cancelled and
            :class:`PaginationError` is raised. None: no deadline.
        prefetch: Request page N+1 as soon as page N arrives, so that it downloads while the
            caller works on page N. Leaving the loop early cancels the request in flight.
    """

    def __init__(
        self,
        fetch: Callable[[RequestModel], Awaitable[PageT]],
        request: RequestModel,
        spec: PaginatorSpec,
        *,
        operation: str,
        max_items: int | None = None,
        max_pages: int = DEFAULT_MAX_PAGES,
        timeout: float | None = None,
        prefetch: bool = False,
    ) -> None:
        problems = []
        if max_items is not None and max_items < 1:
            problems.append(("max_items", "must be at least 1 (or None for no limit)"))
        if isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1:
            problems.append(("max_pages", "must be an int of at least 1"))
        if timeout is not None and not timeout > 0:
            problems.append(("timeout", "must be a positive number of seconds (or None)"))
        if problems:
            raise RequestValidationError(
                operation,
                [{"loc": (name,), "type": "pager_argument", "msg": msg} for name, msg in problems],
            )
        self.max_pages = max_pages
        self.timeout = timeout
        self._fetch = fetch
        self._request = request
        self._spec = spec
        self._operation = operation
        self.max_items = max_items
        self.prefetch = prefetch

    def __aiter__(self) -> AsyncIterator[ItemT]:
        return self._items()

    async def _items(self) -> AsyncIterator[ItemT]:
        count = 0
        async for page in self.pages():
            items: list[Any] = getattr(page, self._spec.result_key) or []
            for item in items:
                yield item
                count += 1
                if self.max_items is not None and count >= self.max_items:
                    return

    async def pages(self) -> AsyncIterator[PageT]:
        """Yield each typed page.

        Stops when the service sends no further token or when ``max_items`` items have been
        seen. Raises :class:`PaginationError` when the service repeats a token, when the
        walk would need more than ``max_pages`` pages, or when ``timeout`` passes.
        """
        seen: set[str] = set()
        count = 0
        fetched = 0
        timeout = self.timeout
        deadline = None if timeout is None else asyncio.get_running_loop().time() + timeout
        request: RequestModel | None = self._request
        prefetched: asyncio.Task[PageT] | None = None
        try:
            while request is not None:
                if prefetched is not None:
                    page, prefetched = await self._within(deadline, prefetched), None
                else:
                    fetched = self._count_page(fetched)
                    page = await self._within(deadline, self._fetch(request))
                count += len(getattr(page, self._spec.result_key) or [])
                request = self._next_request(page, count, seen)
                if request is not None and self.prefetch:
                    fetched = self._count_page(fetched)
                    prefetched = asyncio.ensure_future(self._fetch(request))
                yield page
        finally:
            if prefetched is not None and not prefetched.done():
                prefetched.cancel()
                with contextlib.suppress(BaseException):
                    await prefetched

    def _count_page(self, fetched: int) -> int:
        if fetched >= self.max_pages:
            raise PaginationError(
                f"{self._operation}: stopped after {self.max_pages} pages (max_pages); the "
                "service kept returning continuation tokens"
            )
        return fetched + 1

    async def _within(self, deadline: float | None, fetch: Awaitable[PageT]) -> PageT:
        """The page ``fetch`` brings, unless the walk's deadline passes first.

        Past the deadline, the request in flight is cancelled.
        """
        if deadline is None:
            return await fetch
        try:
            async with asyncio.timeout_at(deadline):
                return await fetch
        except TimeoutError:
            raise PaginationError(
                f"{self._operation}: the listing did not finish within {self.timeout} s (timeout)"
            ) from None

    def _next_request(self, page: PageT, count: int, seen: set[str]) -> RequestModel | None:
        """The request for the page after ``page``, or None when the walk is over."""
        spec = self._spec
        if self.max_items is not None and count >= self.max_items:
            return None
        token = getattr(page, spec.output_token)
        if not token:
            return None
        if token in seen:
            raise PaginationError(
                f"{self._operation}: the service returned continuation token {token!r} "
                "twice; stopping instead of looping"
            )
        seen.add(token)
        return self._request.model_copy(update={spec.input_token: token})

    async def to_list(self) -> list[ItemT]:
        """Collect every item (up to ``max_items``) into a list."""
        return [item async for item in self]
