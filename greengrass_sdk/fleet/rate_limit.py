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

from greengrass_sdk._core.exceptions import ConfigurationError

__all__ = ["RateLimiter"]


class RateLimiter:
    """Token bucket whose rate adapts to throttling.

    Args:
        max_rate: Requests per second never exceeded; ``None``: no ceiling.
        initial_rate: Rate before any throttling; ``None`` starts unlimited (as botocore does).
        min_rate: Floor of the rate after throttling.
        beta: Fraction of the measured rate kept after a throttle (botocore uses 0.7).
        growth: Growth of the rate while calls succeed beyond the rate of the last throttle:
            about ``e**growth`` per second (five times that below it).
        cooldown: Seconds after a decrease during which further throttles (answers to
            requests sent at the old rate) do not decrease the rate again.
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
        cooldown: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if max_rate is not None and max_rate <= 0:
            raise ConfigurationError("max_rate must be positive")
        if not 0 < beta < 1:
            raise ConfigurationError("beta must be between 0 and 1")
        self.max_rate = max_rate
        self.min_rate = min_rate
        self.beta = beta
        self.growth = growth
        self.cooldown = cooldown
        self._last_decrease: float | None = None
        self._clock = clock
        self._sleep = sleep
        self._rate = initial_rate if initial_rate is not None else max_rate
        self._tokens = 1.0
        self._updated = clock()
        self._sent: deque[float] = deque()
        self._first: float | None = None
        self._last_max: float | None = None
        self._lock = asyncio.Lock()
        self.throttles = 0

    @property
    def rate(self) -> float | None:
        """Current requests per second; ``None`` while unlimited."""
        return self._rate

    def measured_rate(self) -> float:
        """Requests a second sent over the last second (or since the first request, if later)."""
        now = self._clock()
        self._forget_old(now)
        if self._first is None:
            return 0.0
        window = min(1.0, max(now - self._first, 0.05))
        return len(self._sent) / window

    def _forget_old(self, now: float) -> None:
        while self._sent and self._sent[0] <= now - 1.0:
            self._sent.popleft()

    async def acquire(self) -> None:
        """Wait until the current rate allows one more request."""
        async with self._lock:
            if self._rate is not None:
                now = self._clock()
                elapsed = max(0.0, now - self._updated)
                self._tokens = min(max(1.0, self._rate), self._tokens + elapsed * self._rate)
                self._updated = max(self._updated, now)
                if self._tokens >= 1.0:
                    self._tokens -= 1.0
                else:
                    # The next token arrives after `wait`; it is this request's.
                    wait = (1.0 - self._tokens) / self._rate
                    self._tokens = 0.0
                    self._updated += wait
                    await self._sleep(wait)
            sent = self._clock()
            if self._first is None:
                self._first = sent
            self._sent.append(sent)
            self._forget_old(sent)

    def on_throttle(self) -> None:
        """The service throttled a request: drop to ``beta`` times the measured rate.

        Once per ``cooldown``: the requests in flight when the first throttle arrived were sent
        at the old rate, and their throttles say nothing new (TCP's one decrease per round
        trip; without it a burst of answers would compound the decrease).
        """
        self.throttles += 1
        now = self._clock()
        if self._last_decrease is not None and now - self._last_decrease < self.cooldown:
            return
        self._last_decrease = now
        measured = max(self.measured_rate(), self.min_rate)
        basis = measured if self._rate is None else min(self._rate, measured)
        self._last_max = basis
        self._rate = max(self.min_rate, basis * self.beta)
        self._tokens = min(self._tokens, 1.0)
        self._updated = max(self._updated, now)

    def on_success(self) -> None:
        """A request succeeded at once: let the rate grow a little (never past ``max_rate``)."""
        if self._rate is None:
            return
        # At r successes a second this compounds to about e**growth per second; below the
        # rate of the last throttle (known to have worked before) five times as fast, as
        # CUBIC's concave region recovers quickly and probes slowly beyond.
        growth = self.growth
        if self._last_max is not None and self._rate < self._last_max:
            growth *= 5
        grown = self._rate * (1.0 + growth / max(1.0, self._rate))
        self._rate = grown if self.max_rate is None else min(self.max_rate, grown)
