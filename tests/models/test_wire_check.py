"""The native request check never accepts what the models refuse, and sends what they send.

The models are the authority (their errors are what callers see); the native check is a fast
acceptor in front of them. For every request structure of the three services, on valid samples,
on every constraint breaker and on thousands of seeded mutations, whatever the native check
accepts must be accepted by the model too, with the same wire form.
"""

from __future__ import annotations

import copy
import importlib
import random
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from codegen.naming import field_name
from codegen.services import ServiceScope
from greengrass_sdk._core.invoke import build_request, native_wire_params
from greengrass_sdk._core.models import AwsModel
from greengrass_sdk._core.wire_check import WireChecks
from greengrass_sdk.greengrassv2 import models as v2
from greengrass_sdk.greengrassv2.client import _CREATE_DEPLOYMENT, _SERVICE
from tests.support.service_shapes import (
    ConstraintCase,
    all_scopes,
    constraint_cases,
    model_class,
    sample,
)

TARGET = "arn:aws:iot:us-east-1:123456789012:thinggroup/Fleet"


def _checks(scope: ServiceScope) -> WireChecks:
    module = importlib.import_module(f"greengrass_sdk.{scope.spec.package}.wire_checks")
    checks: WireChecks = module.CHECKS
    return checks


def _request_structures() -> Iterator[tuple[ServiceScope, str]]:
    for scope in all_scopes():
        for name in sorted(scope.input_shapes):
            if scope.shapes[name]["type"] == "structure":
                yield scope, name


def _model_wire(model: type[AwsModel], data: Any) -> dict[str, Any] | None:
    """What the model sends for ``data`` (validated strictly, as for a request), or None."""
    try:
        built = model.model_validate(data)
    except ValidationError:
        return None
    return built.to_wire()


STRUCTURES = list(_request_structures())


@pytest.mark.parametrize(
    ("scope", "name"), STRUCTURES, ids=[f"{s.spec.package}.{n}" for s, n in STRUCTURES]
)
def test_a_valid_sample_is_accepted_natively_with_the_models_wire_form(
    scope: ServiceScope, name: str
) -> None:
    data = sample(scope, name)
    native = _checks(scope).wire_params(name, data)
    assert native is not None, f"{name}: the native check refused a valid sample"
    assert native == _model_wire(model_class(scope, name), data)


def _breaking_cases() -> list[ConstraintCase]:
    return [case for case in constraint_cases() if case.structure in case.scope.input_shapes]


BREAKERS = _breaking_cases()


@pytest.mark.parametrize("case", BREAKERS, ids=[case.id for case in BREAKERS])
def test_every_constraint_breaker_is_refused_natively(case: ConstraintCase) -> None:
    data = sample(case.scope, case.structure)
    if case.rule == "required":
        data.pop(case.member, None)
    else:
        data[case.member] = case.bad_value
    assert _model_wire(model_class(case.scope, case.structure), data) is None
    assert _checks(case.scope).wire_params(case.structure, data) is None


# -- seeded mutations ------------------------------------------------------------------------

_ODD_VALUES: tuple[Any, ...] = (
    None,
    True,
    0,
    -1,
    2**31,
    2**63,
    1.5,
    float("nan"),
    "",
    "x",
    "a\ud800b",
    "line\nbreak",
    "\x00",
    b"bytes",
    bytearray(b"ba"),
    [],
    ["x"],
    ("x",),
    {},
    {"unknown": 1},
    datetime(2024, 1, 1),
    datetime(2024, 1, 1, tzinfo=UTC),
    "2024-01-01T00:00:00Z",
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _mutate(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    mutated = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        paths = [p for p in _paths(mutated) if p]  # again: a mutation may replace a subtree
        if not paths:
            break
        path = rng.choice(paths)
        parent: Any = mutated
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        action = rng.random()
        if action < 0.6:
            parent[last] = copy.deepcopy(rng.choice(_ODD_VALUES))
        elif action < 0.7 and isinstance(parent, dict):
            parent[f"{last}Extra"] = parent[last]
        elif action < 0.8 and isinstance(parent, dict) and isinstance(last, str):
            # the same member under its snake_case field name
            parent[field_name(last)] = parent.pop(last)
        elif action < 0.9 and isinstance(parent, dict):
            del parent[last]
        elif isinstance(parent[last], str):
            parent[last] = parent[last] * rng.choice((0, 2, 50, 300))
    return mutated


@pytest.mark.parametrize("seed", range(4))
def test_mutated_requests_never_pass_natively_where_the_model_refuses(seed: int) -> None:
    rng = random.Random(seed)
    accepted = refused = 0
    for scope, name in STRUCTURES:
        model = model_class(scope, name)
        checks = _checks(scope)
        base = sample(scope, name)
        for _ in range(25):
            data = _mutate(base, rng)
            native = checks.wire_params(name, data)
            if native is None:
                refused += 1
                continue
            accepted += 1
            assert native == _model_wire(model, data), (name, data)
    # the corpus exercises both outcomes in earnest
    assert accepted > 500 and refused > 500, (accepted, refused)


# -- through the pipeline's entry point --------------------------------------------------------


def _components(count: int) -> dict[str, dict[str, Any]]:
    return {
        f"com.example.C{i}": {
            "componentVersion": "1.0.0",
            "configurationUpdate": {"merge": '{"level": 1}', "reset": ["/a"]},
        }
        for i in range(count)
    }


def test_keyword_fields_get_the_models_wire_form_and_a_client_token() -> None:
    fields = {"target_arn": TARGET, "components": _components(3), "deployment_name": "n"}
    native = native_wire_params(_CREATE_DEPLOYMENT, _SERVICE.checks, None, fields)
    assert native is not None
    token = native.pop("clientToken")
    assert len(token) == 36
    expected = build_request(_CREATE_DEPLOYMENT, None, fields).to_wire()
    assert native == expected


def test_a_callers_client_token_is_kept() -> None:
    fields = {"target_arn": TARGET, "client_token": "mine-1"}
    native = native_wire_params(_CREATE_DEPLOYMENT, _SERVICE.checks, None, fields)
    assert native == {"targetArn": TARGET, "clientToken": "mine-1"}


def test_a_prebuilt_request_is_checked_from_its_wire_form() -> None:
    request = v2.CreateDeploymentRequest(target_arn=TARGET, components=_components(2))
    native = native_wire_params(_CREATE_DEPLOYMENT, _SERVICE.checks, request, {})
    assert native is not None
    native.pop("clientToken")
    assert native == request.to_wire()


def test_a_prebuilt_request_mutated_into_nonsense_goes_to_the_model() -> None:
    request = v2.CreateDeploymentRequest(target_arn=TARGET)
    request.target_arn = 5  # type: ignore[assignment]
    assert native_wire_params(_CREATE_DEPLOYMENT, _SERVICE.checks, request, {}) is None


@pytest.mark.parametrize(
    "fields",
    [
        {"target_arn": TARGET, "deployment_name": None},  # an explicit None
        {
            "target_arn": TARGET,
            "components": {"c": v2.ComponentDeploymentSpecification(component_version="1.0.0")},
        },  # a nested model instance
        {
            "target_arn": TARGET,
            "components": {
                "c": {"componentVersion": "1.0.0", "configurationUpdate": {"merge": {"level": 1}}}
            },
        },  # a JSON document as a mapping
        {"target_arn": TARGET, "tags": {"a": "b"}.items()},  # not a dict
    ],
    ids=["none", "model-instance", "json-mapping", "not-a-dict"],
)
def test_inputs_outside_the_native_subset_take_the_models_path(fields: dict[str, Any]) -> None:
    assert native_wire_params(_CREATE_DEPLOYMENT, _SERVICE.checks, None, fields) is None


def test_usage_errors_are_left_to_the_models_path() -> None:
    request = v2.CreateDeploymentRequest(target_arn=TARGET)
    both = native_wire_params(_CREATE_DEPLOYMENT, _SERVICE.checks, request, {"target_arn": TARGET})
    assert both is None
    wrong = v2.CancelDeploymentRequest(deployment_id="d")
    assert native_wire_params(_CREATE_DEPLOYMENT, _SERVICE.checks, wrong, {}) is None


def test_every_request_shape_compiles_natively() -> None:
    """A shape that failed to compile would silently cost the models' path on every call."""
    for scope, name in STRUCTURES:
        checks = _checks(scope)
        checks.wire_params(name, {})
        assert checks._validators[name] is not None, name


def test_a_shape_that_cannot_be_compiled_leaves_checking_to_the_models() -> None:
    checks = WireChecks(
        {
            "Req": ("structure", (("a", "a", "S", True, ""),)),
            "S": ("string", None, None, "[[:nested:]]", None),
        }
    )
    assert checks.wire_params("Req", {"a": "x"}) is None
    assert checks.wire_params("Unknown", {"a": "x"}) is None
