"""``JavaHashMap`` iterates as ``java.util.HashMap`` does, checked against a real ``java``."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from greengrass_sdk.resolver.java_hashmap import JavaHashMap, hash_order, string_hash

JAVA = Path(__file__).parent / "java" / "HashMapOrder.java"


def test_string_hash_is_javas() -> None:
    assert string_hash("") == 0
    assert string_hash("a") == 97
    assert string_hash("Aa") == string_hash("BB")  # the classic collision
    assert string_hash("hello") == 99162322
    assert string_hash("polygenelubricants") == -(2**31) & 0xFFFFFFFF  # Integer.MIN_VALUE


def test_order_is_by_bucket_not_by_insertion() -> None:
    assert hash_order(["b", "a", "c"]) == ["a", "b", "c"]
    # 'q' (113) and 'a' (97) share bucket 1 of 16: there, insertion order decides.
    assert hash_order(["q", "a"]) == ["q", "a"]
    assert hash_order(["a", "q"]) == ["a", "q"]


def test_copies_are_sized_by_the_java_release() -> None:
    # 3 entries: Java 8-18 copy into 8 buckets, Java 19+ into 4 (JDK-8281631).
    table = JavaHashMap((key, key) for key in ["d", "b", "a"])
    assert table.keys() == ["a", "b", "d"]  # 16 buckets: 1, 2, 4
    assert table.copy(17).keys() == ["a", "b", "d"]  # 8 buckets: 1, 2, 4
    assert table.copy(21).keys() == ["d", "a", "b"]  # 4 buckets: 0, 1, 2


def _names(rng: random.Random) -> list[str]:
    pool = ["Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa", "a", "q", "Q"]
    names = []
    for _ in range(rng.randint(1, 40)):
        if rng.random() < 0.2:
            names.append(rng.choice(pool))
        else:
            kind = rng.choice(["Lib", "App", "Svc", "Log"])
            names.append(f"com.example.{kind}{rng.randint(0, 99)}")
    return names


def _scenarios(count: int) -> list[list[str]]:
    rng = random.Random(9)
    scenarios = []
    for _ in range(count):
        names = _names(rng)
        ops: list[str] = []
        for name in names:
            ops.append("+" + name)
            if rng.random() < 0.15:
                ops.append("-" + rng.choice(names))
            if rng.random() < 0.05:
                ops.append("=")
        scenarios.append(ops)
    return scenarios


def _replay(ops: list[str]) -> list[str]:
    table: JavaHashMap[str] = JavaHashMap()
    for op in ops:
        if op == "=":
            table = table.copy()
        elif op.startswith("+"):
            table.put(op[1:], op)
        else:
            table.remove(op[1:])
    return table.keys()


@pytest.mark.skipif(shutil.which("javac") is None, reason="needs a JDK (javac, java) on PATH")
def test_iteration_order_matches_a_real_java(tmp_path: Path) -> None:
    subprocess.run(["javac", "-d", str(tmp_path), str(JAVA)], check=True)
    scenarios = _scenarios(400)
    completed = subprocess.run(
        ["java", "-cp", str(tmp_path), "HashMapOrder"],
        input="\n".join("\t".join(ops) for ops in scenarios) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    lines = completed.stdout.split("\n")[: len(scenarios)]
    mismatches = [
        (ops, line)
        for ops, line in zip(scenarios, lines, strict=True)
        if _replay(ops) != (line.split("\t") if line else [])
    ]
    assert not mismatches, mismatches[:3]
