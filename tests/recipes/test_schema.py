"""The emitted recipe JSON Schema: valid draft 2020-12, and in step with the loader."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from greengrass_sdk.recipes import RecipeError, load_recipe
from greengrass_sdk.recipes.__main__ import main
from greengrass_sdk.recipes.schema import recipe_schema
from greengrass_sdk.recipes.yaml_reading import DocumentError, plain, read_document

ORACLE = Path(__file__).parent / "oracle"
CORPUS = [json.loads(line) for line in (ORACLE / "corpus.jsonl").open(encoding="utf-8")]
VALIDATOR = jsonschema.Draft202012Validator(recipe_schema())


def test_the_command_prints_a_valid_draft_2020_12_schema() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "greengrass_sdk.recipes", "schema"],
        capture_output=True,
        text=True,
        check=True,
    )
    schema = json.loads(done.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema == recipe_schema()


def _verdicts() -> list[tuple[str, bool, bool]]:
    found = []
    for row in CORPUS:
        try:
            document = read_document(row["text"])
        except DocumentError:
            continue  # not data an editor could validate
        try:
            load_recipe(row["text"])
            accepted = True
        except RecipeError:
            accepted = False
        found.append((row["id"], accepted, VALIDATOR.is_valid(plain(document))))
    return found


def test_the_schema_never_flags_what_greengrass_accepts_and_flags_most_of_the_rest() -> None:
    verdicts = _verdicts()
    wrongly_flagged = [i for i, accepted, valid in verdicts if accepted and not valid]
    assert wrongly_flagged == []
    rejected = [(i, valid) for i, accepted, valid in verdicts if not accepted]
    missed = [i for i, valid in rejected if valid]
    # What the schema cannot state: URI syntax, requirement syntax, some version forms.
    assert all(
        i.startswith(("uri/", "requirement/", "version/", "yaml/version")) for i in missed
    ), missed
    assert len(missed) <= len(rejected) // 5


def test_keys_in_any_case_and_required_members() -> None:
    recipe = {
        "recipeformatversion": "2020-01-25",
        "COMPONENTNAME": "a",
        "componentVersion": "1.0.0",
    }
    assert VALIDATOR.is_valid(recipe)
    del recipe["COMPONENTNAME"]
    errors = list(VALIDATOR.iter_errors(recipe))
    assert errors


def test_main_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == recipe_schema()
    with pytest.raises(SystemExit):
        main([])  # a command is required
