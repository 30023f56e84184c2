"""The device's reading of requirements, surfaced where recipes are read.

A requirement the device cannot parse is refused (test_requirement_rule.py); one it reads but
unlike npm's semver (whose meaning AWS documents) is a ``device-reads-differently`` warning, with
its key path, in ``read_recipe``'s warnings, in a catalog's ``warnings`` and in the resolver CLI.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from greengrass_sdk import GreengrassV2Client, RetryPolicy
from greengrass_sdk.cli import main as cli_main
from greengrass_sdk.recipes import (
    CatalogWarning,
    OnlineCatalog,
    catalog_from_recipes,
    folder_catalog,
    load_recipe,
    read_recipe,
)
from greengrass_sdk.testing import LocalGreengrass


def main(argv: list[str]) -> int:
    return cli_main(["resolve", *argv])


PATH = "ComponentDependencies.{}.VersionRequirement"
# (requirement, what the device stores) where the device and npm disagree on some version:
# "~>" swallows the "~" ("=1.2.0", npm: ">=1.2.0 <1.3.0"); a lone upper bound admits
# pre-releases on the device. "^1.2.0" and a plain range are read alike: no warning.
DIFFERENT = {"com.example.Tilde": ("~>1.2.0", "=1.2.0"), "com.example.Upper": ("<2.2", "<2.2")}
ALIKE = {"com.example.Caret": "^1.2.0", "com.example.Range": ">=1.0.0 <2.0.0"}


def _recipe(name: str = "com.example.App", version: str = "1.0.0") -> str:
    requirements = {d: r for d, (r, _) in DIFFERENT.items()} | ALIKE
    return json.dumps(
        {
            "RecipeFormatVersion": "2020-01-25",
            "ComponentName": name,
            "ComponentVersion": version,
            "ComponentDependencies": {
                d: {"VersionRequirement": r} for d, r in requirements.items()
            },
            "Manifests": [{"Platform": {"os": "linux"}, "Lifecycle": {"run": "true"}}],
        }
    )


def _requirement_warnings(warnings: list[tuple[str, str]]) -> dict[str, str]:
    return {path: note for path, note in warnings if path.startswith("ComponentDependencies.")}


def test_read_recipe_warns_where_the_device_reads_a_requirement_otherwise() -> None:
    found = _requirement_warnings(read_recipe(_recipe()).warnings)
    assert set(found) == {PATH.format(name) for name in DIFFERENT}
    for name, (written, stored) in DIFFERENT.items():
        note = found[PATH.format(name)]
        assert note.startswith("device-reads-differently: ")
        assert f"reads {written!r} as {stored!r}" in note
    tilde = found[PATH.format("com.example.Tilde")]
    assert "1.2.1 (rejected by the device)" in tilde  # npm's ~ admits it, the device's = not


def test_other_warnings_stay_and_alike_requirements_say_nothing() -> None:
    text = json.loads(_recipe())
    text["ComponentDependencies"] = {d: {"VersionRequirement": r} for d, r in ALIKE.items()}
    text["FutureKey"] = 1
    assert read_recipe(json.dumps(text)).warnings == [
        ("FutureKey", "unknown key, ignored by Greengrass")
    ]


def test_catalogs_keep_the_warnings_with_their_source(tmp_path: Path) -> None:
    (tmp_path / "app.json").write_text(_recipe())
    (tmp_path / "windows.json").write_text(_recipe("com.example.Win").replace("linux", "windows"))
    catalog = folder_catalog(tmp_path, platform={"os": "linux"})
    assert {(w.source, w.path, w.component) for w in catalog.warnings} == {
        (str(tmp_path / "app.json"), PATH.format(name), "com.example.App") for name in DIFFERENT
    }  # the Windows-only recipe is not in a Linux device's catalog: nothing to warn about
    warning = next(w for w in catalog.warnings if "Tilde" in w.path)
    assert str(warning).startswith(f"{tmp_path / 'app.json'}: {warning.path}: device-reads")
    in_memory = catalog_from_recipes([load_recipe(_recipe())])
    assert [w.path for w in in_memory.warnings] == [w.path for w in catalog.warnings]
    assert all(isinstance(w, CatalogWarning) for w in in_memory.warnings)
    assert in_memory.warnings[0].source == "com.example.App 1.0.0"


def test_the_cli_prints_the_warnings_and_still_resolves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "app.json").write_text(_recipe())
    provided = [f"--provided={name}=1.2.0" for name in [*DIFFERENT, *ALIKE]]
    assert main([str(tmp_path), "--root", "com.example.App=1.0.0", *provided]) == 0
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if "device-reads-differently" in line]
    assert len(lines) == 2 and all(line.startswith("warning: ") for line in lines)
    assert any("com.example.Tilde" in line and "'=1.2.0'" in line for line in lines)
    assert captured.out.splitlines()[1].split()[:2] == ["com.example.App", "1.0.0"]


@pytest.fixture
async def gg() -> AsyncIterator[GreengrassV2Client]:
    fast = RetryPolicy(max_attempts=2, initial_backoff=0.001, max_backoff=0.01)
    async with (
        LocalGreengrass() as server,
        GreengrassV2Client(**server.connection_kwargs(), retry=fast) as client,
    ):
        yield client


async def test_the_online_catalog_keeps_the_warnings(gg: GreengrassV2Client) -> None:
    await gg.create_component_version(inline_recipe=_recipe())
    online = OnlineCatalog(gg, provided={name: "1.2.0" for name in [*DIFFERENT, *ALIKE]})
    catalog = await online.load(["com.example.App"])
    assert {w.path for w in catalog.warnings} == {PATH.format(name) for name in DIFFERENT}
    assert online.warnings == catalog.warnings
    assert all(w.source.startswith("com.example.App 1.0.0 (arn:") for w in catalog.warnings)
