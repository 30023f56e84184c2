# ruff: noqa: E501  (the Java test names this file cites are longer than a line)
"""The nucleus's own resolution tests, restated as tests of simulate_device.

Each test names the Java test it mirrors, in aws-greengrass-nucleus
``src/test/java/com/aws/greengrass/componentmanager/DependencyResolverTest.java``
(DRT) or ``ComponentManagerTest.java`` (CMT). The Java tests mock
``ComponentManager.resolveComponentVersion`` to return a fixed version; here
the catalog and the running versions are chosen so that the device's rule
(running version if it satisfies, else the newest that does) returns that
same version.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from greengrass_sdk.resolver import InMemoryCatalog, simulate_device
from greengrass_sdk.resolver.device import DeviceOutcome
from greengrass_sdk.resolver.java_hashmap import hash_order

GROUP = "mockGroup1"


def _catalog(entries: Mapping[str, Mapping[str, Mapping[str, str]]]) -> InMemoryCatalog:
    catalog = InMemoryCatalog()
    for name, versions in entries.items():
        for version, dependencies in versions.items():
            catalog.add(name, version, dependencies)
    return catalog


def _run(
    entries: Mapping[str, Mapping[str, Mapping[str, str]]],
    roots: Mapping[str, str],
    *,
    installed: Mapping[str, str] | None = None,
    others: Mapping[str, Mapping[str, str]] | None = None,
    nuclei: tuple[str, ...] = ("defaultNucleus",),
) -> DeviceOutcome:
    tree: dict[str, dict[str, str]] = {name: {GROUP: version} for name, version in roots.items()}
    for group, components in (others or {}).items():
        for name, requirement in components.items():
            tree.setdefault(name, {})[group] = requirement
    return simulate_device(
        tree,
        _catalog(entries),
        installed=installed,
        deployment=GROUP,
        nucleus_components=nuclei,
    )


def test_circular_dependency_for_root_component() -> None:
    # DRT GIVEN_circular_dependency_for_root_component_WHEN_resolve_dependency_called_THEN_resolution_fails
    outcome = _run(
        {"A": {"1.0.0": {"A": "1.0.0", "B2": ">1.0"}}, "B2": {"1.1.0": {}}}, {"A": "1.0.0"}
    )
    assert outcome.rule == "circular-dependency"
    assert "circular dependency detected for component A-v1.0.0" in outcome.message


def test_circular_dependency_for_non_root_component() -> None:
    # DRT GIVEN_circular_dependency_for_non_root_component_WHEN_resolve_dependency_called_THEN_resolution_fails
    outcome = _run(
        {
            "A": {"1.0.0": {"B1": "1.0.0"}},
            "B1": {"1.0.0": {"B2": "1.0.0"}},
            "B2": {"1.0.0": {"C1": "<=1.1.0"}},
            "C1": {"1.0.0": {"B1": "1.0.0"}},
        },
        {"A": "1.0.0"},
    )
    assert outcome.rule == "circular-dependency"
    assert "component A-v1.0.0: B1 -> B2 -> C1 -> B1" in outcome.message


def test_version_bumped_from_1_to_2_drops_the_dependencies_of_1() -> None:
    # DRT GIVEN_component_B_WHEN_version_is_bumped_up_from_1_to_2_THEN_dependencies_of_1_are_removed
    outcome = _run(
        {
            "A": {"1.0.0": {"B": ">=1.0.0", "D": "1.0.0"}},
            "D": {"1.0.0": {"B": ">=2.0.0"}},
            "B": {"1.0.0": {"X": "2.0.0"}, "2.0.0": {"Y": "2.0.0"}},
            "X": {"2.0.0": {"Y": "1.0.0"}},
            "Y": {"1.0.0": {}, "2.0.0": {}},
        },
        {"A": "1.0.0"},
        installed={"B": "1.0.0"},  # so that B is first resolved to 1.0.0, as the mock does
    )
    assert outcome.succeeded, outcome.message
    assert outcome.versions == {"A": "1.0.0", "B": "2.0.0", "D": "1.0.0", "Y": "2.0.0"}
    assert [s.component for s in outcome.steps] == ["A", "B", "D", "X", "B", "Y", "Y"]
    assert outcome.requirements["Y"] == {"B": "2.0.0"}


def test_resolve_a_and_dependency_versions() -> None:
    # DRT GIVEN_component_A_WHEN_resolve_dependencies_THEN_resolve_A_and_dependency_versions
    outcome = _run(
        {
            "A": {"1.0.0": {"B1": "1.0.0", "B2": ">1.0", "C1": "1.0.0"}},
            "B1": {"1.0.0": {"C1": "1.0.0"}},
            "B2": {"1.0.0": {}, "1.2.0": {"C1": "1.0.0"}},
            "C1": {"1.0.0": {}},
        },
        {"A": "1.0.0"},
    )
    assert outcome.versions == {"A": "1.0.0", "B1": "1.0.0", "B2": "1.2.0", "C1": "1.0.0"}


def test_both_version_constraints_are_evaluated_together() -> None:
    # DRT GIVEN_component_C_WHEN_both_version_constrains_are_evaluated_THEN_C_2_is_selected
    outcome = _run(
        {
            "A": {"1.0.0": {"B1": "1.0.0", "B2": ">1.0"}},
            "B1": {"1.0.0": {"C": ">=1.0.0"}},
            "B2": {"1.2.0": {"C": ">=2.0.0"}},
            "C": {"1.0.0": {"Z": "1.0.0"}, "2.0.0": {"Y": "2.0.0"}},
            "Y": {"2.0.0": {}},
            "Z": {"1.0.0": {}},
        },
        {"A": "1.0.0"},
        installed={"C": "1.0.0"},  # B1 alone would keep it; breadth first, C is seen once
    )
    assert outcome.versions == {
        "A": "1.0.0",
        "B1": "1.0.0",
        "B2": "1.2.0",
        "C": "2.0.0",
        "Y": "2.0.0",
    }
    assert "Z" not in [step.component for step in outcome.steps]


def _overlap(c1_requirement_of_b2: str) -> DeviceOutcome:
    return _run(
        {
            "A": {"1.0.0": {"B1": "1.0.0"}},
            "B1": {"1.0.0": {"C1": ">1.0.0" if c1_requirement_of_b2 == "<=1.1.0" else "<=1.1.0"}},
            "B2": {"1.1.0": {"C1": c1_requirement_of_b2}},
            "C1": {"1.1.0": {}, "1.5.0": {}},
        },
        {"A": "1.0.0", "B2": "1.1.0"},
    )


def test_overlapping_dependencies_satisfy_both() -> None:
    # DRT GIVEN_component_A_B2_WHEN_dependencies_overlap_THEN_satisfy_both
    outcome = _overlap("<=1.1.0")
    assert outcome.versions == {"A": "1.0.0", "B1": "1.0.0", "B2": "1.1.0", "C1": "1.1.0"}
    assert [s.component for s in outcome.steps] == ["A", "B1", "C1", "B2", "C1"]
    first, second = (s for s in outcome.steps if s.component == "C1")
    assert dict(first.requirements) == {"B1": ">1.0.0"}
    assert dict(second.requirements) == {"B1": ">1.0.0", "B2": "<=1.1.0"}
    assert (first.version, second.version, second.previous) == ("1.5.0", "1.1.0", "1.5.0")


def test_conflicting_dependencies_fail_with_no_available_version() -> None:
    # DRT GIVEN_component_A_B2_WHEN_dependencies_conflict_THEN_throws_no_available_version_error
    outcome = _overlap(">=1.2.0")
    assert not outcome.succeeded
    assert (outcome.rule, outcome.failed_component) == ("no-version", "C1")
    # Merged in HashMap order of the dependents: "B2" (bucket 0) before "B1" (bucket 15).
    assert "B2 1.1.0 requires >=1.2.0, B1 1.0.0 requires <=1.1.0" in outcome.message
    assert outcome.steps[-1].merged == ">=1.2.0 <=1.1.0"


_GROUPS = {
    "A": {"1.0.0": {"B": ">=2.0.0"}},
    "D": {"1.0.0": {"B": ">=2.0.5"}},
    "B": {"2.0.0": {"C": ">=2.0.0 <2.2.0"}, "2.0.5": {"C": ">=2.2.0"}},
    "C": {"2.0.0": {}, "2.2.0": {}},
}


def test_same_deployment_in_several_groups() -> None:
    # DRT GIVEN_multiple_groups_WHEN_deploy_same_deployment_in_all_groups_THEN_same_dependency_resolution
    first = _run(_GROUPS, {"A": "1.0.0"}, installed={"B": "2.0.0"})
    assert first.versions == {"A": "1.0.0", "B": "2.0.0", "C": "2.0.0"}
    second = simulate_device(
        {"A": {"mockGroup2": "1.0.0", GROUP: "1.0.0"}, "D": {"mockGroup2": "1.0.0"}},
        _catalog(_GROUPS),
        installed=first.versions,
        deployment="mockGroup2",
    )
    assert second.versions == {"A": "1.0.0", "B": "2.0.5", "C": "2.2.0", "D": "1.0.0"}


def test_other_group_with_the_same_dependency() -> None:
    # DRT GIVEN_other_group_have_same_dependency_WHEN_deploy_current_group_THEN_resolve_dependency_version
    outcome = _run(
        {
            "A": {"1.0.0": {"B1": "1.0.0"}},
            "B1": {"1.0.0": {"C1": ">=1.1.0"}},
            "B2": {"1.1.0": {"C1": "<=1.2.0"}},
            "C1": {"1.2.0": {}, "1.3.0": {}},
            "X": {"2.0.0": {"C1": ">=1.0.0"}},
        },
        {"A": "1.0.0", "B2": "1.1.0"},
        others={"mockGroup2": {"X": "2.0.0"}},
    )
    assert outcome.versions == {
        "A": "1.0.0",
        "B1": "1.0.0",
        "B2": "1.1.0",
        "C1": "1.2.0",
        "X": "2.0.0",
    }
    assert [s.component for s in outcome.steps] == ["A", "B1", "C1", "B2", "C1", "X", "C1"]
    assert dict(outcome.steps[4].requirements) == {"B1": ">=1.1.0", "B2": "<=1.2.0"}
    assert dict(outcome.steps[6].requirements) == {
        "X": ">=1.0.0",
        "B1": ">=1.1.0",
        "B2": "<=1.2.0",
    }


def test_invalid_root_component_version() -> None:
    # DRT GIVEN_invalid_component_version_WHEN_resolve_dependencies_THEN_throw
    outcome = _run({"A": {"1.0.0": {}}}, {"A": "0.0.0-not-valid"})
    assert outcome.rule == "invalid-root-version"
    assert "unsupported component version '0.0.0-not-valid' for component 'A'" in outcome.message


_NUCLEUS_APP = {
    "A": {"1.0.0": {"defaultNucleus": ">=1.0.0"}},
    "B": {"1.0.0": {}},
    "defaultNucleus": {"1.0.0": {}},
}


@pytest.mark.parametrize(
    ("java_test", "new_version", "roots", "rule"),
    [
        (
            "GIVEN_resolved_components_contains_new_nucleus_patch_version_WHEN_minor_version_is_unchanged_THEN_pass",
            "1.0.3",
            ("A", "B"),
            None,
        ),
        (
            "GIVEN_resolved_components_contains_new_nucleus_minor_version_WHEN_active_nucleus_minor_version_is_different_THEN_fail",
            "1.2.0",
            ("A", "B"),
            "non-explicit-nucleus-update",
        ),
        (
            "GIVEN_resolved_components_contains_new_nucleus_major_version_WHEN_active_nucleus_major_version_is_different_THEN_fail",
            "2.0.0",
            ("A", "B"),
            "non-explicit-nucleus-update",
        ),
        (
            "GIVEN_resolved_components_contains_nucleus_WHEN_active_nucleus_version_is_unchanged_THEN_pass",
            "1.0.0",
            ("A", "B"),
            None,
        ),
        (
            "GIVEN_resolved_components_contains_new_nucleus_minor_version_WHEN_new_nucleus_is_target_component_THEN_pass",
            "1.2.0",
            ("A", "B", "defaultNucleus"),
            None,
        ),
        (
            "GIVEN_resolved_components_contains_new_nucleus_major_version_WHEN_new_nucleus_is_target_component_THEN_pass",
            "2.0.0",
            ("A", "B", "defaultNucleus"),
            None,
        ),
    ],
)
def test_nucleus_update_guard(
    java_test: str, new_version: str, roots: tuple[str, ...], rule: str | None
) -> None:
    # DRT <java_test>: the running nucleus is defaultNucleus 1.0.0.
    entries = {**_NUCLEUS_APP, "defaultNucleus": {"1.0.0": {}, new_version: {}}}
    wanted = {name: "1.0.0" for name in roots}
    if "defaultNucleus" in roots:
        wanted["defaultNucleus"] = new_version
    installed = {"defaultNucleus": "1.0.0"}
    # A asks for the new nucleus unless it is the running one.
    entries["A"] = {"1.0.0": {"defaultNucleus": f">={new_version}"}}
    outcome = _run(entries, wanted, installed=installed)
    assert outcome.rule == rule, (java_test, outcome.message)
    assert outcome.versions.get("defaultNucleus") == new_version
    if rule:
        assert "update the nucleus from defaultNucleus-1.0.0" in outcome.message


def test_no_nucleus_resolved_passes() -> None:
    # DRT GIVEN_resolved_components_contains_no_nucleus_WHEN_active_nucleus_version_is_anything_THEN_pass
    outcome = _run(
        {"A": {"1.0.0": {}}, "B": {"1.0.0": {}}},
        {"A": "1.0.0", "B": "1.0.0"},
        installed={"defaultNucleus": "7.0.0"},
    )
    assert outcome.succeeded


@pytest.mark.parametrize(
    ("java_test", "version", "is_root", "rule"),
    [
        (
            "GIVEN_resolved_components_contains_custom_nucleus_WHEN_custom_nucleus_is_target_component_THEN_pass",
            "3.4.5",
            True,
            None,
        ),
        (
            "GIVEN_resolved_components_contains_custom_nucleus_WHEN_custom_nucleus_is_not_target_component_THEN_fail",
            "1.2.0",
            False,
            "non-explicit-nucleus-update",
        ),
    ],
)
def test_custom_nucleus(java_test: str, version: str, is_root: bool, rule: str | None) -> None:
    # DRT <java_test>: the running nucleus is defaultNucleus 1.0.0; customNucleus is of type nucleus.
    entries = {"A": {"1.0.0": {"customNucleus": version}}, "customNucleus": {version: {}}}
    roots = {"A": "1.0.0", **({"customNucleus": version} if is_root else {})}
    outcome = _run(
        entries,
        roots,
        installed={"defaultNucleus": "1.0.0"},
        nuclei=("defaultNucleus", "customNucleus"),
    )
    assert outcome.rule == rule, (java_test, outcome.message)


def test_more_than_one_nucleus_fails() -> None:
    # DRT GIVEN_resolved_components_contains_multiple_nuclei_WHEN_active_nucleus_version_is_anything_THEN_fail
    outcome = _run(
        {
            "A": {"1.0.0": {"defaultNucleus": "*", "customNucleus": "*"}},
            "defaultNucleus": {"1.2.0": {}},
            "customNucleus": {"2.0.0": {}},
        },
        {"A": "1.0.0"},
        nuclei=("defaultNucleus", "customNucleus"),
    )
    assert outcome.rule == "multiple-nuclei"
    assert "more than one nucleus" in outcome.message


_LOCAL = {"A": {"1.0.0": {}, "1.2.0": {}, "1.5.0": {}}}


def test_local_group_requirement_with_a_satisfying_local_version_uses_it() -> None:
    # CMT GIVEN_requirement_is_from_local_group_and_has_local_version_WHEN_resolve_version_THEN_use_local_version
    outcome = simulate_device(
        {"A": {"LOCAL_DEPLOYMENT": "^1.0"}}, _catalog(_LOCAL), installed={"A": "1.2.0"}
    )
    assert (outcome.versions, outcome.steps[0].rule) == ({"A": "1.2.0"}, "kept-running")


def test_local_group_requirement_without_local_version_uses_the_cloud() -> None:
    # CMT GIVEN_requirement_is_from_local_group_and_has_no_local_version_WHEN_resolve_version_THEN_use_cloud_version
    outcome = simulate_device({"A": {"LOCAL_DEPLOYMENT": "^1.0"}}, _catalog(_LOCAL))
    assert (outcome.versions, outcome.steps[0].rule) == ({"A": "1.5.0"}, "newest-satisfying")


def test_active_component_that_satisfies_is_kept() -> None:
    # CMT GIVEN_component_is_local_active_WHEN_cloud_returns_a_recipe_THEN_use_cloud_recipe
    outcome = simulate_device({"A": {"X": "^1.0"}}, _catalog(_LOCAL), installed={"A": "1.0.0"})
    assert outcome.versions == {"A": "1.0.0"}


# Beyond the Java tests: the rules they do not exercise.


def test_dependencies_are_walked_in_hashmap_order() -> None:
    # "com.example.Zeta" lands in an earlier bucket than "com.example.Alpha": it is walked
    # first, whatever the recipe's order.
    entries = {
        "App": {"1.0.0": {"com.example.Alpha": "*", "com.example.Zeta": "*"}},
        "com.example.Alpha": {"1.0.0": {}},
        "com.example.Zeta": {"1.0.0": {}},
    }
    expected = ["App", *hash_order(["com.example.Alpha", "com.example.Zeta"])]
    outcome = _run(entries, {"App": "1.0.0"})
    assert [s.component for s in outcome.steps] == expected


def test_merge_with_an_alternative_changes_the_meaning() -> None:
    # B requires "^1.0.0 || ^3.0.0" of Lib and C "<2.0.0". npm: 1.x only. The device joins
    # the texts: "... || >=3.0.0 <4.0.0 <2.0.0" (or the other way round, by HashMap order).
    entries = {
        "App": {"1.0.0": {"B": "1.0.0", "C": "1.0.0"}},
        "B": {"1.0.0": {"Lib": "^1.0.0 || ^3.0.0"}},
        "C": {"1.0.0": {"Lib": "<2.0.0"}},
        "Lib": {"1.0.0": {}, "3.0.0": {}},
    }
    outcome = _run(entries, {"App": "1.0.0"})
    last = [s for s in outcome.steps if s.component == "Lib"][-1]
    assert last.merged in (
        ">=1.0.0 <2.0.0 || >=3.0.0 <4.0.0 <2.0.0",
        "<2.0.0 >=1.0.0 <2.0.0 || >=3.0.0 <4.0.0",
    )
    expected = "1.0.0" if last.merged.startswith(">=1") else "3.0.0"
    assert outcome.versions["Lib"] == expected


def test_a_recipe_requirement_the_device_cannot_parse_fails_the_deployment() -> None:
    outcome = _run({"A": {"1.0.0": {"B": ">=1.x"}}, "B": {"1.0.0": {}}}, {"A": "1.0.0"})
    assert (outcome.rule, outcome.failed_component) == ("unparseable-requirement", "A")
    assert "cannot parse" in outcome.message


def test_before_2_10_other_groups_are_walked_first_on_running_versions() -> None:
    # DRT GIVEN_other_group_have_same_dependency_WHEN_deploy_current_group_THEN_resolve_dependency_version
    # as it stood before nucleus PR #1418 (commit 0bab0f46f^): X's group is walked first through
    # getActiveAndSatisfiedComponentMetadata, then A, B1, C1 {B1, X}, B2, C1 {X, B1, B2}. (The
    # Java mock answers C1 1.2.0 whatever the requirements; the real rule keeps the running 1.1.0,
    # which satisfies them.)
    outcome = simulate_device(
        {
            "A": {GROUP: "1.0.0"},
            "B2": {GROUP: "1.1.0"},
            "X": {"mockGroup2": "2.0.0"},
        },
        _catalog(
            {
                "A": {"1.0.0": {"B1": "1.0.0"}},
                "B1": {"1.0.0": {"C1": ">=1.1.0"}},
                "B2": {"1.1.0": {"C1": "<=1.2.0"}},
                "C1": {"1.1.0": {}, "1.2.0": {}},
                "X": {"2.0.0": {"C1": ">=1.0.0"}},
            }
        ),
        installed={"X": "2.0.0", "C1": "1.1.0"},
        deployment=GROUP,
        nucleus_version="2.9.6",
    )
    assert [s.component for s in outcome.steps] == ["X", "C1", "A", "B1", "C1", "B2", "C1"]
    assert [s.rule for s in outcome.steps[:2]] == ["kept-running", "kept-running"]
    assert dict(outcome.steps[4].requirements) == {"X": ">=1.0.0", "B1": ">=1.1.0"}
    assert dict(outcome.steps[6].requirements) == {
        "X": ">=1.0.0",
        "B1": ">=1.1.0",
        "B2": "<=1.2.0",
    }
    assert outcome.versions["C1"] == "1.1.0"
