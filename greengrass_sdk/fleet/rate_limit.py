"""A client-side rate limiter that learns the service's rate from throttling.

In the spirit of botocore's ``adaptive`` retry mode (botocore/retries/adaptive.py and
bucket.py): requests take tokens from a bucket; no limit applies until the service first
throttles; then the rate drops to a fraction (``beta``) of the rate measured when it happened,
and grows back while calls succeed. One limiter is shared by every call of a fan-out, so a
thousand concurrent status queries slow down together instead of each retrying on its own.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

__all__ = ["RateLimiter"]


class RateLimiter:
    """Token bucket whose rate adapts to throttling.

    Args:
        max_rate: Requests per second never exceeded; ``None``: no ceiling.
        initial_rate: Rate before any throttling; ``None`` starts unlimited (as botocore does).
        min_rate: Floor of the rate after throttling.
        beta: Fraction of the measured rate kept after a throttle (botocore uses 0.7).
        growth: Growth of the rate while calls succeed: about ``e**growth`` per second.
        clock: Monotonic time in seconds (injectable for tests).
        sleep: Awaitable sleep (injectable for tests).
    """

    def __init__(
        self,
        max_rate: float | None = None,
        *,
        initial_rate: float | None = None,
        min_rate: float = 0.5,
        beta: float = 0.7,
        growth: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if max_rate is not None and max_rate <= 0:
            raise ValueError("max_rate must be positive")
        if not 0 < beta < 1:
            raise ValueError("beta must be between 0 and 1")
        self.max_rate = max_rate
        self.min_rate = min_rate
        self.beta = beta
        self.growth = growth
        self._clock = clock
        self._sleep = sleep
        self._rate = initial_rate if initial_rate is not None else max_rate
        self._tokens = 1.0
        self._updated = clock()
        self._sent: deque[float] = deque()
        self._lock = asyncio.Lock()
        self.throttles = 0

    @property
    def rate(self) -> float | None:
        """Current requests per second; ``None`` while unlimited."""
        return self._rate

    def measured_rate(self) -> float:
        """Requests sent in the last second."""
        self._forget_old(self._clock())
        return float(len(self._sent))

    def _forget_old(self, now: float) -> None:
        while self._sent and self._sent[0] <= now - 1.0:
            self._sent.popleft()

    async def acquire(self) -> None:
        """Wait until the current rate allows one more request."""
        async with self._lock:
            while True:
                now = self._clock()
                if self._rate is None:
                    break
                self._tokens = min(
                    max(1.0, self._rate), self._tokens + (now - self._updated) * self._rate
                )
                self._updated = now
                if self._tokens >= 1.0:
                    self._tokens -= 1.0
                    break
                await self._sleep((1.0 - self._tokens) / self._rate)
            self._sent.append(self._clock())
            self._forget_old(self._sent[-1])

    def on_throttle(self) -> None:
        """The service throttled a request: drop to ``beta`` times the measured rate."""
        self.throttles += 1
        measured = max(self.measured_rate(), self.min_rate)
        basis = measured if self._rate is None else min(self._rate, measured)
        self._rate = max(self.min_rate, basis * self.beta)
        self._tokens = min(self._tokens, 1.0)

    def on_success(self) -> None:
        """A request succeeded at once: let the rate grow a little (never past ``max_rate``)."""
        if self._rate is None:
            return
        # At r successes a second this compounds to about e**growth per second.
        grown = self._rate * (1.0 + self.growth / max(1.0, self._rate))
        self._rate = grown if self.max_rate is None else min(self.max_rate, grown)
