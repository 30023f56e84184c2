"""Retry policy: which errors are retried, how long to wait, and a budget against retry storms."""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import Enum
from typing import Final

from greengrass_sdk._core.exceptions import (
    ConfigurationError,
    RequestTimeoutError,
    ServiceError,
    TransportError,
)

__all__ = [
    "THROTTLING_CODES",
    "TRANSIENT_CODES",
    "RetryBudget",
    "RetryKind",
    "RetryPolicy",
    "classify",
]

THROTTLING_CODES: Final = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    }
)
"""Error codes that mean "slow down". ``LimitExceededException`` is deliberately absent: in the
IoT API it reports an exhausted quota, which waiting does not fix."""

TRANSIENT_CODES: Final = frozenset(
    {
        "RequestTimeout",
        "RequestTimeoutException",
        "PriorRequestNotComplete",
        "InternalServerException",
        "InternalServerErrorException",
        "InternalFailure",
        "ServiceUnavailable",
        "RequestAlreadyInProgressException",
    }
)
"""Error codes of failures that a later attempt may not meet."""

TRANSIENT_STATUS: Final = frozenset({500, 502, 503, 504})


class RetryKind(Enum):
    """Why an error may be retried; decides the backoff base and the budget cost."""

    THROTTLE = "throttle"
    TRANSIENT = "transient"
    TIMEOUT = "timeout"


def classify(error: BaseException) -> RetryKind | None:
    """Return why ``error`` is worth retrying, or None if it is not."""
    if isinstance(error, ServiceError):
        if error.code in THROTTLING_CODES or error.status_code == 429:
            return RetryKind.THROTTLE
        if error.code in TRANSIENT_CODES or error.status_code in TRANSIENT_STATUS:
            return RetryKind.TRANSIENT
        return None
    if isinstance(error, RequestTimeoutError):
        return RetryKind.TIMEOUT
    if isinstance(error, TransportError):
        return RetryKind.TRANSIENT
    return None


class RetryBudget:
    """A token bucket shared by all calls of one client, against retry storms.

    The rules of botocore's standard retry mode (botocore/retries/quota.py and
    ``RetryQuotaChecker`` in botocore/retries/standard.py): 500 tokens; a retry takes 5 (10
    after a timeout) and is not made when the bucket cannot pay; a call that succeeds at once
    adds 1; a call that succeeds after retries gives back what its retries took. Without that
    give-back a steady 30 % fault rate drains the bucket (75-139 of 1,000 sequential calls
    failed in the measurements behind issue #10; 1-2 with it). The caller of the invoker also
    gives back what a cancelled call had taken.
    """

    # A plain class: a @dataclass would cost about 0.4 ms at import (issue #15, cold start).
    __slots__ = ("capacity", "retry_cost", "success_increment", "timeout_cost", "tokens")

    def __init__(
        self,
        capacity: int = 500,
        retry_cost: int = 5,
        timeout_cost: int = 10,
        success_increment: int = 1,
    ) -> None:
        self.capacity = capacity
        self.retry_cost = retry_cost
        self.timeout_cost = timeout_cost
        self.success_increment = success_increment
        self.tokens = capacity

    def __repr__(self) -> str:
        return f"RetryBudget(tokens={self.tokens}, capacity={self.capacity})"

    def try_spend(self, kind: RetryKind) -> int | None:
        """Take the cost of one retry and return it; None (nothing taken) when too low."""
        cost = self.timeout_cost if kind is RetryKind.TIMEOUT else self.retry_cost
        if self.tokens < cost:
            return None
        self.tokens -= cost
        return cost

    def release(self, amount: int) -> None:
        """Put ``amount`` tokens back (never above the capacity)."""
        self.tokens = min(self.capacity, self.tokens + amount)


@dataclass(frozen=True)
class RetryPolicy:
    """How calls are retried.

    botocore's own retries are always off, so ``max_attempts`` is the most requests one call
    sends.

    Attributes:
        max_attempts: Attempts per call, the first included (1 disables retries).
        initial_backoff: Base delay (seconds) after a transient error; doubles per attempt.
        throttle_backoff: Base delay after a throttling error; doubles per attempt.
        max_backoff: Cap of the computed delay.
        max_retry_after: Cap on a service-requested ``Retry-After`` delay.
        budget_capacity: Size of the per-client retry budget (0 disables the budget).
        retry_cost: Budget tokens one retry of a throttled or failed call costs.
        timeout_cost: Budget tokens one retry after a timeout costs.
    """

    max_attempts: int = 5
    initial_backoff: float = 0.05
    throttle_backoff: float = 1.0
    max_backoff: float = 20.0
    max_retry_after: float = 60.0
    budget_capacity: int = 500
    retry_cost: int = 5
    timeout_cost: int = 10

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ConfigurationError("RetryPolicy.max_attempts must be at least 1")
        for name in ("initial_backoff", "throttle_backoff", "max_backoff", "max_retry_after"):
            if getattr(self, name) < 0:
                raise ConfigurationError(f"RetryPolicy.{name} must not be negative")

    def new_budget(self) -> RetryBudget | None:
        """A fresh budget for one client, or None when the budget is disabled."""
        if self.budget_capacity <= 0:
            return None
        return RetryBudget(self.budget_capacity, self.retry_cost, self.timeout_cost)

    def delay(self, kind: RetryKind, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before the retry that follows failed attempt number ``attempt``.

        A positive ``Retry-After`` from the service wins (capped at ``max_retry_after``; 0 or
        less means "not said", so a server cannot turn retries into a busy loop); otherwise full
        jitter: a uniform draw between 0 and ``base * 2 ** (attempt - 1)``, capped.
        """
        if retry_after is not None and retry_after > 0:
            return min(retry_after, self.max_retry_after)
        base = self.throttle_backoff if kind is RetryKind.THROTTLE else self.initial_backoff
        ceiling = min(self.max_backoff, base * 2 ** (attempt - 1))
        return random.uniform(0, ceiling)
