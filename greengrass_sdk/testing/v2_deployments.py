"""Greengrass V2 deployment operations and component candidate resolution.

The handlers translate the wire to and from :mod:`~greengrass_sdk.testing.deployment_lifecycle`,
which holds every rule of a deployment's life (and re-exports ``device_targets`` and
``queue_for_device`` from there for older callers).
"""

from __future__ import annotations

import json
import re
from typing import Any

from greengrass_sdk.testing import deployment_lifecycle as lifecycle
from greengrass_sdk.testing.deployment_lifecycle import device_targets, queue_for_device
from greengrass_sdk.testing.registry import Call, handles
from greengrass_sdk.testing.service_error import ServiceError, not_found, validation_error
from greengrass_sdk.testing.sorted_index import page_size, scope_of
from greengrass_sdk.testing.state import ComponentVersion, Deployment, RegionState
from greengrass_sdk.testing.versions import max_satisfying

__all__ = [
    "device_targets",
    "platform_matches",
    "queue_for_device",
    "resolve_one",
    "target_of",
]

SERVICE = "greengrassv2"
_TARGET = re.compile(r"^arn:[^:]*:iot:[^:]*:\d+:(thing|thinggroup)/(.+)$")
_PUBLIC_PREFIX = "aws.greengrass."


def target_of(arn: str) -> tuple[str, str]:
    """Split a target ARN into ``thing``/``thinggroup`` and the name."""
    found = _TARGET.match(arn)
    if found is None:
        raise validation_error(f"{arn} is not a thing or thing group ARN.", "targetArn")
    return found.group(1), found.group(2)


def _summary(deployment: Deployment) -> dict[str, Any]:
    return {
        "targetArn": deployment.target_arn,
        "revisionId": deployment.revision_id,
        "deploymentId": deployment.deployment_id,
        "deploymentName": deployment.name,
        "creationTimestamp": deployment.created,
        "deploymentStatus": deployment.status,
        "isLatestForTarget": deployment.is_latest,
        "parentTargetArn": deployment.parent_target_arn,
    }


def _find(call: Call) -> Deployment:
    lifecycle.catch_up(call.state)
    deployment_id = call.params["deploymentId"]
    deployment = call.state.deployments.get(deployment_id)
    if deployment is None:
        raise not_found("deployment", deployment_id)
    return deployment


def _check_components(state: RegionState, components: dict[str, Any]) -> None:
    for name, spec in components.items():
        if name.startswith(_PUBLIC_PREFIX):
            continue
        if state.find_component_version(name, spec["componentVersion"]) is None:
            arn = state.component_arn(name, spec["componentVersion"])
            raise not_found("component version", arn)


@handles(SERVICE, "CreateDeployment")
def _create(call: Call) -> dict[str, Any]:
    state, params = call.state, call.params
    target_of(params["targetArn"])
    parent = params.get("parentTargetArn")
    if parent is not None and target_of(parent)[0] != "thinggroup":
        # The API reference: the parent is the thing group of the parent deployment.
        raise validation_error(f"{parent} is not a thing group ARN.", "parentTargetArn")
    _check_components(state, params.get("components") or {})
    deployment = lifecycle.create_deployment(state, params)
    if params.get("tags"):
        state.tags[deployment.arn] = dict(params["tags"])
    return {
        "deploymentId": deployment.deployment_id,
        "iotJobId": deployment.iot_job_id,
        "iotJobArn": state.arn("iot", f"job/{deployment.iot_job_id}"),
    }


@handles(SERVICE, "GetDeployment")
def _get(call: Call) -> dict[str, Any]:
    deployment = _find(call)
    state = call.state
    return _summary(deployment) | {
        "iotJobId": deployment.iot_job_id,
        "iotJobArn": state.arn("iot", f"job/{deployment.iot_job_id}"),
        "components": deployment.components,
        "deploymentPolicies": deployment.policies,
        "iotJobConfiguration": deployment.job_configuration,
        "tags": state.tags.get(deployment.arn, {}),
    }


@handles(SERVICE, "ListDeployments")
def _list(call: Call) -> dict[str, Any]:
    params = call.params
    target, parent = params.get("targetArn"), params.get("parentTargetArn")
    history = params.get("historyFilter") or "LATEST_ONLY"

    def keep(deployment: Deployment) -> bool:
        return (
            (target is None or deployment.target_arn == target)
            and (parent is None or deployment.parent_target_arn == parent)
            and (history == "ALL" or deployment.is_latest)
        )

    lifecycle.catch_up(call.state)
    page = call.state.deployment_index.page(
        scope_of("ListDeployments", target, parent, history),
        params.get("nextToken"),
        page_size(params.get("maxResults")),
        keep,
    )
    return {"deployments": [_summary(d) for d in page.items], "nextToken": page.next_token}


@handles(SERVICE, "CancelDeployment")
def _cancel(call: Call) -> dict[str, Any]:
    deployment = _find(call)
    if deployment.status != "ACTIVE":
        raise ServiceError(
            "ConflictException",
            f"Deployment {deployment.deployment_id} is {deployment.status} and can't be canceled.",
            fields={"resourceId": deployment.deployment_id, "resourceType": "deployment"},
        )
    lifecycle.cancel_deployment(call.state, deployment)
    return {"message": f"Deployment {deployment.deployment_id} canceled."}


@handles(SERVICE, "DeleteDeployment")
def _delete(call: Call) -> dict[str, Any]:
    deployment = _find(call)
    if deployment.status == "ACTIVE":
        raise ServiceError(
            "ConflictException",
            f"Deployment {deployment.deployment_id} is active; cancel it before deleting it.",
            fields={"resourceId": deployment.deployment_id, "resourceType": "deployment"},
        )
    state = call.state
    del state.deployments[deployment.deployment_id]
    if state.latest_deployments.get(deployment.target_arn) is deployment:
        del state.latest_deployments[deployment.target_arn]
    state.deployment_index.remove((deployment.sequence,))
    state.tags.pop(deployment.arn, None)
    return {}


def platform_matches(component: ComponentVersion, platform: dict[str, Any] | None) -> bool:
    """Whether any manifest of ``component`` runs on ``platform`` (``*`` matches anything)."""
    if not component.platforms or not platform:
        return True
    device = dict(platform.get("attributes") or {})
    if platform.get("name"):
        device.setdefault("name", platform["name"])
    for manifest in component.platforms:
        wanted = dict(manifest.get("attributes") or {})
        if all(v in ("*", device.get(k, v if k == "name" else None)) for k, v in wanted.items()):
            return True
    return False


def resolve_one(
    state: RegionState, name: str, requirements: dict[str, str], platform: dict[str, Any] | None
) -> ComponentVersion | None:
    """The newest version of ``name`` meeting every requirement and the platform."""
    versions = state.components.get(name)
    if versions is None:
        return None
    for component in versions:
        if not platform_matches(component, platform):
            continue
        if all(max_satisfying([component.version], req) for req in requirements.values()):
            return component
    return None


@handles(SERVICE, "ResolveComponentCandidates")
def _resolve(call: Call) -> dict[str, Any]:
    platform = call.params.get("platform")
    resolved = []
    for candidate in call.params.get("componentCandidates") or []:
        name = candidate.get("componentName") or ""
        requirements = dict(candidate.get("versionRequirements") or {})
        component = resolve_one(call.state, name, requirements, platform)
        if component is None:
            raise not_found(
                "component",
                name,
                f"No version of {name} satisfies {json.dumps(requirements)} on this platform.",
            )
        resolved.append(
            {
                "arn": component.arn,
                "componentName": component.name,
                "componentVersion": component.version,
                "recipe": json.dumps(component.recipe).encode(),
                "vendorGuidance": "ACTIVE",
            }
        )
    return {"resolvedComponentVersions": resolved}
