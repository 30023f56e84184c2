"""The few ``java.lang`` behaviours the device's version library depends on.

The nucleus is a Java program; where its answer depends on a detail of the
Java platform (how ``String.split`` drops empty strings, what
``Integer.valueOf`` accepts, 32-bit overflow, boxed-``Integer`` identity), this
module reproduces that detail, so that :mod:`.device_semver` reads like a
description of behaviour rather than of Java. Each function names the Java
method it stands for (JDK 17 semantics, which the nucleus's Java 8+ shares).
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "INT_MAX",
    "INT_MIN",
    "JavaError",
    "boxed_same",
    "compare_ignore_case",
    "java_int",
    "parse_int",
    "split",
    "trim",
]

INT_MIN = -(2**31)
INT_MAX = 2**31 - 1

# java.lang.Integer caches the boxes of -128..127 (Integer.valueOf); outside that
# range two boxes of the same value are different objects.
_BOX_CACHE = range(-128, 128)


class JavaError(Exception):
    """An exception the Java code would throw, named by its Java class.

    Attributes:
        java_class: The simple name of the Java exception class, e.g.
            ``SemverException``, ``NullPointerException``.
    """

    def __init__(self, java_class: str, message: str) -> None:
        super().__init__(f"{java_class}: {message}")
        self.java_class = java_class
        self.message = message


def java_int(value: int) -> int:
    """Wrap an integer to Java's 32-bit ``int`` (two's complement overflow)."""
    return (value - INT_MIN) % 2**32 + INT_MIN


def trim(text: str) -> str:
    """``String.trim()``: drop characters up to U+0020 from both ends."""
    start, end = 0, len(text)
    while start < end and text[start] <= " ":
        start += 1
    while end > start and text[end - 1] <= " ":
        end -= 1
    return text[start:end]


def split(text: str, separator: str, limit: int = 0) -> list[str]:
    """``String.split`` by a one-character literal separator.

    With ``limit=0`` trailing empty strings are removed (so ``"."`` gives no
    part at all); with ``limit=2`` at most two parts are made and kept as they
    are. A text without the separator is returned whole (``""`` gives ``[""]``).
    """
    if separator not in text:
        return [text]
    if limit > 0:
        return text.split(separator, limit - 1)
    parts = text.split(separator)
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def parse_int(text: str | None) -> int | None:
    """``Integer.valueOf(text)``, or None where it throws ``NumberFormatException``.

    An optional sign, then one or more decimal digits (any Unicode decimal
    digit, as ``Character.digit`` accepts), within the 32-bit range.
    """
    if not text:
        return None
    sign, digits = 1, text
    if text[0] in "+-":
        sign, digits = (-1 if text[0] == "-" else 1), text[1:]
    if not digits or not all(ch.isdecimal() for ch in digits):
        return None
    value = sign * int("".join(str(unicodedata.decimal(ch)) for ch in digits))
    return value if INT_MIN <= value <= INT_MAX else None


def boxed_same(first: int, second: int) -> bool:
    """``a == b`` on two boxed ``Integer`` objects (identity, not value)."""
    return first == second and first in _BOX_CACHE


def _fold(char: str) -> str:
    # Character.toLowerCase(Character.toUpperCase(c)), per UTF-16 unit.
    upper = char.upper()
    if len(upper) == 1:
        char = upper
    lower = char.lower()
    return lower if len(lower) == 1 else char


def compare_ignore_case(first: str, second: str) -> int:
    """``String.compareToIgnoreCase``: the sign is what matters."""
    for a, b in zip(_utf16_units(first), _utf16_units(second), strict=False):
        if a != b:
            fa, fb = _fold(a), _fold(b)
            if fa != fb:
                return ord(fa) - ord(fb)
    return len(_utf16_units(first)) - len(_utf16_units(second))


def _utf16_units(text: str) -> list[str]:
    if text.isascii():
        return list(text)
    data = text.encode("utf-16-le", "surrogatepass")
    return [chr(int.from_bytes(data[i : i + 2], "little")) for i in range(0, len(data), 2)]
