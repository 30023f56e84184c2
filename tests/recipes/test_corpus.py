"""The committed corpus is what the committed generator writes (so it can be regenerated)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ORACLE = Path(__file__).parent / "oracle"


def test_the_generator_reproduces_the_corpus() -> None:
    done = subprocess.run(
        [sys.executable, str(ORACLE / "generate_corpus.py")],
        capture_output=True,
        check=True,
    )
    assert done.stdout == (ORACLE / "corpus.jsonl").read_bytes()


def test_every_corpus_row_has_one_verdict_in_order() -> None:
    corpus = [json.loads(line)["id"] for line in (ORACLE / "corpus.jsonl").open(encoding="utf-8")]
    verdicts = [
        json.loads(line)["id"] for line in (ORACLE / "verdicts.jsonl").open(encoding="utf-8")
    ]
    assert len(set(corpus)) == len(corpus) == 1000
    assert verdicts == corpus
