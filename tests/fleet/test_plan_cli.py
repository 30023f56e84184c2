"""``greengrass-sdk plan | blockers | revise`` against the emulator, over real HTTP."""

from __future__ import annotations

import asyncio
import json

import pytest

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.cli import main
from greengrass_sdk.testing import LocalGreengrass
from tests.fleet.conftest import REGION, group_arn
from tests.fleet.planning_fleet import NUCLEUS, seed


@pytest.fixture
async def fleet(
    server: LocalGreengrass, gg: GreengrassV2Client, monkeypatch: pytest.MonkeyPatch
) -> LocalGreengrass:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    await seed(server, gg)
    return server


def _run(server: LocalGreengrass, *argv: str) -> list[str]:
    return [*argv, "--region", REGION, "--endpoint-url", server.endpoint_url]


async def test_plan_prints_grouped_outcomes_and_exits_1_on_a_predicted_failure(
    fleet: LocalGreengrass, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _run(fleet, "plan", group_arn("Apps"), "--component", "com.example.App=2.0.0")
    assert await asyncio.to_thread(main, [*argv, "--devices"]) == 1
    out = capsys.readouterr().out
    assert "5 devices, 2 outcomes" in out
    assert "FAILS: the device fails the deployment at com.example.Lib" in out
    assert "~ com.example.App 1.0.0 -> 2.0.0 (upgraded)" in out
    assert "fails at com.example.Lib" in out  # the per-device table

    assert await asyncio.to_thread(main, [*argv, "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert [g["devices"] for g in document["groups"]] == [
        ["core-b"],
        ["core-a", "core-c", "core-d", "core-f"],
    ]

    ok = _run(fleet, "plan", group_arn("Logging"), "--component", "com.example.Logger=1.1.0")
    assert await asyncio.to_thread(main, ok) == 0


async def test_blockers_names_the_blocking_component_and_the_fix(
    fleet: LocalGreengrass, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _run(fleet, "blockers", group_arn("Apps"), f"{NUCLEUS}@2.12.0")
    assert await asyncio.to_thread(main, argv) == 1
    out = capsys.readouterr().out
    assert "1 of 5 devices blocked" in out
    assert "com.example.Legacy 1.0.0 (deployed by thinggroup/Old)" in out
    assert "thinggroup/Old: com.example.Legacy 1.0.0 -> 1.1.0" in out
    assert "verified by replay" in out

    assert await asyncio.to_thread(main, [*argv[:2], "no-at-sign", *argv[3:]]) == 2
    assert "write NAME@VALUE" in capsys.readouterr().err


async def test_revise_dry_run_shows_the_diff_and_creates_nothing(
    fleet: LocalGreengrass, capsys: pytest.CaptureFixture[str]
) -> None:
    deployments = len(fleet.state().deployments)
    argv = _run(
        fleet,
        "revise",
        group_arn("Apps"),
        "--set",
        f"{NUCLEUS}=2.12.0",
        "--merge",
        'com.example.App={"interval": 5}',
        "--dry-run",
    )
    # core-f is blocked by Legacy 1.0.0: the plan shows it, and the exit status says so.
    assert await asyncio.to_thread(main, argv) == 1
    out = capsys.readouterr().out
    assert "com.example.App" in out and "configuration" in out and '{"interval": 5}' in out
    assert f"{NUCLEUS}" in out and "added" in out
    assert "FAILS" in out
    assert len(fleet.state().deployments) == deployments

    refused = [a for a in argv if a != "--dry-run"]
    assert await asyncio.to_thread(main, refused) == 1
    assert "would fail the revised deployment" in capsys.readouterr().err
    assert len(fleet.state().deployments) == deployments

    fine = _run(fleet, "revise", group_arn("Logging"), "--set", "com.example.Logger=1.1.0")
    assert await asyncio.to_thread(main, [*fine, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["created"] and document["deploymentId"]
    assert len(fleet.state().deployments) == deployments + 1
