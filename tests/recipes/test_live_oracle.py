"""Re-run the recipe library on the corpus, when it is built locally (see oracle/README.md).

Needs ``javac``/``java`` and ``GREENGRASS_RECIPE_ORACLE_CLASSPATH``: the class path holding
aws-greengrass-component-common and semver4j compiled as the README says, plus the Jackson,
SnakeYAML jars. Skipped otherwise: the recorded verdicts (used by the other tests) need no Java.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.recipes.oracle.roundtrip import dumped_rows

ORACLE = Path(__file__).parent / "oracle"
CLASSPATH = os.environ.get("GREENGRASS_RECIPE_ORACLE_CLASSPATH")

pytestmark = pytest.mark.skipif(
    CLASSPATH is None or shutil.which("javac") is None or shutil.which("java") is None,
    reason="needs javac, java and GREENGRASS_RECIPE_ORACLE_CLASSPATH (see oracle/README.md)",
)


def _library(classes: Path, corpus: bytes) -> list[dict[str, Any]]:
    """The recipe library's verdict on each row of ``corpus`` (JSON lines), via RecipeOracle."""
    assert CLASSPATH is not None
    if not (classes / "RecipeOracle.class").exists():
        subprocess.run(
            ["javac", "-d", str(classes), "-cp", CLASSPATH, str(ORACLE / "RecipeOracle.java")],
            check=True,
        )
    done = subprocess.run(
        ["java", "-cp", f"{classes}{os.pathsep}{CLASSPATH}", "RecipeOracle"],
        input=corpus,
        capture_output=True,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]


def test_the_library_still_gives_the_recorded_verdicts(tmp_path: Path) -> None:
    live = _library(tmp_path, (ORACLE / "corpus.jsonl").read_bytes())
    recorded = [json.loads(line) for line in (ORACLE / "verdicts.jsonl").open(encoding="utf-8")]
    assert live == recorded


def test_the_library_reads_our_dumps_as_the_originals(tmp_path: Path) -> None:
    # Live version of roundtrip.jsonl: every dump_recipe text, read by the library, gives the
    # data it read from the original corpus text (requirements in their stored form included).
    rows = list(dumped_rows())
    corpus = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    original = {
        v["id"]: v for v in map(json.loads, (ORACLE / "verdicts.jsonl").open(encoding="utf-8"))
    }
    differing = [
        verdict["id"]
        for verdict in _library(tmp_path, corpus.encode("utf-8"))
        if not verdict["accepted"]
        or verdict["data"] != original[verdict["id"].rsplit("@", 1)[0]]["data"]
    ]
    assert len(rows) >= 1430
    assert differing == []
