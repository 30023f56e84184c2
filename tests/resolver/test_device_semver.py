"""The device's reader agrees with semver4j 3.1.0 itself on every row of four corpora.

The corpora (tests/resolver/data/, provenance in its README) were produced by
running semver4j; two come from the project's shared oracle, two from our own
generator and Java driver with another seed.
"""

from __future__ import annotations

import pytest

from greengrass_sdk.resolver import (
    DeviceRequirement,
    InvalidRequirement,
    InvalidVersion,
    device_merge,
    device_reading,
    device_satisfies,
)
from tests.resolver.oracle_data import expected, outcome, rows

PAIR_CORPORA = ["semver4j-device.tsv", "semver4j-fresh.tsv"]
MERGED_CORPORA = ["semver4j-device-merged.tsv", "semver4j-fresh-merged.tsv"]


def _direct(requirement: str, version: str) -> bool:
    return DeviceRequirement.parse(requirement).allows(version)


def _merged(parts: list[str], version: str) -> bool:
    return DeviceRequirement.parse(device_merge(parts)).allows(version)


def _disagreements(found: list[tuple[object, ...]]) -> str:
    return f"{len(found)} disagreements, first: {found[:5]}"


@pytest.mark.parametrize("corpus", PAIR_CORPORA)
def test_stored_form_direct_and_device_verdicts_match_semver4j(corpus: str) -> None:
    found = []
    table = rows(corpus)
    for row in table:
        requirement, version = row["requirement"], row["version"]
        checks = {
            "device_stored_form": outcome(device_reading, requirement),
            "semver4j_direct": outcome(_direct, requirement, version),
            "device": outcome(device_satisfies, version, requirement),
        }
        for column, ours in checks.items():
            if ours != expected(row[column]):
                found.append((column, requirement, version, ours, row[column]))
    assert len(table) >= 6000
    assert not found, _disagreements(found)


@pytest.mark.parametrize("corpus", MERGED_CORPORA)
def test_merges_match_the_nucleus_merge(corpus: str) -> None:
    found = []
    table = rows(corpus)
    for row in table:
        parts = row["requirements (joined by ' ;; ')"].split(" ;; ")
        version = row["version"]
        ours = outcome(_merged, parts, version)
        if ours != expected(row["device_merged"]):
            found.append((parts, version, ours, row["device_merged"]))
    assert len(table) == 2000
    assert not found, _disagreements(found)


@pytest.mark.parametrize(
    ("requirement", "stored"),
    [
        ("~>1.2.0", "=1.2.0"),
        ("^1.2", ">=1.2.0 <2.0.0"),
        ("1.0.0-1", ">=1.0.0 <2.0.0"),
        ("1.0.0-beta", "=1.0.0-beta"),
        ("*", ">=0.0.0"),
        ("v1.2.3", "=1.2.3"),
        ("1.0.0 2.0.0", "=1.0.02.0.0"),
        ("1.2 - 2", ">=1.2.0 <3.0.0"),
        ("~>1.x", ">=1.0.0 <2.0.0"),
        ("", ">=0.0.0"),
    ],
)
def test_readings_users_meet(requirement: str, stored: str) -> None:
    assert device_reading(requirement) == stored


@pytest.mark.parametrize("requirement", [">=1.x", ">=v1.2.3", "* - 2.0.0", "x", "(", "1.0.0 )"])
def test_unparseable_requirements_raise_invalid_requirement(requirement: str) -> None:
    with pytest.raises(InvalidRequirement, match="cannot parse"):
        device_reading(requirement)


def test_opposite_answers_of_the_two_readers() -> None:
    assert device_satisfies("1.0.0", "=1.3")
    assert not device_satisfies("2.1.0", "<2.2")
    assert device_satisfies("1.0.0-beta", "<2.0.0")


def test_a_bad_version_is_named() -> None:
    with pytest.raises(InvalidVersion, match="'one'"):
        device_satisfies("one", "^1.0.0")


def test_a_bound_with_build_metadata_fails_while_comparing() -> None:
    # semver4j re-reads "1.2+b" strictly (no patch) while comparing.
    with pytest.raises(InvalidRequirement, match="comparing"):
        device_satisfies("1.2.0", "<=1.2+b")


def test_merge_with_an_alternative_changes_the_whole() -> None:
    merged = device_merge(["^1.0.0 || ^3.0.0", "<2.0.0"])
    assert merged == ">=1.0.0 <2.0.0 || >=3.0.0 <4.0.0 <2.0.0"
    assert DeviceRequirement.parse(merged).allows("1.5.0")
    assert not DeviceRequirement.parse(merged).allows("3.1.0")
