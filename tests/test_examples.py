"""Every example runs as a user would run it (a fresh interpreter, its default local target)."""

from __future__ import annotations

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
