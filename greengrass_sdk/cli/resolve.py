"""``greengrass-sdk resolve``: which component versions a deployment ends up with, from recipes.

A thin layer over :func:`greengrass_sdk.resolver.resolve` (and, with ``--device``,
:func:`~greengrass_sdk.resolver.simulate_device` and :func:`~greengrass_sdk.resolver.pin`) on a
folder of recipes read by :func:`greengrass_sdk.recipes.folder_catalog`. Exit status 0 resolved,
1 no versions can be chosen, 2 bad input. Unreadable recipes, and what reading the others
noticed, are printed as warnings on standard error and do not change the exit status.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from greengrass_sdk.cli.options import EXIT_FAILED, EXIT_OK, add_json_option, pairs, print_json
from greengrass_sdk.recipes.catalogs import folder_catalog
from greengrass_sdk.resolver import ResolutionConflict, pin, resolve, simulate_device

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``resolve`` subcommand."""
    parser = subparsers.add_parser(
        "resolve",
        help="resolve component versions from a folder of recipes (device semantics)",
        description=(
            "Choose a version of every component a deployment reaches, the way the device reads "
            "version requirements, and explain a conflict when none can be chosen."
        ),
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
        help="also replay the device's own resolution and print the versions to pin",
    )
    add_json_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``resolve`` with parsed arguments."""
    roots = pairs(args.root, "--root", form="NAME=REQUIREMENT")
    installed = pairs(args.installed, "--installed", form="NAME=VERSION")
    provided = pairs(args.provided, "--provided", form="NAME=VERSION")
    platform = pairs(args.platform, "--platform", form="KEY=VALUE") or None
    catalog = folder_catalog(args.recipes, platform, provided=provided)
    for problem in catalog.problems:
        print(f"warning: skipped {problem.source}: {problem.error}", file=sys.stderr)
    for warning in catalog.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    try:
        resolution = resolve(roots, catalog, installed=installed)
    except ResolutionConflict as conflict:
        # The explanation names the unreadable recipes that might matter (catalog_problems).
        if args.json:
            print_json({"resolved": False, "explanation": conflict.explanation})
        print(f"No versions can be chosen:\n{conflict.explanation}", file=sys.stderr)
        return EXIT_FAILED
    document: dict[str, Any] = {
        "resolved": True,
        "versions": resolution.versions,
        "reasons": resolution.reasons,
    }
    if not args.json:
        print(resolution.table())
    if args.device:
        outcome = simulate_device(roots, catalog, installed=installed)
        pins = {} if outcome.succeeded else pin(roots, catalog, installed=installed)
        document["device"] = {
            "succeeded": outcome.succeeded,
            "message": outcome.message,
            "versions": outcome.versions,
            "pins": pins,
        }
        if not args.json:
            print()
            if outcome.succeeded:
                print("Device prediction: the deployment resolves on the device as written.")
            else:
                print(f"Device prediction: {outcome.message}")
                print("Add these root components to the deployment so it cannot fail:")
                for name, version in pins.items():
                    print(f"  {name} = {version}")
    if args.json:
        print_json(document)
    return EXIT_OK
