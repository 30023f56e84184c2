"""Recipe loading benchmark: ``load_recipe`` vs plain ``yaml.safe_load`` / ``json.loads``.

The loader parses with PyYAML's pure-Python parser on purpose (libyaml disagrees with SnakeYAML,
which Greengrass uses, on tabs and some malformed flow mappings), then applies Greengrass's
rules. Printed: time per recipe for the corpus's full base recipe (JSON and YAML) and each
baseline, and the ratio.

Run: ``python benchmarks/recipes_bench.py``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from greengrass_sdk.recipes import load_recipe

CORPUS = Path(__file__).parent.parent / "tests" / "recipes" / "oracle" / "corpus.jsonl"


def _per_call(function: Callable[[str], Any], text: str, rounds: int = 300) -> float:
    function(text)
    started = time.perf_counter()
    for _ in range(rounds):
        function(text)
    return (time.perf_counter() - started) / rounds


def main() -> None:
    """Print the timings."""
    rows = {row["id"]: row["text"] for row in map(json.loads, CORPUS.open(encoding="utf-8"))}
    for form, baseline_name, baseline in (
        ("json", "json.loads", json.loads),
        ("yaml", "yaml.safe_load", yaml.safe_load),
        ("yaml", "yaml CSafeLoader", lambda t: yaml.load(t, Loader=yaml.CSafeLoader)),
    ):
        text = rows[f"base/full#{form}"]
        ours = _per_call(load_recipe, text)
        theirs = _per_call(baseline, text)
        print(
            f"{form:4} load_recipe {ours * 1e3:7.3f} ms   {baseline_name:16} {theirs * 1e3:7.3f} ms"
            f"   ratio {ours / theirs:6.1f}x"
        )


if __name__ == "__main__":
    main()
