from __future__ import annotations

import pytest

from greengrass_sdk.resolver import InMemoryCatalog, ResolutionConflict, resolve


def _catalog() -> InMemoryCatalog:
    catalog = InMemoryCatalog()
    catalog.add("com.example.App", "2.1.0", {"com.example.Lib": "^2.0.0"})
    catalog.add("com.example.App", "1.0.0", {"com.example.Lib": "~1.4.0"})
    for version in ["1.4.0", "1.4.2", "2.0.0", "2.1.0"]:
        catalog.add("com.example.Lib", version)
    return catalog


def test_direct_clash_is_one_sentence_naming_components_versions_and_dependents() -> None:
    roots = {
        "com.example.App": {"thinggroup/Fleet": "=2.1.0"},
        "com.example.Lib": {"thinggroup/Fleet": "~1.4.0"},
    }
    with pytest.raises(ResolutionConflict) as caught:
        resolve(roots, _catalog())
    assert str(caught.value) == (
        "thinggroup/Fleet requires com.example.App =2.1.0, "
        "com.example.App 2.1.0 depends on com.example.Lib ^2.0.0, "
        "and thinggroup/Fleet requires com.example.Lib ~1.4.0; "
        "no set of versions satisfies all of these."
    )


def test_two_groups_clash() -> None:
    roots = {"com.example.Lib": {"thinggroup/A": "^2.0.0", "thinggroup/B": "~1.4.0"}}
    with pytest.raises(
        ResolutionConflict,
        match=r"thinggroup/A requires com\.example\.Lib \^2\.0\.0, "
        r"and thinggroup/B requires com\.example\.Lib ~1\.4\.0; no version satisfies both\.",
    ):
        resolve(roots, _catalog())


def test_missing_component_and_unmatched_requirement() -> None:
    catalog = _catalog()
    catalog.add("com.example.Tool", "1.0.0", {"com.example.Missing": "^1.0.0"})
    with pytest.raises(ResolutionConflict, match=r"com\.example\.Missing is not in the catalog"):
        resolve({"com.example.Tool": "*"}, catalog)
    with pytest.raises(
        ResolutionConflict, match=r"no version of com\.example\.Lib in the catalog matches"
    ):
        resolve({"com.example.Lib": "^9.0.0"}, catalog)


def test_long_chains_are_numbered_lines() -> None:
    catalog = InMemoryCatalog()
    depth = 7
    for level in range(depth):
        for major in (1, 2):
            deps = {f"c{level + 1}": f"^{major}.0.0"} if level + 1 < depth else {}
            catalog.add(f"c{level}", f"{major}.0.0", deps)
    roots = {"c0": {"thinggroup/A": "2.x"}, f"c{depth - 1}": {"thinggroup/B": "1.x"}}
    with pytest.raises(ResolutionConflict) as caught:
        resolve(roots, catalog)
    lines = caught.value.explanation.splitlines()
    assert lines[0].startswith("(1) ")
    last = "And because thinggroup/B requires c6 1.x, no version of c6 can be chosen."
    assert lines[-1] == f"({len(lines)}) {last}"
    assert any("thinggroup/A requires c0 2.x" in line for line in lines)


def test_resolution_says_why() -> None:
    resolution = resolve({"com.example.App": {"LOCAL_DEPLOYMENT": ">=1.0.0"}}, _catalog())
    assert resolution.versions == {"com.example.App": "2.1.0", "com.example.Lib": "2.1.0"}
    assert resolution.requirements["com.example.Lib"] == {"com.example.App 2.1.0": "^2.0.0"}
    assert resolution.reasons["com.example.App"] == (
        "newest of 2 allowed; required by LOCAL_DEPLOYMENT (>=1.0.0)"
    )
    forced = resolve(
        {"com.example.App": "*", "com.example.Lib": {"thinggroup/Old": "<2"}}, _catalog()
    )
    assert forced.versions["com.example.App"] == "1.0.0"
    assert "2.1.0 is allowed but conflicts" in forced.reasons["com.example.App"]
    assert "COMPONENT" in forced.table()


def test_empty_root_name_is_rejected() -> None:
    with pytest.raises(ValueError, match="must not be empty"):
        resolve({"": "*"}, _catalog())
