"""The response-side validators parse every body exactly as the output models do.

:func:`validate_response_json` leaves out the validators marked as no-ops when lenient; the
models' own ``model_validate_json`` is the authority. For every output model of the three
services, on a valid sample, on every member of it replaced by odd values (unknown enum
values, wrong types, naive, aware and epoch timestamps, nulls, huge numbers), with unknown
members added at every level and on seeded random mutations, both must give the same objects
(classes, values, extras, which members were set) or both refuse the body.
"""

from __future__ import annotations

import base64
import copy
import json
import pickle
import random
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from pydantic import ValidationError

from greengrass_sdk._core import constraints
from greengrass_sdk._core.constraints import is_no_op_when_lenient
from greengrass_sdk._core.models import ResponseModel
from greengrass_sdk._core.response_validator import (
    build_response_validator,
    response_validator,
    validate_response_json,
)
from greengrass_sdk.greengrassv2 import models as v2
from tests.support.response_parsing import anatomy, marked_code, python_calls
from tests.support.service_shapes import all_scopes, model_class, sample


def _output_models() -> Iterator[tuple[str, type[ResponseModel], Any]]:
    for scope in all_scopes():
        for operation in scope.operations.values():
            if "output" not in operation:
                continue
            name = operation["output"]["shape"]
            model = model_class(scope, name)
            assert issubclass(model, ResponseModel)
            yield f"{scope.spec.package}.{name}", model, sample(scope, name)


OUTPUTS = list(_output_models())


def _wire(value: Any) -> Any:
    """A sample (datetimes, bytes) as it comes over the wire in a JSON body."""
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, dict):
        return {key: _wire(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_wire(item) for item in value]
    return value


def disagreement(model: type[ResponseModel], body: bytes, validator: Any = None) -> str | None:
    """How the response-side validator and ``model_validate_json`` differ on ``body``, if at all.

    ``validator`` defaults to the cached one the SDK uses.
    """
    try:
        expected: Any = model.model_validate_json(body)
    except ValidationError:
        expected = None
    try:
        if validator is None:
            got: Any = validate_response_json(model, body)
        else:
            got = validator.validate_json(body, context=constraints.LENIENT)
    except ValidationError:
        got = None
    if (expected is None) != (got is None):
        return f"only {'the model' if got is None else 'the response validator'} accepts {body!r}"
    if expected is None:
        return None
    if anatomy(got) != anatomy(expected):
        return f"different objects for {body!r}: {anatomy(got)} != {anatomy(expected)}"
    if got.model_dump(mode="python") != expected.model_dump(mode="python"):
        return f"different dumps for {body!r}"
    return None


# Values put in place of a member, chosen by what the sample holds there.
_TIMESTAMPS: tuple[Any, ...] = (
    "2024-05-06T07:08:09",  # naive: read as UTC when lenient
    "2024-05-06T07:08:09+02:00",
    "2024-05-06T07:08:09Z",
    1715000000,
    1715000000.25,
    -1,
    1e20,
    "not a time",
)
_ODD: tuple[Any, ...] = (
    None,
    True,
    0,
    -(2**70),
    2**70,
    1e308,
    1.5,
    "",
    "FUTURE_VALUE_2030",
    "\u00e9t\u00e9 \U0001f600",
    [],
    [None],
    {},
    {"unknownMember": {"nested": [1, "x"]}},
)


def _substitutes(value: Any) -> tuple[Any, ...]:
    if isinstance(value, datetime):
        return (*_TIMESTAMPS, *_ODD)
    return _ODD


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield prefix, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    copied = copy.deepcopy(data)
    parent = copied
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return copied


def _bodies(data: dict[str, Any]) -> Iterator[bytes]:
    """The sample, each member replaced by each odd value, and unknown members everywhere."""
    yield json.dumps(_wire(data)).encode()
    with_unknown = copy.deepcopy(data)
    for _, node in list(_paths(with_unknown)):
        if isinstance(node, dict):
            node["memberAddedNextYear"] = {"deep": [1.5, None, "s"]}
    yield json.dumps(_wire(with_unknown)).encode()
    for path, value in _paths(data):
        if not path:
            continue
        for odd in _substitutes(value):
            yield json.dumps(_wire(_replaced(data, path, odd))).encode()


@pytest.mark.parametrize(("name", "model", "data"), OUTPUTS, ids=[o[0] for o in OUTPUTS])
def test_every_output_model_parses_every_body_as_the_model_does(
    name: str, model: type[ResponseModel], data: Any
) -> None:
    for body in _bodies(data):
        problem = disagreement(model, body)
        assert problem is None, f"{name}: {problem}"


@pytest.mark.parametrize("seed", range(3))
def test_seeded_mutations_parse_as_the_model_does(seed: int) -> None:
    rng = random.Random(seed)
    choices = _ODD + _TIMESTAMPS
    accepted = refused = 0
    for name, model, data in OUTPUTS:
        for _ in range(10):
            mutated: Any = _wire(data)
            for _ in range(rng.randint(1, 4)):
                paths = [path for path, _ in _paths(mutated) if path]
                if not paths:
                    break
                mutated = _replaced(mutated, rng.choice(paths), copy.deepcopy(rng.choice(choices)))
            body = json.dumps(mutated).encode()
            problem = disagreement(model, body)
            assert problem is None, f"{name}: {problem}"
            try:
                model.model_validate_json(body)
                accepted += 1
            except ValidationError:
                refused += 1
    # the corpus exercises both outcomes in earnest
    assert accepted > 300 and refused > 300, (accepted, refused)


def test_not_json_bodies_are_refused_by_both() -> None:
    for body in (b"", b"[1]", b'"text"', b"{", b'{"components": [}', b"null"):
        assert disagreement(v2.ListComponentsResponse, body) is None
        with pytest.raises(ValidationError):
            validate_response_json(v2.ListComponentsResponse, body)


def test_the_models_that_carry_no_op_validators_get_a_response_validator() -> None:
    stripped = {name for name, model, _ in OUTPUTS if response_validator(model) is not None}
    # the listing of the benchmark, nested shared shapes, definitions, all three services
    assert {
        "greengrassv2.ListComponentsResponse",
        "greengrassv2.GetDeploymentResponse",
        "greengrass.GetResourceDefinitionVersionResponse",
        "iot.GetPackageVersionResponse",
    } <= stripped
    assert len(stripped) >= 15, sorted(stripped)


def test_marking_a_validator_that_works_when_lenient_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The differential check above fails if a validator that is not a no-op were left out."""
    body = json.dumps(
        {
            "deploymentId": "d-1",
            "deploymentPolicies": {"failureHandlingPolicy": "BRAND_NEW_POLICY"},
            "creationTimestamp": "2024-05-06T07:08:09",
        }
    ).encode()
    model = v2.GetDeploymentResponse
    assert disagreement(model, body) is None
    for validator in (constraints._keep_unknown_enum, constraints._require_timezone):
        with monkeypatch.context() as patch:
            patch.setattr(validator, constraints._NO_OP_WHEN_LENIENT, True, raising=False)
            assert is_no_op_when_lenient(validator)
            wrongly_stripped = build_response_validator(model)
        assert wrongly_stripped is not None
        assert disagreement(model, body, wrongly_stripped) is not None, validator


def test_a_listing_page_calls_no_marked_validator_even_once_nested_models_are_built() -> None:
    """pydantic-core would reuse a built nested model's own validator (with the no-ops)."""
    nested = (v2.Component, v2.ComponentLatestVersion, v2.ComponentPlatform)
    for cls in nested:
        cls.model_rebuild()
        assert cls.__pydantic_complete__
    model = v2.ListComponentsResponse
    item = {
        "componentName": "com.example.A",
        "latestVersion": {
            "componentVersion": "1.0.0",
            "creationTimestamp": 1700000000,
            "platforms": [{"name": "linux", "attributes": {"os": "linux"}}],
        },
    }
    body = json.dumps({"components": [item] * 20}).encode()
    marked = marked_code(model)
    assert marked, "the listing's schema holds marked validators"
    with python_calls() as before:
        model.model_validate_json(body)
    with python_calls() as now:
        validate_response_json(model, body)
    assert before & marked
    assert not now & marked
    # building it left the models as they were
    assert all(cls.__dict__["__pydantic_complete__"] is True for cls in (*nested, model))


def test_parsed_objects_are_the_public_classes_and_behave_the_same() -> None:
    body = json.dumps(
        {
            "components": [
                {
                    "componentName": "com.example.A",
                    "latestVersion": {
                        "platforms": [{"name": "linux", "attributes": {"os": "linux"}, "x": 1}]
                    },
                }
            ],
            "nextToken": "t",
        }
    ).encode()
    got = validate_response_json(v2.ListComponentsResponse, body)
    before = v2.ListComponentsResponse.model_validate_json(body)
    assert type(got) is v2.ListComponentsResponse
    assert got.components is not None and before.components is not None
    platform = got.components[0].latest_version.platforms[0]  # type: ignore[union-attr,index]
    assert type(platform) is v2.ComponentPlatform
    assert platform.model_extra == {"x": 1}
    assert got == before and repr(got) == repr(before)
    assert pickle.loads(pickle.dumps(got)) == before
    assert got.response_metadata is None
    assert got.model_dump(by_alias=True) == before.model_dump(by_alias=True)
    # a shared shape parsed from a response is still strict when built to be sent
    with pytest.raises(ValidationError):
        v2.ComponentPlatform(name="x" * 10_000, unknown=1)
