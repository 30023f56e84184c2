"""Seeded random catalogs and an exhaustive reference solver for small ones."""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping

from greengrass_sdk.resolver import InMemoryCatalog, satisfies

VERSION_POOL = ["1.0.0", "1.1.0", "1.2.0", "2.0.0", "2.1.0", "3.0.0"]
REQUIREMENT_POOL = [
    "^1.0.0",
    "~1.1.0",
    ">=2.0.0",
    "<2.0.0",
    "1.2.0 || 3.x",
    "*",
    "^2.0.0",
    ">=1.1.0 <3.0.0",
    "=1.0.0",
    "2.x",
    "^3.0.0",
]


def random_catalog(
    rng: random.Random, components: int
) -> tuple[InMemoryCatalog, dict[str, dict[str, dict[str, str]]]]:
    names = [f"c{i}" for i in range(components)]
    table: dict[str, dict[str, dict[str, str]]] = {}
    catalog = InMemoryCatalog()
    for name in names:
        for version in rng.sample(VERSION_POOL, rng.randint(1, 4)):
            others = [other for other in names if other != name]
            deps = {
                dep: rng.choice(REQUIREMENT_POOL)
                for dep in rng.sample(others, rng.randint(0, min(2, len(others))))
            }
            catalog.add(name, version, deps)
            table.setdefault(name, {})[version] = deps
    return catalog, table


def random_roots(rng: random.Random, components: int) -> dict[str, dict[str, str]]:
    roots: dict[str, dict[str, str]] = {}
    for name in rng.sample([f"c{i}" for i in range(components)], rng.randint(1, 2)):
        groups = rng.sample(["thinggroup/A", "thinggroup/B", "LOCAL_DEPLOYMENT"], rng.randint(1, 2))
        roots[name] = {group: rng.choice(REQUIREMENT_POOL) for group in groups}
    return roots


def is_valid(
    choice: Mapping[str, str],
    roots: Mapping[str, Mapping[str, str]],
    table: Mapping[str, Mapping[str, Mapping[str, str]]],
) -> bool:
    for name, by_dependent in roots.items():
        if name not in choice or not all(satisfies(choice[name], r) for r in by_dependent.values()):
            return False
    for name, version in choice.items():
        for dep, requirement in table[name][version].items():
            if dep not in choice or not satisfies(choice[dep], requirement):
                return False
    return True


def exhaustive_satisfiable(
    roots: Mapping[str, Mapping[str, str]],
    table: Mapping[str, Mapping[str, Mapping[str, str]]],
) -> bool:
    names = sorted(table)
    options = [[None, *table[name]] for name in names]
    for picks in itertools.product(*options):
        choice = {name: pick for name, pick in zip(names, picks, strict=True) if pick is not None}
        if is_valid(choice, roots, table):
            return True
    return False
