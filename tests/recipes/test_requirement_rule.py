"""The loader's one requirement rule (``recipes.rules.requirement_problem``) against Greengrass.

Greengrass reads ``VersionRequirement`` with semver4j's ``Requirement.buildNPM``. The loader asks
one function, backed by the resolver's device reader (``resolver.device_reading``); on every
requirement row of the corpus it must accept exactly what the recipe library accepts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from greengrass_sdk.recipes import RecipeError, load_recipe

ORACLE = Path(__file__).parent / "oracle"
CORPUS = {
    row["id"]: row for row in map(json.loads, (ORACLE / "corpus.jsonl").open(encoding="utf-8"))
}
ROWS = [
    v
    for v in map(json.loads, (ORACLE / "verdicts.jsonl").open(encoding="utf-8"))
    if v["id"].startswith("requirement/")
]
# Rows where npm's reading and the device's differ: semver4j cannot read ">=1.x", " ", "x",
# "||" and fails on ">=1.0.0-1" (a NullPointerException in semver4j); it reads "latest" and ""
# as ">=0.0.0". The data read (the stored form) is compared in test_oracle_agreement.py.


def _accepted(text: str) -> bool:
    try:
        load_recipe(text)
    except RecipeError:
        return False
    return True


@pytest.mark.parametrize(
    "verdict",
    [v for v in ROWS],
    ids=lambda v: v["id"],
)
def test_requirement_rule_agrees_with_the_device(verdict: dict[str, Any]) -> None:
    assert _accepted(CORPUS[verdict["id"]]["text"]) is verdict["accepted"]
