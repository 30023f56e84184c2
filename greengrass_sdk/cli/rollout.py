"""``greengrass-sdk deploy`` and ``greengrass-sdk status``: roll out, watch, see every device.

A thin layer over :mod:`greengrass_sdk.fleet`: parse, call, render with ``rich``. Exit status
0 when the rollout succeeded everywhere (or, without ``--watch``, nothing failed so far), 1
when a device failed, timed out or was rejected or the deployment was canceled, 2 on errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from greengrass_sdk._core.exceptions import ClientUsageError
from greengrass_sdk.cli.options import (
    EXIT_FAILED,
    EXIT_OK,
    add_connection_options,
    add_json_option,
    client_options,
    pairs,
    print_json,
)
from greengrass_sdk.fleet import (
    RolloutReport,
    StopWhen,
    presets,
    rollout_status,
    watch_rollout,
)
from greengrass_sdk.greengrassv2.client import GreengrassV2Client
from greengrass_sdk.greengrassv2.models import DeploymentIoTJobConfiguration
from greengrass_sdk.iot.client import IoTClient

__all__ = ["register"]

EXIT_ROLLOUT_FAILED = EXIT_FAILED
_PRESETS: dict[str, Callable[[], DeploymentIoTJobConfiguration]] = {
    "gradual": presets.gradual,
    "canary": presets.canary,
}


def register(subparsers: Any) -> None:
    """Add ``deploy`` and ``status`` to the ``greengrass-sdk`` command."""
    deploy = subparsers.add_parser(
        "deploy",
        help="deploy components to a thing group or thing, optionally watching the rollout",
        description="Create a deployment; with --watch, follow it device by device to the end.",
    )
    deploy.add_argument("target", help="thing group or thing ARN")
    deploy.add_argument(
        "--component",
        "-c",
        action="append",
        required=True,
        metavar="NAME=VERSION",
        help="a component to deploy (repeat for several)",
    )
    deploy.add_argument("--name", help="deployment name")
    deploy.add_argument(
        "--preset", choices=sorted(_PRESETS), help="rollout, abort and timeout preset"
    )
    _watch_options(deploy)
    add_connection_options(deploy)
    deploy.set_defaults(run=_deploy)

    status = subparsers.add_parser(
        "status",
        help="show a deployment's rollout on every device",
        description="One row per target device: job execution, deployment status, health.",
    )
    status.add_argument("deployment_id", metavar="DEPLOYMENT_ID")
    status.add_argument("--all", action="store_true", help="list succeeded devices too")
    _watch_options(status)
    add_connection_options(status)
    status.set_defaults(run=_status)


def _watch_options(parser: argparse.ArgumentParser) -> None:
    add_json_option(parser)
    parser.add_argument("--watch", action="store_true", help="follow the rollout to its end")
    parser.add_argument("--interval", type=float, default=30.0, help="seconds between polls")
    parser.add_argument("--deadline", type=float, help="stop watching after this many minutes")
    parser.add_argument(
        "--cancel-at",
        type=float,
        metavar="PERCENT",
        help="with --watch: cancel the deployment once this percentage of finished devices failed",
    )
    parser.add_argument(
        "--stuck-after",
        type=float,
        default=30.0,
        metavar="MINUTES",
        help="mark devices QUEUED or IN_PROGRESS this long as stuck",
    )


def _clients(args: argparse.Namespace) -> tuple[GreengrassV2Client, IoTClient]:
    options = client_options(args)
    return GreengrassV2Client(**options), IoTClient(**options)


def _components(specs: list[str]) -> dict[str, dict[str, str]]:
    found = pairs(specs, "--component", form="NAME=VERSION")
    empty = [name for name, version in found.items() if not version]
    if empty:
        raise ClientUsageError(f"--component {empty[0]}=: give the version (NAME=VERSION)")
    return {name: {"componentVersion": version} for name, version in found.items()}


async def _deploy(args: argparse.Namespace) -> int:
    console = Console(stderr=args.json)
    gg, iot = _clients(args)
    async with gg, iot:
        created = await gg.create_deployment(
            target_arn=args.target,
            deployment_name=args.name,
            components=_components(args.component),
            iot_job_configuration=_PRESETS[args.preset]() if args.preset else None,
        )
        deployment_id = created.deployment_id or ""
        console.print(f"deployment [bold]{deployment_id}[/] (IoT job {created.iot_job_id})")
        if not args.watch:
            if args.json:
                print_json(created)
            return EXIT_OK
        return await _follow(console, gg, iot, deployment_id, args)


async def _status(args: argparse.Namespace) -> int:
    console = Console(stderr=args.json)
    gg, iot = _clients(args)
    async with gg, iot:
        if args.watch:
            return await _follow(console, gg, iot, args.deployment_id, args)
        report = await rollout_status(
            gg, iot, args.deployment_id, stuck_after=dt.timedelta(minutes=args.stuck_after)
        )
        if args.json:
            print_json(report)
        else:
            _render(console, report, show_all=args.all)
        return EXIT_ROLLOUT_FAILED if report.failed or report.job_canceled else EXIT_OK


async def _follow(
    console: Console,
    gg: GreengrassV2Client,
    iot: IoTClient,
    deployment_id: str,
    args: argparse.Namespace,
) -> int:
    stop = StopWhen(failure_percentage=args.cancel_at) if args.cancel_at else None
    deadline = dt.timedelta(minutes=args.deadline) if args.deadline else None
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[totals]}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
    last: RolloutReport | None = None
    outcome = "finished"
    with progress:
        task = progress.add_task("rollout", total=None, totals="")
        async for update in watch_rollout(
            gg,
            iot,
            deployment_id,
            interval=args.interval,
            deadline=deadline,
            stop_when=stop,
            stuck_after=dt.timedelta(minutes=args.stuck_after),
        ):
            report = last = update.report
            for row in update.new_failures:
                progress.console.print(
                    f"[red]{row.execution_status}[/] {row.thing_name}: {row.reason or ''}"
                    + (f" [{', '.join(row.error_stack)}]" if row.error_stack else "")
                )
            for row in update.newly_stuck:
                progress.console.print(f"[yellow]stuck[/] {row.thing_name}: {row.stuck_reason}")
            done = sum(1 for row in report.devices if row.terminal)
            progress.update(task, total=len(report.devices), completed=done, totals=_totals(report))
            if update.done:
                outcome = update.stop_reason or outcome
                if update.canceled:
                    progress.console.print(f"[red]canceled the deployment:[/] {outcome}")
    if last is None:  # pragma: no cover - watch_rollout always yields a last update
        return EXIT_ROLLOUT_FAILED
    _render(console, last, show_all=False)
    console.print(f"watch ended: {outcome}")
    if args.json:
        print_json({"outcome": outcome, "report": last})
    return EXIT_ROLLOUT_FAILED if last.failed or last.job_canceled else EXIT_OK


def _totals(report: RolloutReport) -> str:
    return "  ".join(f"{status} {count}" for status, count in sorted(report.totals.items()))


def _render(console: Console, report: RolloutReport, *, show_all: bool) -> None:
    deployment = report.deployment
    console.print(
        f"deployment [bold]{report.deployment_id}[/] {deployment.deployment_status} "
        f"to {deployment.target_arn}; job {report.job.job_id} {report.job.status}"
        + (f" ({report.job.comment})" if report.job.comment else "")
    )
    table = Table("device", "job execution", "deployment", "health", "reason / error stack")
    for row in report.devices:
        if not show_all and row.execution_status == "SUCCEEDED" and not row.stuck:
            continue
        detail = row.stuck_reason if row.stuck else row.reason or ""
        if row.error_stack:
            detail = f"{detail} [{', '.join(row.error_stack)}]".strip()
        table.add_row(
            row.thing_name,
            row.execution_status + (" (stuck)" if row.stuck else ""),
            row.deployment_status or "-",
            row.health or "-",
            detail,
        )
    if table.row_count:
        console.print(table)
    console.print(f"{len(report.devices)} devices: {_totals(report)}")
