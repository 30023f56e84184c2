"""The installed ``greengrass-sdk`` command, run in a subprocess as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from greengrass_sdk import GreengrassV2SyncClient

COMMAND = str(Path(sys.executable).parent / "greengrass-sdk")
EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [COMMAND, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def write_recipe(folder: Path, name: str, version: str, deps: dict[str, str] | None = None) -> None:
    document = {
        "RecipeFormatVersion": "2020-01-25",
        "ComponentName": name,
        "ComponentVersion": version,
        "ComponentDependencies": {d: {"VersionRequirement": r} for d, r in (deps or {}).items()},
    }
    (folder / f"{name}-{version}.json").write_text(json.dumps(document))


@pytest.fixture
def recipes(tmp_path: Path) -> Path:
    write_recipe(tmp_path, "com.example.App", "1.0.0", {"com.example.Lib": "~>1.2.0"})
    for version in ("1.2.0", "1.2.5", "2.0.0"):
        write_recipe(tmp_path, "com.example.Lib", version)
    return tmp_path


def test_the_installed_command_lists_every_subcommand() -> None:
    done = run("--help")
    assert done.returncode == EXIT_OK
    for command in ("resolve", "lint", "recipe", "publish", "deploy", "status", "plan"):
        assert command in done.stdout
    for command in ("blockers", "revise", "emulator", "completion"):
        assert command in done.stdout


def test_resolve_json_answers_for_the_device(recipes: Path) -> None:
    done = run("resolve", str(recipes), "--root", "com.example.App=1.0.0", "--device", "--json")
    assert done.returncode == EXIT_OK, done.stderr
    answer = json.loads(done.stdout)
    # semver4j stores "~>1.2.0" as "=1.2.0": the device can only take 1.2.0.
    assert answer["versions"] == {"com.example.App": "1.0.0", "com.example.Lib": "1.2.0"}
    assert answer["device"]["succeeded"] is True
    assert "device-reads-differently" in done.stderr  # the lint, as a warning


def test_resolve_conflict_and_bad_arguments_have_their_exit_codes(recipes: Path) -> None:
    conflict = run(
        "resolve", str(recipes), "--root", "com.example.App=1.0.0", "--root", "com.example.Lib=2"
    )
    assert conflict.returncode == EXIT_FAILED
    assert "No versions can be chosen" in conflict.stderr
    bad = run("resolve", str(recipes), "--root", "com.example.App")
    assert bad.returncode == EXIT_ERROR
    assert "write NAME=REQUIREMENT" in bad.stderr


def test_lint_recipes_and_requirements(recipes: Path) -> None:
    (recipes / "broken.json").write_text('{"ComponentName": "a b", "ComponentVersion": "1.0.0"}')
    done = run("lint", str(recipes), "--json")
    assert done.returncode == EXIT_FAILED
    report = json.loads(done.stdout)
    by_path = {Path(r["path"]).name: r for r in report["recipes"]}
    assert (
        by_path["broken.json"]["ok"] is False and "ComponentName" in by_path["broken.json"]["error"]
    )
    app = by_path["com.example.App-1.0.0.json"]
    assert app["ok"] is True
    assert [w["key"] for w in app["warnings"]] == [
        "ComponentDependencies.com.example.Lib.VersionRequirement"
    ]
    fine = run("lint", "-r", "^1.2.0")
    assert fine.returncode == EXIT_OK and "no problems" in fine.stdout
    differs = run("lint", "-r", ">=1.x", "--json")
    assert differs.returncode == EXIT_FAILED
    [requirement] = json.loads(differs.stdout)["requirements"]
    assert requirement["warnings"][0]["code"] == "device-cannot-parse"


def test_recipe_schema_and_render(tmp_path: Path) -> None:
    schema = run("recipe", "schema")
    assert schema.returncode == EXIT_OK
    assert json.loads(schema.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    template = tmp_path / "recipe.yaml"
    template.write_text(
        "RecipeFormatVersion: '2020-01-25'\n"
        "ComponentName: '{COMPONENT_NAME}'\n"
        "ComponentVersion: '{COMPONENT_VERSION}'\n"
        "Manifests:\n"
        "  - Artifacts:\n"
        "      - URI: s3://BUCKET_NAME/COMPONENT_NAME/COMPONENT_VERSION/app.zip\n"
    )
    rendered = run(
        "recipe",
        "render",
        str(template),
        "--name",
        "com.example.T",
        "--version",
        "1.2.3",
        "--bucket",
        "artifacts",
    )
    assert rendered.returncode == EXIT_OK, rendered.stderr
    assert "s3://artifacts/com.example.T/1.2.3/app.zip" in rendered.stdout
    missing = run("recipe", "render", str(template), "--name", "com.example.T")
    assert missing.returncode == EXIT_ERROR
    assert "{COMPONENT_VERSION}" in missing.stderr and "BUCKET_NAME" in missing.stderr


def test_emulator_serve_with_a_seed_file(tmp_path: Path) -> None:
    seed = tmp_path / "seed.yaml"
    seed.write_text(
        "components:\n"
        "  - {RecipeFormatVersion: '2020-01-25', ComponentName: com.example.Seeded,"
        " ComponentVersion: 1.0.0}\n"
        "coreDevices:\n"
        "  - {thingName: core-1, thingGroups: [Fleet]}\n"
    )
    process = subprocess.Popen(
        [
            COMMAND,
            "emulator",
            "serve",
            "--port",
            "0",
            "--region",
            "eu-west-1",
            "--seed-file",
            str(seed),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "seeded 1 component versions and 1 core devices"
        endpoint = process.stdout.readline().strip().rsplit(" ", 1)[-1]
        assert endpoint.startswith("http://127.0.0.1:")
        with GreengrassV2SyncClient(
            endpoint_url=endpoint,
            region_name="eu-west-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",
        ) as gg:
            assert [c.component_name for c in gg.list_components()] == ["com.example.Seeded"]
            assert [d.core_device_thing_name for d in gg.list_core_devices()] == ["core-1"]
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["rec"], ["recipe"]),
        (["recipe", ""], ["render", "schema"]),
        (["publish", "recipe.json", "--bu"], ["--bucket"]),
        (["emulator", "serve", "--se"], ["--seed-file", "--services"]),
    ],
)
def test_bash_completion(words: list[str], expected: list[str]) -> None:
    script = run("completion", "bash").stdout
    line = " ".join(f"'{w}'" for w in ["greengrass-sdk", *words])
    probe = (
        f"{script}\nCOMP_WORDS=({line}); COMP_CWORD={len(words)}; _greengrass_sdk; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    done = subprocess.run(
        ["bash", "-c", probe], capture_output=True, text=True, timeout=30, env=dict(os.environ)
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == expected
