"""On random catalogs the resolver agrees with exhaustive search, and its answers are valid."""

from __future__ import annotations

import random

import pytest

from greengrass_sdk.resolver import InMemoryCatalog, ResolutionConflict, resolve
from tests.resolver.random_catalogs import (
    exhaustive_satisfiable,
    is_valid,
    random_catalog,
    random_roots,
)


@pytest.mark.parametrize("seed", range(25))
def test_agrees_with_exhaustive_search(seed: int) -> None:
    rng = random.Random(seed)
    outcomes = {True: 0, False: 0}
    for _ in range(60):
        components = rng.randint(2, 5)
        catalog, table = random_catalog(rng, components)
        roots = random_roots(rng, components)
        expected = exhaustive_satisfiable(roots, table)
        try:
            resolution = resolve(roots, catalog)
        except ResolutionConflict as conflict:
            assert not expected, f"resolver gave up on a solvable case: {roots} {table}\n{conflict}"
            assert conflict.explanation
        else:
            assert expected
            assert is_valid(resolution.versions, roots, table), (roots, table, resolution.versions)
        outcomes[expected] += 1
    assert outcomes[True] and outcomes[False]  # the generator exercises both answers


def test_result_does_not_depend_on_insertion_order() -> None:
    rng = random.Random(99)
    checked = 0
    for _ in range(200):
        catalog, table = random_catalog(rng, rng.randint(3, 6))
        roots = random_roots(rng, len(table))
        shuffled = InMemoryCatalog()
        entries = [(n, v, deps) for n, versions in table.items() for v, deps in versions.items()]
        rng.shuffle(entries)
        for name, version, deps in entries:
            shuffled.add(name, version, dict(reversed(list(deps.items()))))
        try:
            first = resolve(roots, catalog)
        except ResolutionConflict as conflict:
            with pytest.raises(ResolutionConflict) as again:
                resolve(roots, shuffled)
            assert again.value.explanation == conflict.explanation
            continue
        assert resolve(roots, shuffled).versions == first.versions
        checked += 1
    assert checked
