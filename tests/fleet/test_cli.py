"""``greengrass-sdk deploy --watch`` and ``status`` against the emulator, in its own thread."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from greengrass_sdk.cli import main
from greengrass_sdk.testing import DeviceBehaviour, LocalGreengrass
from tests.fleet.conftest import APP, group_arn


@pytest.fixture
def running(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalGreengrass]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "local")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "local")
    monkeypatch.setenv("COLUMNS", "200")
    server = LocalGreengrass()  # a clock that follows real time: the CLI really waits
    with server.in_thread():
        server.add_component_version(APP)
        for index in range(6):
            name = f"core-{index}"
            server.register_core_device(name, thing_groups=["Fleet"])
            behaviour = (
                DeviceBehaviour.fails("Component com.example.App exited with code 3.", after=0.2)
                if index == 4
                else DeviceBehaviour.succeeds(after=0.1)
            )
            server.script_device(name, behaviour)
        yield server


def _connection(server: LocalGreengrass) -> list[str]:
    return ["--endpoint-url", server.endpoint_url, "--region", "us-east-1"]


def test_deploy_watch_follows_the_rollout_and_fails_on_a_failed_device(
    running: LocalGreengrass, capsys: pytest.CaptureFixture[str]
) -> None:
    deploy = ["deploy", group_arn("Fleet"), "-c", "com.example.App=1.0.0", "--preset", "gradual"]
    watch = ["--watch", "--interval", "0.1", "--deadline", "1"]
    status = main([*deploy, *watch, *_connection(running)])
    out = capsys.readouterr().out
    assert status == 1
    assert "FAILED core-4: Component com.example.App exited with code 3." in out
    assert "DEPLOYMENT_FAILURE, COMPONENT_UPDATE_ERROR, COMPONENT_BROKEN" in out
    assert "6 devices: FAILED 1  SUCCEEDED 5" in out
    assert "watch ended: finished" in out

    deployment_id = out.split("deployment ", 1)[1].split(" ", 1)[0]
    status = main(["status", deployment_id, *_connection(running)])
    out = capsys.readouterr().out
    assert status == 1
    assert "core-4" in out and "core-0" not in out  # succeeded devices only with --all
    status = main(["status", deployment_id, "--all", *_connection(running)])
    assert "core-0" in capsys.readouterr().out


def test_a_rollout_without_failures_exits_zero(
    running: LocalGreengrass, capsys: pytest.CaptureFixture[str]
) -> None:
    running.script_device("core-4", DeviceBehaviour.succeeds(after=0.1))
    deploy = ["deploy", group_arn("Fleet"), "-c", "com.example.App=1.0.0"]
    watch = ["--watch", "--interval", "0.1", "--deadline", "1"]
    status = main([*deploy, *watch, *_connection(running)])
    assert status == 0
    assert "6 devices: SUCCEEDED 6" in capsys.readouterr().out


def test_bad_input_exits_two(running: LocalGreengrass, capsys: pytest.CaptureFixture[str]) -> None:
    bad = ["deploy", group_arn("Fleet"), "-c", "com.example.App", *_connection(running)]
    assert main(bad) == 2
    assert "NAME=VERSION" in capsys.readouterr().err
    assert main(["status", "no-such-deployment", *_connection(running)]) == 2
    assert "ResourceNotFoundException" in capsys.readouterr().err
