"""``revise_deployment``: change one component of a target's deployment without dropping the rest.

A new deployment to a target replaces its previous one, and components it leaves out are
removed from the devices. So changing one component means restating all of them, and
``configurationUpdate.merge`` is an escaped JSON string. :func:`revise_deployment` starts from
the target's latest deployment, applies the changes given as plain Python values, shows the
diff, plans the result on every device (:func:`~greengrass_sdk.fleet.plan_deployment`), and
creates it only when no device would fail (unless told otherwise).

Changes, one entry per component::

    {
        "com.example.App": "2.1.0",                        # set the version
        "com.example.Old": None,                           # remove the component
        "com.example.Cfg": {                               # any of these keys:
            "version": "1.3.0",
            "merge": {"interval": 5, "debug": None},       # deep-merged into the current merge
            "reset": ["/cache"],                           # added to the current reset paths
            "clear_configuration": True,                   # drop the configuration update first
        },
    }
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from greengrass_sdk._core.exceptions import GreengrassError, RequestValidationError
from greengrass_sdk.fleet.configuration import configuration_update, merge_document
from greengrass_sdk.fleet.plan import DeploymentPlan, Planner
from greengrass_sdk.fleet.rate_limit import RateLimiter
from greengrass_sdk.fleet.topology import target_parts
from greengrass_sdk.greengrassv2.client import GreengrassV2Client
from greengrass_sdk.greengrassv2.models import (
    ComponentConfigurationUpdate,
    ComponentDeploymentSpecification,
    GetDeploymentResponse,
)
from greengrass_sdk.iot.client import IoTClient
from greengrass_sdk.resolver.catalog import Catalog

__all__ = [
    "ComponentDiff",
    "PlanHasFailures",
    "Revision",
    "apply_changes",
    "revise_deployment",
]

DiffKind = Literal["added", "removed", "version", "configuration", "version+configuration", "kept"]
_CHANGE_KEYS = frozenset({"version", "component_version", "merge", "reset", "clear_configuration"})


@dataclass(frozen=True)
class ComponentDiff:
    """One component of the revised deployment against the deployment it revises.

    Attributes:
        component: The component name.
        kind: ``added``, ``removed``, ``version``, ``configuration``,
            ``version+configuration`` or ``kept``.
        before: The version the current deployment names (None if added).
        after: The version the revision names (None if removed).
        merge_before: The current merge document, as a dict.
        merge_after: The revision's merge document.
        reset_before: The current reset paths.
        reset_after: The revision's reset paths.
    """

    component: str
    kind: DiffKind
    before: str | None
    after: str | None
    merge_before: dict[str, Any] | None = None
    merge_after: dict[str, Any] | None = None
    reset_before: tuple[str, ...] = ()
    reset_after: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.kind == "added":
            return f"+ {self.component} {self.after}"
        if self.kind == "removed":
            return f"- {self.component} {self.before}"
        if self.kind == "kept":
            return f"  {self.component} {self.after}"
        text = f"~ {self.component} {self.before}"
        if self.before != self.after:
            text += f" -> {self.after}"
        if "configuration" in self.kind:
            text += f" (merge {self.merge_before} -> {self.merge_after}"
            text += f"; reset {list(self.reset_before)} -> {list(self.reset_after)})"
        return text


@dataclass(frozen=True)
class Revision:
    """A revised deployment: its diff, its plan and, if created, its id.

    Attributes:
        target_arn: The target.
        base_deployment_id: The deployment revised (None if the target had none).
        components: The revised ``components``, ready for ``create_deployment``.
        diff: Every component, changed or kept, sorted by name.
        plan: The plan of the revision on every device (None if not planned).
        created: Whether the revised deployment was created.
        deployment_id: The new deployment's id, if created.
    """

    target_arn: str
    base_deployment_id: str | None
    components: dict[str, ComponentDeploymentSpecification]
    diff: tuple[ComponentDiff, ...]
    plan: DeploymentPlan | None
    created: bool = False
    deployment_id: str | None = None

    @property
    def changed(self) -> tuple[ComponentDiff, ...]:
        """The entries of the diff that are not ``kept``."""
        return tuple(d for d in self.diff if d.kind != "kept")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (the CLI's ``--json``)."""
        return {
            "targetArn": self.target_arn,
            "baseDeploymentId": self.base_deployment_id,
            "diff": [
                {
                    "component": d.component,
                    "kind": d.kind,
                    "before": d.before,
                    "after": d.after,
                    "mergeBefore": d.merge_before,
                    "mergeAfter": d.merge_after,
                    "resetBefore": list(d.reset_before),
                    "resetAfter": list(d.reset_after),
                }
                for d in self.diff
            ],
            "plan": self.plan.to_dict() if self.plan else None,
            "created": self.created,
            "deploymentId": self.deployment_id,
        }


class PlanHasFailures(GreengrassError):
    """The revision was not created: some devices would fail it.

    Attributes:
        revision: The revision, with its diff and plan.
    """

    def __init__(self, revision: Revision) -> None:
        assert revision.plan is not None
        failed = revision.plan.failed
        names = ", ".join(p.thing_name for p in failed[:5]) + (" …" if len(failed) > 5 else "")
        first = failed[0].outcome.message
        super().__init__(
            f"not created: {len(failed)} of {len(revision.plan.devices)} devices of "
            f"{revision.target_arn} would fail the revised deployment ({names}); first: {first}. "
            "Pass allow_failures=True to create it anyway."
        )
        self.revision = revision


def _deep_merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _invalid(field: str, message: str) -> RequestValidationError:
    return RequestValidationError(
        "CreateDeployment", [{"loc": (field,), "msg": message, "type": "revision"}]
    )


def _revised(
    name: str, current: ComponentDeploymentSpecification | None, change: Any
) -> ComponentDeploymentSpecification | None:
    field = f"changes[{name!r}]"
    if change is None:
        if current is None:
            raise _invalid(field, f"cannot remove {name}: the deployment does not have it")
        return None
    if isinstance(change, str):
        change = {"version": change}
    if not isinstance(change, Mapping):
        raise _invalid(field, "must be a version, None (remove) or a mapping")
    unknown = set(change) - _CHANGE_KEYS
    if unknown:
        raise _invalid(field, f"unknown keys {sorted(unknown)}; allowed: {sorted(_CHANGE_KEYS)}")
    version = change.get("version", change.get("component_version"))
    if version is None and current is None:
        raise _invalid(field, f"{name} is not in the deployment: give its version to add it")
    update = None if current is None else current.configuration_update
    if change.get("clear_configuration"):
        update = None
    merge = merge_document(update)
    reset = list(update.reset or []) if update else []
    if "merge" in change:
        extra = change["merge"]
        if not isinstance(extra, Mapping):
            raise _invalid(f"{field}.merge", "must be a mapping")
        merge = _deep_merge(merge or {}, extra)
    if "reset" in change:
        paths = change["reset"]
        if isinstance(paths, str) or not isinstance(paths, list | tuple):
            raise _invalid(f"{field}.reset", "must be a list of JSON pointers")
        reset += [path for path in paths if path not in reset]
    new_update: ComponentConfigurationUpdate | None = None
    if merge is not None or reset:
        new_update = configuration_update(merge, reset or None, field=field)
    values = current.model_dump(by_alias=True, exclude_none=True) if current else {}
    values["componentVersion"] = version or values.get("componentVersion")
    values.pop("configurationUpdate", None)
    if new_update is not None:
        values["configurationUpdate"] = new_update
    try:
        return ComponentDeploymentSpecification.model_validate(values)
    except ValueError as error:
        raise _invalid(field, str(error)) from None


def _diff(
    before: Mapping[str, ComponentDeploymentSpecification],
    after: Mapping[str, ComponentDeploymentSpecification],
) -> tuple[ComponentDiff, ...]:
    entries: list[ComponentDiff] = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        old_update = old.configuration_update if old else None
        new_update = new.configuration_update if new else None
        merge_before, merge_after = merge_document(old_update), merge_document(new_update)
        reset_before = tuple(old_update.reset or ()) if old_update else ()
        reset_after = tuple(new_update.reset or ()) if new_update else ()
        kind: DiffKind
        if old is None:
            kind = "added"
        elif new is None:
            kind = "removed"
        else:
            version = old.component_version != new.component_version
            config = (merge_before, reset_before) != (merge_after, reset_after)
            kind = (
                "version+configuration"
                if version and config
                else "version"
                if version
                else "configuration"
                if config
                else "kept"
            )
        entries.append(
            ComponentDiff(
                name,
                kind,
                old.component_version if old else None,
                new.component_version if new else None,
                merge_before,
                merge_after,
                reset_before,
                reset_after,
            )
        )
    return tuple(entries)


def apply_changes(
    components: Mapping[str, ComponentDeploymentSpecification],
    changes: Mapping[str, Any],
) -> dict[str, ComponentDeploymentSpecification]:
    """The components of a deployment with ``changes`` applied (see the module's docstring).

    Components not named in ``changes`` are kept exactly as they are (version, configuration
    update, run-with settings).

    Raises:
        RequestValidationError: Naming the change that is wrong.
    """
    if not isinstance(changes, Mapping):
        raise _invalid("changes", "must be a mapping of component name to change")
    revised = dict(components)
    for name, change in changes.items():
        spec = _revised(name, components.get(name), change)
        if spec is None:
            del revised[name]
        else:
            revised[name] = spec
    return revised


async def revise_deployment(
    gg: GreengrassV2Client,
    target_arn: str,
    changes: Mapping[str, Any],
    *,
    iot: IoTClient | None,
    dry_run: bool = False,
    allow_failures: bool = False,
    deployment_name: str | None = None,
    catalog: Catalog | None = None,
    concurrency: int = 16,
    rate_limiter: RateLimiter | Literal[False] | None = None,
) -> Revision:
    """Revise the target's latest deployment: apply changes, diff, plan, then create.

    The new deployment keeps the current one's components not named in ``changes``, its
    deployment policies, IoT job configuration, name and tags.

    Args:
        gg: A Greengrass V2 client.
        target_arn: The thing or thing group whose deployment to revise.
        changes: Component name to a version, ``None`` (remove) or a mapping (see the module).
        iot: An IoT client, to plan the revision on every device; ``None`` skips planning
            (then the revision is created only with ``allow_failures=True`` or ``dry_run``).
        dry_run: Diff and plan only; create nothing.
        allow_failures: Create even if the plan predicts failures (or was not made).
        deployment_name: A name for the new deployment (default: the current one's).
        catalog: Plan against this catalog instead of the recipes in Greengrass.
        concurrency: Calls in flight at most.
        rate_limiter: A limiter to share, ``None`` for a fresh adaptive one, ``False`` for none.

    Returns:
        The revision; ``created`` and ``deployment_id`` say whether it was created.

    Raises:
        RequestValidationError: If the target ARN or a change is invalid (nothing is sent).
        PlanHasFailures: If devices would fail it and ``allow_failures`` is False (not created).
        GreengrassError: If there is no plan and ``allow_failures`` is False.
        ServiceError: If a call failed after its retries.
    """
    target_parts(target_arn)
    if not isinstance(changes, Mapping) or not changes:
        raise _invalid("changes", "give at least one change")
    planner = (
        Planner(gg, iot, catalog=catalog, concurrency=concurrency, rate_limiter=rate_limiter)
        if iot is not None
        else None
    )
    current: GetDeploymentResponse | None
    if planner is not None:
        current = await planner.reader.latest_deployment(target_arn)
    else:
        current = await _latest_without_planner(gg, target_arn)
    before = dict(current.components or {}) if current else {}
    revised = apply_changes(before, changes)
    plan = await planner.plan(target_arn, revised) if planner is not None else None
    revision = Revision(
        target_arn,
        current.deployment_id if current else None,
        revised,
        _diff(before, revised),
        plan,
    )
    if dry_run:
        return revision
    if plan is None and not allow_failures:
        raise GreengrassError(
            "not created: the revision was not planned (no IoT client given); pass iot= to "
            "plan it, or allow_failures=True to create it unplanned"
        )
    if plan is not None and plan.has_failures and not allow_failures:
        raise PlanHasFailures(revision)
    created = await gg.create_deployment(
        target_arn=target_arn,
        deployment_name=deployment_name or (current.deployment_name if current else None),
        components=revised,
        deployment_policies=current.deployment_policies if current else None,
        iot_job_configuration=current.iot_job_configuration if current else None,
        tags=(current.tags or None) if current else None,
    )
    return Revision(
        revision.target_arn,
        revision.base_deployment_id,
        revised,
        revision.diff,
        plan,
        created=True,
        deployment_id=created.deployment_id,
    )


async def _latest_without_planner(
    gg: GreengrassV2Client, target_arn: str
) -> GetDeploymentResponse | None:
    async for summary in gg.list_deployments(target_arn=target_arn, history_filter="LATEST_ONLY"):
        if summary.deployment_id and summary.target_arn == target_arn:
            return await gg.get_deployment(deployment_id=summary.deployment_id)
    return None
