"""``greengrass-sdk emulator serve``: the local emulator on a port, until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
from typing import Any

from greengrass_sdk.cli.options import EXIT_OK

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``emulator`` subcommand (the emulator's modules load only when it runs)."""
    from greengrass_sdk.testing.shell import DESCRIPTION, add_arguments

    parser = subparsers.add_parser("emulator", help="the local Greengrass emulator")
    commands = parser.add_subparsers(dest="emulator_command", metavar="COMMAND", required=True)
    serve = commands.add_parser(
        "serve",
        help="serve Greengrass V2, V1 and IoT on a local port",
        description=DESCRIPTION + " Control API under /_emulator/ (see the testing guide).",
    )
    add_arguments(serve)
    serve.set_defaults(run=_serve)


async def _serve(args: argparse.Namespace) -> int:
    from greengrass_sdk.testing.shell import serve

    await serve(args)
    return EXIT_OK
