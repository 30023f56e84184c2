"""``greengrass-sdk lint``: recipes and version requirements, as Greengrass reads them.

Recipe files are read with :func:`greengrass_sdk.recipes.read_recipe_file`: an error (a recipe
Greengrass refuses) fails the file; warnings (requirements the device reads unlike npm's semver,
unknown keys, lifecycle steps the nucleus does not run) are printed. ``--requirement`` lints a
version requirement alone with :func:`greengrass_sdk.resolver.lint_requirement`. Exit status 0
when nothing is wrong, 1 when a recipe is refused or a requirement draws a warning, 2 on bad
arguments.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from greengrass_sdk._core.exceptions import ClientUsageError
from greengrass_sdk.cli.options import EXIT_FAILED, EXIT_OK, add_json_option, print_json
from greengrass_sdk.recipes import RecipeError, read_recipe_file
from greengrass_sdk.resolver import lint_requirement

__all__ = ["register"]

_RECIPE_SUFFIXES = (".json", ".yaml", ".yml")


def register(subparsers: Any) -> None:
    """Add the ``lint`` subcommand."""
    parser = subparsers.add_parser(
        "lint",
        help="check recipes and version requirements as Greengrass and the device read them",
        description=(
            "Read recipe files (or every recipe in a folder) as Greengrass does and report "
            "refusals and warnings; lint version requirements for where the device's reader "
            "(semver4j) differs from npm's semver."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="recipe file or folder")
    parser.add_argument(
        "--requirement",
        "-r",
        action="append",
        default=[],
        metavar="REQUIREMENT",
        help="a version requirement to lint, e.g. '~>1.2.0' (repeatable)",
    )
    parser.add_argument(
        "--version",
        action="append",
        default=[],
        metavar="VERSION",
        help="with --requirement: versions to compare the two readers on (repeatable)",
    )
    add_json_option(parser)
    parser.set_defaults(run=run)


def _recipe_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in _RECIPE_SUFFIXES)
        else:
            files.append(path)
    return files


def run(args: argparse.Namespace) -> int:
    """Run ``lint`` with parsed arguments."""
    if not args.paths and not args.requirement:
        raise ClientUsageError("lint: give recipe paths, --requirement, or both")
    recipes: list[dict[str, Any]] = []
    for path in _recipe_files(args.paths):
        try:
            reading = read_recipe_file(path)
        except RecipeError as error:
            recipes.append({"path": str(path), "ok": False, "error": str(error), "warnings": []})
            continue
        warnings = [{"key": key, "message": message} for key, message in reading.warnings]
        recipes.append({"path": str(path), "ok": True, "warnings": warnings})
    requirements = []
    for text in args.requirement:
        found = lint_requirement(text, versions=args.version or None)
        requirements.append({"requirement": text, "warnings": found})
    failed = any(not r["ok"] for r in recipes) or any(r["warnings"] for r in requirements)
    if args.json:
        print_json({"ok": not failed, "recipes": recipes, "requirements": requirements})
    else:
        for recipe in recipes:
            if not recipe["ok"]:
                print(f"error: {recipe['error']}")
            for warning in recipe["warnings"]:
                print(f"warning: {recipe['path']}: {warning['key']}: {warning['message']}")
        for requirement in requirements:
            for lint in requirement["warnings"]:
                print(f"warning: {requirement['requirement']!r}: {lint}")
        total = len(recipes) + len(requirements)
        print(f"{total} checked, {'problems found' if failed else 'no problems'}")
    return EXIT_FAILED if failed else EXIT_OK
