"""Fault injection: make chosen operations fail, throttle, hang or lose their connection."""

from __future__ import annotations

import random
import time
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from greengrass_sdk._core.exceptions import ConfigurationError

__all__ = ["ANY_OPERATION", "Fault", "FaultKind", "Faults"]

ANY_OPERATION = "*"
"""Operation name that makes a fault apply to every operation."""


class FaultKind(Enum):
    """What an injected fault does to a request."""

    ERROR = "error"
    """Answer with an error response; nothing is changed."""
    DROP = "drop"
    """Close the connection without answering; nothing is changed."""
    COMMIT_THEN_DROP = "commit_then_drop"
    """Apply the request, then close the connection without answering."""


@dataclass(frozen=True)
class Fault:
    """One injected fault, as taken for a request."""

    kind: FaultKind
    status: int | None = 500
    code: str = "InternalServerException"
    message: str = "Injected fault."
    retry_after: int | None = None


@dataclass
class _Pending:
    fault: Fault
    remaining: int


@dataclass(frozen=True)
class _Rate:
    rate: float
    rng: random.Random
    faults: tuple[Fault, ...]


@dataclass
class _RateLimit:
    """A token bucket on real (monotonic) time: ``rate`` requests per second, ``burst`` at once."""

    rate: float
    burst: float
    tokens: float
    updated: float

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


# Status None: the one the called service's model gives ThrottlingException (429 in
# Greengrass V2, 400 in IoT).
_THROTTLED = Fault(FaultKind.ERROR, None, "ThrottlingException", "Rate exceeded.")


class Faults:
    """Per-operation fault plan of a :class:`~greengrass_sdk.testing.LocalGreengrass`.

    One-shot faults queue up per operation and are used in the order they were added; each
    affects that many requests. ``delay``, ``failure_rate`` and ``throttle_above`` stay until
    :meth:`clear`.
    Operation names are the model's (``CreateDeployment``); ``"*"`` means any operation.
    """

    def __init__(self) -> None:
        self._queued: dict[str, deque[_Pending]] = defaultdict(deque)
        self._delays: dict[str, float] = {}
        self._rates: dict[str, _Rate] = {}
        self._limits: dict[str, _RateLimit] = {}

    def _queue(self, operation: str, times: int, fault: Fault) -> None:
        if times < 1:
            raise ConfigurationError("times must be at least 1")
        self._queued[operation].append(_Pending(fault, times))

    def fail_next(
        self,
        operation: str,
        times: int = 1,
        *,
        status: int = 500,
        code: str = "InternalServerException",
        message: str = "Injected fault.",
        retry_after: int | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``operation`` with an error.

        Args:
            operation: Operation name, or ``"*"``.
            times: How many requests fail.
            status: HTTP status of the error response.
            code: Error code (``x-amzn-ErrorType``).
            message: Error message.
            retry_after: Seconds for a ``Retry-After`` header; ``None`` sends none.
        """
        self._queue(operation, times, Fault(FaultKind.ERROR, status, code, message, retry_after))

    def throttle_next(self, operation: str, times: int = 1, *, retry_after: int | None = 1) -> None:
        """Answer the next ``times`` calls with ``429 ThrottlingException`` and ``Retry-After``.

        Args:
            operation: Operation name, or ``"*"``.
            times: How many requests are throttled.
            retry_after: Seconds for the ``Retry-After`` header; ``None`` sends none.
        """
        fault = Fault(FaultKind.ERROR, 429, "ThrottlingException", "Rate exceeded.", retry_after)
        self._queue(operation, times, fault)

    def drop_connection_next(self, operation: str, times: int = 1) -> None:
        """Close the connection of the next ``times`` calls without answering or changing state.

        Args:
            operation: Operation name, or ``"*"``.
            times: How many requests are dropped.
        """
        self._queue(operation, times, Fault(FaultKind.DROP))

    def commit_then_drop_next(self, operation: str, times: int = 1) -> None:
        """Apply the next ``times`` calls, then close their connections without answering.

        The client sees a connection error although the change was made: the case that client
        tokens exist for.

        Args:
            operation: Operation name, or ``"*"``.
            times: How many requests are affected.
        """
        self._queue(operation, times, Fault(FaultKind.COMMIT_THEN_DROP))

    def delay(self, operation: str, seconds: float) -> None:
        """Wait ``seconds`` before handling every call of ``operation`` (0 removes the delay).

        Args:
            operation: Operation name, or ``"*"``.
            seconds: The delay.
        """
        if seconds <= 0:
            self._delays.pop(operation, None)
        else:
            self._delays[operation] = seconds

    def failure_rate(
        self,
        operation: str,
        rate: float,
        seed: int | None = None,
        *,
        status: int = 503,
        code: str = "InternalServerException",
        mix: Sequence[Fault] = (),
    ) -> None:
        """Fail each call of ``operation`` with probability ``rate`` (reproducible with ``seed``).

        Args:
            operation: Operation name, or ``"*"``.
            rate: Probability from 0 to 1; 0 removes the rule.
            seed: Seed of the random generator.
            status: HTTP status of the injected errors.
            code: Error code of the injected errors.
            mix: Faults to choose from (uniformly, with the same generator) for each failing
                call, e.g. errors, drops and commit-then-drops together; empty means one
                error of ``status`` and ``code``.
        """
        if not 0 <= rate <= 1:
            raise ConfigurationError("rate must be between 0 and 1")
        if rate == 0:
            self._rates.pop(operation, None)
            return
        faults = tuple(mix) or (Fault(FaultKind.ERROR, status, code, "Injected random fault."),)
        self._rates[operation] = _Rate(rate, random.Random(seed), faults)

    def throttle_above(
        self, requests_per_second: float, operation: str = ANY_OPERATION, *, burst: int = 1
    ) -> None:
        """Throttle requests beyond a rate, as a service's request quota does.

        Requests over ``requests_per_second`` (real time, token bucket of ``burst``) are answered
        ``ThrottlingException`` (with the service's modelled status, no ``Retry-After``). A rule for
        ``"*"`` counts every request together.

        Args:
            requests_per_second: The allowed rate; 0 removes the rule.
            operation: Operation name, or ``"*"``.
            burst: Requests allowed at once after a quiet period.
        """
        if requests_per_second < 0 or burst < 1:
            raise ConfigurationError("the rate must not be negative and burst must be at least 1")
        if requests_per_second == 0:
            self._limits.pop(operation, None)
            return
        self._limits[operation] = _RateLimit(
            requests_per_second, float(burst), float(burst), time.monotonic()
        )

    def clear(self) -> None:
        """Remove every fault."""
        self._queued.clear()
        self._delays.clear()
        self._rates.clear()
        self._limits.clear()

    def delay_for(self, operation: str) -> float:
        """Seconds to wait before handling ``operation``."""
        return self._delays.get(operation, self._delays.get(ANY_OPERATION, 0.0))

    def take(self, operation: str) -> Fault | None:
        """Consume the fault, if any, that applies to one request of ``operation``."""
        for key in (operation, ANY_OPERATION):
            queue = self._queued.get(key)
            if queue:
                entry = queue[0]
                entry.remaining -= 1
                if entry.remaining == 0:
                    queue.popleft()
                return entry.fault
        for key in (operation, ANY_OPERATION):
            limit = self._limits.get(key)
            if limit is not None and not limit.allow():
                return _THROTTLED
        for key in (operation, ANY_OPERATION):
            rule = self._rates.get(key)
            if rule is not None and rule.rng.random() < rule.rate:
                return rule.faults[rule.rng.randrange(len(rule.faults))]
        return None
