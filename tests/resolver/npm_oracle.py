"""A long-lived node process answering semver questions with npm's own package."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NPM_SEMVER_VERSION = "7.8.6"
ORACLE_SCRIPT = Path(__file__).with_name("npm_oracle.js")


def install_npm_semver(prefix: Path) -> Path:
    """Install the pinned npm semver under ``prefix`` (once) and return its directory."""
    package_dir = prefix / "node_modules" / "semver"
    manifest = package_dir / "package.json"
    if manifest.exists() and json.loads(manifest.read_text())["version"] == NPM_SEMVER_VERSION:
        return package_dir
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed to compare against npm's semver")
    prefix.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            npm,
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(prefix),
            f"semver@{NPM_SEMVER_VERSION}",
        ],
        check=True,
        capture_output=True,
    )
    return package_dir


@dataclass
class Answers:
    valid_range: list[bool]
    valid_version: list[bool]
    satisfies: list[bool]
    max_satisfying: list[str | None]


class NpmOracle:
    """Drives ``node npm_oracle.js`` over stdin/stdout, one JSON line per batch."""

    def __init__(self, semver_dir: Path) -> None:
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is needed to compare against npm's semver")
        self._process = subprocess.Popen(
            [node, str(ORACLE_SCRIPT), str(semver_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, ranges: list[str], versions: list[str], pairs: list[tuple[int, int]]) -> Answers:
        assert self._process.stdin is not None and self._process.stdout is not None
        request: dict[str, Any] = {"ranges": ranges, "versions": versions, "pairs": pairs}
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        reply = json.loads(self._process.stdout.readline())
        return Answers(
            reply["validRange"], reply["validVersion"], reply["satisfies"], reply["maxSatisfying"]
        )

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=10)
