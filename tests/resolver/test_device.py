"""The device simulation reproduces the nucleus's documented greedy walk."""

from __future__ import annotations

import random

import pytest

from greengrass_sdk.resolver import InMemoryCatalog, InvalidVersion, ResolutionConflict, resolve
from greengrass_sdk.resolver.device import pin, simulate_device
from tests.resolver.random_catalogs import random_catalog, random_roots


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
    # App's dependencies in HashMap order: Plugin's bucket comes before Lib's.
    assert [(step.component, step.version, step.rule) for step in outcome.steps] == [
        ("com.example.App", "1.0.0", "newest-satisfying"),
        ("com.example.Plugin", "2.0.0", "newest-satisfying"),
        ("com.example.Lib", None, "no-version"),
    ]
    assert outcome.rule == "no-version"
    pins = pin(roots, catalog, deployment="thinggroup/Fleet")
    assert pins == {"com.example.Plugin": "1.0.0"}
    pinned = {
        "com.example.App": {"thinggroup/Fleet": "=1.0.0"},
        "com.example.Plugin": {"thinggroup/Fleet": "1.0.0"},
    }
    assert simulate_device(pinned, catalog).succeeded


def _two_groups() -> tuple[InMemoryCatalog, dict[str, dict[str, str]]]:
    catalog = InMemoryCatalog()
    for version in ["1.0.0", "1.2.0", "1.4.0", "1.6.0", "2.0.0"]:
        catalog.add("com.example.Lib", version)
    catalog.add("com.example.Monitor", "1.0.0", {"com.example.Lib": "<1.5.0"})
    catalog.add("com.example.App", "3.0.0", {"com.example.Lib": "^1.2.0"})
    roots = {
        "com.example.App": {"thinggroup/Fleet": "3.0.0"},
        "com.example.Monitor": {"thinggroup/Cameras": "1.0.0"},
    }
    return catalog, roots


def test_other_groups_are_resolved_after_this_deployment_since_2_10() -> None:
    catalog, roots = _two_groups()
    installed = {"com.example.Monitor": "1.0.0", "com.example.Lib": "1.0.0"}
    outcome = simulate_device(roots, catalog, installed=installed, deployment="thinggroup/Fleet")
    assert outcome.succeeded, outcome.message
    # App's walk picks Lib 1.6.0 (the running 1.0.0 misses ^1.2.0); then Cameras' Monitor
    # adds <1.5.0 and Lib is picked again: the newest meeting both.
    assert [(s.component, s.version, s.rule) for s in outcome.steps] == [
        ("com.example.App", "3.0.0", "newest-satisfying"),
        ("com.example.Lib", "1.6.0", "newest-satisfying"),
        ("com.example.Monitor", "1.0.0", "kept-running"),
        ("com.example.Lib", "1.4.0", "newest-satisfying"),
    ]
    assert outcome.versions["com.example.Lib"] == "1.4.0"
    assert outcome.requirements["com.example.Lib"] == {
        "com.example.App": "^1.2.0",
        "com.example.Monitor": "<1.5.0",
    }
    assert outcome.steps[-1].previous == "1.6.0"
    assert outcome.steps[-1].merged == ">=1.2.0 <2.0.0 <1.5.0"


def test_before_2_10_other_groups_keep_their_running_versions() -> None:
    catalog, roots = _two_groups()
    installed = {"com.example.Monitor": "1.0.0", "com.example.Lib": "1.0.0"}
    outcome = simulate_device(
        roots, catalog, installed=installed, deployment="thinggroup/Fleet", nucleus_version="2.9.6"
    )
    assert outcome.succeeded
    assert [(s.component, s.version, s.rule) for s in outcome.steps][:2] == [
        ("com.example.Monitor", "1.0.0", "kept-running"),
        ("com.example.Lib", "1.0.0", "kept-running"),
    ]
    assert outcome.versions["com.example.Lib"] == "1.4.0"
    not_running = simulate_device(
        roots, catalog, deployment="thinggroup/Fleet", nucleus_version="2.9.6"
    )
    assert not not_running.succeeded
    assert not_running.rule == "no-version"
    assert "running on the device" in not_running.message
    assert simulate_device(roots, catalog, deployment="thinggroup/Fleet").succeeded
    with pytest.raises(InvalidVersion, match="nucleus_version"):
        simulate_device(roots, catalog, nucleus_version="latest")


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
    assert outcome.rule == "circular-dependency"
    assert "circular dependency detected for component a-v1.0.0: a -> b -> a" in outcome.message
    with pytest.raises(ResolutionConflict, match="circular"):
        pin({"a": "1.0.0"}, catalog)


@pytest.mark.parametrize("seed", range(5))
def test_pins_make_the_device_succeed_whenever_a_solution_exists(seed: int) -> None:
    rng = random.Random(1000 + seed)
    for _ in range(60):
        components = rng.randint(2, 5)
        catalog, _table = random_catalog(rng, components)
        roots = random_roots(rng, components)
        try:
            solution = resolve(roots, catalog).versions
        except ResolutionConflict:
            continue
        try:
            pins = pin(roots, catalog)
        except ResolutionConflict as error:
            assert "circular" in str(error)
            continue
        pinned = {name: dict(deps) for name, deps in roots.items()}
        for name, text in pins.items():
            pinned.setdefault(name, {})["deployment"] = text
        outcome = simulate_device(pinned, catalog)
        assert outcome.succeeded, outcome.message
        assert all(outcome.versions[name] == solution[name] for name in pins)


def test_a_running_version_the_catalog_no_longer_lists_is_kept() -> None:
    catalog = InMemoryCatalog()
    catalog.add("com.example.App", "1.0.0", {"aws.greengrass.Nucleus": ">=2.12.0"})
    catalog.add("aws.greengrass.Nucleus", "2.13.0")
    outcome = simulate_device(
        {"com.example.App": "1.0.0"}, catalog, installed={"aws.greengrass.Nucleus": "2.14.1"}
    )
    assert outcome.versions["aws.greengrass.Nucleus"] == "2.14.1"
    assert outcome.steps[1].rule == "kept-running"
