"""Semantic-version ordering and requirement matching for component versions.

Requirement matching is the resolver's (``greengrass_sdk.resolver``), npm semver 7 semantics.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from greengrass_sdk.resolver import max_satisfying as resolver_max_satisfying

__all__ = ["is_semver", "max_satisfying", "version_key"]

_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)


def is_semver(version: str) -> bool:
    """Whether ``version`` is a valid semantic version (``MAJOR.MINOR.PATCH[-pre][+build]``)."""
    return _SEMVER.match(version) is not None


def version_key(version: str) -> tuple[Any, ...]:
    """A sort key ordering versions by semver precedence (build metadata ignored).

    Args:
        version: A semantic version; anything else sorts before every valid version.

    Returns:
        A tuple usable with ``sorted``/``bisect``; it ends with the text itself so that
        versions differing only in build metadata stay distinct.
    """
    found = _SEMVER.match(version)
    if found is None:
        return (-1, 0, 0, 0, (), version)
    major, minor, patch, pre, _ = found.groups()
    release = 1 if pre is None else 0
    ids = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in (pre or "").split(".") if p)
    return (int(major), int(minor), int(patch), release, ids, version)


def max_satisfying(versions: Iterable[str], requirement: str) -> str | None:
    """The highest version satisfying an npm-style requirement, as the resolver decides.

    Returns ``None`` when no version satisfies it, or when the requirement is not valid.
    """
    try:
        return resolver_max_satisfying(list(versions), requirement)
    except ValueError:
        return None
