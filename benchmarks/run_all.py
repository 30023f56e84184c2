"""Run every benchmark in turn (``make bench``)."""

from __future__ import annotations

import runpy
from pathlib import Path

HERE = Path(__file__).parent

for name in (
    "import_time.py",
    "call_overhead.py",
    "versus_aiobotocore.py",
    "fault_tolerance.py",
    "resolver_bench.py",
    "recipes_bench.py",
    "publish_upload.py",
    "fleet_status.py",
    "emulator_scale.py",
    "plan_bench.py",
):
    path = HERE / name
    if path.exists():
        print(f"\n=== {name} ===")
        runpy.run_path(str(path), run_name="__main__")
