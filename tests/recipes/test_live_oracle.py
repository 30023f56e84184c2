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

import pytest

ORACLE = Path(__file__).parent / "oracle"
CLASSPATH = os.environ.get("GREENGRASS_RECIPE_ORACLE_CLASSPATH")

pytestmark = pytest.mark.skipif(
    CLASSPATH is None or shutil.which("javac") is None or shutil.which("java") is None,
    reason="needs javac, java and GREENGRASS_RECIPE_ORACLE_CLASSPATH (see oracle/README.md)",
)


def test_the_library_still_gives_the_recorded_verdicts(tmp_path: Path) -> None:
    assert CLASSPATH is not None
    subprocess.run(
        ["javac", "-d", str(tmp_path), "-cp", CLASSPATH, str(ORACLE / "RecipeOracle.java")],
        check=True,
    )
    done = subprocess.run(
        ["java", "-cp", f"{tmp_path}{os.pathsep}{CLASSPATH}", "RecipeOracle"],
        input=(ORACLE / "corpus.jsonl").read_bytes(),
        capture_output=True,
        check=True,
    )
    live = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    recorded = [json.loads(line) for line in (ORACLE / "verdicts.jsonl").open(encoding="utf-8")]
    assert live == recorded
