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
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Annotated, Any

import pytest
from pydantic import ValidationError, ValidationInfo, ValidatorFunctionWrapHandler
from pydantic_core import SchemaValidator, core_schema

from greengrass_sdk._core import constraints
from greengrass_sdk._core.constraints import is_no_op_when_lenient, no_op_when_lenient
from greengrass_sdk._core.models import ResponseModel
from greengrass_sdk._core.response_validator import (
    _Stripper,
    _Unsafe,
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


# -- the mark's promise, checked on every marked validator the output models hold ------------


def _lenient_info() -> Any:
    """What a validator can read of pydantic's ``ValidationInfo`` when a response is parsed."""
    return SimpleNamespace(
        context=constraints.LENIENT, data={}, field_name=None, config=None, mode="json"
    )


def _marked_validators() -> dict[Any, str]:
    found: dict[Any, str] = {}
    for _, model, _ in OUTPUTS:
        stack: list[Any] = [model.__pydantic_core_schema__]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                function = node.get("function")
                if isinstance(function, dict) and is_no_op_when_lenient(function["function"]):
                    assert function["type"] == "with-info", node["type"]
                    found[function["function"]] = node["type"]
                stack.extend(value for key, value in node.items() if key not in ("cls",))
            elif isinstance(node, list | tuple):
                stack.extend(node)
    return found


_INPUTS: tuple[Any, ...] = (None, True, 0, 2**70, 1.5, "", "x" * 5000, b"\x00", [1], {"a": 1})


def test_every_marked_validator_returns_its_input_untouched_when_lenient() -> None:
    marked = _marked_validators()
    kinds = set(marked.values())
    assert kinds == {"function-before", "function-after", "function-wrap"}, kinds
    assert len(marked) >= 10
    for function, kind in marked.items():
        for value in _INPUTS:
            if kind == "function-wrap":
                handled: list[Any] = []

                def handler(data: Any, seen: list[Any] = handled) -> Any:
                    seen.append(data)
                    return ("handled", data)

                result = function(value, handler, _lenient_info())
                assert result == ("handled", value) and result[1] is value, function
                assert len(handled) == 1 and handled[0] is value, function
            else:
                assert function(value, _lenient_info()) is value, function


def test_the_validators_that_work_on_a_response_are_not_marked() -> None:
    assert not is_no_op_when_lenient(constraints._keep_unknown_enum)
    assert not is_no_op_when_lenient(constraints._require_timezone)


# -- what is not taken apart is parsed by the model ------------------------------------------


class _Unusual(ResponseModel):
    name: Annotated[str, constraints.text, constraints.length(1, 3)] | None = None
    number: complex | None = None  # a schema type the response validator does not know


class _Plain(ResponseModel):
    name: Annotated[str, constraints.text, constraints.length(1, 3)] | None = None
    when: Annotated[datetime, constraints.aware_datetime] | None = None


def test_a_schema_it_cannot_take_apart_is_parsed_by_the_model() -> None:
    assert build_response_validator(_Unusual) is None
    body = b'{"name": "longer than three", "number": "1+2j", "more": [1]}'
    got = validate_response_json(_Unusual, body)
    assert anatomy(got) == anatomy(_Unusual.model_validate_json(body))
    assert got.number == complex(1, 2) and got.model_extra == {"more": [1]}


def test_a_rebuilt_model_gets_a_new_response_validator() -> None:
    first = response_validator(_Plain)
    assert first is not None and response_validator(_Plain) is first
    _Plain.model_rebuild(force=True)
    second = response_validator(_Plain)
    assert second is not None and second is not first
    body = b'{"name": "longer than three", "when": "2024-05-06T07:08:09"}'
    assert disagreement(_Plain, body) is None
    assert validate_response_json(_Plain, body).when == datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)


@no_op_when_lenient
def _passes_through(value: Any, handler: ValidatorFunctionWrapHandler, _: ValidationInfo) -> Any:
    return handler(value)


def test_a_marked_wrap_with_a_ref_around_a_schema_with_its_own_is_left_alone() -> None:
    """Taking the wrap out would leave two names for one node: no response validator."""
    wrap = core_schema.with_info_wrap_validator_function(
        _passes_through, core_schema.str_schema(ref="inner"), ref="outer"
    )
    schema = core_schema.definitions_schema(
        core_schema.definition_reference_schema("outer"), [wrap]
    )
    with pytest.raises(_Unsafe):
        _Stripper().schema(schema)
    # without the inner name, the wrap's name moves to what it wrapped
    plain = core_schema.with_info_wrap_validator_function(
        _passes_through, core_schema.str_schema(), ref="outer"
    )
    reference = core_schema.definition_reference_schema("outer")
    stripped = _Stripper().schema(core_schema.definitions_schema(reference, [plain]))
    assert stripped == {
        "type": "definitions",
        "schema": reference,
        "definitions": [{"type": "str", "ref": "outer"}],
    }
    assert SchemaValidator(stripped).validate_python("x") == "x"


def test_marked_validators_are_taken_out_inside_unions_and_tagged_unions() -> None:
    marked_str = core_schema.with_info_wrap_validator_function(
        _passes_through, core_schema.str_schema()
    )
    union = core_schema.union_schema([(marked_str, "text"), core_schema.int_schema()])
    tagged = core_schema.tagged_union_schema({"a": union, "b": marked_str}, discriminator="kind")
    stripped = _Stripper().schema(core_schema.list_schema(tagged))
    choices = stripped["items_schema"]["choices"]
    assert choices["b"] == {"type": "str"}
    assert choices["a"]["choices"] == [({"type": "str"}, "text"), {"type": "int"}]
    SchemaValidator(stripped)  # still a schema pydantic-core builds
    assert SchemaValidator(choices["a"]).validate_python("x") == "x"
    with pytest.raises(_Unsafe):
        _Stripper().schema({"type": "a-type-from-the-future"})
    with pytest.raises(_Unsafe):
        _Stripper().schema("not a schema")
