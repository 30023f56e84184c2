"""``python -m codegen [--check]``: regenerate the service modules, or verify they are current."""

from __future__ import annotations

import argparse
import difflib
import subprocess
import sys
from pathlib import Path

from codegen.outputs import generated_files

ROOT = Path(__file__).resolve().parent.parent


def _ruff(source: str, path: Path, *command: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "--stdin-filename", str(path), "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return result.stdout


def _format(source: str, path: Path) -> str:
    """Sort imports and format with the pinned ruff so the output is stable and lint-clean."""
    if path.suffix not in (".py", ".pyi"):
        return source
    sorted_imports = _ruff(source, path, "check", "--select", "I", "--fix", "--exit-zero", "-q")
    return _ruff(sorted_imports, path, "format")


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) every generated file; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    parser.add_argument(
        "--check", action="store_true", help="fail if committed output differs from a fresh run"
    )
    args = parser.parse_args(argv)
    stale: list[str] = []
    for relative, source in generated_files():
        path = ROOT / relative
        text = _format(source, path)
        current = path.read_text() if path.exists() else ""
        if current == text:
            continue
        if args.check:
            stale.append(relative)
            diff = difflib.unified_diff(
                current.splitlines(), text.splitlines(), relative, "fresh run", lineterm="", n=1
            )
            print("\n".join(list(diff)[:40]))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            print(f"wrote {relative}")
    if stale:
        print(f"stale generated files: {', '.join(stale)} (run `python -m codegen`)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
