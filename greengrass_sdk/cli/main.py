"""Argument parsing and dispatch for the ``greengrass-sdk`` command."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import sys
from collections.abc import Sequence

from greengrass_sdk._core.exceptions import GreengrassError

__all__ = ["SUBCOMMAND_MODULES", "build_parser", "main"]

#: Modules (relative to this package) that each contribute subcommands, in help order.
SUBCOMMAND_MODULES: tuple[str, ...] = (
    "resolve",
    "lint",
    "recipe",
    "publish",
    "rollout",
    "plan",
    "emulator",
    "completion",
)

#: Exit status when the library refused the request or the service failed it.
EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="greengrass-sdk",
        description="Work with AWS IoT Greengrass from the shell, through greengrass_sdk.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in SUBCOMMAND_MODULES:
        module = importlib.import_module(f"greengrass_sdk.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status.

    Errors from the library (every one is a :class:`~greengrass_sdk.errors.GreengrassError`) are
    printed as one ``error:`` line on standard error with exit status 2; argparse's own usage
    errors keep its exit status 2 as well.
    """
    args = build_parser().parse_args(argv)
    try:
        status = args.run(args)
        if inspect.iscoroutine(status):
            status = asyncio.run(status)
    except GreengrassError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    return int(status)
