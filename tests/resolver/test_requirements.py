from __future__ import annotations

import random

import pytest

from greengrass_sdk.resolver import (
    InvalidRequirement,
    VersionRequirement,
    max_satisfying,
    satisfies,
)
from tests.resolver.semver_cases import (
    is_valid_range,
    is_valid_version,
    random_range,
    random_version,
)


@pytest.mark.parametrize(
    ("version", "requirement", "expected"),
    [
        ("1.9.0", "^1.2.3", True),
        ("2.0.0", "^1.2.3", False),
        ("0.2.5", "^0.2.3", True),
        ("0.3.0", "^0.2.3", False),
        ("1.2.9", "~> 1.2", True),
        ("2.3.4", "1.2 - 2.3.4", True),
        ("2.3.5", "1.2 - 2.3.4", False),
        ("1.0.0-beta", "*", False),
        ("1.0.0-beta", ">=1.0.0-alpha", True),
        ("1.0.1-beta", ">=1.0.0-alpha", False),
        ("1.0.0-beta.2", "* || ~1.0.0-alpha", False),
        ("1.2.3+build", "1.2.3", True),
        ("1.5.0", ">= 1.0.0 < 2", True),
    ],
)
def test_satisfies_examples(version: str, requirement: str, expected: bool) -> None:
    assert satisfies(version, requirement) is expected


def test_invalid_inputs_raise() -> None:
    with pytest.raises(InvalidRequirement):
        VersionRequirement.parse(">>1.0.0")
    assert issubclass(InvalidRequirement, ValueError)
    with pytest.raises(ValueError, match="Invalid version"):
        satisfies("1.2", "*")


def test_max_satisfying_keeps_first_of_equal_precedence() -> None:
    assert max_satisfying(["1.0.0+a", "1.0.0+b", "bad", "0.9.0"], "<2") == "1.0.0+a"
    assert max_satisfying(["3.0.0"], "<2") is None


@pytest.mark.parametrize(
    ("left", "right", "meet"),
    [
        ("^2.0.0", "~1.4.0", False),
        ("^1.0.0", "~1.4.0", True),
        (">1.0.0 <1.0.1-0", "*", False),
        (">=1.0.0-a <1.0.0", ">=1.0.0-a", True),
        (">=1.0.0-a <1.0.0", "<2.0.0", False),
        (">1.0.0-a <1.0.0-a.0", "*", False),
        (">1.0.0-a <=1.0.0-a.0", ">=1.0.0-a", True),
        ("1.x || 3.x", "2.x || >=3.5", True),
    ],
)
def test_intersects(left: str, right: str, meet: bool) -> None:
    assert VersionRequirement.parse(left).intersects(VersionRequirement.parse(right)) is meet


def test_intersection_agrees_with_membership_on_generated_cases() -> None:
    rng = random.Random(7)
    versions = [v for v in (random_version(rng) for _ in range(300)) if is_valid_version(v)]
    ranges = [
        VersionRequirement.parse(r)
        for r in (random_range(rng) for _ in range(300))
        if is_valid_range(r)
    ]
    for left, right in zip(ranges, reversed(ranges), strict=True):
        both = left.intersect(right)
        for version in versions:
            assert both.allows(version) == (left.allows(version) and right.allows(version))
        if both.is_empty():
            assert not any(both.allows(version) for version in versions)
