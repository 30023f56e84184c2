from __future__ import annotations

import json
from pathlib import Path

import pytest

from greengrass_sdk.recipes import folder_catalog
from greengrass_sdk.resolver import Dependency, InMemoryCatalog, InvalidRequirement


def _write(folder: Path, name: str, version: str, deps: dict[str, str], os: str = "linux") -> None:
    recipe = {
        "RecipeFormatVersion": "2020-01-25",
        "ComponentName": name,
        "ComponentVersion": version,
        "ComponentDependencies": {d: {"VersionRequirement": r} for d, r in deps.items()},
        "Manifests": [{"Platform": {"os": os}, "Lifecycle": {"run": "true"}}],
    }
    (folder / f"{name}-{version}.json").write_text(json.dumps(recipe))


def test_folder_catalog_reads_and_filters_by_platform(tmp_path: Path) -> None:
    _write(tmp_path, "com.example.App", "1.0.0", {"com.example.Lib": "^1.0.0"})
    _write(tmp_path, "com.example.Lib", "1.1.0", {})
    _write(tmp_path, "com.example.Lib", "1.2.0", {}, os="windows")
    catalog = folder_catalog(tmp_path, platform={"os": "linux", "architecture": "amd64"})
    assert catalog.versions("com.example.Lib") == ["1.1.0"]
    assert catalog.dependencies("com.example.App", "1.0.0") == {
        "com.example.Lib": Dependency("^1.0.0", "HARD")
    }
    assert folder_catalog(tmp_path).versions("com.example.Lib") == ["1.1.0", "1.2.0"]


def test_folder_catalog_records_bad_files_and_goes_on(tmp_path: Path) -> None:
    _write(tmp_path, "a", "1.0.0", {})
    (tmp_path / "broken.yaml").write_text("ComponentName: x\n")
    catalog = folder_catalog(tmp_path)
    assert catalog.versions("a") == ["1.0.0"]
    [problem] = catalog.problems
    assert problem.source.endswith("broken.yaml")
    assert "RecipeFormatVersion: required" in str(problem)


def test_duplicate_versions_are_recorded(tmp_path: Path) -> None:
    _write(tmp_path, "a", "1.0.0", {})
    (tmp_path / "copy").mkdir()
    _write(tmp_path / "copy", "a", "1.0.0", {})
    _write(tmp_path, "b", "1.0.0", {"a": "*"})
    _write(tmp_path, "b", "2.0.0", {})
    catalog = folder_catalog(tmp_path, provided={"aws.greengrass.Nucleus": "2.12.0", "b": "1.0.0"})
    assert catalog.versions("a") == ["1.0.0"]
    assert "also declared by" in str(catalog.problems[0])
    assert catalog.versions("aws.greengrass.Nucleus") == ["2.12.0"]
    assert catalog.dependencies("aws.greengrass.Nucleus", "2.12.0") == {}
    # A provided component is that version only, with its recipe's dependencies if any.
    assert catalog.versions("b") == ["1.0.0"]
    assert catalog.dependencies("b", "1.0.0") == {"a": Dependency("*")}


def test_in_memory_catalog_validates_eagerly() -> None:
    catalog = InMemoryCatalog()
    with pytest.raises(ValueError, match="Invalid version"):
        catalog.add("a", "1.0")
    with pytest.raises(InvalidRequirement):
        catalog.add("a", "1.0.0", {"b": "one"})  # neither reader parses it
    with pytest.raises(ValueError, match="HARD or SOFT"):
        Dependency("*", "WEAK")  # type: ignore[arg-type]
    catalog.add("a", "1.0.0", {"b": Dependency("*", "SOFT")})
    assert len(catalog) == 1
    assert catalog.names() == ["a"]
