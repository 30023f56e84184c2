"""The ``greengrass-sdk`` command: one console script, one thin subcommand per job.

Each subcommand lives in its own module of this package and is a thin layer over the library:
it parses arguments, calls the public API and renders the result. A module joins the command by
being listed in :data:`SUBCOMMAND_MODULES` and defining ``register(subparsers)``, which adds its
parser and sets ``run`` (a function taking the parsed namespace and returning an exit status, or an
awaitable of one).
"""

from __future__ import annotations

from greengrass_sdk.cli.main import SUBCOMMAND_MODULES, build_parser, main

__all__ = ["SUBCOMMAND_MODULES", "build_parser", "main"]
