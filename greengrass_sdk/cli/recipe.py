"""``greengrass-sdk recipe schema`` and ``greengrass-sdk recipe render``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from greengrass_sdk._core.exceptions import ClientUsageError
from greengrass_sdk.cli.options import EXIT_OK, print_json
from greengrass_sdk.recipes import find_placeholders, load_recipe, render_recipe_template
from greengrass_sdk.recipes.schema import recipe_schema

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``recipe`` subcommand and its own subcommands."""
    parser = subparsers.add_parser("recipe", help="recipe tools: JSON Schema, GDK templates")
    commands = parser.add_subparsers(dest="recipe_command", metavar="COMMAND", required=True)
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema (draft 2020-12) of recipes as Greengrass reads them",
        description="For editors: validate recipe files against what Greengrass accepts.",
    )
    schema.set_defaults(run=_schema)
    render = commands.add_parser(
        "render",
        help="fill a GDK recipe template's placeholders and check the result",
        description=(
            "Replace {COMPONENT_NAME}, {COMPONENT_VERSION}, {BUCKET_NAME}, {COMPONENT_AUTHOR} "
            "and the bare placeholders of s3:// URIs; the result must be a recipe Greengrass "
            "reads, with no placeholder left."
        ),
    )
    render.add_argument("template", help="the template file (JSON or YAML)")
    render.add_argument("--name", help="component name")
    render.add_argument("--version", help="component version")
    render.add_argument("--bucket", help="artifact bucket")
    render.add_argument("--publisher", help="component publisher / author")
    render.add_argument("--output", "-o", help="write here instead of standard output")
    render.set_defaults(run=_render)


def _schema(args: argparse.Namespace) -> int:
    print_json(recipe_schema())
    return EXIT_OK


def _render(args: argparse.Namespace) -> int:
    try:
        text = Path(args.template).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ClientUsageError(f"cannot read {args.template}: {error}") from None
    rendered = render_recipe_template(
        text, name=args.name, version=args.version, bucket=args.bucket, publisher=args.publisher
    )
    left = find_placeholders(rendered)
    if left:
        raise ClientUsageError(
            f"{args.template}: give values for {', '.join(left)} (--name, --version, --bucket, "
            "--publisher)"
        )
    load_recipe(rendered, origin=args.template)  # a RecipeError names what Greengrass refuses
    if args.output:
        Path(args.output).write_text(rendered, encoding="utf-8")
    else:
        sys.stdout.write(rendered)
    return EXIT_OK
