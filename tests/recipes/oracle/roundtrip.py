"""Round trips through Greengrass's reader: is ``dump_recipe(load_recipe(x))`` read as ``x``?

1. ``python roundtrip.py texts > /tmp/dumped.jsonl`` writes, for every corpus recipe our loader
   accepts, ``dump_recipe`` of it in JSON and in YAML (ids ``<corpus id>@json`` / ``@yaml``).
2. ``java RecipeOracle < /tmp/dumped.jsonl > /tmp/dumped-verdicts.jsonl`` (see README.md).
3. ``python roundtrip.py record /tmp/dumped.jsonl /tmp/dumped-verdicts.jsonl > roundtrip.jsonl``
   keeps, per row, the SHA-256 of the dumped text and whether the library read it as the same
   data as the original corpus text (``same``).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[2]))

from greengrass_sdk.recipes import RecipeError, dump_recipe, load_recipe  # noqa: E402


def dumped_rows() -> Iterator[dict[str, str]]:
    """``dump_recipe`` of every corpus recipe the loader accepts, in both formats."""
    for line in (HERE / "corpus.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        try:
            recipe = load_recipe(row["text"])
        except RecipeError:
            continue
        for form in ("json", "yaml"):
            text = dump_recipe(recipe, form).decode("utf-8")  # type: ignore[arg-type]
            yield {"id": f"{row['id']}@{form}", "format": form, "text": text}


def digest(text: str) -> str:
    """SHA-256 of the text, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main() -> None:
    """``texts`` or ``record DUMPED VERDICTS`` (see the module docstring)."""
    if sys.argv[1] == "texts":
        for row in dumped_rows():
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    original = {
        v["id"]: v for v in map(json.loads, (HERE / "verdicts.jsonl").open(encoding="utf-8"))
    }
    dumped = Path(sys.argv[2]).read_text(encoding="utf-8").splitlines()
    texts = {r["id"]: r["text"] for r in map(json.loads, dumped)}
    for line in Path(sys.argv[3]).read_text(encoding="utf-8").splitlines():
        verdict = json.loads(line)
        source = original[verdict["id"].rsplit("@", 1)[0]]
        same = bool(
            source["accepted"] and verdict["accepted"] and verdict["data"] == source["data"]
        )
        row = {"id": verdict["id"], "sha256": digest(texts[verdict["id"]]), "same": same}
        sys.stdout.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
