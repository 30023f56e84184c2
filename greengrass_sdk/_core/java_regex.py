r"""Translate the Java-flavoured regular expressions of AWS service models to Python.

AWS models state string patterns in ``java.util.regex`` syntax and apply them with search
semantics (a pattern is not implicitly anchored). Python's :mod:`re` differs in a few places
that matter for the patterns in our scope:

* ``\w``, ``\d`` and ``\s`` are ASCII-only in Java but Unicode-aware in Python.
* Java knows POSIX classes (``\p{Upper}``, ``\p{Graph}``, ``\p{Cntrl}`` ...) and Unicode
  general categories (``\p{L}``, ``\p{C}`` ...); Python's :mod:`re` knows neither.
* Java reads an unescaped ``[`` inside a character class as a nested class (a union);
  Python reads it as a literal. We refuse such patterns rather than guess.

The translation produces an equivalent Python pattern; :func:`compile_java` caches it.
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
import unicodedata
from typing import Final

__all__ = ["JavaRegexError", "compile_java", "translate"]


class JavaRegexError(ValueError):
    """A Java regular expression uses a construct this translator does not support."""


# POSIX character classes: ASCII-only in java.util.regex unless UNICODE_CHARACTER_CLASS is set.
_PUNCT = "!-/:-@\\[-`{-~"
_POSIX: dict[str, str] = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": "\\x00-\\x7f",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": _PUNCT,
    "Graph": "!-~",
    "Print": " -~",
    "Blank": " \\t",
    "Cntrl": "\\x00-\\x1f\\x7f",
    "XDigit": "0-9a-fA-F",
    "Space": " \\t\\n\\x0b\\f\\r",
}

# Java's predefined classes (ASCII by default).
_SHORTHAND: dict[str, str] = {
    "w": "a-zA-Z0-9_",
    "d": "0-9",
    "s": " \\t\\n\\x0b\\f\\r",
}


@functools.cache
def _category_runs() -> tuple[tuple[str, int, int], ...]:
    """Runs of consecutive code points sharing a general category, computed once (~0.3 s)."""
    runs: list[tuple[str, int, int]] = []
    start = 0
    categories = map(unicodedata.category, map(chr, range(sys.maxunicode + 1)))
    for category, group in itertools.groupby(categories):
        length = sum(1 for _ in group)
        runs.append((category, start, start + length - 1))
        start += length
    return tuple(runs)


@functools.cache
def _category_class_body(prefix: str) -> str:
    """Class body for a category (``Lu``) or a major class (``L``) from the runs."""
    merged: list[list[int]] = []
    for category, lo, hi in _category_runs():
        if not category.startswith(prefix):
            continue
        if merged and merged[-1][1] == lo - 1:
            merged[-1][1] = hi
        else:
            merged.append([lo, hi])
    if not merged:
        raise JavaRegexError(f"unknown Unicode category \\p{{{prefix}}}")
    return "".join(
        _escape_code(lo) if lo == hi else f"{_escape_code(lo)}-{_escape_code(hi)}"
        for lo, hi in merged
    )


def _escape_code(code: int) -> str:
    return f"\\U{code:08x}"


def _property_body(name: str) -> str:
    r"""Class body (without brackets) for the Java property ``\p{name}``."""
    if name in _POSIX:
        return _POSIX[name]
    bare = name[2:] if name.startswith("Is") else name
    if len(bare) in (1, 2) and bare[0].isupper():
        return _category_class_body(bare)
    raise JavaRegexError(f"unsupported Java property \\p{{{name}}}")


def _read_property(src: str, pos: int) -> tuple[str, int]:
    r"""Read the name of ``\p{Name}`` or ``\pL`` after ``\p``; return (name, next pos)."""
    if pos < len(src) and src[pos] == "{":
        end = src.find("}", pos)
        if end < 0:
            raise JavaRegexError("unterminated \\p{...}")
        return src[pos + 1 : end], end + 1
    if pos < len(src):
        return src[pos], pos + 1
    raise JavaRegexError("dangling \\p")


def _translate_escape(src: str, pos: int, in_class: bool) -> tuple[str, int]:
    """Translate the escape starting at ``src[pos]`` (a backslash); return (text, next pos)."""
    if pos + 1 >= len(src):
        raise JavaRegexError("pattern ends with a backslash")
    char = src[pos + 1]
    nxt = pos + 2
    if char in "pP":
        name, nxt = _read_property(src, nxt)
        body = _property_body(name)
        negated = char == "P"
        if in_class:
            if negated:
                raise JavaRegexError("\\P{...} inside a character class is not supported")
            return body, nxt
        return ("[^" if negated else "[") + body + "]", nxt
    if char.lower() in _SHORTHAND:
        body = _SHORTHAND[char.lower()]
        negated = char.isupper()
        if in_class:
            if negated:
                raise JavaRegexError(f"\\{char} inside a character class is not supported")
            return body, nxt
        return ("[^" if negated else "[") + body + "]", nxt
    if char == "Q":
        end = src.find("\\E", nxt)
        literal = src[nxt:] if end < 0 else src[nxt:end]
        return re.escape(literal), len(src) if end < 0 else end + 2
    if char in "hHvVRXGZz" or (char.isdigit() and char != "0"):
        raise JavaRegexError(f"unsupported Java escape \\{char}")
    return src[pos:nxt], nxt


_LINE_TERMINATORS: Final = "\n\r\u0085\u2028\u2029"
"""java.util.regex's line terminators (``Pattern``, "Line terminators"; no UNIX_LINES flag)."""

_OUTSIDE_CLASS: Final = {
    # Java's '.' stops at every line terminator; Python's only at '\n'.
    ".": f"[^{_LINE_TERMINATORS}]",
    # Java's '$' (no MULTILINE) matches at the end, or before a final line terminator (or a
    # final "\r\n"), but never between that '\r' and '\n' (java.util.regex.Pattern.Dollar);
    # Python's only before a final '\n'.
    "$": r"(?:(?=\r\n\Z)|(?=[\r\u0085\u2028\u2029]\Z)|(?<!\r)(?=\n\Z)|\Z)",
}
"""Metacharacters outside a class whose meaning differs between the dialects."""


def translate(java: str) -> str:
    """Translate a Java regular expression to an equivalent Python :mod:`re` pattern.

    Args:
        java: The pattern as written in the AWS service model.

    Returns:
        A Python pattern with the same meaning under ``re.search``.

    Raises:
        JavaRegexError: The pattern uses a construct that has no faithful translation here.
    """
    out: list[str] = []
    pos = 0
    in_class = False
    class_start = 0
    while pos < len(java):
        char = java[pos]
        if char == "\\":
            text, pos = _translate_escape(java, pos, in_class)
            out.append(text)
            continue
        if in_class:
            if char == "[":
                raise JavaRegexError("nested character classes are not supported")
            if char == "&" and java.startswith("&&", pos):
                raise JavaRegexError("character class intersection is not supported")
            if char == "]" and pos > class_start:
                in_class = False
            out.append(char)
            pos += 1
            continue
        if char == "[":
            in_class = True
            out.append(char)
            pos += 1
            if pos < len(java) and java[pos] == "^":
                out.append("^")
                pos += 1
            # A ']' right after '[' or '[^' is a literal in both dialects.
            class_start = pos + 1 if pos < len(java) and java[pos] == "]" else pos
            if class_start > pos:
                out.append("\\]")
                pos += 1
            continue
        out.append(_OUTSIDE_CLASS.get(char, char))
        pos += 1
    if in_class:
        raise JavaRegexError("unterminated character class")
    return "".join(out)


@functools.lru_cache(maxsize=512)
def compile_java(java: str) -> re.Pattern[str]:
    """Compile a Java pattern (translated once and cached) for use with ``search``."""
    return re.compile(translate(java))
