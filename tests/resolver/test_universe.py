from __future__ import annotations

import random

from greengrass_sdk.resolver import (
    InMemoryCatalog,
    InvalidRequirement,
    VersionRequirement,
    device_satisfies,
)
from greengrass_sdk.resolver.universe import Universe, describe_versions
from tests.resolver.semver_cases import (
    is_valid_range,
    is_valid_version,
    random_range,
    random_version,
)


def _random_catalog(rng: random.Random) -> InMemoryCatalog:
    catalog = InMemoryCatalog()
    for text in {random_version(rng) for _ in range(200)}:
        if is_valid_version(text) and "+" not in text and not text.startswith("v"):
            catalog.add("c", text.strip())
    return catalog


def test_requirement_masks_match_membership() -> None:
    rng = random.Random(3)
    universe = Universe(_random_catalog(rng), "npm")
    package = universe.package("c")
    for text in (random_range(rng) for _ in range(400)):
        if not is_valid_range(text):
            continue
        requirement = VersionRequirement.parse(text)
        expected = sum(
            1 << i for i, version in enumerate(package.versions) if requirement.allows(version)
        )
        assert universe.requirement_mask("c", text) == expected, text


def _device_allows(version: str, text: str) -> bool:
    try:
        return device_satisfies(version, text)
    except InvalidRequirement:
        return False


def test_device_masks_match_the_devices_verdicts() -> None:
    rng = random.Random(4)
    universe = Universe(_random_catalog(rng), "device")
    package = universe.package("c")
    for text in (random_range(rng) for _ in range(400)):
        expected = sum(
            1 << i for i, version in enumerate(package.versions) if _device_allows(version, text)
        )
        assert universe.requirement_mask("c", text) == expected, text


def test_describe_versions_uses_runs() -> None:
    catalog = InMemoryCatalog()
    for version in ["1.0.0", "1.1.0", "1.2.0", "2.0.0", "3.0.0"]:
        catalog.add("c", version)
    package = Universe(catalog).package("c")
    assert describe_versions(package, 0b10111) == "1.0.0 - 1.2.0 || 3.0.0"
    assert describe_versions(package, 0) == "(no versions)"
