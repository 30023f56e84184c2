"""Generated models: round trips, request-side constraints, response leniency, import cost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from greengrass_sdk._core.constraints import LENIENT
from greengrass_sdk._core.models import RequestModel, ResponseModel, SharedModel
from tests.support.service_shapes import (
    ConstraintCase,
    StructureCase,
    all_scopes,
    constraint_cases,
    is_missing,
    model_class,
    sample,
    structure_cases,
)

ROOT = Path(__file__).resolve().parents[2]
STRUCTURES = list(structure_cases())
CONSTRAINTS = list(constraint_cases())


def test_every_structure_shape_has_a_model() -> None:
    counts = {}
    for scope in all_scopes():
        for name in scope.structures:
            cls = model_class(scope, name)
            members = scope.shapes[name].get("members", {})
            aliases = {f.alias for f in cls.model_fields.values()}
            assert aliases == set(members), name
        counts[scope.spec.package] = len(scope.structures)
    assert counts == {"greengrassv2": 104, "greengrass": 233, "iot": 116}


@pytest.mark.parametrize("case", STRUCTURES, ids=lambda c: c.id)
def test_round_trip(case: StructureCase) -> None:
    cls = model_class(case.scope, case.name)
    wire = sample(case.scope, case.name)
    model = cls.model_validate(wire)
    assert model.to_wire() == wire
    # Construction by snake_case names gives the same wire dict.
    by_name = {
        name: getattr(model, name) for name in cls.model_fields if getattr(model, name) is not None
    }
    assert cls(**by_name).to_wire() == wire


@pytest.mark.parametrize("case", STRUCTURES, ids=lambda c: c.id)
def test_base_class_follows_where_the_shape_travels(case: StructureCase) -> None:
    expected = {"request": RequestModel, "response": ResponseModel, "shared": SharedModel}
    assert issubclass(model_class(case.scope, case.name), expected[case.scope.side(case.name)])


@pytest.mark.parametrize("case", CONSTRAINTS, ids=lambda c: c.id)
def test_request_side_constraint_rejects_bad_value(case: ConstraintCase) -> None:
    cls = model_class(case.scope, case.structure)
    wire = sample(case.scope, case.structure)
    if is_missing(case.bad_value):
        wire.pop(case.member, None)
    else:
        wire[case.member] = case.bad_value
    with pytest.raises(ValidationError) as caught:
        cls.model_validate(wire)
    at_field = {e["type"] for e in caught.value.errors() if e["loc"][:1] == (case.field,)}
    assert at_field & set(case.error_types), caught.value.errors()


@pytest.mark.parametrize(
    "case", [c for c in STRUCTURES if c.scope.side(c.name) != "response"], ids=lambda c: c.id
)
def test_request_side_rejects_unknown_member(case: StructureCase) -> None:
    cls = model_class(case.scope, case.name)
    wire = sample(case.scope, case.name) | {"NotAMember": 1}
    with pytest.raises(ValidationError) as caught:
        cls.model_validate(wire)
    assert [e["type"] for e in caught.value.errors()] == ["extra_forbidden"]
    assert caught.value.errors()[0]["loc"] == ("NotAMember",)


def _loosen(case: StructureCase) -> dict[str, Any]:
    """A sample broken in every way AWS may change a response without notice."""
    shape = case.scope.shapes[case.name]
    wire = sample(case.scope, case.name) | {"addedByAwsLater": {"x": 1}}
    for member, ref in shape.get("members", {}).items():
        target = case.scope.shapes[ref["shape"]]
        if target["type"] == "string" and "enum" in target:
            wire[member] = "VALUE_ADDED_LATER"
        elif target["type"] == "string" and target.get("max"):
            wire[member] = "y" * (target["max"] + 5)
        elif target["type"] in ("integer", "long") and target.get("max") is not None:
            wire[member] = target["max"] + 1
    for member in shape.get("required", []):
        wire.pop(member, None)
        break
    return wire


@pytest.mark.parametrize(
    "case", [c for c in STRUCTURES if c.scope.side(c.name) != "request"], ids=lambda c: c.id
)
def test_response_side_is_forward_compatible(case: StructureCase) -> None:
    cls = model_class(case.scope, case.name)
    wire = _loosen(case)
    model = cls.model_validate(wire, context=LENIENT)
    assert model.to_wire() == wire


def test_response_model_parses_leniently_without_context() -> None:
    from greengrass_sdk.greengrassv2.models import GetDeploymentResponse

    body = {
        "deploymentStatus": "PAUSED_BY_OPERATOR",
        "components": {"com.example.Lib": {"runWith": {"posixUser": "ggc_user"}}},
        "creationTimestamp": "2024-01-01T00:00:00",
        "newTopLevelField": [1, 2],
    }
    response = GetDeploymentResponse.model_validate(body)
    assert response.deployment_status == "PAUSED_BY_OPERATOR"
    assert response.components is not None
    assert response.components["com.example.Lib"].component_version is None
    assert response.creation_timestamp is not None
    assert response.creation_timestamp.utcoffset() is not None
    assert response.model_extra == {"newTopLevelField": [1, 2]}
    assert GetDeploymentResponse(**body).deployment_status == "PAUSED_BY_OPERATOR"


def test_received_shared_shape_is_checked_again_when_sent() -> None:
    from greengrass_sdk.greengrassv2.models import CreateDeploymentRequest, GetDeploymentResponse

    received = GetDeploymentResponse.model_validate(
        {"components": {"com.example.Lib": {"runWith": {"posixUser": "ggc_user"}}}}
    )
    with pytest.raises(ValidationError) as caught:
        CreateDeploymentRequest(
            target_arn="arn:aws:iot:us-east-1:123456789012:thinggroup/Fleet",
            components=received.components,
        )
    assert caught.value.errors()[0]["loc"] == ("components", "com.example.Lib", "component_version")


def test_errors_name_every_bad_field_at_once() -> None:
    from greengrass_sdk.greengrassv2.models import CreateDeploymentRequest

    with pytest.raises(ValidationError) as caught:
        CreateDeploymentRequest.model_validate(
            {
                "targetArn": "not-an-arn",
                "deploymentName": "",
                "components": {"c": {"componentVersion": "v" * 65, "typo": True}},
            }
        )
    locs = {e["loc"] for e in caught.value.errors()}
    assert locs == {
        ("target_arn",),
        ("deployment_name",),
        ("components", "c", "component_version"),
        ("components", "c", "typo"),
    }


def test_naive_timestamp_is_rejected_when_sent_and_read_as_utc_when_received() -> None:
    # No request-side member in scope is a timestamp today; the validator is checked directly.
    from datetime import datetime
    from typing import Annotated

    from pydantic import BaseModel

    from greengrass_sdk._core import constraints as c

    class Stamped(BaseModel):
        at: Annotated[datetime, c.aware_datetime]

    with pytest.raises(ValidationError, match="timezone"):
        Stamped(at=datetime(2024, 1, 1))
    received = Stamped.model_validate({"at": datetime(2024, 1, 1)}, context=LENIENT)
    assert received.at.utcoffset() is not None


def test_codegen_check_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "codegen", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


IMPORT_PROBE = """
import json, sys
import greengrass_sdk
loaded = sorted(m for m in sys.modules if m.startswith("greengrass_sdk."))
from greengrass_sdk.greengrassv2 import models
built = [n for n in models.__all__ if getattr(getattr(models, n), "__pydantic_complete__", False)]
print(json.dumps({"loaded": loaded, "built": built}))
"""


def test_import_is_lazy() -> None:
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE], capture_output=True, text=True, check=True
    ).stdout
    report = json.loads(out)
    services = ("greengrassv2", "greengrass", "iot")
    assert not [m for m in report["loaded"] if m.split(".")[1] in services]
    assert report["built"] == []
