"""``python -m greengrass_sdk.recipes schema``: print the recipe JSON Schema."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from greengrass_sdk.recipes.schema import recipe_schema


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m greengrass_sdk.recipes")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("schema", help="print the recipe JSON Schema (draft 2020-12)")
    parser.parse_args(argv)
    json.dump(recipe_schema(), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
