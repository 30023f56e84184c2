"""Every example runs as a user would run it (a fresh interpreter, its default local target)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

EXPECTED = {
    "resolve_and_pin.py": [
        "device prediction: the device fails the deployment at com.example.Lib",
        "pin: {'com.example.Plugin': '1.0.0'}",
        "deployed as written: ['FAILED']",
        "deployed with pins: ['SUCCEEDED']",
    ],
    "quickstart.py": [
        "com.example.Greeter 1.0.0: DEPLOYABLE",
        "the device's own walk: resolves",
        "and thinggroup/Legacy requires com.example.Logger ~1.0.0",
        "demo-core-1: SUCCEEDED",
        "greeter-bundle 1.0.0 is PUBLISHED",
        "ran against the embedded local emulator",
    ],
    "iot_package_version.py": ["(DRAFT)", "now PUBLISHED", "rejected before sending"],
    "v1_core_definition_version.py": ["core definition", "created (request id"],
    "publish_component.py": [
        "com.example.PublishDemo 1.0.0: create, DEPLOYABLE",
        "same content again: reuse 1.0.0, uploaded nothing: True",
        "changed app: 1.0.1 (create)",
        "1.0.0 with other content: refused, 1 difference(s), nothing uploaded",
        "ran against the embedded local emulator and moto's S3 server",
    ],
    "fleet_rollout.py": [
        "failed: core-032: Component com.example.Telemetry exited with 1. "
        "['DEPLOYMENT_FAILURE', 'COMPONENT_UPDATE_ERROR', 'COMPONENT_BROKEN']",
        "watch ended (deadline): {'FAILED': 4, 'QUEUED': 1, 'SUCCEEDED': 95}",
        "stuck: core-042: QUEUED for 10 min (device offline?)",
        "retrying 4 devices through Fleet-retry-",
        "subdeployment: {'SUCCEEDED': 4}",
    ],
    "plan_deployment.py": [
        "plan: core-3: FAILS: the device fails the deployment at aws.greengrass.Nucleus",
        "plan: core-0, core-1, core-2: ~ aws.greengrass.Nucleus 2.10.0 -> 2.12.0 (upgraded)",
        "blocked: core-3 by com.example.Modbus 1.0.0 (deployed by thinggroup/Legacy)",
        "fix: thinggroup/Legacy: com.example.Modbus 1.0.0 -> 1.1.0 (verified by replay: True)",
        "revised Fleet: ['added', 'configuration'], created: True",
        "core-3: ['SUCCEEDED'], as planned: True",
    ],
    "fanout_core_devices.py": [
        "200 core devices: {'HEALTHY': 188, 'UNHEALTHY': 12}",
        "installed components across the fleet: 188",
    ],
}


def test_every_example_is_exercised() -> None:
    scripts = {p.name for p in EXAMPLES.glob("*.py") if not p.name.startswith("_")}
    assert scripts == set(EXPECTED)


@pytest.mark.parametrize("script", sorted(EXPECTED))
def test_example_runs(script: str) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / script)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=EXAMPLES.parent,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for text in EXPECTED[script]:
        assert text in result.stdout, result.stdout


def test_quickstart_against_another_endpoint() -> None:
    """The --endpoint-url path (as against a real account), with a separately started server."""
    server = subprocess.Popen(
        [sys.executable, "-m", "greengrass_sdk.testing", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        endpoint = server.stdout.readline().strip().rsplit(" ", 1)[-1]
        assert endpoint.startswith("http://127.0.0.1:")
        env = {
            **os.environ,
            "AWS_ACCESS_KEY_ID": "account-key",
            "AWS_SECRET_ACCESS_KEY": "account-secret",
        }
        result = subprocess.run(
            [
                sys.executable,
                str(EXAMPLES / "quickstart.py"),
                "--endpoint-url",
                endpoint,
                "--region",
                "eu-central-1",
                "--thing-group-arn",
                "arn:aws:iot:eu-central-1:123456789012:thinggroup/RealFleet",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "deployment is ACTIVE (pass --core-device to watch one)" in result.stdout
    assert f"ran against {endpoint}" in result.stdout
