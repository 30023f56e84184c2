"""Component configuration updates written as Python mappings, serialised for the wire.

``ComponentConfigurationUpdate.merge`` is a JSON document carried as a *string* on the wire
(``configurationUpdate.merge`` in CreateDeployment, GetDeployment's answer): writing it by hand
means escaped JSON inside JSON. Here a merge is a mapping; :func:`configuration_update` turns it
into the generated model (merge serialised as compact JSON), :func:`merge_document` reads the
string of a deployment back into a dict, and :func:`deployment_components` accepts a whole
``components`` argument with mappings in it and returns models ready for ``create_deployment``.

The wire format (a JSON object as a string, at most 10,485,760 characters; reset paths JSON
pointers of at most 256 characters) is botocore's ``greengrassv2`` service model, shapes
``ComponentConfigurationUpdate``, ``ComponentConfigurationString`` and
``ComponentConfigurationPath``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from greengrass_sdk._core.exceptions import RequestValidationError
from greengrass_sdk.greengrassv2.models import (
    ComponentConfigurationUpdate,
    ComponentDeploymentSpecification,
)

__all__ = [
    "MAX_MERGE_LENGTH",
    "MAX_RESET_PATH_LENGTH",
    "configuration_update",
    "deployment_components",
    "merge_document",
]

MAX_MERGE_LENGTH = 10_485_760
"""Characters a serialised merge document may have (``ComponentConfigurationString``)."""

MAX_RESET_PATH_LENGTH = 256
"""Characters a reset path may have (``ComponentConfigurationPath``)."""


def _invalid(field: str, message: str, rule: str = "configuration") -> RequestValidationError:
    # These values end up in CreateDeployment; nothing is sent when they are wrong.
    return RequestValidationError(
        "CreateDeployment", [{"loc": (field,), "msg": message, "type": rule}]
    )


def _serialise_merge(merge: Mapping[str, Any] | str, field: str) -> str:
    if isinstance(merge, str):
        try:
            parsed = json.loads(merge)
        except json.JSONDecodeError as error:
            raise _invalid(field, f"not a JSON document ({error})") from None
        if not isinstance(parsed, dict):
            raise _invalid(field, "the merge document must be a JSON object")
        text = merge
    elif isinstance(merge, Mapping):
        try:
            text = json.dumps(merge, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise _invalid(field, f"cannot be serialised as JSON ({error})") from None
    else:
        raise _invalid(field, f"must be a mapping or a JSON string, not {type(merge).__name__}")
    if len(text) > MAX_MERGE_LENGTH:
        raise _invalid(field, f"{len(text)} characters once serialised; at most {MAX_MERGE_LENGTH}")
    return text


def _check_reset(reset: Sequence[str], field: str) -> list[str]:
    if isinstance(reset, str):
        raise _invalid(field, "must be a list of JSON pointers, not one string")
    paths = list(reset)
    for index, path in enumerate(paths):
        where = f"{field}[{index}]"
        if not isinstance(path, str):
            raise _invalid(where, f"must be a string, not {type(path).__name__}")
        # A JSON pointer (RFC 6901): empty (the whole configuration) or starting with '/'.
        if path and not path.startswith("/"):
            raise _invalid(where, f"{path!r} is not a JSON pointer (start it with '/')")
        if len(path) > MAX_RESET_PATH_LENGTH:
            raise _invalid(where, f"{len(path)} characters; at most {MAX_RESET_PATH_LENGTH}")
    return paths


def configuration_update(
    merge: Mapping[str, Any] | str | None = None,
    reset: Sequence[str] | None = None,
    *,
    field: str = "configuration_update",
) -> ComponentConfigurationUpdate:
    """Build a ``ComponentConfigurationUpdate`` from a merge mapping and reset paths.

    Args:
        merge: The configuration to merge, as a mapping (serialised as compact JSON) or as a
            JSON object already in a string (checked, kept as written).
        reset: JSON pointers of the keys to reset to the recipe's defaults (``""`` resets all).
        field: The name used in error messages (e.g. ``components['com.example.App']``).

    Returns:
        The model, ready for a ``ComponentDeploymentSpecification``.

    Raises:
        RequestValidationError: If ``merge`` is not a JSON object or cannot be serialised, is too
            long, or a reset path is not a JSON pointer; the message names the field.
    """
    return ComponentConfigurationUpdate(
        merge=None if merge is None else _serialise_merge(merge, f"{field}.merge"),
        reset=None if reset is None else _check_reset(reset, f"{field}.reset"),
    )


def merge_document(update: ComponentConfigurationUpdate | None) -> dict[str, Any] | None:
    """The merge document of a configuration update, as a dict (None if it has none).

    Raises:
        RequestValidationError: If the merge string is not a JSON object.
    """
    if update is None or update.merge is None:
        return None
    parsed = json.loads(_serialise_merge(update.merge, "configuration_update.merge"))
    assert isinstance(parsed, dict)
    return parsed


def _specification(name: str, spec: Any) -> ComponentDeploymentSpecification:
    field = f"components[{name!r}]"
    if isinstance(spec, ComponentDeploymentSpecification):
        return spec
    if not isinstance(spec, Mapping):
        raise _invalid(field, f"must be a mapping, not {type(spec).__name__}")
    values = dict(spec)
    update_key = next(
        (k for k in ("configuration_update", "configurationUpdate") if k in values), None
    )
    if update_key is not None:
        update = values.pop(update_key)
        if isinstance(update, Mapping):
            unknown = set(update) - {"merge", "reset"}
            if unknown:
                raise _invalid(f"{field}.{update_key}", f"unknown keys {sorted(unknown)}")
            update = configuration_update(
                update.get("merge"), update.get("reset"), field=f"{field}.{update_key}"
            )
        values["configurationUpdate"] = update
    try:
        return ComponentDeploymentSpecification.model_validate(values)
    except ValueError as error:
        raise _invalid(field, str(error)) from None


def deployment_components(
    components: Mapping[str, Any],
) -> dict[str, ComponentDeploymentSpecification]:
    """Turn a ``components`` argument with mapping merges into models for the wire.

    Each value is a ``ComponentDeploymentSpecification`` or a mapping with its fields (snake
    case or wire names); a ``configuration_update``/``configurationUpdate`` in it may give
    ``merge`` as a mapping, which is serialised as JSON::

        deployment_components({
            "com.example.App": {
                "component_version": "1.2.0",
                "configuration_update": {"merge": {"interval": 5}, "reset": ["/debug"]},
            }
        })

    Args:
        components: Component name to its specification.

    Returns:
        Component name to the validated model, in the same order.

    Raises:
        RequestValidationError: Naming the component and field that is wrong.
    """
    if not isinstance(components, Mapping):
        raise _invalid("components", f"must be a mapping, not {type(components).__name__}")
    return {name: _specification(name, spec) for name, spec in components.items()}
