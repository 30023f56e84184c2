"""Our requirement semantics agree with npm's semver 7 on thousands of generated cases."""

from __future__ import annotations

import random

import pytest

from greengrass_sdk.resolver import VersionRequirement, max_satisfying
from tests.resolver.npm_oracle import NpmOracle
from tests.resolver.semver_cases import (
    is_valid_range,
    is_valid_version,
    random_range,
    random_version,
)

BATCHES = 12
RANGES_PER_BATCH = 500
VERSIONS_PER_BATCH = 60


@pytest.mark.parametrize("seed", range(BATCHES))
def test_generated_cases_agree_with_npm(npm_oracle: NpmOracle, seed: int) -> None:
    rng = random.Random(seed)
    ranges = list(dict.fromkeys(random_range(rng) for _ in range(RANGES_PER_BATCH)))
    versions = list(dict.fromkeys(random_version(rng) for _ in range(VERSIONS_PER_BATCH)))
    pairs = [(r, v) for r in range(len(ranges)) for v in range(len(versions))]
    npm = npm_oracle.ask(ranges, versions, pairs)

    mismatches: list[str] = []
    for text, expected in zip(versions, npm.valid_version, strict=True):
        if is_valid_version(text) != expected:
            mismatches.append(f"valid version {text!r}: npm says {expected}")
    valid = [is_valid_range(text) for text in ranges]
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


TRICKY_RANGES = [
    "1.2.3 - 2.3.4",
    "1.2 - 2",
    "v1.2.3 - 2",
    "=1.2.3 - 2",
    "1.2.3-beta - 2.0.0-rc.1",
    "= 1.2.3",
    "> =1",
    ">= =1",
    "~> 1",
    "~ 1",
    "^ v1.2",
    "^=1.2",
    "~>=1.2",
    "1.2.3*",
    "+1.2.3",
    "*1.2.3",
    ">=0.0.0",
    ">= 0.0.0",
    "<=1.x",
    ">1.x",
    "<1.x",
    ">=*",
    "<*",
    ">*",
    "=*",
    "1.x.3",
    "~1.x.3",
    "^x.1",
    "x.1",
    "1.2.3 ||",
    "|| 1",
    "*||~1.0.0-a",
    "<0.0.0-0 || 1.x",
    "^0.0.1",
    "^0.0",
    "^0.1.2-alpha",
    "~0.0.1-a",
    "1.2.3-01",
    "01.2.3",
    "1.2.3+build.1 <2",
    "1.2.3+ <2",
    ">1.2.3+x",
    "1.0.0 2.0.0",
    "1.0.0-1",
    "~1.2.3-beta.2",
    "^1.2.3-beta.2",
    ">=1.2.3-beta.2 <1.2.3",
    "x",
    "X.x.*",
    "",
    "   ",
    "\t^1\n",
    "1 ||| 2",
    "~0.10 > = 1.1.0",
    "> = 1.1.0",
    "< = 2 > = 1",
    ">= v 1",
    "1.2.3 > 1",
    "1.2.3beta <2",
    "9007199254740991.0.0",
    "9007199254740992.0.0",
    "^9007199254740990",
    "<=v1.2.3",
]
TRICKY_VERSIONS = [
    "1.2.3",
    "1.2.3-beta.2",
    "1.2.3-beta.10",
    "1.2.3-01",
    "0.0.1",
    "0.0.1-a",
    "0.0.2-0",
    "0.1.2-alpha.1",
    "1.0.0-a",
    "1.9.9",
    "2.0.0-0",
    "2.0.0",
    "v1.2.4",
    " 1.2.4 ",
    "1.2.3+b",
    "9007199254740991.0.0",
    "0.0.0",
    "0.0.0-0",
]


def test_tricky_cases_agree_with_npm(npm_oracle: NpmOracle) -> None:
    pairs = [(r, v) for r in range(len(TRICKY_RANGES)) for v in range(len(TRICKY_VERSIONS))]
    npm = npm_oracle.ask(TRICKY_RANGES, TRICKY_VERSIONS, pairs)
    valid = [is_valid_range(text) for text in TRICKY_RANGES]
    assert dict(zip(TRICKY_RANGES, valid, strict=True)) == dict(
        zip(TRICKY_RANGES, npm.valid_range, strict=True)
    )
    ours = [
        valid[r]
        and npm.valid_version[v]
        and VersionRequirement.parse(TRICKY_RANGES[r]).allows(TRICKY_VERSIONS[v])
        for r, v in pairs
    ]
    wrong = [
        (TRICKY_RANGES[r], TRICKY_VERSIONS[v], expected)
        for (r, v), mine, expected in zip(pairs, ours, npm.satisfies, strict=True)
        if mine != expected
    ]
    assert not wrong
