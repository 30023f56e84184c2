"""Version requirements with npm's semver 7 semantics, and an algebra over them.

A requirement is a union of *spans*. A span is what npm calls a comparator
set, normalised: an interval of versions plus the set of ``major.minor.patch``
triples whose pre-releases it admits (npm's pre-release rule: a pre-release
only matches a comparator set that names a pre-release of the same triple).
Because the pre-release rule is kept explicit, intersection is exact, and so
is the emptiness test; that is what conflict explanations are built on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import semver

from greengrass_sdk.resolver.requirement_syntax import Primitive, desugar
from greengrass_sdk.resolver.versions import VersionKey, parse_version, version_key

__all__ = [
    "Bound",
    "Span",
    "VersionRequirement",
    "max_satisfying",
    "satisfies",
]

Triple = tuple[int, int, int]
Bound = tuple[VersionKey, bool]
"""A version key and whether the bound includes it."""

_FIRST_PRERELEASE: tuple[tuple[int, int | str], ...] = ((0, 0),)


def _tighter_lower(current: Bound | None, new: Bound) -> Bound:
    if current is None:
        return new
    # For equal keys an exclusive bound (False) is tighter: compare (key, not inclusive).
    return max(current, new, key=lambda bound: (bound[0], not bound[1]))


def _tighter_upper(current: Bound | None, new: Bound) -> Bound:
    if current is None:
        return new
    return min(current, new)


def _below(key: VersionKey, upper: Bound | None) -> bool:
    if upper is None:
        return True
    return key <= upper[0] if upper[1] else key < upper[0]


def _above(key: VersionKey, lower: Bound | None) -> bool:
    if lower is None:
        return True
    return key >= lower[0] if lower[1] else key > lower[0]


@dataclass(frozen=True, slots=True)
class Span:
    """An interval of versions that admits the pre-releases of some triples.

    Attributes:
        lower: The lower bound, or None for no bound.
        upper: The upper bound, or None for no bound.
        prerelease_triples: ``(major, minor, patch)`` triples whose pre-releases
            are admitted (when they are inside the interval).
    """

    lower: Bound | None
    upper: Bound | None
    prerelease_triples: frozenset[Triple]

    @classmethod
    def from_primitives(cls, primitives: Iterable[Primitive]) -> Span:
        """Build the span of one npm comparator set.

        Args:
            primitives: Operator and version pairs, all of which must hold.

        Returns:
            The span.
        """
        lower: Bound | None = None
        upper: Bound | None = None
        triples: set[Triple] = set()
        for operator, version in primitives:
            if version is None:
                continue
            key = version_key(version)
            if version.prerelease:
                triples.add((version.major, version.minor, version.patch))
            if operator in ("", ">=", ">"):
                lower = _tighter_lower(lower, (key, operator != ">"))
            if operator in ("", "<=", "<"):
                upper = _tighter_upper(upper, (key, operator != "<"))
        return cls(lower, upper, frozenset(triples))

    def contains_key(self, key: VersionKey) -> bool:
        """Whether a version (given by its :func:`version_key`) is in the span."""
        if not (_above(key, self.lower) and _below(key, self.upper)):
            return False
        return key[3] == 1 or key[:3] in self.prerelease_triples

    def intersect(self, other: Span) -> Span:
        """The span of versions in both spans."""
        lower, upper = self.lower, self.upper
        if other.lower is not None:
            lower = _tighter_lower(lower, other.lower)
        if other.upper is not None:
            upper = _tighter_upper(upper, other.upper)
        return Span(lower, upper, self.prerelease_triples & other.prerelease_triples)

    def _lowest_release(self) -> VersionKey:
        if self.lower is None:
            return (0, 0, 0, 1, ())
        key, inclusive = self.lower
        major, minor, patch = key[0], key[1], key[2]
        if key[3] == 1 and not inclusive:
            patch += 1
        return (major, minor, patch, 1, ())

    def _lowest_prerelease(self, triple: Triple) -> VersionKey | None:
        start: VersionKey = (*triple, 0, _FIRST_PRERELEASE)
        if self.lower is None:
            return start
        key, inclusive = self.lower
        if key[:3] != triple:
            return start if key[:3] < triple else None
        if key[3] == 1:
            return None
        return key if inclusive else (*triple, 0, (*key[4], (0, 0)))

    def is_empty(self) -> bool:
        """Whether no version at all lies in the span."""
        if _below(self._lowest_release(), self.upper):
            return False
        for triple in self.prerelease_triples:
            candidate = self._lowest_prerelease(triple)
            if candidate is not None and _below(candidate, self.upper):
                return False
        return True


def _coerce(version: str | semver.Version) -> semver.Version:
    return version if isinstance(version, semver.Version) else parse_version(version)


@dataclass(frozen=True, slots=True)
class VersionRequirement:
    """A parsed npm-style version requirement (a union of spans).

    Attributes:
        text: The requirement as written.
        spans: One span per ``||`` alternative.
    """

    text: str
    spans: tuple[Span, ...]

    @classmethod
    def parse(cls, text: str) -> VersionRequirement:
        """Parse a requirement with npm's semver 7 rules (strict mode).

        Args:
            text: For example ``"^1.2.0"``, ``">=1.0.0 <2.0.0 || 3.x"``, ``"1.2 - 2.0"``.

        Returns:
            The requirement.

        Raises:
            InvalidRequirement: If npm would reject the requirement.
        """
        return _parse_cached(text)

    def allows(self, version: str | semver.Version) -> bool:
        """Whether a version satisfies the requirement (npm's ``satisfies``).

        Args:
            version: A version string or :class:`semver.Version`.

        Returns:
            True if the version matches one of the alternatives.

        Raises:
            ValueError: If the version string is not a valid semantic version.
        """
        return self.allows_key(version_key(_coerce(version)))

    def allows_key(self, key: VersionKey) -> bool:
        """Like :meth:`allows`, for a key precomputed with ``resolver.versions.version_key``."""
        return any(span.contains_key(key) for span in self.spans)

    def intersect(self, other: VersionRequirement) -> VersionRequirement:
        """The requirement met exactly by versions meeting both requirements."""
        spans = tuple(
            joined
            for mine in self.spans
            for theirs in other.spans
            if not (joined := mine.intersect(theirs)).is_empty()
        )
        return VersionRequirement(f"({self.text}) and ({other.text})", spans)

    def is_empty(self) -> bool:
        """Whether no version at all satisfies the requirement."""
        return all(span.is_empty() for span in self.spans)

    def intersects(self, other: VersionRequirement) -> bool:
        """Whether some version satisfies both requirements."""
        return not self.intersect(other).is_empty()

    def __str__(self) -> str:
        return self.text


@lru_cache(maxsize=16384)
def _parse_cached(text: str) -> VersionRequirement:
    alternatives = desugar(text)
    for alternative in alternatives:
        # npm: when one alternative is "any version", the range is just that
        # alternative, which (having no pre-release comparator) admits no pre-release.
        if all(version is None for _operator, version in alternative):
            return VersionRequirement(text, (Span.from_primitives(alternative),))
    return VersionRequirement(text, tuple(Span.from_primitives(alt) for alt in alternatives))


def satisfies(version: str, requirement: str) -> bool:
    """Whether ``version`` satisfies ``requirement``, as npm's ``semver.satisfies``.

    Args:
        version: A semantic version.
        requirement: An npm-style requirement.

    Returns:
        True if the version is allowed.

    Raises:
        InvalidRequirement: If the requirement is invalid.
        ValueError: If the version is invalid.
    """
    return VersionRequirement.parse(requirement).allows(version)


def max_satisfying(versions: Iterable[str], requirement: str) -> str | None:
    """The highest of ``versions`` allowed by ``requirement``, as npm's ``maxSatisfying``.

    Invalid version strings are skipped, as npm does. Among versions of equal
    precedence (differing only in build metadata) the first one wins.

    Args:
        versions: Candidate versions.
        requirement: An npm-style requirement.

    Returns:
        The chosen version string as given, or None if none is allowed.

    Raises:
        InvalidRequirement: If the requirement is invalid.
    """
    parsed = VersionRequirement.parse(requirement)
    best: str | None = None
    best_key: VersionKey | None = None
    for text in versions:
        try:
            key = version_key(parse_version(text))
        except ValueError:
            continue
        if parsed.allows_key(key) and (best_key is None or key > best_key):
            best, best_key = text, key
    return best
