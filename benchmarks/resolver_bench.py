"""Resolver benchmark: PubGrub (ours) vs a naive chronological backtracker.

Catalog: ~400 components x 25 versions in 10 layers (each version depends on
2-4 components of the next layers, caret requirements tied to its own major),
plus a 400-deep chain. Scenarios:

* easy       - roots accept anything; the newest versions fit together.
* backtrack  - a thing group pins one deep leaf to 1.x, so every ancestor must
               fall back to major 1: a solver has to undo many choices.
* pins       - three groups constrain components at depths 3, 6 and 9
               (1.x, <3, ^2.0.0 || ^1.0.0, >=1.2.0 <2 drawn at random).
* conflict   - one group pins a top component to 5.x, another a leaf 9 levels
               below it to 1.x: no solution, and the explanation is a long chain.
* chain      - a single 400-deep dependency chain, root pinned to the newest.

Each scenario is resolved with the device's semantics (semver4j, the default)
and with npm's, side by side: best of three runs, each started with every
parse and mask cache cleared. The baseline uses npm's semantics.

Run: ``python benchmarks/resolver_bench.py`` (``--budget`` caps the baseline, s).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Mapping

from greengrass_sdk.resolver import (
    InMemoryCatalog,
    ResolutionConflict,
    device_semver,
    requirements,
    resolve,
    satisfies,
    universe,
    versions,
)

LAYERS = 10
PER_LAYER = 40
VERSIONS = [f"{major}.{minor}.0" for major in range(1, 6) for minor in range(5)]


def layered_catalog(seed: int = 1) -> InMemoryCatalog:
    rng = random.Random(seed)
    catalog = InMemoryCatalog()
    for layer in range(LAYERS):
        for i in range(PER_LAYER):
            name = f"l{layer}.c{i:02d}"
            children = []
            if layer + 1 < LAYERS:
                children = [
                    f"l{layer + 1}.c{j:02d}"
                    for j in rng.sample(range(PER_LAYER), rng.randint(2, 4))
                ]
            for version in VERSIONS:
                major = version.split(".")[0]
                deps = {
                    child: rng.choice([f"^{major}.0.0", f">={major}.0.0 <{int(major) + 1}"])
                    for child in children
                }
                catalog.add(name, version, deps)
    return catalog


def chain_catalog(length: int = 400) -> InMemoryCatalog:
    catalog = InMemoryCatalog()
    for i in range(length):
        for version in VERSIONS:
            major = version.split(".")[0]
            deps = {f"chain{i + 1:03d}": f"^{major}.0.0"} if i + 1 < length else {}
            catalog.add(f"chain{i:03d}", version, deps)
    return catalog


class _Budget(Exception):
    pass


def naive_backtracking(
    roots: Mapping[str, Mapping[str, str]], catalog: InMemoryCatalog, budget: float
) -> dict[str, str] | None:
    """Chronological backtracking without learning: newest first, depth first."""
    deadline = time.perf_counter() + budget
    sys.setrecursionlimit(100_000)

    def requirements(name: str, chosen: Mapping[str, str]) -> list[str]:
        found = list(roots.get(name, {}).values())
        for parent, version in chosen.items():
            requirement = catalog.dependencies(parent, version).get(name)
            if requirement is not None:
                found.append(requirement.requirement)
        return found

    def search(chosen: dict[str, str], frontier: list[str]) -> dict[str, str] | None:
        if time.perf_counter() > deadline:
            raise _Budget
        pending = [name for name in frontier if name not in chosen]
        if not pending:
            return dict(chosen)
        name, rest = pending[0], pending[1:]
        wanted = requirements(name, chosen)
        for version in reversed(catalog.versions(name)):
            if not all(satisfies(version, r) for r in wanted):
                continue
            deps = catalog.dependencies(name, version)
            if any(
                d in chosen and not satisfies(chosen[d], dep.requirement) for d, dep in deps.items()
            ):
                continue
            chosen[name] = version
            found = search(chosen, rest + [d for d in deps if d not in chosen])
            if found is not None:
                return found
            del chosen[name]
        return None

    return search({}, list(roots))


def pinned_groups(rng: random.Random) -> dict[str, dict[str, str]]:
    choices = ["1.x", "<3", "^2.0.0 || ^1.0.0", ">=1.2.0 <2"]
    return {
        f"l{layer}.c{rng.randrange(PER_LAYER):02d}": {f"thinggroup/L{layer}": rng.choice(choices)}
        for layer in (3, 6, 9)
    }


def deep_leaf(catalog: InMemoryCatalog, top: str) -> str:
    """A component of the last layer reached from ``top`` through dependencies."""
    name = top
    while True:
        deps = sorted(catalog.dependencies(name, VERSIONS[-1]))
        if not deps:
            return name
        name = deps[0]


def _time(action: Callable[[], object]) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        result = action()
    except ResolutionConflict:
        return time.perf_counter() - start, "conflict"
    except _Budget:
        return time.perf_counter() - start, "gave up"
    outcome = "conflict" if result is None else "solved"
    return time.perf_counter() - start, outcome


def _clear_caches() -> None:
    """Forget every parse and mask cached by earlier runs, so that each run starts cold."""
    for cached in (
        device_semver._parse,
        device_semver._parse_requirement,
        universe._device_mask,
        universe._device_version,
        requirements._parse_cached,
        versions.parse_version,
    ):
        cached.cache_clear()


def _cold(catalog: InMemoryCatalog, roots: dict[str, dict[str, str]], semantics: str) -> object:
    _clear_caches()
    return resolve(roots, catalog, semantics=semantics)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--budget", type=float, default=20.0, help="seconds for the baseline")
    args = parser.parse_args()
    layered = layered_catalog()
    chain = chain_catalog()
    tops = {f"l0.c{i:02d}": {"LOCAL_DEPLOYMENT": "*"} for i in range(8)}
    scenarios: list[tuple[str, InMemoryCatalog, dict[str, dict[str, str]]]] = [
        ("easy", layered, tops),
        ("backtrack", layered, {**tops, "l9.c07": {"thinggroup/Pinned": "1.x"}}),
        ("pins", layered, {**tops, **pinned_groups(random.Random(1))}),
        (
            "conflict",
            layered,
            {
                **tops,
                "l0.c00": {"thinggroup/A": "^5.0.0"},
                deep_leaf(layered, "l0.c00"): {"thinggroup/B": "1.x"},
            },
        ),
        (
            "chain",
            chain,
            {"chain000": {"thinggroup/Fleet": "=5.4.0"}, "chain399": {"thinggroup/Old": "^5.0.0"}},
        ),
    ]
    try:
        resolve(scenarios[3][2], scenarios[3][1])
    except ResolutionConflict as conflict:
        print("conflict explanation:\n" + conflict.explanation + "\n")
    print(
        f"catalog: {len(layered.names())} components x {len(VERSIONS)} versions "
        f"({len(layered)} versions), chain of {len(chain.names())}"
    )
    header = (
        "scenario",
        "device (s)",
        "outcome",
        "npm (s)",
        "outcome",
        "dev/npm",
        "baseline (s)",
        "outcome",
        "base/npm",
    )
    print("{:<10} {:>10} {:>9} {:>8} {:>9} {:>8} {:>13} {:>9} {:>9}".format(*header))
    for name, catalog, roots in scenarios:
        runs: dict[str, list[tuple[float, str]]] = {"device": [], "npm": []}
        for _ in range(3):
            for semantics in ("npm", "device"):
                runs[semantics].append(
                    _time(lambda c=catalog, r=roots, s=semantics: _cold(c, r, s))
                )
        device, device_outcome = min(runs["device"])
        npm, npm_outcome = min(runs["npm"])
        base, base_outcome = _time(lambda c=catalog, r=roots: naive_backtracking(r, c, args.budget))
        ratio = f"{base / npm:8.1f}x" + ("+" if base_outcome == "gave up" else "")
        print(
            f"{name:<10} {device:10.3f} {device_outcome:>9} {npm:8.3f} {npm_outcome:>9} "
            f"{device / npm:7.2f}x {base:13.3f} {base_outcome:>9} {ratio:>9}"
        )


if __name__ == "__main__":
    main()
