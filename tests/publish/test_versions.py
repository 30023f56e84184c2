"""Choosing the next version: npm semver's ``inc`` is the reference, read over every page."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.publish import VersionBump, increment, next_version, publish_component
from greengrass_sdk.testing import LocalGreengrass
from tests.publish.test_publish import NAME, recipe
from tests.resolver.npm_oracle import install_npm_semver

_INC = """
const semver = require(process.argv[1])
const versions = JSON.parse(require('fs').readFileSync(0, 'utf8'))
const out = versions.map((v) => ['patch', 'minor', 'major'].map((r) => semver.inc(v, r)))
process.stdout.write(JSON.stringify(out))
"""

EDGE_CASES = [
    "0.0.0",
    "1.2.3",
    "1.2.3-rc.1",
    "1.2.0-rc.1",
    "1.0.0-beta",
    "2.0.0-0",
    "1.2.3+build.7",
    "1.2.3-alpha.1+build",
    "0.1.0-x.7.z.92",
    "10.20.30",
    "1.0.0-1",
    "3.0.5-rc",
]


def _random_versions(count: int) -> list[str]:
    rng = random.Random(11)
    found = []
    for _ in range(count):
        core = ".".join(str(rng.choice([0, 0, 1, 2, 9, 10])) for _ in range(3))
        pre = rng.choice(["", "", "-rc.1", "-beta", "-0", "-alpha.2.x"])
        build = rng.choice(["", "", "+b.5"])
        found.append(core + pre + build)
    return found


@pytest.mark.skipif(
    shutil.which("node") is None or shutil.which("npm") is None,
    reason="node and npm are needed to ask npm's own semver (skipped: not installed)",
)
def test_increment_agrees_with_npm_semver_inc() -> None:
    semver_dir = install_npm_semver(Path(sys.prefix) / "npm-semver")
    versions = EDGE_CASES + _random_versions(300)
    answer = subprocess.run(
        ["node", "-e", _INC, str(semver_dir)],
        input=json.dumps(versions),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    expected = json.loads(answer.stdout)
    bumps = (VersionBump.NEXT_PATCH, VersionBump.NEXT_MINOR, VersionBump.NEXT_MAJOR)
    disagreements = [
        (version, bump.value, ours, theirs)
        for version, row in zip(versions, expected, strict=True)
        for bump, theirs in zip(bumps, row, strict=True)
        if (ours := increment(version, bump)) != theirs
    ]
    assert disagreements == []


def test_next_version_takes_the_newest_by_precedence_and_releases_pre_releases() -> None:
    assert next_version([], VersionBump.NEXT_PATCH) == "1.0.0"
    assert next_version(["1.2.3-rc.1", "1.2.2"], VersionBump.NEXT_PATCH) == "1.2.3"
    assert next_version(["1.2.3-rc.1", "1.2.3"], VersionBump.NEXT_PATCH) == "1.2.4"
    assert next_version(["1.10.0", "1.9.9"], VersionBump.NEXT_MINOR) == "1.11.0"
    assert next_version(["2.0.0-beta", "1.9.0"], VersionBump.NEXT_MAJOR) == "2.0.0"


async def test_next_patch_reads_all_three_pages_of_versions(
    emulator: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    # 120 versions: three pages of 50; the newest is a pre-release of 1.4.0.
    versions = [f"1.{minor}.{patch}" for minor in range(4) for patch in range(30)]
    versions.append("1.4.0-rc.2")
    for version in versions:
        emulator.add_component_version(recipe(version=version).model_dump(by_alias=True))
    emulator.requests.clear()

    result = await publish_component(
        gg, None, recipe(), version="NEXT_PATCH", account_id="123456789012", poll_interval=0.05
    )

    assert result.version == "1.4.0"
    pages = emulator.requests.for_operation("ListComponentVersions")
    assert len(pages) == 3
    assert result.state == "DEPLOYABLE" and result.artifacts == ()


async def test_next_minor_after_a_pre_release_and_exact_versions(
    emulator: LocalGreengrass, gg: GreengrassV2Client
) -> None:
    emulator.add_component_version(recipe(version="1.2.0").model_dump(by_alias=True))
    emulator.add_component_version(recipe(version="1.3.0-beta.1").model_dump(by_alias=True))
    options = {"account_id": "123456789012", "poll_interval": 0.05}

    minor = await publish_component(gg, None, recipe(), version=VersionBump.NEXT_MINOR, **options)
    exact = await publish_component(gg, None, recipe(), version="2.0.0-rc.1", **options)
    own = await publish_component(gg, None, recipe(version="0.9.0"), **options)

    assert (minor.version, exact.version, own.version) == ("1.3.0", "2.0.0-rc.1", "0.9.0")
    assert NAME in minor.arn
