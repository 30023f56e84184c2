"""Solutions on larger layered catalogs are valid (too large for exhaustive search)."""

from __future__ import annotations

import random

import pytest

from greengrass_sdk.resolver import InMemoryCatalog, ResolutionConflict, resolve, satisfies

VERSIONS = [f"{major}.{minor}.0" for major in range(1, 4) for minor in range(4)]
REQUIREMENTS = ["^{major}.0.0", ">={major}.1.0 <{next}", "~{major}.2.0 || ^{major}.3.0", "*"]


def _layered(rng: random.Random, layers: int = 6, width: int = 15) -> InMemoryCatalog:
    catalog = InMemoryCatalog()
    for layer in range(layers):
        for i in range(width):
            children = []
            if layer + 1 < layers:
                children = [f"l{layer + 1}.c{j}" for j in rng.sample(range(width), 3)]
            for version in VERSIONS:
                major = int(version.split(".")[0])
                deps = {
                    child: rng.choice(REQUIREMENTS).format(major=major, next=major + 1)
                    for child in children
                }
                catalog.add(f"l{layer}.c{i}", version, deps)
    return catalog


@pytest.mark.parametrize("seed", range(6))
def test_solutions_are_valid(seed: int) -> None:
    rng = random.Random(seed)
    catalog = _layered(rng)
    roots: dict[str, dict[str, str]] = {f"l0.c{i}": {"LOCAL_DEPLOYMENT": "*"} for i in range(4)}
    for layer in (2, 4, 5):
        roots[f"l{layer}.c{rng.randrange(15)}"] = {
            f"thinggroup/{layer}": rng.choice(["1.x", "<2.2", "^2"])
        }
    try:
        resolution = resolve(roots, catalog)
    except ResolutionConflict as conflict:
        assert "no version" in conflict.explanation
        return
    chosen = resolution.versions
    for name, by_dependent in roots.items():
        assert all(satisfies(chosen[name], requirement) for requirement in by_dependent.values())
    for name, version in chosen.items():
        for dependency, dep in catalog.dependencies(name, version).items():
            assert satisfies(chosen[dependency], dep.requirement), (name, version, dependency)
