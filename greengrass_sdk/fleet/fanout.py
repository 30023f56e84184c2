"""Many API calls at once, bounded, and paced by a shared :class:`RateLimiter`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from greengrass_sdk._core.exceptions import ConfigurationError, ServiceError
from greengrass_sdk._core.models import ResponseModel
from greengrass_sdk._core.pagination import AsyncPager
from greengrass_sdk._core.retry import RetryKind, classify
from greengrass_sdk.fleet.rate_limit import RateLimiter

__all__ = ["FanOut", "gather_or_cancel"]

T = TypeVar("T")


async def gather_or_cancel(*calls: Awaitable[T]) -> list[T]:
    """Like ``asyncio.gather``, but the first failure cancels the calls still running.

    A fan-out over thousands of devices must not keep sending requests after it has failed.
    """
    tasks = [asyncio.ensure_future(call) for call in calls]
    try:
        return await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


PageT = TypeVar("PageT", bound=ResponseModel)


class FanOut:
    """Runs calls with at most ``concurrency`` in flight, each after the limiter allows it.

    The limiter learns from every call: a response that needed retries (the client retried a
    throttle underneath) or a throttling error that got through slows every caller down. A
    throttling error is then tried again (up to ``throttle_retries`` times) once the limiter
    lets it through, instead of failing the whole fan-out.

    Args:
        limiter: The shared limiter; ``None`` sends as fast as ``concurrency`` allows.
        concurrency: Calls in flight at most.
        throttle_retries: Extra attempts after a throttling error reached this layer.

    Attributes:
        calls: Calls made (each page counts once).
        requests: HTTP requests those calls sent, retries included.
    """

    def __init__(
        self, limiter: RateLimiter | None, concurrency: int = 16, throttle_retries: int = 8
    ) -> None:
        if concurrency < 1:
            raise ConfigurationError("concurrency must be at least 1")
        self.limiter = limiter
        self._semaphore = asyncio.Semaphore(concurrency)
        self.throttle_retries = throttle_retries
        self.calls = 0
        self.requests = 0

    async def call(self, send: Callable[[], Awaitable[T]]) -> T:
        """Run ``send()`` (one API call) under the bound and the limiter."""
        async with self._semaphore:
            attempt = 0
            while True:
                attempt += 1
                if self.limiter is not None:
                    await self.limiter.acquire()
                self.calls += 1
                try:
                    result = await send()
                except ServiceError as error:
                    self.requests += 1
                    throttled = classify(error) is RetryKind.THROTTLE
                    if self.limiter is None or not throttled:
                        raise
                    self.limiter.on_throttle()
                    if attempt > self.throttle_retries:
                        raise
                    continue
                meta = getattr(result, "response_metadata", None)
                attempts = meta.attempts if meta is not None else 1
                self.requests += attempts
                if self.limiter is not None:
                    if attempts > 1:
                        self.limiter.on_throttle()
                    else:
                        self.limiter.on_success()
                return result

    async def page(self, pager: AsyncPager[Any, PageT]) -> PageT:
        """Fetch only the first page of ``pager`` (pass ``next_token`` to get a later one)."""

        async def first() -> PageT:
            async for page in pager.pages():
                return page
            raise RuntimeError("the pager yielded no page")  # pragma: no cover - pages() yields

        return await self.call(first)
