"""Greengrass V2 core device, client device, connectivity, service role and tag operations."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from greengrass_sdk.testing.deployment_lifecycle import catch_up
from greengrass_sdk.testing.registry import Call, handles
from greengrass_sdk.testing.service_error import not_found, validation_error
from greengrass_sdk.testing.sorted_index import page_of_list, page_size, scope_of
from greengrass_sdk.testing.state import CoreDevice

__all__: list[str] = []

SERVICE = "greengrassv2"
_V2_ARN = re.compile(
    r"^arn:[^:]*:greengrass:[^:]*:(aws|\d+):(components|deployments|coreDevices):(.+)$"
)


def _device(call: Call) -> CoreDevice:
    catch_up(call.state)
    name = call.params["coreDeviceThingName"]
    device = call.state.core_devices.get(name)
    if device is None:
        raise not_found("core device", name)
    return device


@handles(SERVICE, "GetCoreDevice")
def _get(call: Call) -> dict[str, Any]:
    device = _device(call)
    return {
        "coreDeviceThingName": device.thing_name,
        "coreVersion": device.core_version,
        "platform": device.platform,
        "architecture": device.architecture,
        "runtime": device.runtime,
        "status": device.status,
        "lastStatusUpdateTimestamp": device.last_status_update,
        "tags": call.state.tags.get(
            call.state.arn("greengrass", f"coreDevices:{device.thing_name}"), {}
        ),
    }


@handles(SERVICE, "ListCoreDevices")
def _list(call: Call) -> dict[str, Any]:
    params = call.params
    group_arn, status, runtime = (
        params.get("thingGroupArn"),
        params.get("status"),
        params.get("runtime"),
    )
    group = group_arn.split("thinggroup/", 1)[-1] if group_arn else None
    catch_up(call.state)

    def keep(device: CoreDevice) -> bool:
        return (
            (group is None or group in device.thing_groups)
            and (status is None or device.status == status)
            and (runtime is None or device.runtime == runtime)
        )

    page = call.state.core_device_index.page(
        scope_of("ListCoreDevices", group_arn, status, runtime),
        params.get("nextToken"),
        page_size(params.get("maxResults")),
        keep,
    )
    return {
        "coreDevices": [
            {
                "coreDeviceThingName": d.thing_name,
                "status": d.status,
                "lastStatusUpdateTimestamp": d.last_status_update,
                "platform": d.platform,
                "architecture": d.architecture,
                "runtime": d.runtime,
            }
            for d in page.items
        ],
        "nextToken": page.next_token,
    }


@handles(SERVICE, "DeleteCoreDevice")
def _delete(call: Call) -> dict[str, Any]:
    device = _device(call)
    del call.state.core_devices[device.thing_name]
    call.state.core_device_index.remove((device.thing_name,))
    return {}


def _list_of(call: Call, operation: str, items: list[dict[str, Any]], key: str) -> dict[str, Any]:
    scope = scope_of(
        operation, call.params["coreDeviceThingName"], call.params.get("topologyFilter")
    )
    limit = page_size(call.params.get("maxResults"))
    page = page_of_list(items, scope, call.params.get("nextToken"), limit)
    return {key: page.items, "nextToken": page.next_token}


@handles(SERVICE, "ListInstalledComponents")
def _installed(call: Call) -> dict[str, Any]:
    device = _device(call)
    items = sorted(device.installed.values(), key=lambda c: str(c["componentName"]))
    if (call.params.get("topologyFilter") or "ROOT") == "ROOT":
        items = [c for c in items if c.get("isRoot")]
    return _list_of(call, "ListInstalledComponents", items, "installedComponents")


@handles(SERVICE, "ListEffectiveDeployments")
def _effective(call: Call) -> dict[str, Any]:
    device = _device(call)
    items = sorted(device.effective.values(), key=lambda d: d["creationTimestamp"], reverse=True)
    return _list_of(call, "ListEffectiveDeployments", items, "effectiveDeployments")


@handles(SERVICE, "BatchAssociateClientDeviceWithCoreDevice")
def _associate(call: Call) -> dict[str, Any]:
    device = _device(call)
    now = call.state.clock.now()
    for entry in call.params.get("entries") or []:
        name = entry["thingName"]
        if device.client_devices.get((name,)) is None:
            device.client_devices.put((name,), {"thingName": name, "associationTimestamp": now})
    return {"errorEntries": []}


@handles(SERVICE, "BatchDisassociateClientDeviceFromCoreDevice")
def _disassociate(call: Call) -> dict[str, Any]:
    device = _device(call)
    errors = []
    for entry in call.params.get("entries") or []:
        name = entry["thingName"]
        if device.client_devices.get((name,)) is None:
            errors.append(
                {
                    "thingName": name,
                    "code": "ResourceNotFoundException",
                    "message": f"{name} is not associated with {device.thing_name}.",
                }
            )
        device.client_devices.remove((name,))
    return {"errorEntries": errors}


@handles(SERVICE, "ListClientDevicesAssociatedWithCoreDevice")
def _clients(call: Call) -> dict[str, Any]:
    device = _device(call)
    page = device.client_devices.page(
        scope_of("ListClientDevicesAssociatedWithCoreDevice", device.thing_name),
        call.params.get("nextToken"),
        page_size(call.params.get("maxResults")),
    )
    return {"associatedClientDevices": page.items, "nextToken": page.next_token}


@handles(SERVICE, "GetConnectivityInfo")
def _get_connectivity(call: Call) -> dict[str, Any]:
    return {"connectivityInfo": call.state.connectivity.get(call.params["thingName"], [])}


@handles(SERVICE, "UpdateConnectivityInfo")
def _update_connectivity(call: Call) -> dict[str, Any]:
    thing = call.params["thingName"]
    call.state.connectivity[thing] = list(call.params["connectivityInfo"])
    version = call.state.next_sequence()
    return {"version": str(version), "message": "Connectivity information updated."}


def _iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@handles(SERVICE, "AssociateServiceRoleToAccount")
def _associate_role(call: Call) -> dict[str, Any]:
    associated_at = _iso(call.state.clock.now())
    call.state.service_role = (call.params["roleArn"], associated_at)
    return {"associatedAt": associated_at}


@handles(SERVICE, "GetServiceRoleForAccount")
def _get_role(call: Call) -> dict[str, Any]:
    if call.state.service_role is None:
        return {}
    role_arn, associated_at = call.state.service_role
    return {"roleArn": role_arn, "associatedAt": associated_at}


@handles(SERVICE, "DisassociateServiceRoleFromAccount")
def _disassociate_role(call: Call) -> dict[str, Any]:
    call.state.service_role = None
    return {"disassociatedAt": _iso(call.state.clock.now())}


def _resource_exists(call: Call, arn: str) -> bool:
    found = _V2_ARN.match(arn)
    if found is None:
        raise validation_error(f"{arn} is not a Greengrass V2 resource ARN.", "resourceArn")
    kind, rest = found.group(2), found.group(3)
    state = call.state
    if kind == "deployments":
        return rest in state.deployments
    if kind == "coreDevices":
        return rest in state.core_devices
    name, _, version = rest.partition(":versions:")
    if version:
        return state.find_component_version(name, version) is not None
    return name in state.components


def _tagged(call: Call) -> str:
    arn = call.params["resourceArn"]
    if not _resource_exists(call, arn):
        raise not_found("resource", arn)
    return str(arn)


@handles(SERVICE, "TagResource")
def _tag(call: Call) -> dict[str, Any]:
    arn = _tagged(call)
    call.state.tags.setdefault(arn, {}).update(call.params["tags"])
    return {}


@handles(SERVICE, "UntagResource")
def _untag(call: Call) -> dict[str, Any]:
    arn = _tagged(call)
    tags = call.state.tags.get(arn, {})
    for key in call.params["tagKeys"]:
        tags.pop(key, None)
    return {}


@handles(SERVICE, "ListTagsForResource")
def _list_tags(call: Call) -> dict[str, Any]:
    return {"tags": dict(call.state.tags.get(_tagged(call), {}))}
