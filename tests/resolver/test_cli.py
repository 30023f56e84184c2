from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from greengrass_sdk.cli import main as cli_main
from tests.resolver.test_catalogs import _write


def main(argv: list[str]) -> int:
    return cli_main(["resolve", *argv])


@pytest.fixture
def recipes(tmp_path: Path) -> Path:
    _write(tmp_path, "com.example.App", "2.1.0", {"com.example.Lib": "^2.0.0"})
    _write(
        tmp_path,
        "com.example.App",
        "1.0.0",
        {"com.example.Lib": "~1.4.0", "com.example.Plugin": "*"},
    )
    _write(tmp_path, "com.example.Plugin", "2.0.0", {"com.example.Lib": "<1.4.0"})
    _write(tmp_path, "com.example.Plugin", "1.0.0", {})
    for version in ["1.3.0", "1.4.0", "1.4.2", "2.0.0"]:
        _write(tmp_path, "com.example.Lib", version, {})
    return tmp_path


def test_prints_a_table(recipes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(recipes), "--root", "com.example.App=^2.0.0"]) == 0
    out = capsys.readouterr().out
    assert "com.example.Lib  2.0.0" in out
    assert out.splitlines()[0].startswith("COMPONENT")


def test_conflict_exits_1(recipes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        [str(recipes), "--root", "com.example.App==2.1.0", "--root", "com.example.Lib=~1.4.0"]
    )
    assert status == 1
    err = capsys.readouterr().err
    assert "com.example.App 2.1.0 depends on com.example.Lib ^2.0.0" in err
    assert "deployment requires com.example.Lib ~1.4.0" in err


def test_device_prediction_and_pins(recipes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(recipes), "--root", "com.example.App==1.0.0", "--device"]) == 0
    out = capsys.readouterr().out
    assert "the device fails the deployment at com.example.Lib" in out
    assert "com.example.Plugin = 1.0.0" in out


def test_runs_as_a_module(recipes: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "greengrass_sdk.resolver",
            str(recipes),
            "--root",
            "com.example.App=*",
            "--platform",
            "os=linux",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "com.example.App  2.1.0" in result.stdout


def test_missing_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nope"), "--root", "a=1"]) == 2
    assert "is not a directory" in capsys.readouterr().err


def test_a_broken_recipe_is_a_warning_and_provided_components_resolve(
    recipes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (recipes / "broken.yaml").write_text("ComponentName: com.example.Broken\n")
    _write(recipes, "com.example.Agent", "1.0.0", {"aws.greengrass.Nucleus": ">=2.0.0"})
    args = [str(recipes), "--root", "com.example.Agent=1.0.0", "--root", "com.example.App=^2.0.0"]
    assert main(args) == 1  # the Nucleus is in no recipe of the folder
    assert "aws.greengrass.Nucleus" in capsys.readouterr().err
    status = main([*args, "--provided", "aws.greengrass.Nucleus=2.12.0"])
    captured = capsys.readouterr()
    assert status == 0
    assert "aws.greengrass.Nucleus  2.12.0" in captured.out
    assert "warning: skipped" in captured.err and "broken.yaml" in captured.err
    assert "RecipeFormatVersion: required" in captured.err


def test_a_conflict_names_the_unreadable_recipes_that_might_matter(
    recipes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (recipes / "lib-3.json").write_text(
        '{"RecipeFormatVersion": "2020-01-25", "ComponentName": "com.example.Lib",'
        ' "ComponentVersion": "3.0.0", "Manifests": [{"Artifacts": [{"URI": "a b"}]}]}'
    )
    assert main([str(recipes), "--root", "com.example.Lib=^3.0.0"]) == 1
    err = capsys.readouterr().err
    assert "lib-3.json" in err and "may be wrong" in err
    # A broken recipe of a component the conflict does not involve changes nothing.
    (recipes / "lib-3.json").rename(recipes / "other.json")
    (recipes / "other.json").write_text(
        (recipes / "other.json").read_text().replace("com.example.Lib", "com.example.Other")
    )
    assert main([str(recipes), "--root", "com.example.Lib=^3.0.0"]) == 1
    assert "may be wrong" not in capsys.readouterr().err
