"""Our requirement semantics agree with npm's semver 7 on thousands of generated cases."""

from __future__ import annotations

import random

import pytest

from greengrass_sdk.resolver import InvalidRequirement, VersionRequirement, max_satisfying
from greengrass_sdk.resolver.versions import parse_version
from tests.resolver.npm_oracle import NpmOracle
from tests.resolver.semver_cases import random_range, random_version

BATCHES = 12
RANGES_PER_BATCH = 500
VERSIONS_PER_BATCH = 60


def _valid_range(text: str) -> bool:
    try:
        VersionRequirement.parse(text)
    except InvalidRequirement:
        return False
    return True


def _valid_version(text: str) -> bool:
    try:
        parse_version(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("seed", range(BATCHES))
def test_generated_cases_agree_with_npm(npm_oracle: NpmOracle, seed: int) -> None:
    rng = random.Random(seed)
    ranges = list(dict.fromkeys(random_range(rng) for _ in range(RANGES_PER_BATCH)))
    versions = list(dict.fromkeys(random_version(rng) for _ in range(VERSIONS_PER_BATCH)))
    pairs = [(r, v) for r in range(len(ranges)) for v in range(len(versions))]
    npm = npm_oracle.ask(ranges, versions, pairs)

    mismatches: list[str] = []
    for text, expected in zip(versions, npm.valid_version, strict=True):
        if _valid_version(text) != expected:
            mismatches.append(f"valid version {text!r}: npm says {expected}")
    valid = [_valid_range(text) for text in ranges]
    for text, ours, expected in zip(ranges, valid, npm.valid_range, strict=True):
        if ours != expected:
            mismatches.append(f"valid range {text!r}: npm says {expected}")
    for (r, v), expected in zip(pairs, npm.satisfies, strict=True):
        if not (valid[r] and npm.valid_version[v]):
            continue  # npm answers False for invalid input; we raise instead (tested below)
        ours = VersionRequirement.parse(ranges[r]).allows(versions[v])
        if ours != expected:
            mismatches.append(f"satisfies({versions[v]!r}, {ranges[r]!r}): npm says {expected}")
    for r, expected in enumerate(npm.max_satisfying):
        if valid[r] and max_satisfying(versions, ranges[r]) != expected:
            mismatches.append(f"maxSatisfying({ranges[r]!r}): npm says {expected!r}")
    assert not mismatches, f"{len(mismatches)} disagreements, first ones:\n" + "\n".join(
        mismatches[:25]
    )
