"""The device simulation reproduces the nucleus's documented greedy walk."""

from __future__ import annotations

import random

import pytest

from greengrass_sdk.resolver import InMemoryCatalog, ResolutionConflict, resolve
from greengrass_sdk.resolver.device import pin, simulate_device
from tests.resolver.random_catalogs import is_valid, random_catalog, random_roots


def _greedy_trap() -> InMemoryCatalog:
    catalog = InMemoryCatalog()
    catalog.add(
        "com.example.App", "1.0.0", {"com.example.Lib": ">=1.0.0", "com.example.Plugin": "*"}
    )
    catalog.add("com.example.Plugin", "2.0.0", {"com.example.Lib": "<1.0.0"})
    catalog.add("com.example.Plugin", "1.0.0", {"com.example.Lib": "^1.0.0"})
    for version in ["0.9.0", "1.0.0", "1.5.0"]:
        catalog.add("com.example.Lib", version)
    return catalog


def test_conflict_found_only_by_the_greedy_walk() -> None:
    catalog = _greedy_trap()
    roots = {"com.example.App": {"thinggroup/Fleet": "=1.0.0"}}
    assert resolve(roots, catalog).versions == {
        "com.example.App": "1.0.0",
        "com.example.Lib": "1.5.0",
        "com.example.Plugin": "1.0.0",
    }
    outcome = simulate_device(roots, catalog)
    assert not outcome.succeeded
    assert outcome.failed_component == "com.example.Lib"
    assert outcome.requirements["com.example.Lib"] == {
        "com.example.App": ">=1.0.0",
        "com.example.Plugin": "<1.0.0",
    }
    assert [str(step) for step in outcome.steps] == [
        "com.example.App -> 1.0.0",
        "com.example.Lib -> 1.5.0",
        "com.example.Plugin -> 2.0.0",
    ]
    pins = pin(roots, catalog, deployment="thinggroup/Fleet")
    assert pins == {"com.example.Plugin": "1.0.0"}
    pinned = {
        "com.example.App": {"thinggroup/Fleet": "=1.0.0"},
        "com.example.Plugin": {"thinggroup/Fleet": "=1.0.0"},
    }
    assert simulate_device(pinned, catalog).succeeded


def test_requirements_of_several_groups_are_merged() -> None:
    catalog = InMemoryCatalog()
    for version in ["1.0.0", "1.2.0", "1.4.0", "1.6.0", "2.0.0"]:
        catalog.add("com.example.Lib", version)
    catalog.add("com.example.Monitor", "1.0.0", {"com.example.Lib": "<1.5.0"})
    catalog.add("com.example.App", "3.0.0", {"com.example.Lib": "^1.2.0"})
    roots = {
        "com.example.App": {"thinggroup/Fleet": "=3.0.0"},
        "com.example.Monitor": {"thinggroup/Cameras": "=1.0.0"},
    }
    installed = {"com.example.Monitor": "1.0.0", "com.example.Lib": "1.0.0"}
    outcome = simulate_device(roots, catalog, installed=installed, deployment="thinggroup/Fleet")
    assert outcome.succeeded, outcome.message
    # The running Lib 1.0.0 satisfies Cameras' Monitor but not App's ^1.2.0: re-picked to
    # the newest version meeting both groups' requirements.
    assert outcome.versions["com.example.Lib"] == "1.4.0"
    assert outcome.requirements["com.example.Lib"] == {
        "com.example.Monitor": "<1.5.0",
        "com.example.App": "^1.2.0",
    }
    assert str(outcome.steps[-1]) == "com.example.Lib -> 1.4.0 (was 1.0.0)"


def test_other_groups_components_must_be_running() -> None:
    catalog = InMemoryCatalog()
    catalog.add("com.example.Monitor", "1.0.0")
    roots = {"com.example.Monitor": {"thinggroup/Cameras": "=1.0.0"}}
    outcome = simulate_device(roots, catalog, deployment="thinggroup/Fleet")
    assert not outcome.succeeded
    assert "running on the device" in outcome.message


def test_running_version_is_preferred() -> None:
    catalog = InMemoryCatalog()
    for version in ["1.0.0", "1.1.0"]:
        catalog.add("com.example.Lib", version)
    roots = {"com.example.Lib": {"LOCAL_DEPLOYMENT": "^1.0.0"}}
    installed = {"com.example.Lib": "1.0.0"}
    assert simulate_device(roots, catalog, installed=installed).versions == {
        "com.example.Lib": "1.0.0"
    }
    assert resolve(roots, catalog, installed=installed).versions == {"com.example.Lib": "1.0.0"}
    assert resolve(roots, catalog).versions == {"com.example.Lib": "1.1.0"}


def test_circular_dependency_fails_on_device() -> None:
    catalog = InMemoryCatalog()
    catalog.add("a", "1.0.0", {"b": "*"})
    catalog.add("b", "1.0.0", {"a": "*"})
    outcome = simulate_device({"a": "1.0.0"}, catalog)
    assert not outcome.succeeded
    assert "circular dependency: a -> b -> a" in outcome.message
    with pytest.raises(ResolutionConflict, match="circular"):
        pin({"a": "1.0.0"}, catalog)


@pytest.mark.parametrize("seed", range(5))
def test_device_picks_are_valid_and_pins_make_it_succeed(seed: int) -> None:
    rng = random.Random(1000 + seed)
    for _ in range(60):
        components = rng.randint(2, 5)
        catalog, table = random_catalog(rng, components)
        roots = random_roots(rng, components)
        outcome = simulate_device(roots, catalog)
        try:
            resolve(roots, catalog)
        except ResolutionConflict:
            assert not outcome.succeeded
            continue
        if outcome.succeeded:
            assert is_valid(outcome.versions, roots, table)
        try:
            pins = pin(roots, catalog)
        except ResolutionConflict as error:
            assert "circular" in str(error)
            continue
        pinned = {name: dict(deps) for name, deps in roots.items()}
        for name, version in pins.items():
            pinned.setdefault(name, {})["deployment"] = f"={version}"
        assert simulate_device(pinned, catalog).succeeded
