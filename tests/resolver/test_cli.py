from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from greengrass_sdk.resolver.cli import main
from tests.resolver.test_catalogs import _write


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
