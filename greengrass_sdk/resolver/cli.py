"""``python -m greengrass_sdk.resolver RECIPES_DIR --root NAME=REQUIREMENT ...``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from greengrass_sdk._core.exceptions import GreengrassError
from greengrass_sdk.recipes.catalogs import folder_catalog
from greengrass_sdk.resolver.device import pin, simulate_device
from greengrass_sdk.resolver.errors import InvalidRequirement, ResolutionConflict
from greengrass_sdk.resolver.resolution import resolve

__all__ = ["main"]


def _pairs(values: Sequence[str], what: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name:
            raise SystemExit(f"error: {what} must look like NAME=VALUE, got {value!r}")
        found[name] = rest
    return found


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m greengrass_sdk.resolver",
        description="Resolve Greengrass component versions from a folder of recipes.",
    )
    parser.add_argument("recipes", help="folder of recipe files (.json, .yaml, .yml)")
    parser.add_argument(
        "--root",
        action="append",
        default=[],
        required=True,
        metavar="NAME=REQUIREMENT",
        help="a root component and its requirement, e.g. com.example.App=^1.2.0 (repeatable)",
    )
    parser.add_argument(
        "--installed",
        action="append",
        default=[],
        metavar="NAME=VERSION",
        help="a version running on the device (preferred when allowed)",
    )
    parser.add_argument(
        "--provided",
        action="append",
        default=[],
        metavar="NAME=VERSION",
        help="a component already provided, e.g. aws.greengrass.Nucleus=2.12.0 (repeatable)",
    )
    parser.add_argument(
        "--platform",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a device platform attribute, e.g. os=linux (filters recipe manifests)",
    )
    parser.add_argument(
        "--device",
        action="store_true",
        help="also predict the device's own (greedy) resolution and the versions to pin",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 resolved, 1 conflict, 2 bad input).

    Recipes that cannot be read are printed as warnings, and so is what reading the others
    noticed (requirements the device reads unlike npm's semver, unknown keys); they do not
    change the exit status unless the resolution fails, and then the unreadable recipes about
    components in the conflict are named.
    """
    args = _parser().parse_args(argv)
    roots = _pairs(args.root, "--root")
    installed = _pairs(args.installed, "--installed")
    provided = _pairs(args.provided, "--provided")
    platform = _pairs(args.platform, "--platform") or None
    try:
        catalog = folder_catalog(args.recipes, platform, provided=provided)
    except (GreengrassError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for problem in catalog.problems:
        print(f"warning: skipped {problem.source}: {problem.error}", file=sys.stderr)
    for warning in catalog.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    try:
        resolution = resolve(roots, catalog, installed=installed)
    except ResolutionConflict as conflict:
        # The explanation names the unreadable recipes that might matter (catalog_problems).
        print(f"No versions can be chosen:\n{conflict.explanation}", file=sys.stderr)
        return 1
    except (InvalidRequirement, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(resolution.table())
    if args.device:
        outcome = simulate_device(roots, catalog, installed=installed)
        print()
        if outcome.succeeded:
            print("Device prediction: the deployment resolves on the device as written.")
        else:
            pins = pin(roots, catalog, installed=installed)
            print(f"Device prediction: {outcome.message}")
            print("Add these root components to the deployment so it cannot fail:")
            for name, version in pins.items():
                print(f"  {name} = {version}")
    return 0
