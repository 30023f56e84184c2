"""Synchronous clients over the one async pipeline: a private event loop on its own thread.

A sync client owns an async client and a daemon thread running an event loop. Each call submits
the async client's coroutine to that loop and waits for its result, so validation, client tokens,
retries, error mapping and parsing are the async pipeline's own — there is no second pipeline.
Because the loop runs on its own thread, a sync client also works from code that already runs an
event loop (a Jupyter cell, an async framework's thread), which ``asyncio.run`` would refuse.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import AsyncIterator, Coroutine, Iterator
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

from greengrass_sdk._core.client import BaseClient
from greengrass_sdk._core.exceptions import ClientClosedError, ClientUsageError
from greengrass_sdk._core.pagination import AsyncPager
from greengrass_sdk._core.retry import RetryPolicy

__all__ = ["EventLoopThread", "SyncBaseClient", "SyncPager"]

T = TypeVar("T")
ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT")
ClientT = TypeVar("ClientT", bound=BaseClient)


class EventLoopThread:
    """An event loop running on a daemon thread, taking coroutines from any other thread."""

    def __init__(self, name: str = "greengrass-sdk-sync") -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    @property
    def running(self) -> bool:
        """Whether the loop still takes work."""
        return self._thread.is_alive() and not self._loop.is_closed()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` on the loop and return its result (or raise its exception).

        An interrupt (Ctrl-C) while waiting cancels the coroutine before re-raising.
        """
        if threading.current_thread() is self._thread:
            coroutine.close()
            raise ClientUsageError(
                "a synchronous greengrass_sdk client was called from its own event loop; "
                "use the async client there"
            )
        if not self.running:
            coroutine.close()
            raise ClientClosedError("this synchronous client's loop has stopped")
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result()
        except BaseException:
            future.cancel()
            raise

    def stop(self) -> None:
        """Stop the loop and wait for its thread (idempotent)."""
        if self._loop.is_closed():
            return
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
        self._loop.close()


async def _next(iterator: AsyncIterator[T]) -> T:
    return await anext(iterator)


class SyncPager(Generic[ItemT, PageT]):
    """Plain ``for`` over the items of a paginated operation; ``.pages()`` for whole pages.

    Pages are fetched by the wrapped :class:`AsyncPager` on the client's loop (so ``max_items``,
    the repeated-token guard and every page's retries are the async pager's own); items are then
    handed out here without a further round trip per item.
    """

    def __init__(self, runner: EventLoopThread, pager: AsyncPager[ItemT, Any]) -> None:
        self._runner = runner
        self._pager = pager
        self._result_key = pager._spec.result_key

    @property
    def max_items(self) -> int | None:
        """The cap on the number of items, or None."""
        return self._pager.max_items

    def __iter__(self) -> Iterator[ItemT]:
        count = 0
        for page in self.pages():
            items: list[ItemT] = getattr(page, self._result_key) or []
            for item in items:
                yield item
                count += 1
                if self.max_items is not None and count >= self.max_items:
                    return

    def pages(self) -> Iterator[PageT]:
        """Yield each typed page (one request per page, as the async pager sends them)."""
        pages: AsyncIterator[PageT] = self._pager.pages()
        try:
            while True:
                try:
                    page = self._runner.run(_next(pages))
                except StopAsyncIteration:
                    return
                yield page
        finally:
            close = getattr(pages, "aclose", None)
            if close is not None and self._runner.running:
                self._runner.run(close())

    def to_list(self) -> list[ItemT]:
        """Collect every item (up to ``max_items``) into a list."""
        return list(self)


def _shut_down(runner: EventLoopThread, client: BaseClient) -> None:
    """Close ``client`` on its loop, then stop the loop (also run when a client is collected)."""
    if runner.running:
        try:
            runner.run(client.close())
        finally:
            runner.stop()


class SyncBaseClient(Generic[ClientT]):
    """Shared behaviour of the generated synchronous clients.

    Use as ``with Client(...) as client:``, or create one and call it directly: it opens on the
    first call. ``close()`` (or the end of the ``with`` block) closes the connection pool and stops
    the client's loop thread; a client that is garbage collected or still open at interpreter exit
    is closed then. A client is safe to share between threads.
    """

    def __init__(self, client: ClientT) -> None:
        self._client = client
        self._runner: EventLoopThread | None = None
        self._lock = threading.Lock()
        self._finalizer: weakref.finalize[Any, Any] | None = None

    @property
    def async_client(self) -> ClientT:
        """The async client every call runs through (usable only on this client's loop)."""
        return self._client

    @property
    def retry_policy(self) -> RetryPolicy:
        """The retry policy of the calls (the async client's)."""
        return self._client.retry_policy

    @property
    def region_name(self) -> str | None:
        """The AWS region calls go to (resolved from the usual sources once open)."""
        return self._client.region_name

    def open(self) -> Self:
        """Start the loop thread and open the connection (idempotent)."""
        with self._lock:
            if self._runner is None:
                runner = EventLoopThread()
                try:
                    runner.run(self._client.open())
                except BaseException:
                    runner.stop()
                    raise
                self._runner = runner
                self._finalizer = weakref.finalize(self, _shut_down, runner, self._client)
        return self

    def close(self) -> None:
        """Close the connection and stop the loop thread (idempotent; reopens on next use)."""
        with self._lock:
            finalizer, self._finalizer, self._runner = self._finalizer, None, None
        if finalizer is not None:
            finalizer()

    def __enter__(self) -> Self:
        return self.open()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _loop(self) -> EventLoopThread:
        runner = self._runner
        if runner is None:
            runner = self.open()._runner
            assert runner is not None
        return runner

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        try:
            runner = self._loop()
        except BaseException:
            coroutine.close()
            raise
        return runner.run(coroutine)

    def _pager(self, pager: AsyncPager[ItemT, Any]) -> SyncPager[ItemT, Any]:
        return SyncPager(self._loop(), pager)
