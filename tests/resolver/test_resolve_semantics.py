"""resolve() answers for the device by default; its failure is data, rendered on demand."""

from __future__ import annotations

import pytest

from greengrass_sdk.resolver import InMemoryCatalog, InvalidRequirement, ResolutionConflict, resolve
from greengrass_sdk.resolver.failure import ResolutionFailure


def _catalog() -> InMemoryCatalog:
    catalog = InMemoryCatalog()
    # App 2.0.0's recipe says ">=1.x", which the device cannot parse: it can never load it.
    catalog.add("com.example.App", "2.0.0", {"com.example.Lib": ">=1.x"})
    catalog.add("com.example.App", "1.0.0", {"com.example.Lib": "^1.0.0"})
    for version in ["1.0.0", "1.2.0", "1.3.0-beta"]:
        catalog.add("com.example.Lib", version)
    return catalog


def test_device_semantics_avoid_a_recipe_the_device_cannot_load() -> None:
    roots = {"com.example.App": {"thinggroup/Fleet": ">=1.0.0"}}
    assert resolve(roots, _catalog(), semantics="npm").versions["com.example.App"] == "2.0.0"
    assert resolve(roots, _catalog()).versions == {
        "com.example.App": "1.0.0",
        "com.example.Lib": "1.2.0",
    }


def test_device_semantics_follow_semver4j_not_npm() -> None:
    # ">1.2.0" alone admits pre-releases on the device, not in npm.
    roots = {"com.example.Lib": {"thinggroup/Fleet": ">1.2.0"}}
    assert resolve(roots, _catalog()).versions == {"com.example.Lib": "1.3.0-beta"}
    with pytest.raises(ResolutionConflict):
        resolve(roots, _catalog(), semantics="npm")


def test_failure_is_structured_and_rendered_on_demand() -> None:
    roots = {"com.example.App": {"thinggroup/Fleet": "=2.0.0"}}
    with pytest.raises(ResolutionConflict) as caught:
        resolve(roots, _catalog())
    failure = caught.value.failure
    assert isinstance(failure, ResolutionFailure)
    facts = {(fact.dependent, fact.component, fact.requirement) for fact in failure.facts()}
    assert facts == {
        ("thinggroup/Fleet", "com.example.App", "=2.0.0"),
        ("com.example.App 2.0.0", "com.example.Lib", ">=1.x"),
    }
    assert {fact.allowed for fact in failure.facts()} == {"2.0.0", "(no versions)"}
    assert failure.steps()[-1].terms == {}
    assert "the device cannot parse this requirement" in caught.value.explanation
    assert str(caught.value) == caught.value.explanation == str(failure)


def test_root_requirement_refused_by_the_chosen_reader() -> None:
    with pytest.raises(InvalidRequirement, match="cannot parse"):
        resolve({"com.example.Lib": ">=1.x"}, _catalog())
    assert resolve({"com.example.Lib": ">=1.x"}, _catalog(), semantics="npm").versions
    with pytest.raises(InvalidRequirement, match="semantics"):
        resolve({"com.example.Lib": "*"}, _catalog(), semantics="pip")  # type: ignore[arg-type]
