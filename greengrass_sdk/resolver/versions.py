"""Parsing and ordering of semantic versions with npm's strict rules.

Versions are :class:`semver.Version` objects. npm accepts a leading ``v`` and
surrounding whitespace and rejects leading zeros, which ``semver`` alone would
not tell apart, so parsing is done here and the parts handed to ``semver``.
Ordering uses :func:`version_key`, a plain tuple that sorts exactly like
``semver.Version.compare`` (build metadata ignored) but compares much faster.
"""

from __future__ import annotations

import re
from functools import lru_cache

import semver

from greengrass_sdk.resolver.errors import InvalidVersion

__all__ = [
    "MAX_SAFE_INTEGER",
    "VersionKey",
    "parse_bare_version",
    "parse_version",
    "version_key",
]

MAX_VERSION_LENGTH = 256
MAX_SAFE_INTEGER = 2**53 - 1

_NUMBER = r"0|[1-9][0-9]*"
_PRERELEASE_ID = r"(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][a-zA-Z0-9-]*)"
_BUILD_ID = r"[a-zA-Z0-9-]+"
VERSION_BODY = (
    rf"({_NUMBER})\.({_NUMBER})\.({_NUMBER})"
    rf"(?:-({_PRERELEASE_ID}(?:\.{_PRERELEASE_ID})*))?"
    rf"(?:\+({_BUILD_ID}(?:\.{_BUILD_ID})*))?"
)
_FULL_VERSION = re.compile(rf"v?{VERSION_BODY}", re.ASCII)

# ECMAScript's \s, which npm uses for trimming.
JS_WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"

PrereleasePart = tuple[int, int | str]
VersionKey = tuple[int, int, int, int, tuple[PrereleasePart, ...]]


@lru_cache(maxsize=65536)
def parse_version(text: str) -> semver.Version:
    """Parse a version the way npm's ``new SemVer(text)`` does in strict mode.

    Args:
        text: A version such as ``"1.2.3"``, ``"v1.2.3-beta.1+build.5"``.

    Returns:
        The parsed version.

    Raises:
        ValueError: If npm would reject the version.
    """
    if len(text) > MAX_VERSION_LENGTH:
        raise InvalidVersion(f"version is longer than {MAX_VERSION_LENGTH} characters")
    match = _FULL_VERSION.fullmatch(text.strip(JS_WHITESPACE_CHARS))
    if match is None:
        raise InvalidVersion(f"Invalid version: {text!r}")
    major, minor, patch, prerelease, build = match.groups()
    numbers = (int(major), int(minor), int(patch))
    if any(number > MAX_SAFE_INTEGER for number in numbers):
        raise InvalidVersion(f"Invalid version: {text!r} (number too large)")
    return semver.Version(*numbers, prerelease=prerelease, build=build)


def parse_bare_version(text: str) -> semver.Version:
    """Parse a version written bare, as recipes and the Greengrass service require it.

    Unlike :func:`parse_version` (npm), a leading ``v`` and surrounding whitespace are refused.

    Args:
        text: A version such as ``"1.2.3-beta.1"``.

    Returns:
        The parsed version.

    Raises:
        ValueError: If the text is not a bare semantic version.
    """
    if text.startswith("v") or text != text.strip():
        raise InvalidVersion(
            f"version {text!r} must be a bare semantic version (no 'v', no spaces)"
        )
    return parse_version(text)


def _expand_whitespace(spec: str) -> str:
    chars: list[str] = []
    index = 0
    while index < len(spec):
        if index + 2 < len(spec) and spec[index + 1] == "-":
            chars.extend(chr(c) for c in range(ord(spec[index]), ord(spec[index + 2]) + 1))
            index += 3
        else:
            chars.append(spec[index])
            index += 1
    return "".join(chars)


JS_WHITESPACE_CHARS = _expand_whitespace(JS_WHITESPACE)


def _prerelease_part(identifier: str) -> PrereleasePart:
    return (0, int(identifier)) if identifier.isdigit() else (1, identifier)


def version_key(version: semver.Version) -> VersionKey:
    """A sort key that orders versions by semver precedence, ignoring build metadata.

    Args:
        version: The version.

    Returns:
        A tuple; equal tuples mean equal precedence.
    """
    prerelease = version.prerelease
    if not prerelease:
        return (version.major, version.minor, version.patch, 1, ())
    parts = tuple(_prerelease_part(identifier) for identifier in prerelease.split("."))
    return (version.major, version.minor, version.patch, 0, parts)
