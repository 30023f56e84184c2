"""Every form of "wait this long" a service may send."""

from __future__ import annotations

import email.utils
import time

import pytest

from greengrass_sdk._core.error_mapping import parse_retry_after
from greengrass_sdk._core.retry import RetryKind, RetryPolicy


@pytest.mark.parametrize(
    ("headers", "body", "expected"),
    [
        ({"Retry-After": "7"}, {}, 7.0),
        ({"retry-after": "0.5"}, {}, 0.5),
        ({"retry-after-ms": "250"}, {}, 0.25),
        ({"retry-after-ms": "oops", "Retry-After": "2"}, {}, 2.0),
        ({}, {"retryAfterSeconds": 4}, 4.0),
        ({"Retry-After": "-3"}, {}, None),
        ({"Retry-After": "0"}, {}, None),
        ({"Retry-After": "nan"}, {}, None),
        ({"Retry-After": "inf"}, {}, None),
        ({"Retry-After": "soon"}, {}, None),
        ({"Retry-After": "soon"}, {"retryAfterSeconds": 3}, 3.0),
        ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, {}, None),
        ({}, {}, None),
    ],
)
def test_retry_after_forms(
    headers: dict[str, str], body: dict[str, object], expected: float | None
) -> None:
    assert parse_retry_after(headers, body) == expected


def test_retry_after_http_date() -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    waited = parse_retry_after({"Retry-After": when}, {})
    assert waited is not None and 25 <= waited <= 31


def test_backoff_is_full_jitter_and_capped() -> None:
    policy = RetryPolicy(initial_backoff=0.1, throttle_backoff=1.0, max_backoff=2.0)
    transient = [policy.delay(RetryKind.TRANSIENT, 3, None) for _ in range(500)]
    throttled = [policy.delay(RetryKind.THROTTLE, 10, None) for _ in range(500)]
    assert min(transient) >= 0 and max(transient) <= 0.4
    assert max(transient) > 0.2  # spread over the whole window, not a fixed delay
    assert max(throttled) <= 2.0 and max(throttled) > 1.0
    assert policy.delay(RetryKind.THROTTLE, 1, 90.0) == policy.max_retry_after


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="max_backoff"):
        RetryPolicy(max_backoff=-1)
