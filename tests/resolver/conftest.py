from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.resolver.npm_oracle import NpmOracle, install_npm_semver


@pytest.fixture(scope="session")
def npm_oracle() -> Iterator[NpmOracle]:
    """npm's own semver, installed (pinned) under the virtualenv on first use."""
    semver_dir = install_npm_semver(Path(sys.prefix) / "npm-semver")
    oracle = NpmOracle(semver_dir)
    yield oracle
    oracle.close()
