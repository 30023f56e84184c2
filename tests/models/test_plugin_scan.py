"""The quicker plugin lookup (``_core/plugin_scan.py``) gives pydantic the answer it would find.

Each case runs in a fresh interpreter: pydantic looks for plugins once per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

FIRST_MODEL = textwrap.dedent(
    """
    import importlib.metadata, json, sys
    from greengrass_sdk.greengrassv2 import models
    from pydantic.plugin import _loader

    model = models.GetDeploymentResponse
    settled = _loader._plugins
    response = model.model_validate({"deploymentId": "d-1"})
    print(json.dumps({
        "settled": None if settled is None else sorted(settled),
        "after_first_validation": sorted(_loader._plugins or {}),
        "entry_points": sorted(e.name for e in importlib.metadata.entry_points(group="pydantic")),
        "seen": sorted(getattr(sys.modules.get("fake_pydantic_plugin"), "SEEN", [])),
        "deployment_id": response.deployment_id,
    }))
    """
)


def run_first_model(extra_path: Path | None = None, **env: str) -> dict[str, object]:
    environment = {**os.environ, **env}
    if extra_path is not None:
        environment["PYTHONPATH"] = os.pathsep.join(
            [str(extra_path), *filter(None, [environment.get("PYTHONPATH")])]
        )
    done = subprocess.run(
        [sys.executable, "-c", FIRST_MODEL],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
        timeout=120,
    )
    result: dict[str, object] = json.loads(done.stdout)
    assert result["deployment_id"] == "d-1"
    return result


def test_without_any_plugin_the_lookup_is_answered_before_pydantic_looks() -> None:
    result = run_first_model()
    if result["entry_points"]:
        pytest.skip(f"this environment installs pydantic plugins: {result['entry_points']}")
    # Settled when the first class was built, before pydantic's own lookup ran, with the
    # answer that lookup gives (no entry point of group "pydantic" is installed).
    assert result["settled"] == []
    assert result["after_first_validation"] == []


def test_an_installed_plugin_is_still_found_and_used(tmp_path: Path) -> None:
    dist_info = tmp_path / "fake_pydantic_plugin-1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fake-pydantic-plugin\nVersion: 1.0\n"
    )
    (dist_info / "entry_points.txt").write_text("[pydantic]\nfake = fake_pydantic_plugin:plugin\n")
    (tmp_path / "fake_pydantic_plugin.py").write_text(
        textwrap.dedent(
            """
            SEEN = []

            class _Plugin:
                def new_schema_validator(self, schema, schema_type, schema_type_path,
                                         schema_kind, config, plugin_settings):
                    SEEN.append(schema_type_path.name)
                    return None, None, None

            plugin = _Plugin()
            """
        )
    )
    result = run_first_model(tmp_path)
    assert result["entry_points"] == ["fake"]
    assert result["settled"] is None  # left to pydantic
    assert result["after_first_validation"] == ["fake_pydantic_plugin:plugin"]
    assert "GetDeploymentResponse" in result["seen"]  # type: ignore[operator]


def test_plugins_switched_off_are_left_to_pydantic() -> None:
    result = run_first_model(PYDANTIC_DISABLE_PLUGINS="1")
    assert result["settled"] is None
    assert result["after_first_validation"] == []
