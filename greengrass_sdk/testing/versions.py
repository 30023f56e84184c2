"""Semantic-version ordering and requirement matching for component versions.

Requirement matching uses ``greengrass_sdk.resolver.max_satisfying`` when that module exists.
Until it lands, :func:`_fallback_satisfies` is a deliberately minimal stand-in
(FALLBACK — to be removed once the resolver is merged): space-separated comparators
(``>=1.0.0 <2.0.0``), ``=``/bare versions, ``^``, ``~``, ``x``/``*`` wildcards and ``||``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

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


def _fallback_satisfies(version: str, requirement: str) -> bool:
    """FALLBACK: minimal npm-style matching (see module docstring)."""
    key = version_key(version)
    if key[0] < 0:
        return False
    for alternative in requirement.split("||"):
        comparators = alternative.split()
        matches = not comparators or all(_compare(key, c) for c in comparators)
        # npm's rule: a pre-release only matches a set that mentions a pre-release.
        if matches and (key[3] == 1 or any("-" in c for c in comparators)):
            return True
    return False


_COMPARATOR = re.compile(r"^(\^|~>?|>=|<=|>|<|=)?\s*v?(.*)$")
_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
}


def _release(numbers: list[int]) -> tuple[Any, ...]:
    return (*numbers, 1, ())


def _floor(numbers: list[int]) -> tuple[Any, ...]:
    # The lowest key of a release line: below every pre-release of that version.
    return (*numbers, 0, ())


def _desugar(comparator: str) -> list[tuple[str, tuple[Any, ...]]]:
    """Turn one comparator into simple ``>=``/``>``/``<`` bounds on version keys."""
    found = _COMPARATOR.match(comparator)
    assert found is not None
    operator, text = found.group(1) or "=", found.group(2)
    core = text.split("+")[0]
    base, _, pre = core.partition("-")
    parts = [p for p in base.split(".") if p not in ("x", "X", "*", "")]
    if not all(p.isdigit() for p in parts):
        return [("<", (-2,))]  # unparseable: matches nothing
    numbers = [int(p) for p in parts[:3]]
    given = len(numbers)
    low = (
        version_key(f"{numbers[0]}.{numbers[1]}.{numbers[2]}-{pre}") if given == 3 and pre else None
    )
    padded = numbers + [0] * (3 - given)
    lower = low[:5] if low else _floor(padded)

    def bump(index: int) -> tuple[Any, ...]:
        upper = padded[:index] + [padded[index] + 1] + [0] * (2 - index)
        return _floor(upper)

    if given == 0:
        return [] if operator in ("=", ">=", "<=", "^", "~", "~>") else [("<", (-2,))]
    if operator == "^":
        first = next((i for i, n in enumerate(padded[:given]) if n), given - 1)
        return [(">=", lower), ("<", bump(first))]
    if operator in ("~", "~>"):
        return [(">=", lower), ("<", bump(min(1, given - 1)))]
    if operator == "=":
        if given == 3:
            return [(">=", lower), ("<=", low[:5] if low else _release(padded))]
        return [(">=", lower), ("<", bump(given - 1))]
    if operator == ">=":
        return [(">=", lower)]
    if operator == ">":
        return (
            [(">=", bump(given - 1))]
            if given < 3
            else [(">", low[:5] if low else _release(padded))]
        )
    if operator == "<":
        return [("<", lower)]
    # "<="
    return [("<", bump(given - 1))] if given < 3 else [("<=", low[:5] if low else _release(padded))]


def _compare(key: tuple[Any, ...], comparator: str) -> bool:
    current = key[:5]
    for operator, bound in _desugar(comparator):
        if operator == "<=":
            if not current <= bound:
                return False
        elif not _OPERATORS[operator](current, bound):
            return False
    return True


def _load_resolver() -> Callable[[list[str], str], str | None] | None:
    try:
        from greengrass_sdk.resolver import max_satisfying as resolver_max  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    return resolver_max  # type: ignore[no-any-return,unused-ignore]


_RESOLVER = _load_resolver()


def max_satisfying(versions: Iterable[str], requirement: str) -> str | None:
    """The highest version satisfying an npm-style requirement, or ``None``.

    Args:
        versions: Candidate versions.
        requirement: The requirement, e.g. ``>=1.0.0 <2.0.0`` or ``^1.2.0``.

    Returns:
        The chosen version.
    """
    candidates = list(versions)
    if _RESOLVER is not None:
        return _RESOLVER(candidates, requirement)
    matching = [v for v in candidates if _fallback_satisfies(v, requirement)]
    return max(matching, key=version_key) if matching else None
