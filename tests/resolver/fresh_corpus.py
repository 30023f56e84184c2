"""Generate requirement/version pairs for a fresh semver4j corpus (see data/README.md).

Wider than the shared corpus on purpose: build metadata inside bounds (which
semver4j re-reads strictly while comparing), majors above 127 (boxed ``Integer``
identity), leading zeros, signs, four-part versions, parentheses, ``latest``,
tabs, repeated operators and hyphens. Run as
``python -m tests.resolver.fresh_corpus --seed N --pairs N --merged N --out DIR``.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

_PRE = [
    "0",
    "1",
    "2",
    "alpha",
    "alpha.1",
    "beta",
    "beta.2",
    "rc.1",
    "SNAPSHOT",
    "x.1",
    "pre.0",
    "10",
]
_BUILD = ["build.1", "b7", "001", "sha.5114f85"]
_OPS = ["", "", "=", "<", "<=", ">", ">=", "~", "~", "^", "^", "~>", "v", "> ", ">= ", "< "]
_OPS += ["", "^", ">=", "<", "="]
_ODD_OPS = ["=v", "==", "<>", "~^", ">=<"]


def _number(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.75:
        return str(rng.randint(0, 3))
    if roll < 0.87:
        return rng.choice(["127", "128", "200", "1000"])
    if roll < 0.95:
        return rng.choice(["x", "X", "*"])
    return rng.choice(["01", "+1", "2147483647", "00"])


def _partial(rng: random.Random) -> str:
    parts = [_number(rng) for _ in range(rng.choice([1, 2, 3, 3, 3, 3, 3, 3, 3, 4]))]
    text = ".".join(parts)
    if rng.random() < 0.2:
        text += "-" + rng.choice(_PRE)
    if rng.random() < 0.1:
        text += "+" + rng.choice(_BUILD)
    return text


def _comparator(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.05:
        return rng.choice(["*", "latest", "x", "", "v*"])
    if roll < 0.18:
        return f"{_partial(rng)}{rng.choice([' - ', '-', ' -', ' - '])}{_partial(rng)}"
    return rng.choice(_ODD_OPS if rng.random() < 0.04 else _OPS) + _partial(rng)


def _simple_comparator(rng: random.Random) -> str:
    numbers = [
        rng.choice(["0", "1", "1", "2", "2", "3", "200"])
        for _ in range(rng.choice([1, 2, 3, 3, 3]))
    ]
    text = ".".join(numbers)
    if rng.random() < 0.15:
        text += "-" + rng.choice(_PRE)
    return rng.choice(["", "=", "<", "<=", ">", ">=", "~", "^", "~>"]) + text


def requirement(rng: random.Random, simple: bool = False) -> str:
    """One generated requirement text (``simple``: one or two plain comparators per alternative)."""
    alternatives = []
    for _ in range(rng.choice([1, 1, 2] if simple else [1, 1, 1, 2, 2, 3])):
        sizes = [1, 1, 2] if simple else [1, 1, 1, 2, 2, 3]
        comparators = [
            _simple_comparator(rng) if simple else _comparator(rng)
            for _ in range(rng.choice(sizes))
        ]
        text = rng.choice([" "] * 8 + ["  ", "\t "]).join(comparators)
        if rng.random() < 0.05:
            text = f"({text})"
        alternatives.append(text)
    text = rng.choice([" || ", "||", " | ", " || "]).join(alternatives)
    if rng.random() < 0.03:
        text = rng.choice(["(", ")", " ", "|| "]) + text
    return text


def version(rng: random.Random) -> str:
    """One valid semantic version (as component versions are)."""
    numbers = [rng.choice(["0", "1", "2", "3", "127", "128", "200"]) for _ in range(3)]
    text = ".".join(numbers)
    if rng.random() < 0.35:
        text += "-" + rng.choice(_PRE)
    if rng.random() < 0.15:
        text += "+" + rng.choice(_BUILD)
    return text


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def main() -> None:
    """Write ``pairs.in`` and ``merged.in`` for the Java driver."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--pairs", type=int, default=6000)
    parser.add_argument("--merged", type=int, default=2000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "pairs.in").open("w", encoding="utf-8") as out:
        for _ in range(args.pairs):
            out.write(f"{_escape(requirement(rng))}\t{version(rng)}\n")
    with (args.out / "merged.in").open("w", encoding="utf-8") as out:
        for _ in range(args.merged):
            parts = [requirement(rng, simple=True) for _ in range(rng.choice([2, 2, 3]))]
            out.write(f"{_escape(' ;; '.join(parts))}\t{version(rng)}\n")


if __name__ == "__main__":
    main()
