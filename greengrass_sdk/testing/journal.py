"""The request journal: every request the emulator received, and what it answered."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

__all__ = [
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
    """Ordered list of :class:`RecordedRequest`; iterable, indexable and clearable."""

    def __init__(self) -> None:
        self._items: list[RecordedRequest] = []

    def append(self, item: RecordedRequest) -> None:
        """Record a request."""
        self._items.append(item)

    def clear(self) -> None:
        """Forget every recorded request."""
        self._items.clear()

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
