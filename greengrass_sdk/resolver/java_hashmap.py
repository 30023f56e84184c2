"""The iteration order of ``java.util.HashMap`` with ``String`` keys, reproduced.

The nucleus walks a component's dependencies, and joins several dependents'
requirements, in ``HashMap`` iteration order; with ``||`` in a requirement the
order changes the merged meaning, and it always changes the order of the walk.
That order is deterministic: a key's bucket is ``spread(String.hashCode())``
masked by the table size, buckets are visited in index order, and keys in one
bucket in the order they were added (a resize splits a bucket in two without
reordering it; a removal leaves the others in place). The table starts at 16
buckets (or as sized by the copy constructor), doubles when the size passes
three quarters of it, and never shrinks.

Written from the JDK 17 ``java.util.HashMap`` (``hash``, ``putVal``, ``resize``,
``putMapEntries``, ``tableSizeFor``); Java 8 and 11 behave alike. Java 19 changed
how the copy constructor sizes its table (JDK-8281631: ``ceil(size / 0.75)``
instead of ``size / 0.75 + 1``), which changes the order of some copies (3, 6,
12… entries): :meth:`JavaHashMap.copy` takes the Java release. Not modelled:
a bucket turned into a tree (8 or more keys colliding in one bucket of a table
of 64 or more), which does not arise for realistic component names.
``tests/resolver/test_java_hashmap.py`` checks the order against a real ``java``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

__all__ = ["JavaHashMap", "hash_order", "string_hash"]

V = TypeVar("V")

_DEFAULT_CAPACITY = 16
_MAXIMUM_CAPACITY = 1 << 30
_LOAD_FACTOR = 0.75


def string_hash(text: str) -> int:
    """``String.hashCode()`` as an unsigned 32-bit value (over UTF-16 code units)."""
    value = 0
    data = text.encode("utf-16-le", "surrogatepass")
    for index in range(0, len(data), 2):
        value = (31 * value + (data[index] | data[index + 1] << 8)) & 0xFFFFFFFF
    return value


def _spread(text: str) -> int:
    value = string_hash(text)
    return value ^ (value >> 16)


def _table_size_for(capacity: int) -> int:
    size = 1
    while size < capacity:
        size <<= 1
    return min(size, _MAXIMUM_CAPACITY)


class JavaHashMap(Generic[V]):
    """A ``HashMap<String, V>`` that iterates in the order Java's does.

    Args:
        items: Entries to put, in order (as successive ``put`` calls).
    """

    def __init__(self, items: Iterable[tuple[str, V]] = ()) -> None:
        self._entries: dict[str, V] = {}
        self._capacity = 0
        self._threshold = 0
        for key, value in items:
            self.put(key, value)

    def _resize(self) -> None:
        if self._capacity > 0:
            new_capacity = self._capacity << 1
            new_threshold = self._threshold << 1 if self._capacity >= _DEFAULT_CAPACITY else 0
        elif self._threshold > 0:
            new_capacity, new_threshold = self._threshold, 0
        else:
            new_capacity = _DEFAULT_CAPACITY
            new_threshold = int(_DEFAULT_CAPACITY * _LOAD_FACTOR)
        if new_threshold == 0:
            new_threshold = int(new_capacity * _LOAD_FACTOR)
        self._capacity, self._threshold = new_capacity, new_threshold

    def put(self, key: str, value: V) -> None:
        """``put``: a new key joins the end of its bucket; an existing key keeps its place."""
        if self._capacity == 0:
            self._resize()
        if key in self._entries:
            self._entries[key] = value
            return
        self._entries[key] = value
        if len(self._entries) > self._threshold:
            self._resize()

    def remove(self, key: str) -> V | None:
        """``remove``: the table keeps its size."""
        return self._entries.pop(key, None)

    def get(self, key: str) -> V | None:
        """``get``."""
        return self._entries.get(key)

    def copy(self, java_release: int = 17) -> JavaHashMap[V]:
        """``new HashMap<>(this)``: sized for the current entries, filled in this map's order.

        Args:
            java_release: The Java feature release (8, 11, 17, 21…) whose sizing rule applies.
        """
        copied: JavaHashMap[V] = JavaHashMap()
        if self._entries:
            if java_release >= 19:
                wanted = math.ceil(len(self._entries) / _LOAD_FACTOR)
            else:
                wanted = int(len(self._entries) / _LOAD_FACTOR + 1.0)
            copied._threshold = _table_size_for(wanted)
        for key, value in self.items():
            copied.put(key, value)
        return copied

    def keys(self) -> list[str]:
        """The keys in Java's iteration order."""
        if self._capacity == 0:
            return []
        mask = self._capacity - 1
        return sorted(self._entries, key=lambda key: _spread(key) & mask)

    def items(self) -> list[tuple[str, V]]:
        """The entries in Java's iteration order."""
        return [(key, self._entries[key]) for key in self.keys()]

    def values(self) -> list[V]:
        """The values in Java's iteration order."""
        return [self._entries[key] for key in self.keys()]

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self._entries)


def hash_order(keys: Iterable[str]) -> list[str]:
    """The iteration order of a fresh ``HashMap`` after putting ``keys`` in order."""
    return JavaHashMap((key, None) for key in keys).keys()
