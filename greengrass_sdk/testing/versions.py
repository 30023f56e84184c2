"""Semantic-version ordering and requirement matching for component versions.

Parsing, precedence and requirement matching are the resolver's (``greengrass_sdk.resolver``),
with npm semver 7 semantics; versions must be written bare, as the service requires.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from greengrass_sdk.resolver import max_satisfying as resolver_max_satisfying
from greengrass_sdk.resolver.versions import parse_bare_version
from greengrass_sdk.resolver.versions import version_key as precedence

__all__ = ["is_semver", "max_satisfying", "version_key"]


def is_semver(version: str) -> bool:
    """Whether ``version`` is a bare semantic version (``MAJOR.MINOR.PATCH[-pre][+build]``)."""
    try:
        parse_bare_version(version)
    except ValueError:
        return False
    return True


def version_key(version: str) -> tuple[Any, ...]:
    """A sort key ordering versions by semver precedence (build metadata ignored).

    Args:
        version: A semantic version; anything else sorts before every valid version.

    Returns:
        A tuple usable with ``sorted``/``bisect``; it ends with the text itself so that
        versions differing only in build metadata stay distinct.
    """
    try:
        return (1, precedence(parse_bare_version(version)), version)
    except ValueError:
        return (0, (), version)


def max_satisfying(versions: Iterable[str], requirement: str) -> str | None:
    """The highest version satisfying an npm-style requirement, as the resolver decides.

    Returns ``None`` when no version satisfies it, or when the requirement is not valid.
    """
    try:
        return resolver_max_satisfying(list(versions), requirement)
    except ValueError:
        return None
