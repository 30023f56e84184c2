"""``greengrass-sdk publish``: a recipe and its artifacts to a deployable component version.

A thin layer over :func:`greengrass_sdk.publish.publish_component` (and
:func:`~greengrass_sdk.publish.plan_publish` for ``--dry-run``), with a ``rich`` progress bar
on standard error and the result on standard output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TransferSpeedColumn,
)

from greengrass_sdk.cli.options import (
    EXIT_OK,
    add_connection_options,
    add_json_option,
    client_options,
    print_json,
)
from greengrass_sdk.publish import (
    Phase,
    ProgressEvent,
    PublishError,
    S3Client,
    TransferSettings,
    plan_publish,
    publish_component,
)

__all__ = ["collect_artifacts", "register"]


def collect_artifacts(paths: list[str], named: list[str]) -> dict[str, Path]:
    """Artifact names to local paths, from ``--artifacts PATH`` and ``--artifact NAME=PATH``.

    ``--artifacts`` takes a file (named as it is) or a folder, whose files are artifacts by
    their names and whose sub-folders are zipped as ``<folder>.zip``. ``--artifact`` names one
    artifact explicitly (a folder given that way is zipped under that name).

    Raises:
        PublishError: A path does not exist, a NAME=PATH lacks its ``=``, or two artifacts
            share a name.
    """
    found: dict[str, Path] = {}

    def add(name: str, path: Path) -> None:
        if name in found:
            raise PublishError(f"two artifacts are named {name!r}: {found[name]} and {path}")
        found[name] = path

    for raw in paths:
        path = Path(raw)
        if path.is_file():
            add(path.name, path)
        elif path.is_dir():
            for entry in sorted(path.iterdir()):
                add(f"{entry.name}.zip" if entry.is_dir() else entry.name, entry)
        else:
            raise PublishError(f"--artifacts {raw}: no such file or folder")
    for item in named:
        name, sep, raw = item.partition("=")
        if not sep or not name or not raw:
            raise PublishError(f"--artifact {item!r}: write NAME=PATH")
        add(name, Path(raw))
    return found


def register(subparsers: Any) -> None:
    """Add the ``publish`` subcommand."""
    parser = subparsers.add_parser(
        "publish",
        help="publish a component version (artifacts to S3, version created, waited for)",
        description=(
            "Upload a component's artifacts to S3 with SHA-256 digests, create the component "
            "version and wait until it is DEPLOYABLE. Re-publishing the same content is a "
            "no-op; a version that exists with other content is refused before any upload."
        ),
    )
    parser.add_argument("recipe", help="recipe file (JSON or YAML) or GDK-style recipe template")
    parser.add_argument(
        "--artifacts",
        action="append",
        default=[],
        metavar="PATH",
        help="an artifact file, or a folder of them (sub-folders are zipped as <name>.zip)",
    )
    parser.add_argument(
        "--artifact",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="one artifact under an explicit name (a folder is zipped)",
    )
    parser.add_argument("--bucket", help="S3 bucket for the artifacts")
    parser.add_argument(
        "--version",
        help="exact version, or NEXT_PATCH / NEXT_MINOR / NEXT_MAJOR (default: the recipe's)",
    )
    parser.add_argument("--name", help="component name for a template's {COMPONENT_NAME}")
    parser.add_argument("--publisher", help="value of a template's {COMPONENT_AUTHOR}")
    parser.add_argument("--prefix", default="", help="S3 key prefix: <prefix>/<name>/<version>/")
    add_connection_options(parser)
    add_json_option(parser)
    parser.add_argument("--s3-endpoint-url", help="S3 (and STS) endpoint")
    parser.add_argument("--account-id", help="account (default: asked of STS)")
    parser.add_argument(
        "--reuse-unchanged",
        action="store_true",
        help="with NEXT_*, keep the newest version when its content is the same",
    )
    parser.add_argument("--no-wait", action="store_true", help="do not wait until DEPLOYABLE")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait")
    parser.add_argument(
        "--part-size-mib", type=int, default=8, help="multipart part size in MiB (min 5)"
    )
    parser.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(run=run)


class _Bar:
    """Draws upload progress and phases on standard error."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            console=console,
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> _Bar:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def __call__(self, event: ProgressEvent) -> None:
        if event.phase is Phase.UPLOAD and event.artifact is not None:
            task = self._tasks.get(event.artifact)
            if task is None:
                task = self._progress.add_task(event.artifact, total=event.total)
                self._tasks[event.artifact] = task
            suffix = f" ({event.message})" if event.message else ""
            self._progress.update(
                task, completed=event.done, description=f"{event.artifact}{suffix}"
            )
        elif event.message:
            self._progress.console.print(f"[{event.phase.value}] {event.message}")


def _clients(args: argparse.Namespace) -> tuple[Any, S3Client]:
    from greengrass_sdk.greengrassv2.client import GreengrassV2Client

    greengrass = GreengrassV2Client(**client_options(args))
    s3 = S3Client(
        region_name=args.region, endpoint_url=args.s3_endpoint_url, profile_name=args.profile
    )
    return greengrass, s3


async def run(args: argparse.Namespace) -> int:
    """Run ``publish`` with parsed arguments; 0 on success."""
    artifacts = collect_artifacts(args.artifacts, args.artifact)
    try:
        transfer = TransferSettings(
            part_size=args.part_size_mib * 1024 * 1024,
            multipart_threshold=max(16, args.part_size_mib) * 1024 * 1024,
        )
    except ValueError as error:
        raise PublishError(str(error)) from None
    options: dict[str, Any] = {
        "bucket": args.bucket,
        "artifacts": artifacts,
        "version": args.version,
        "component_name": args.name,
        "publisher": args.publisher,
        "key_prefix": args.prefix,
        "account_id": args.account_id,
        "reuse_unchanged": args.reuse_unchanged,
    }
    greengrass, s3 = _clients(args)
    async with greengrass, s3:
        if args.dry_run:
            plan = await plan_publish(greengrass, s3, args.recipe, **options)
            if args.json:
                print_json(plan)
            else:
                print(plan.describe())
            return EXIT_OK
        console = Console(file=sys.stderr, quiet=args.quiet or args.json)
        with _Bar(console) as bar:
            result = await publish_component(
                greengrass,
                s3,
                args.recipe,
                **options,
                wait=not args.no_wait,
                timeout=args.timeout,
                transfer=transfer,
                progress=bar,
            )
    if args.json:
        print_json(result)
        return EXIT_OK
    print(f"{result.component_name} {result.version}: {result.outcome.value}, {result.state}")
    print(f"arn: {result.arn}")
    for artifact in result.artifacts:
        verb = "uploaded" if artifact.uploaded else "already in S3"
        print(f"  {artifact.artifact}: {verb} {artifact.uri} (SHA-256 {artifact.digest})")
    print(f"took {result.elapsed:.1f} s")
    return EXIT_OK
