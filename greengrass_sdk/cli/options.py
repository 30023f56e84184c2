"""What every ``greengrass-sdk`` subcommand shares: connection options, pairs, JSON, exit codes."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import enum
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel

from greengrass_sdk._core.exceptions import ClientUsageError

__all__ = [
    "EXIT_ERROR",
    "EXIT_FAILED",
    "EXIT_OK",
    "add_connection_options",
    "add_json_option",
    "client_options",
    "pairs",
    "print_json",
    "to_jsonable",
]

EXIT_OK: Final = 0
"""The command did what was asked and what it checked is fine."""
EXIT_FAILED: Final = 1
"""The command ran, and what it checked is not fine: a conflict, a device that fails, a failed
rollout, a recipe with errors."""
EXIT_ERROR: Final = 2
"""The command could not run: bad arguments, refused input, a service or connection error."""


def add_connection_options(parser: argparse.ArgumentParser, *, what: str = "Greengrass") -> None:
    """``--region``, ``--endpoint-url`` and ``--profile`` for commands that call AWS."""
    group = parser.add_argument_group("connection")
    group.add_argument("--region", help="AWS region (default: from the environment or profile)")
    group.add_argument(
        "--endpoint-url", help=f"{what} endpoint to call instead of AWS's (e.g. the emulator)"
    )
    group.add_argument("--profile", help="named profile of the shared AWS config files")


def client_options(args: argparse.Namespace) -> dict[str, Any]:
    """Client constructor keywords from :func:`add_connection_options`' arguments."""
    return {
        "region_name": args.region,
        "endpoint_url": args.endpoint_url,
        "profile_name": args.profile,
    }


def add_json_option(parser: argparse.ArgumentParser) -> None:
    """``--json``: print one JSON document on standard output instead of text."""
    parser.add_argument(
        "--json", action="store_true", help="print one JSON document instead of text"
    )


def pairs(
    values: Iterable[str], option: str, separator: str = "=", *, form: str | None = None
) -> dict[str, str]:
    """``NAME=VALUE`` arguments as a mapping (the last of a repeated name wins).

    Args:
        values: The arguments as given.
        option: The option's name, for the error message.
        separator: What separates the name from the value.
        form: How to write one, for the error message (default ``NAME=VALUE``).

    Raises:
        ClientUsageError: A value has no separator or no name.
    """
    found: dict[str, str] = {}
    for text in values:
        name, sep, value = text.partition(separator)
        if not sep or not name:
            raise ClientUsageError(f"{option} {text!r}: write {form or f'NAME{separator}VALUE'}")
        found[name] = value
    return found


def to_jsonable(value: Any) -> Any:
    """Models, dataclasses, enums, paths and datetimes as plain JSON values."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, Path):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def print_json(value: Any) -> None:
    """Print ``value`` as one indented JSON document on standard output."""
    json.dump(to_jsonable(value), sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")
