"""Which version to publish: an exact one, or the next patch/minor/major after the newest.

The increments follow npm semver's ``inc`` (``semver/classes/semver.js``, checked against npm's
own package in the tests), so that a pre-release is released rather than skipped: the next
patch after ``1.2.3-rc.1`` is ``1.2.3``, the next minor after ``1.3.0-beta`` is ``1.3.0``.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import semver

from greengrass_sdk.publish.errors import PublishError
from greengrass_sdk.resolver.versions import VersionKey, parse_bare_version, version_key

__all__ = ["FIRST_VERSION", "VersionBump", "next_version", "newest_version"]

FIRST_VERSION = "1.0.0"
"""What a ``NEXT_*`` bump publishes when the component has no version yet (as GDK does)."""


class VersionBump(StrEnum):
    """Publish the next version after the newest one in the account."""

    NEXT_PATCH = "NEXT_PATCH"
    NEXT_MINOR = "NEXT_MINOR"
    NEXT_MAJOR = "NEXT_MAJOR"


def newest_version(versions: Iterable[str]) -> str | None:
    """The highest version by semver precedence (pre-releases rank below their release).

    Args:
        versions: Versions as the service lists them; unparseable ones are ignored.

    Returns:
        The newest, or ``None`` when there is none.
    """
    best: tuple[VersionKey, str] | None = None
    for text in versions:
        try:
            key = version_key(parse_bare_version(text))
        except ValueError:
            continue
        if best is None or key > best[0]:
            best = (key, text)
    return best[1] if best else None


def increment(version: str, bump: VersionBump) -> str:
    """Npm's ``semver.inc(version, release)`` for ``patch``, ``minor`` and ``major``.

    Args:
        version: A bare semantic version.
        bump: Which part to increment.

    Returns:
        The incremented version, without build metadata.
    """
    try:
        parsed: semver.Version = parse_bare_version(version)
    except ValueError as error:
        raise PublishError(f"cannot increment version {version!r}: {error}") from None
    major, minor, patch = parsed.major, parsed.minor, parsed.patch
    pre = bool(parsed.prerelease)
    # semver.js inc(): a pre-release of the target version is released, not skipped.
    if bump is VersionBump.NEXT_MAJOR:
        if not (pre and minor == 0 and patch == 0):
            major += 1
        minor = patch = 0
    elif bump is VersionBump.NEXT_MINOR:
        if not (pre and patch == 0):
            minor += 1
        patch = 0
    elif not pre:
        patch += 1
    return f"{major}.{minor}.{patch}"


def next_version(existing: Iterable[str], bump: VersionBump) -> str:
    """The version a ``NEXT_*`` publish creates.

    Args:
        existing: Every version of the component in the account (all pages).
        bump: Which part to increment.

    Returns:
        ``1.0.0`` for a new component, else the increment of the newest version.
    """
    newest = newest_version(existing)
    return FIRST_VERSION if newest is None else increment(newest, bump)
