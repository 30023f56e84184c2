"""``greengrass-sdk publish`` against the emulator and moto's S3 server."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from greengrass_sdk.cli import main
from greengrass_sdk.testing import LocalGreengrass
from tests.publish.conftest import REGION
from tests.publish.test_publish import NAME

TEMPLATE = {
    "RecipeFormatVersion": "2020-01-25",
    "ComponentName": "{COMPONENT_NAME}",
    "ComponentVersion": "{COMPONENT_VERSION}",
    "ComponentPublisher": "{COMPONENT_AUTHOR}",
    "Manifests": [
        {
            "Platform": {"os": "linux"},
            "Lifecycle": {"run": "python3 -u {artifacts:decompressedPath}/app/main.py"},
            "Artifacts": [
                {
                    "Uri": "s3://BUCKET_NAME/COMPONENT_NAME/COMPONENT_VERSION/app.zip",
                    "Unarchive": "ZIP",
                },
                {"Uri": "s3://BUCKET_NAME/COMPONENT_NAME/COMPONENT_VERSION/config.json"},
            ],
        }
    ],
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    (tmp_path / "recipe.json").write_text(json.dumps(TEMPLATE))
    build = tmp_path / "build"
    (build / "app").mkdir(parents=True)
    (build / "app" / "main.py").write_text("print('hi')\n")
    (build / "config.json").write_text("{}\n")
    return tmp_path


def _argv(project: Path, emulator: LocalGreengrass, moto: str, *extra: str) -> list[str]:
    return [
        "publish",
        str(project / "recipe.json"),
        "--artifacts",
        str(project / "build"),
        "--bucket",
        "artifacts-bucket",
        "--name",
        NAME,
        "--publisher",
        "Example Corp",
        "--version",
        "NEXT_PATCH",
        "--region",
        REGION,
        "--endpoint-url",
        emulator.endpoint_url,
        "--s3-endpoint-url",
        moto,
        *extra,
    ]


async def test_cli_publishes_a_template_and_republishing_is_a_no_op(
    project: Path,
    emulator: LocalGreengrass,
    moto: str,
    bucket: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = _argv(project, emulator, moto)
    assert await asyncio.to_thread(main, argv) == 0
    first = capsys.readouterr()
    assert f"{NAME} 1.0.0: create, DEPLOYABLE" in first.out
    assert "app.zip: uploaded s3://artifacts-bucket/com.example.Hello/1.0.0/app.zip" in first.out
    assert "app.zip" in first.err  # the progress bar

    assert await asyncio.to_thread(main, [*argv, "--dry-run"]) == 0
    plan = capsys.readouterr().out
    assert f"component {NAME} 1.0.1: create" in plan
    assert "app.zip" in plan and ": upload" in plan

    stored = emulator.state().find_component_version(NAME, "1.0.0")
    assert stored is not None and stored.recipe["ComponentPublisher"] == "Example Corp"
    assert emulator.state().find_component_version(NAME, "1.0.1") is None


async def test_cli_reports_errors_on_one_line_with_status_2(
    project: Path, emulator: LocalGreengrass, moto: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv: list[Any] = _argv(project, emulator, moto, "--quiet")
    argv[argv.index("artifacts-bucket")] = "missing-bucket"
    assert await asyncio.to_thread(main, argv) == 2
    err = capsys.readouterr().err
    assert "error: bucket 'missing-bucket' does not exist" in err

    bad = [*argv[:2], "--artifact", "no-equals-sign", *argv[2:]]
    assert await asyncio.to_thread(main, bad) == 2
    assert "write NAME=PATH" in capsys.readouterr().err
