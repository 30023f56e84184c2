"""Warnings for requirements the device may read differently from npm.

The Greengrass nucleus parses ``VersionRequirement`` strings with the semver4j
library in its "NPM" mode, which disagrees with npm's own ``semver`` in a few
known places (design.md §9):

* a pre-release in a requirement (``1.0.0-1``, ``^2.0.0-beta``): semver4j's
  tokenizer takes the ``-`` for a hyphen range;
* ``*`` (and other "any version" forms) and a lone lower bound such as
  ``>=1.0.0`` match pre-release versions on the device; npm's pre-release rule
  excludes them;
* two bare versions separated by a space (``1.0.0 2.0.0``): npm reads "both",
  semver4j one odd version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from greengrass_sdk.resolver.errors import InvalidRequirement
from greengrass_sdk.resolver.requirement_syntax import desugar
from greengrass_sdk.resolver.requirements import VersionRequirement
from greengrass_sdk.resolver.versions import parse_version, version_key

__all__ = ["LintWarning", "lint_requirement"]

_PRERELEASE_IN_TEXT = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+-[0-9A-Za-z]")
_BARE_VERSION = re.compile(r"v?[0-9]+(?:\.[0-9xX*]+){0,2}(?:-[0-9A-Za-z.-]+)?")


@dataclass(frozen=True, slots=True)
class LintWarning:
    """One finding.

    Attributes:
        code: ``invalid``, ``prerelease-hyphen``, ``prerelease-match``,
            ``space-separated-versions`` or ``device-accepts-prerelease``.
        message: What the device does differently, in one sentence.
    """

    code: str
    message: str


def _is_lone_lower_bound(text: str) -> bool:
    alternatives = desugar(text)
    for alternative in alternatives:
        bounded = [op for op, version in alternative if version is not None]
        if not bounded or (len(bounded) == 1 and bounded[0] in (">", ">=")):
            return True
    return False


def _has_space_separated_versions(text: str) -> bool:
    for alternative in text.split("||"):
        words = alternative.split()
        if len(words) >= 2 and all(_BARE_VERSION.fullmatch(word) for word in words):
            return True
    return False


def _device_only_prereleases(requirement: VersionRequirement, versions: Iterable[str]) -> list[str]:
    """Pre-releases inside the requirement's bounds that npm's pre-release rule rejects."""
    found = []
    for text in versions:
        key = version_key(parse_version(text))
        if key[3] == 1 or requirement.allows_key(key):
            continue
        for span in requirement.spans:
            widened = type(span)(span.lower, span.upper, frozenset({key[:3]}))
            if widened.contains_key(key):
                found.append(text)
                break
    return found


def lint_requirement(text: str, versions: Iterable[str] | None = None) -> list[LintWarning]:
    """Warn where the nucleus (semver4j, NPM mode) may read ``text`` unlike npm.

    Args:
        text: A ``VersionRequirement`` as written in a recipe or deployment.
        versions: Optionally, the component's available versions; pre-releases
            the device would accept but npm rejects are then named.

    Returns:
        The warnings, empty if none apply.
    """
    try:
        requirement = VersionRequirement.parse(text)
    except InvalidRequirement as error:
        return [LintWarning("invalid", str(error))]
    warnings: list[LintWarning] = []
    if _PRERELEASE_IN_TEXT.search(text):
        warnings.append(
            LintWarning(
                "prerelease-hyphen",
                f"{text!r} names a pre-release; the device's parser (semver4j) takes its '-' "
                "for a hyphen range and reads a different requirement",
            )
        )
    if _is_lone_lower_bound(text):
        warnings.append(
            LintWarning(
                "prerelease-match",
                f"{text!r} has no upper bound; on the device it also matches pre-release "
                "versions, which npm's rules exclude",
            )
        )
    if _has_space_separated_versions(text):
        warnings.append(
            LintWarning(
                "space-separated-versions",
                f"{text!r} lists versions separated by spaces; npm requires all of them, "
                "the device parses them as one malformed version",
            )
        )
    if versions is not None:
        accepted = _device_only_prereleases(requirement, versions)
        if accepted:
            warnings.append(
                LintWarning(
                    "device-accepts-prerelease",
                    f"the device may pick pre-release {', '.join(accepted)} for {text!r}; "
                    "npm (and this resolver) would not",
                )
            )
    return warnings
