"""An ordered in-memory index with token-based paging that costs O(log n) per page start."""

from __future__ import annotations

import base64
import bisect
import json
from collections.abc import Callable, Hashable, Iterator
from typing import Any, Generic, TypeVar

from greengrass_sdk.testing.service_error import validation_error

__all__ = ["Page", "SortedIndex", "page_of_list", "page_size", "scope_of"]

V = TypeVar("V")
Key = tuple[Any, ...]

_DEFAULT_PAGE = 50


def page_size(max_results: int | None, default: int = _DEFAULT_PAGE) -> int:
    """The number of items a page holds: the caller's ``maxResults`` or the default."""
    return default if max_results is None else max_results


def _encode(scope: str, key: Key) -> str:
    raw = json.dumps([scope, list(key)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode("ascii")


def _decode(scope: str, token: str) -> Key:
    try:
        found_scope, key = json.loads(base64.urlsafe_b64decode(token.encode("ascii")))
    except (ValueError, TypeError, UnicodeEncodeError):
        raise validation_error("The nextToken is not valid.", "nextToken") from None
    if found_scope != scope or not isinstance(key, list):
        raise validation_error("The nextToken does not belong to this request.", "nextToken")
    result = _as_tuple(key)
    assert isinstance(result, tuple)
    return result


def _as_tuple(value: Any) -> Any:
    return tuple(_as_tuple(v) for v in value) if isinstance(value, list) else value


class Page(Generic[V]):
    """One page of items and the token of the next one (``None`` on the last page)."""

    def __init__(self, items: list[V], next_token: str | None) -> None:
        self.items = items
        self.next_token = next_token


class SortedIndex(Generic[V]):
    """Items kept sorted by a key tuple, for listings in key order.

    Tokens are opaque (base64 of the scope and the last key returned), so items added or
    removed between pages neither repeat nor go missing among the rest.

    Args:
        descending: List the largest key first.
    """

    def __init__(self, *, descending: bool = False) -> None:
        self._keys: list[Key] = []
        self._values: dict[Key, V] = {}
        self._descending = descending

    def put(self, key: Key, value: V) -> None:
        """Insert or replace the item at ``key``."""
        if key not in self._values:
            bisect.insort(self._keys, key)
        self._values[key] = value

    def remove(self, key: Key) -> None:
        """Remove the item at ``key`` if present."""
        if self._values.pop(key, None) is not None:
            del self._keys[bisect.bisect_left(self._keys, key)]

    def get(self, key: Key) -> V | None:
        """The item at ``key``, or ``None``."""
        return self._values.get(key)

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[V]:
        keys = reversed(self._keys) if self._descending else iter(self._keys)
        return (self._values[k] for k in list(keys))

    def first(self) -> V | None:
        """The first item in listing order, or ``None``."""
        if not self._keys:
            return None
        return self._values[self._keys[-1] if self._descending else self._keys[0]]

    def page(
        self,
        scope: str,
        token: str | None,
        limit: int,
        keep: Callable[[V], bool] | None = None,
    ) -> Page[V]:
        """One page of items in listing order.

        Args:
            scope: Names the listing (operation and its filters); a token from another
                listing is rejected.
            token: The previous page's ``next_token``, or ``None`` for the first page.
            limit: Items per page.
            keep: Optional filter.

        Returns:
            The page.
        """
        after = _decode(scope, token) if token else None
        if self._descending:
            stop = bisect.bisect_left(self._keys, after) if after is not None else len(self._keys)
            positions: Iterator[int] = iter(range(stop - 1, -1, -1))
        else:
            start = bisect.bisect_right(self._keys, after) if after is not None else 0
            positions = iter(range(start, len(self._keys)))
        items: list[V] = []
        last: Key | None = None
        for position in positions:
            key = self._keys[position]
            value = self._values[key]
            if keep is not None and not keep(value):
                continue
            if len(items) == limit and last is not None:
                return Page(items, _encode(scope, last))
            items.append(value)
            last = key
        return Page(items, None)


def page_of_list(items: list[V], scope: str, token: str | None, limit: int) -> Page[V]:
    """Page through a small list built per request (tokens hold the offset, opaquely).

    Args:
        items: The full listing, in order.
        scope: Names the listing, as for :meth:`SortedIndex.page`.
        token: The previous page's ``next_token``, or ``None``.
        limit: Items per page.

    Returns:
        The page.
    """
    start = int(_decode(scope, token)[0]) if token else 0
    end = start + limit
    return Page(items[start:end], _encode(scope, (end,)) if end < len(items) else None)


def scope_of(*parts: Hashable) -> str:
    """Join the parts naming a listing into a token scope."""
    return "|".join(str(p) for p in parts)
