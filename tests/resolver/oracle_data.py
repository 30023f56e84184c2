"""Reading the corpora of verdicts produced by the real software (tests/resolver/data/)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from greengrass_sdk.resolver import InvalidRequirement, InvalidVersion

DATA = Path(__file__).parent / "data"


def _unescape(text: str) -> str:
    out: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append({"t": "\t", "n": "\n"}.get(following, following))
        else:
            out.append(char)
    return "".join(out)


def rows(name: str) -> list[dict[str, str]]:
    """The rows of a corpus; the fresh corpora escape tabs and backslashes."""
    escaped = "fresh" in name
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            {key: _unescape(value) if escaped else value for key, value in row.items()}
            for row in reader
        ]


def outcome(call: Callable[..., object], *args: Any) -> str:
    """``call(*args)`` as ``"true"``/``"false"``/text, or ``"error"`` where our reader refuses."""
    try:
        result = call(*args)
    except (InvalidRequirement, InvalidVersion):
        return "error"
    return str(result).lower() if isinstance(result, bool) else str(result)


def expected(cell: str) -> str:
    """A corpus cell with the Java exception detail reduced to ``"error"``."""
    return "error" if cell.startswith("error:") else cell
