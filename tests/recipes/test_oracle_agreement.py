"""Our loader against the Greengrass recipe library's own verdicts (``oracle/verdicts.jsonl``).

The verdicts were recorded by ``oracle/RecipeOracle.java`` running aws-greengrass-component-common
on ``oracle/corpus.jsonl`` (see ``oracle/README.md``). No Java is needed to run these tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from greengrass_sdk.recipes import RecipeError, dump_recipe, load_recipe
from tests.recipes.greengrass_view import greengrass_view
from tests.recipes.oracle.roundtrip import digest, dumped_rows

ORACLE = Path(__file__).parent / "oracle"
CORPUS = {
    row["id"]: row for row in map(json.loads, (ORACLE / "corpus.jsonl").open(encoding="utf-8"))
}
VERDICTS = [json.loads(line) for line in (ORACLE / "verdicts.jsonl").open(encoding="utf-8")]
# Where we refuse on purpose what the library lets through: a document that is just ``null``
# (the library returns no recipe at all, and the nucleus fails later), and GDK template
# placeholders (``s3://BUCKET_NAME/...`` is not a bucket; load_recipe names the placeholder).
DEPARTURES = {"doc/null", "uri/'s3://BUCKET_NAME/x'#json", "uri/'s3://BUCKET_NAME/x'#yaml"}


def test_corpus_is_large_and_mixed() -> None:
    accepted = sum(1 for v in VERDICTS if v["accepted"])
    assert len(VERDICTS) == len(CORPUS) >= 900
    assert 300 < accepted < len(VERDICTS) - 200


@pytest.mark.parametrize(
    "verdict",
    [v for v in VERDICTS if v["id"] not in DEPARTURES],
    ids=lambda v: v["id"],
)
def test_loader_agrees_with_greengrass(verdict: dict[str, Any]) -> None:
    text = CORPUS[verdict["id"]]["text"]
    if verdict["accepted"]:
        recipe = load_recipe(text)
        # Requirements included: greengrass_view writes them in the device's stored form.
        assert greengrass_view(recipe) == verdict["data"]
    else:
        with pytest.raises(RecipeError):
            load_recipe(text)


@pytest.mark.parametrize("row_id", sorted(DEPARTURES))
def test_departures_are_refused_with_a_reason(row_id: str) -> None:
    with pytest.raises(RecipeError, match=r"GDK template|empty document|must be a mapping"):
        load_recipe(CORPUS[row_id]["text"])


@pytest.mark.parametrize("form", ["json", "yaml"])
def test_every_accepted_recipe_round_trips_as_data(form: str) -> None:
    accepted = [v for v in VERDICTS if v["accepted"] and v["id"] not in DEPARTURES]
    assert len(accepted) > 700
    for verdict in accepted:
        recipe = load_recipe(CORPUS[verdict["id"]]["text"])
        again = load_recipe(dump_recipe(recipe, form))  # type: ignore[arg-type]
        assert again == recipe, verdict["id"]
        assert greengrass_view(again) == greengrass_view(recipe), verdict["id"]


def test_greengrass_reads_our_dumps_as_the_original_recipes() -> None:
    # oracle/roundtrip.jsonl: the library's reading of dump_recipe(load_recipe(x)), per format,
    # compared with its reading of x (requirements included). Each of our dumps must be a
    # recorded text (else regenerate: oracle/roundtrip.py), and every one read as the original.
    recorded = {
        row["id"]: row
        for row in map(json.loads, (ORACLE / "roundtrip.jsonl").open(encoding="utf-8"))
    }
    current = {row["id"]: digest(row["text"]) for row in dumped_rows()}
    assert current == {i: row["sha256"] for i, row in recorded.items()}
    assert [i for i, row in recorded.items() if not row["same"]] == []
    requirement_rows = [i for i in current if i.startswith("requirement/")]
    assert len(current) >= 1430 and len(requirement_rows) >= 76
