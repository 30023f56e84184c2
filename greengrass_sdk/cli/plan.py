"""``greengrass-sdk plan | blockers | revise``: look before you deploy.

Thin layers over :func:`greengrass_sdk.fleet.plan_deployment`,
:func:`~greengrass_sdk.fleet.blockers` and :func:`~greengrass_sdk.fleet.revise_deployment`,
printing ``rich`` tables (or ``--json``).
Exit status: 0 when every device would succeed (or the revision was created), 1 when some
device would fail or is blocked, 2 on an error.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from greengrass_sdk._core.exceptions import ClientUsageError, GreengrassError
from greengrass_sdk.cli.options import (
    EXIT_FAILED,
    EXIT_OK,
    add_connection_options,
    add_json_option,
    client_options,
    pairs,
    print_json,
)
from greengrass_sdk.fleet.blockers import BlockersReport, blockers
from greengrass_sdk.fleet.plan import DeploymentPlan, plan_deployment
from greengrass_sdk.fleet.revise import PlanHasFailures, Revision, revise_deployment

__all__ = ["register"]


def _one_pair(text: str, option: str, separator: str = "=") -> tuple[str, str]:
    [(name, value)] = pairs([text], option, separator).items()
    if not value:
        raise ClientUsageError(f"{option} {text!r}: write NAME{separator}VALUE")
    return name, value


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "target", help="thing or thing group ARN (arn:aws:iot:REGION:ACCOUNT:thinggroup/NAME)"
    )
    add_connection_options(parser, what="Greengrass and IoT")
    parser.add_argument("--concurrency", type=int, default=16, help="API calls in flight at most")
    add_json_option(parser)


def register(subparsers: Any) -> None:
    """Add the ``plan``, ``blockers`` and ``revise`` subcommands."""
    plan = subparsers.add_parser(
        "plan",
        help="predict what a deployment does on every device of its target",
        description=(
            "For every core device the target reaches, replay the nucleus's resolution of "
            "the deployment with the device's groups, installed components and platform; "
            "print the devices grouped by outcome. Exit 1 if some device would fail."
        ),
    )
    _common(plan)
    plan.add_argument(
        "--component",
        action="append",
        default=[],
        metavar="NAME=VERSION",
        required=True,
        help="a component of the deployment (repeat)",
    )
    plan.add_argument("--devices", action="store_true", help="also print one row per device")
    plan.set_defaults(run=_run_plan)

    block = subparsers.add_parser(
        "blockers",
        help="what forbids a component version on the target's devices, and the fix",
        description=(
            "For the target's latest deployment with COMPONENT@VERSION set, name the installed "
            "components and other groups' requirements that forbid it on each device, and the "
            "smallest set of version changes (checked by replay) that would allow it. "
            "Exit 1 if some device is blocked."
        ),
    )
    _common(block)
    block.add_argument(
        "wanted", metavar="COMPONENT@VERSION", help="e.g. aws.greengrass.Nucleus@2.12.0"
    )
    block.set_defaults(run=_run_blockers)

    revise = subparsers.add_parser(
        "revise",
        help="change components of the target's deployment, keep the rest, plan, create",
        description=(
            "Start from the target's latest deployment, apply the changes, print the diff and "
            "the plan, and create the revision only if no device would fail."
        ),
    )
    _common(revise)
    revise.add_argument("--set", action="append", default=[], metavar="NAME=VERSION")
    revise.add_argument("--remove", action="append", default=[], metavar="NAME")
    revise.add_argument(
        "--merge",
        action="append",
        default=[],
        metavar="NAME=JSON",
        help="configuration to deep-merge, e.g. com.example.App='{\"interval\": 5}'",
    )
    revise.add_argument("--reset", action="append", default=[], metavar="NAME=POINTER")
    revise.add_argument("--dry-run", action="store_true", help="diff and plan, create nothing")
    revise.add_argument(
        "--allow-failures", action="store_true", help="create even if some devices would fail"
    )
    revise.set_defaults(run=_run_revise)


def _clients(args: argparse.Namespace) -> tuple[Any, Any]:
    from greengrass_sdk.greengrassv2.client import GreengrassV2Client
    from greengrass_sdk.iot.client import IoTClient

    options = client_options(args)
    return GreengrassV2Client(**options), IoTClient(**options)


def _console() -> Console:
    return Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160)


def print_plan(plan: DeploymentPlan, console: Console, devices: bool = False) -> None:
    """Print a plan as tables: outcomes (grouped), then optionally one row per device."""
    components = ", ".join(f"{n} {v}" for n, v in plan.components.items()) or "(none)"
    console.print(f"Plan for {plan.target_arn}: {components}")
    if plan.replaces:
        console.print(f"Replaces deployment {plan.replaces} for this target.")
    table = Table(title=f"{len(plan.devices)} devices, {len(plan.groups)} outcomes")
    table.add_column("devices", justify="right")
    table.add_column("outcome")
    table.add_column("examples")
    for group in plan.groups:
        style = "green" if group.succeeded else "red"
        lines = [str(c) for c in group.changes] if group.succeeded else [f"FAILS: {group.failure}"]
        examples = ", ".join(group.devices[:3]) + (" …" if len(group.devices) > 3 else "")
        table.add_row(
            str(len(group.devices)), "\n".join(lines) or "no change", examples, style=style
        )
    console.print(table)
    if devices:
        rows = Table(title="devices")
        for column in ("device", "platform", "groups", "result"):
            rows.add_column(column)
        for device in plan.devices:
            platform = "/".join(device.device.platform_attributes.values())
            result = (
                "succeeds" if device.succeeded else f"fails at {device.outcome.failed_component}"
            )
            rows.add_row(device.thing_name, platform, ", ".join(device.device.thing_groups), result)
        console.print(rows)
    if plan.not_core_devices:
        console.print(f"Not core devices (skipped): {', '.join(plan.not_core_devices)}")
    calls = ", ".join(f"{op} {n}" for op, n in plan.api_calls.items())
    console.print(f"{plan.total_api_calls} API calls ({calls}); {plan.recipes_fetched} recipes")


def print_blockers(report: BlockersReport, console: Console) -> None:
    """Print a blockers report as a table, then the suggested changes."""
    console.print(
        f"{report.component} {report.version} through {report.target_arn}: "
        f"{len(report.blocked)} of {len(report.devices)} devices blocked"
    )
    table = Table()
    for column in ("device", "blocked by", "changes that allow it"):
        table.add_column(column)
    for answer in report.devices:
        if answer.allowed:
            table.add_row(answer.thing_name, "-", "-", style="green")
            continue
        blocked_by = "\n".join(str(b) for b in answer.blockers)
        if answer.unsolvable:
            fix = f"none: {answer.unsolvable}"
        else:
            fix = "\n".join(str(c) for c in answer.changes)
            fix += " (verified by replay)" if answer.verified else " (NOT verified)"
        table.add_row(answer.thing_name, blocked_by, fix, style="red")
    console.print(table)


def print_revision(revision: Revision, console: Console) -> None:
    """Print a revision's diff and plan."""
    base = revision.base_deployment_id or "nothing (the target has no deployment)"
    console.print(f"Revising {base} for {revision.target_arn}")
    table = Table(title="diff")
    for column in ("component", "change", "before", "after"):
        table.add_column(column)
    for entry in revision.diff:
        before = entry.before or "-"
        after = entry.after or "-"
        if "configuration" in entry.kind:
            before += f"\nmerge {json.dumps(entry.merge_before)} reset {list(entry.reset_before)}"
            after += f"\nmerge {json.dumps(entry.merge_after)} reset {list(entry.reset_after)}"
        style = "dim" if entry.kind == "kept" else None
        table.add_row(entry.component, entry.kind, before, after, style=style)
    console.print(table)
    if revision.plan is not None:
        print_plan(revision.plan, console)
    if revision.created:
        console.print(f"Created deployment {revision.deployment_id}")


async def _run_plan(args: argparse.Namespace) -> int:
    components = {
        name: {"componentVersion": version}
        for name, version in (_one_pair(c, "--component") for c in args.component)
    }
    gg, iot = _clients(args)
    async with gg, iot:
        plan = await plan_deployment(gg, iot, args.target, components, concurrency=args.concurrency)
    if args.json:
        print_json(plan.to_dict())
    else:
        print_plan(plan, _console(), devices=args.devices)
    return EXIT_FAILED if plan.has_failures else EXIT_OK


async def _run_blockers(args: argparse.Namespace) -> int:
    component, version = _one_pair(args.wanted, "COMPONENT@VERSION", "@")
    gg, iot = _clients(args)
    async with gg, iot:
        report = await blockers(
            gg, iot, args.target, component, version, concurrency=args.concurrency
        )
    if args.json:
        print_json(report.to_dict())
    else:
        print_blockers(report, _console())
    return EXIT_FAILED if report.blocked else EXIT_OK


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    changes: dict[str, Any] = {}

    def entry(name: str) -> dict[str, Any]:
        found = changes.setdefault(name, {})
        if found is None:
            raise GreengrassError(f"{name} is both removed and changed")
        assert isinstance(found, dict)
        return found

    for text in args.set:
        name, version = _one_pair(text, "--set")
        entry(name)["version"] = version
    for text in args.merge:
        name, document = _one_pair(text, "--merge")
        try:
            merge = json.loads(document)
        except json.JSONDecodeError as error:
            raise GreengrassError(f"--merge {name}: not JSON ({error})") from None
        entry(name)["merge"] = merge
    for text in args.reset:
        name, pointer = _one_pair(text, "--reset")
        entry(name).setdefault("reset", []).append(pointer)
    for name in args.remove:
        if changes.get(name):
            raise GreengrassError(f"{name} is both removed and changed")
        changes[name] = None
    return changes


async def _run_revise(args: argparse.Namespace) -> int:
    changes = _changes(args)
    gg, iot = _clients(args)
    status = 0
    async with gg, iot:
        try:
            revision = await revise_deployment(
                gg,
                args.target,
                changes,
                iot=iot,
                dry_run=args.dry_run,
                allow_failures=args.allow_failures,
                concurrency=args.concurrency,
            )
        except PlanHasFailures as refused:
            revision, status = refused.revision, 1
            print(f"error: {refused}", file=sys.stderr)
    if args.json:
        print_json(revision.to_dict())
    else:
        print_revision(revision, _console())
    if revision.plan is not None and revision.plan.has_failures:
        status = 1
    return status
