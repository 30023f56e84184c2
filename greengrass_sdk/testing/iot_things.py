"""IoT things and static thing groups: the registry Greengrass deployments target.

Rules from the AWS IoT API reference (CreateThing, CreateThingGroup, AddThingToThingGroup …);
dynamic groups, thing types and billing groups are not modelled.
"""

from __future__ import annotations

import uuid
from typing import Any

from greengrass_sdk.testing import deployment_lifecycle as lifecycle
from greengrass_sdk.testing.iot_state import Thing, ThingGroup
from greengrass_sdk.testing.registry import Call, handles
from greengrass_sdk.testing.service_error import ServiceError
from greengrass_sdk.testing.sorted_index import page_of_list, page_size, scope_of
from greengrass_sdk.testing.state import RegionState

__all__ = ["add_to_group", "ensure_group", "ensure_thing"]

SERVICE = "iot"


def _missing(kind: str, name: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"The {kind} {name} doesn't exist.")


def _version_conflict(kind: str, name: str, expected: int, actual: int) -> ServiceError:
    return ServiceError(
        "VersionConflictException",
        f"The {kind} {name} is at version {actual}, not {expected}.",
    )


def ensure_thing(state: RegionState, name: str, attributes: dict[str, str] | None = None) -> Thing:
    """The thing called ``name``, created when missing."""
    thing = state.things.get(name)
    if thing is None:
        thing = Thing(name, state.arn("iot", f"thing/{name}"), str(uuid.uuid4()))
        thing.attributes.update(attributes or {})
        state.things[name] = thing
        state.thing_index.put((name,), thing)
    return thing


def ensure_group(state: RegionState, name: str, description: str | None = None) -> ThingGroup:
    """The static thing group called ``name``, created when missing."""
    group = state.thing_groups.get(name)
    if group is None:
        group = ThingGroup(
            name,
            state.arn("iot", f"thinggroup/{name}"),
            str(uuid.uuid4()),
            state.clock.now(),
            description,
        )
        state.thing_groups[name] = group
        state.thing_group_index.put((name,), group)
    return group


def add_to_group(state: RegionState, thing: Thing, group: ThingGroup) -> None:
    """Make ``thing`` a member of ``group``; continuous jobs of the group then reach it."""
    if group.name not in thing.groups:
        thing.groups.append(group.name)
        lifecycle.on_membership_change(state, thing)


def _named(value: str | None, arn: str | None, kind: str) -> str:
    if value:
        return value
    if arn:
        return arn.rsplit("/", 1)[-1]
    raise ServiceError("InvalidRequestException", f"Give the {kind} name or ARN.")


def _thing(call: Call, name: str) -> Thing:
    thing = call.state.things.get(name)
    if thing is None:
        raise _missing("thing", name)
    return thing


def _group(call: Call, name: str) -> ThingGroup:
    group = call.state.thing_groups.get(name)
    if group is None:
        raise _missing("thing group", name)
    return group


# -- things ------------------------------------------------------------------------------------


@handles(SERVICE, "CreateThing")
def _create_thing(call: Call) -> dict[str, Any]:
    name = call.params["thingName"]
    attributes = dict((call.params.get("attributePayload") or {}).get("attributes") or {})
    existing = call.state.things.get(name)
    if existing is not None and existing.attributes != attributes:
        # CreateThing is idempotent for identical requests; a different one conflicts.
        raise ServiceError(
            "ResourceAlreadyExistsException",
            f"Thing {name} already exists with different attributes.",
            fields={"resourceId": existing.thing_id, "resourceArn": existing.arn},
        )
    thing = ensure_thing(call.state, name, attributes)
    thing.thing_type_name = call.params.get("thingTypeName")
    return {"thingName": thing.name, "thingArn": thing.arn, "thingId": thing.thing_id}


@handles(SERVICE, "DescribeThing")
def _describe_thing(call: Call) -> dict[str, Any]:
    thing = _thing(call, call.params["thingName"])
    return {
        "defaultClientId": thing.name,
        "thingName": thing.name,
        "thingId": thing.thing_id,
        "thingArn": thing.arn,
        "thingTypeName": thing.thing_type_name,
        "attributes": dict(thing.attributes),
        "version": thing.version,
    }


@handles(SERVICE, "ListThings")
def _list_things(call: Call) -> dict[str, Any]:
    params = call.params
    key, value = params.get("attributeName"), params.get("attributeValue")
    prefix = bool(params.get("usePrefixAttributeValue"))

    def keep(thing: Thing) -> bool:
        if key is None:
            return True
        found = thing.attributes.get(key)
        if found is None or value is None:
            return found is not None
        return found.startswith(value) if prefix else found == value

    page = call.state.thing_index.page(
        scope_of("ListThings", key, value, prefix),
        params.get("nextToken"),
        page_size(params.get("maxResults")),
        keep,
    )
    return {
        "things": [
            {
                "thingName": t.name,
                "thingArn": t.arn,
                "thingTypeName": t.thing_type_name,
                "attributes": dict(t.attributes),
                "version": t.version,
            }
            for t in page.items
        ],
        "nextToken": page.next_token,
    }


@handles(SERVICE, "DeleteThing")
def _delete_thing(call: Call) -> dict[str, Any]:
    state, name = call.state, call.params["thingName"]
    thing = state.things.get(name)
    if thing is None:
        return {}  # DeleteThing succeeds for a thing that does not exist
    expected = call.params.get("expectedVersion")
    if expected is not None and expected != thing.version:
        raise _version_conflict("thing", name, expected, thing.version)
    if name in state.core_devices:
        raise ServiceError(
            "InvalidRequestException",
            f"Thing {name} is a Greengrass core device; delete the core device first.",
        )
    del state.things[name]
    state.thing_index.remove((name,))
    lifecycle.remove_thing(state, name)
    return {}


# -- thing groups ------------------------------------------------------------------------------


def _group_properties(group: ThingGroup) -> dict[str, Any]:
    properties: dict[str, Any] = {"attributePayload": {"attributes": dict(group.attributes)}}
    if group.description is not None:
        properties["thingGroupDescription"] = group.description
    return properties


@handles(SERVICE, "CreateThingGroup")
def _create_group(call: Call) -> dict[str, Any]:
    state, name = call.state, call.params["thingGroupName"]
    properties = call.params.get("thingGroupProperties") or {}
    description = properties.get("thingGroupDescription")
    attributes = dict((properties.get("attributePayload") or {}).get("attributes") or {})
    parent = call.params.get("parentGroupName")
    if parent is not None:
        _group(call, parent)
    existing = state.thing_groups.get(name)
    if existing is not None and (
        existing.description != description
        or existing.attributes != attributes
        or existing.parent != parent
    ):
        # The API reference: creating a group that exists with different properties fails.
        raise ServiceError(
            "ResourceAlreadyExistsException",
            f"Thing group {name} already exists with different properties.",
            fields={"resourceId": existing.group_id, "resourceArn": existing.arn},
        )
    group = ensure_group(state, name, description)
    group.attributes, group.parent = attributes, parent
    if call.params.get("tags"):
        state.tags[group.arn] = {t["Key"]: t.get("Value", "") for t in call.params["tags"]}
    return {"thingGroupName": name, "thingGroupArn": group.arn, "thingGroupId": group.group_id}


@handles(SERVICE, "DescribeThingGroup")
def _describe_group(call: Call) -> dict[str, Any]:
    group = _group(call, call.params["thingGroupName"])
    metadata: dict[str, Any] = {"creationDate": group.created}
    if group.parent:
        parent = call.state.thing_groups[group.parent]
        metadata["parentGroupName"] = parent.name
        metadata["rootToParentThingGroups"] = [{"groupName": parent.name, "groupArn": parent.arn}]
    return {
        "thingGroupName": group.name,
        "thingGroupId": group.group_id,
        "thingGroupArn": group.arn,
        "version": group.version,
        "thingGroupProperties": _group_properties(group),
        "thingGroupMetadata": metadata,
    }


@handles(SERVICE, "UpdateThingGroup")
def _update_group(call: Call) -> dict[str, Any]:
    group = _group(call, call.params["thingGroupName"])
    expected = call.params.get("expectedVersion")
    if expected is not None and expected != group.version:
        raise _version_conflict("thing group", group.name, expected, group.version)
    properties = call.params["thingGroupProperties"]
    if "thingGroupDescription" in properties:
        group.description = properties["thingGroupDescription"]
    payload = properties.get("attributePayload") or {}
    if "attributes" in payload:
        new = dict(payload["attributes"])
        if payload.get("merge"):
            group.attributes.update(new)
            group.attributes = {k: v for k, v in group.attributes.items() if v}
        else:
            group.attributes = new
    group.version += 1
    return {"version": group.version}


@handles(SERVICE, "DeleteThingGroup")
def _delete_group(call: Call) -> dict[str, Any]:
    state, name = call.state, call.params["thingGroupName"]
    group = state.thing_groups.get(name)
    if group is None:
        return {}  # DeleteThingGroup models no ResourceNotFoundException: it is idempotent
    expected = call.params.get("expectedVersion")
    if expected is not None and expected != group.version:
        raise _version_conflict("thing group", name, expected, group.version)
    if any(g.parent == name for g in state.thing_groups.values()):
        raise ServiceError("InvalidRequestException", f"Thing group {name} has child groups.")
    for thing in state.things.values():
        if name in thing.groups:
            thing.groups.remove(name)
    del state.thing_groups[name]
    state.thing_group_index.remove((name,))
    state.tags.pop(group.arn, None)
    return {}


@handles(SERVICE, "ListThingGroups")
def _list_groups(call: Call) -> dict[str, Any]:
    params = call.params
    parent, prefix = params.get("parentGroup"), params.get("namePrefixFilter")

    def keep(group: ThingGroup) -> bool:
        return (parent is None or group.parent == parent) and (
            prefix is None or group.name.startswith(prefix)
        )

    page = call.state.thing_group_index.page(
        scope_of("ListThingGroups", parent, prefix),
        params.get("nextToken"),
        page_size(params.get("maxResults")),
        keep,
    )
    return {
        "thingGroups": [{"groupName": g.name, "groupArn": g.arn} for g in page.items],
        "nextToken": page.next_token,
    }


def _membership(call: Call) -> tuple[Thing, ThingGroup]:
    params = call.params
    group = _group(call, _named(params.get("thingGroupName"), params.get("thingGroupArn"), "group"))
    thing = _thing(call, _named(params.get("thingName"), params.get("thingArn"), "thing"))
    return thing, group


@handles(SERVICE, "AddThingToThingGroup")
def _add_thing(call: Call) -> dict[str, Any]:
    thing, group = _membership(call)
    add_to_group(call.state, thing, group)
    return {}


@handles(SERVICE, "RemoveThingFromThingGroup")
def _remove_thing(call: Call) -> dict[str, Any]:
    thing, group = _membership(call)
    if group.name in thing.groups:
        thing.groups.remove(group.name)
    return {}


@handles(SERVICE, "ListThingsInThingGroup")
def _things_in_group(call: Call) -> dict[str, Any]:
    group = _group(call, call.params["thingGroupName"])
    names = [group.name]
    if call.params.get("recursive"):
        names += _descendants(call.state, group.name)
    members = sorted(t.name for t in call.state.things.values() if set(names) & set(t.groups))
    page = page_of_list(
        members,
        scope_of("ListThingsInThingGroup", group.name, bool(call.params.get("recursive"))),
        call.params.get("nextToken"),
        page_size(call.params.get("maxResults")),
    )
    return {"things": page.items, "nextToken": page.next_token}


def _descendants(state: RegionState, name: str) -> list[str]:
    children = [g.name for g in state.thing_groups.values() if g.parent == name]
    return children + [d for child in children for d in _descendants(state, child)]


@handles(SERVICE, "ListThingGroupsForThing")
def _groups_for_thing(call: Call) -> dict[str, Any]:
    thing = _thing(call, call.params["thingName"])
    groups = [call.state.thing_groups[name] for name in thing.groups]
    page = page_of_list(
        [{"groupName": g.name, "groupArn": g.arn} for g in groups],
        scope_of("ListThingGroupsForThing", thing.name),
        call.params.get("nextToken"),
        page_size(call.params.get("maxResults")),
    )
    return {"thingGroups": page.items, "nextToken": page.next_token}
