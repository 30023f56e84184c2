"""The request journal: every request the emulator received, and what it answered."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from greengrass_sdk.errors import ConfigurationError

__all__ = [
    "DEFAULT_JOURNAL_SIZE",
    "SECRET_HEADERS",
    "SECRET_QUERY_KEYS",
    "RecordedRequest",
    "RequestJournal",
    "without_secrets",
]

SECRET_HEADERS: Final = frozenset({"authorization", "x-amz-security-token"})
"""Request headers the journal never keeps: the SigV4 signature and the session token."""

SECRET_QUERY_KEYS: Final = frozenset(
    {"x-amz-signature", "x-amz-security-token", "x-amz-credential"}
)
"""Query parameters of a presigned (``X-Amz-Date``-signed) URL the journal never keeps."""

DEFAULT_JOURNAL_SIZE: Final = 10_000
"""Requests a journal keeps by default; older ones are forgotten first (about 36 MiB with
bodies at the ~3.6 KiB a fleet test's request takes)."""


def without_secrets(values: Mapping[str, Any], secret: frozenset[str]) -> dict[str, Any]:
    """A copy of ``values`` without the keys (compared case-insensitively) in ``secret``."""
    return {key: value for key, value in values.items() if key.lower() not in secret}


@dataclass
class RecordedRequest:
    """One received request.

    Attributes:
        service: botocore service name (``greengrassv2``, ``iot``, ``greengrass``), or ``None``
            when no operation matched.
        operation: Operation name, or ``None`` when no operation matched.
        method: HTTP method.
        path: Decoded path.
        query: Query parameters; every value of a repeated key is kept (presigned-URL
            signatures, credentials and tokens left out).
        headers: Request headers, without ``Authorization`` and ``X-Amz-Security-Token``
            (a journal is printed, logged and attached to bug reports).
        body: The JSON body decoded, or ``None`` (empty or not JSON).
        raw_body: The body as received.
        status: Response status; ``None`` when the connection was dropped.
        error_code: Error code answered, if any.
        fault: Name of the injected fault applied (``error``, ``drop``, ``commit_then_drop``).
    """

    service: str | None
    operation: str | None
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any
    raw_body: bytes = b""
    status: int | None = None
    error_code: str | None = None
    fault: str | None = None


class RequestJournal:
    """The most recent :class:`RecordedRequest` s, oldest first; iterable, indexable, clearable.

    A ring buffer: once ``max_size`` requests are recorded, each new one makes the oldest be
    forgotten (counted in :attr:`forgotten`), so that a long-running emulator (a fleet test
    with thousands of devices) does not grow without bound.

    Args:
        max_size: How many requests to keep; None keeps every one.
        keep_bodies: Record request bodies (``body``, ``raw_body``); ``False`` keeps only the
            method, path, query, headers and outcome of each request.

    Raises:
        ConfigurationError: ``max_size`` is not a positive int.
    """

    def __init__(
        self, max_size: int | None = DEFAULT_JOURNAL_SIZE, *, keep_bodies: bool = True
    ) -> None:
        if max_size is not None and (
            isinstance(max_size, bool) or not isinstance(max_size, int) or max_size < 1
        ):
            raise ConfigurationError(f"max_size must be an int >= 1 or None, not {max_size!r}")
        self.max_size = max_size
        self.keep_bodies = keep_bodies
        self.forgotten = 0
        """How many requests were dropped, oldest first, to stay within ``max_size``."""
        self._items: deque[RecordedRequest] = deque(maxlen=max_size)

    def append(self, item: RecordedRequest) -> None:
        """Record a request (its bodies left out unless ``keep_bodies``)."""
        if not self.keep_bodies:
            item.body = None
            item.raw_body = b""
        if self.max_size is not None and len(self._items) == self.max_size:
            self.forgotten += 1
        self._items.append(item)

    def clear(self) -> None:
        """Forget every recorded request (and the count of forgotten ones)."""
        self._items.clear()
        self.forgotten = 0

    def for_operation(self, operation: str) -> list[RecordedRequest]:
        """The recorded requests of one operation, oldest first."""
        return [item for item in self._items if item.operation == operation]

    def operations(self) -> list[str | None]:
        """Operation names of the recorded requests, oldest first."""
        return [item.operation for item in self._items]

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: int) -> RecordedRequest:
        return self._items[index]
