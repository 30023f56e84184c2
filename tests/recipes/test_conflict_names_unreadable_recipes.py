"""A failed resolution says when an unreadable recipe might have changed the answer.

``resolve`` on a recipe catalog (folder or online) that had to leave recipes out: the
``ResolutionConflict`` carries the problems about components its derivation involves
(``catalog_problems``) and its text says the answer may be wrong because of them. The resolver
knows such catalogs only by their ``problems_for`` (it does not import the recipes package).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from greengrass_sdk.recipes import CatalogProblem, OnlineCatalog, RecipeError, folder_catalog
from greengrass_sdk.resolver import InMemoryCatalog, ResolutionConflict, pin, resolve
from tests.recipes.test_hostile_inputs import _GarbageService


def _write(folder: Path, file: str, name: str, version: str, deps: dict[str, str]) -> None:
    recipe = {
        "RecipeFormatVersion": "2020-01-25",
        "ComponentName": name,
        "ComponentVersion": version,
        "ComponentDependencies": {d: {"VersionRequirement": r} for d, r in deps.items()},
    }
    (folder / file).write_text(json.dumps(recipe))


def _conflict(roots: dict[str, str], catalog: InMemoryCatalog) -> ResolutionConflict:
    with pytest.raises(ResolutionConflict) as caught:
        resolve(roots, catalog)
    return caught.value


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    _write(tmp_path, "app.json", "com.example.App", "1.0.0", {"com.example.Lib": "^3.0.0"})
    _write(tmp_path, "lib-1.json", "com.example.Lib", "1.0.0", {})
    # Lib 3.0.0 would satisfy the App, but its recipe has an artifact URI Greengrass refuses.
    _write(tmp_path, "lib-3.json", "com.example.Lib", "3.0.0", {})
    text = json.loads((tmp_path / "lib-3.json").read_text())
    text["Manifests"] = [{"Artifacts": [{"URI": "s3://bucket/with space"}]}]
    (tmp_path / "lib-3.json").write_text(json.dumps(text))
    return tmp_path


def test_the_conflict_names_the_unreadable_recipe_of_a_component_in_it(folder: Path) -> None:
    catalog = folder_catalog(folder)
    conflict = _conflict({"com.example.App": "1.0.0"}, catalog)
    [problem] = conflict.catalog_problems
    assert isinstance(problem, CatalogProblem) and problem.component == "com.example.Lib"
    assert isinstance(problem.error, RecipeError)
    text = str(conflict)
    assert text == conflict.explanation
    assert "depends on com.example.Lib ^3.0.0" in text
    assert "This answer may be wrong" in text
    assert f"{folder / 'lib-3.json'}: Manifests[0].Artifacts[0].URI" in text


def test_a_root_requirement_alone_names_it_too(folder: Path) -> None:
    conflict = _conflict({"com.example.Lib": "^3.0.0"}, folder_catalog(folder))
    [problem] = conflict.catalog_problems
    assert isinstance(problem, CatalogProblem) and problem.component == "com.example.Lib"
    assert "lib-3.json" in str(conflict)


def test_an_unreadable_recipe_of_another_component_is_not_mentioned(folder: Path) -> None:
    text = (folder / "lib-3.json").read_text().replace("com.example.Lib", "com.example.Other")
    (folder / "lib-3.json").write_text(text)
    catalog = folder_catalog(folder)
    assert [p.component for p in catalog.problems] == ["com.example.Other"]
    conflict = _conflict({"com.example.App": "1.0.0"}, catalog)
    assert conflict.catalog_problems == []
    assert "may be wrong" not in str(conflict)


def test_a_file_whose_component_cannot_be_told_is_mentioned(folder: Path) -> None:
    (folder / "lib-3.json").write_text("{not json nor yaml: [")
    conflict = _conflict({"com.example.App": "1.0.0"}, folder_catalog(folder))
    [problem] = conflict.catalog_problems
    assert isinstance(problem, CatalogProblem) and problem.component is None
    assert "may be wrong" in str(conflict) and "lib-3.json" in str(conflict)


def test_any_catalog_with_problems_for_is_asked_and_plain_catalogs_are_not() -> None:
    class Noted(InMemoryCatalog):
        def problems_for(self, names: Iterable[str]) -> list[str]:
            return [f"left out a recipe of {name}" for name in sorted(names)]

    plain, noted = InMemoryCatalog(), Noted()
    for catalog in (plain, noted):
        catalog.add("com.example.App", "1.0.0", {"com.example.Lib": ">=2.0.0"})
        catalog.add("com.example.Lib", "1.0.0", {})
    without = _conflict({"com.example.App": "*"}, plain)
    assert without.catalog_problems == [] and "may be wrong" not in str(without)
    conflict = _conflict({"com.example.App": "*"}, noted)
    assert conflict.catalog_problems == [
        "left out a recipe of com.example.App",
        "left out a recipe of com.example.Lib",
    ]
    assert str(conflict).endswith("\n  - left out a recipe of com.example.Lib")


async def test_an_online_catalog_names_versions_it_could_not_read() -> None:
    head = b'{"RecipeFormatVersion": "2020-01-25", "ComponentName": "com.example.C"'
    # 1.0.0 is not YAML, 1.0.1 has no ComponentVersion: only 1.0.2 can be read.
    service = _GarbageService(
        [b"ComponentName: [", head + b"}", head + b', "ComponentVersion": "1.0.2"}']
    )
    catalog = await OnlineCatalog(service).load(["com.example.C"])  # type: ignore[arg-type]
    assert catalog.versions("com.example.C") == ["1.0.2"]
    conflict = _conflict({"com.example.C": "<1.0.2"}, catalog)
    assert [p.source.split(" (")[0] for p in catalog.problems] == [
        "com.example.C 1.0.0",
        "com.example.C 1.0.1",
    ]
    assert conflict.catalog_problems == catalog.problems
    assert str(conflict).count("\n  - com.example.C 1.0.") == 2


def test_a_conflict_of_the_device_replay_names_them_too(tmp_path: Path) -> None:
    # A and B depend on each other: the complete resolver finds versions, the nucleus refuses
    # the cycle however the deployment is pinned. A 2.0.0's recipe cannot be read.
    _write(tmp_path, "a-1.json", "com.example.A", "1.0.0", {"com.example.B": "^1.0.0"})
    _write(tmp_path, "b-1.json", "com.example.B", "1.0.0", {"com.example.A": "^1.0.0"})
    _write(tmp_path, "a-2.json", "com.example.A", "2.0.0", {})
    broken = json.loads((tmp_path / "a-2.json").read_text())
    broken["Manifests"] = [{"Artifacts": [{"URI": "s3://bucket/with space"}]}]
    (tmp_path / "a-2.json").write_text(json.dumps(broken))
    with pytest.raises(ResolutionConflict) as caught:
        pin({"com.example.A": "^1.0.0"}, folder_catalog(tmp_path))
    conflict = caught.value
    assert conflict.failure is None  # the device replay's sentence, not a derivation
    [problem] = conflict.catalog_problems
    assert isinstance(problem, CatalogProblem) and problem.component == "com.example.A"
    assert "circular" in str(conflict).lower()
    assert "This answer may be wrong" in str(conflict) and "a-2.json" in str(conflict)
