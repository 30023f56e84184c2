"""The model-driven wire layer on a made-up rest-json service, independent of Greengrass."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import pytest
from botocore.model import ServiceModel
from multidict import CIMultiDict

from greengrass_sdk.testing.routing import Router, ServiceSpec
from greengrass_sdk.testing.service_error import ServiceError
from greengrass_sdk.testing.synthesis import synthesize
from greengrass_sdk.testing.validation import validate_input
from greengrass_sdk.testing.versions import max_satisfying, version_key
from greengrass_sdk.testing.wire_request import bind_request
from greengrass_sdk.testing.wire_response import serialize_error, serialize_output

MODEL: dict[str, Any] = {
    "metadata": {
        "protocol": "rest-json",
        "serviceId": "Toy",
        "endpointPrefix": "toy",
        "signingName": "toy",
    },
    "operations": {
        "PutThing": {
            "name": "PutThing",
            "http": {
                "method": "PUT",
                "requestUri": "/things/{Name}/files/{Path+}?mode=raw",
                "responseCode": 202,
            },
            "input": {"shape": "PutThingInput"},
            "output": {"shape": "PutThingOutput"},
        },
        "GetThing": {
            "name": "GetThing",
            "http": {"method": "GET", "requestUri": "/things/{Name}"},
            "input": {"shape": "GetThingInput"},
            "output": {"shape": "GetThingOutput"},
            "errors": [{"shape": "Throttled"}],
        },
    },
    "shapes": {
        "PutThingInput": {
            "type": "structure",
            "required": ["Name", "Path"],
            "payload": "Data",
            "members": {
                "Name": {"shape": "Name", "location": "uri", "locationName": "Name"},
                "Path": {"shape": "Str", "location": "uri", "locationName": "Path"},
                "Count": {"shape": "Int", "location": "querystring", "locationName": "count"},
                "Flags": {"shape": "StrList", "location": "querystring", "locationName": "flag"},
                "Extra": {"shape": "StrMap", "location": "querystring"},
                "Since": {"shape": "Time", "location": "header", "locationName": "X-Since"},
                "Meta": {"shape": "StrMap", "location": "headers", "locationName": "x-meta-"},
                "Data": {"shape": "Bytes"},
            },
        },
        "PutThingOutput": {
            "type": "structure",
            "members": {
                "Etag": {"shape": "Str", "location": "header", "locationName": "ETag"},
                "Status": {"shape": "Int", "location": "statusCode"},
                "Body": {"shape": "Inner"},
            },
            "payload": "Body",
        },
        "GetThingInput": {
            "type": "structure",
            "required": ["Name"],
            "members": {
                "Name": {"shape": "Name", "location": "uri", "locationName": "Name"},
                "Color": {"shape": "Color", "location": "querystring", "locationName": "color"},
                "Size": {"shape": "Int", "location": "querystring", "locationName": "size"},
            },
        },
        "GetThingOutput": {
            "type": "structure",
            "members": {
                "When": {"shape": "Time", "locationName": "when"},
                "Blob": {"shape": "Bytes"},
                "Items": {"shape": "InnerList"},
                "NextToken": {"shape": "Str"},
            },
        },
        "Inner": {
            "type": "structure",
            "required": ["Id"],
            "members": {"Id": {"shape": "Str"}, "Self": {"shape": "Inner"}},
        },
        "InnerList": {"type": "list", "member": {"shape": "Inner"}},
        "Throttled": {
            "type": "structure",
            "members": {
                "Message": {"shape": "Str"},
                "Wait": {"shape": "Int", "location": "header", "locationName": "Retry-After"},
            },
            "error": {"httpStatusCode": 429},
            "exception": True,
        },
        "Name": {"type": "string", "min": 2, "max": 5, "pattern": "^[a-z]+$"},
        "Color": {"type": "string", "enum": ["RED", "BLUE"]},
        "Str": {"type": "string"},
        "Int": {"type": "integer", "min": 1, "max": 10},
        "StrList": {"type": "list", "member": {"shape": "Str"}},
        "StrMap": {"type": "map", "key": {"shape": "Str"}, "value": {"shape": "Str"}},
        "Time": {"type": "timestamp"},
        "Bytes": {"type": "blob"},
    },
}
SERVICE = ServiceModel(MODEL, "toy")


def test_route_with_greedy_label_and_query_literal() -> None:
    router = Router([ServiceSpec(SERVICE)])
    match = router.match("PUT", "/things/ab/files/a/b%20c.txt", {"mode": ["raw"]})
    assert match is not None
    assert (match.route.operation.name, match.uri_params) == (
        "PutThing",
        {"Name": "ab", "Path": "a/b c.txt"},
    )
    assert router.match("PUT", "/things/ab/files/x", {}) is None
    assert router.match("GET", "/things/a%2Fb", {}).uri_params == {"Name": "a/b"}  # type: ignore[union-attr]
    assert router.match("GET", "/things/ab", {}, signing_name="other") is None


def test_bind_every_location_and_a_blob_payload() -> None:
    operation = SERVICE.operation_model("PutThing")
    headers = CIMultiDict({"X-Since": "2024-01-02T03:04:05Z", "x-meta-owner": "me"})
    query = {"mode": ["raw"], "count": ["3"], "flag": ["a", "b"], "other": ["x"]}
    params = bind_request(operation, {"Name": "ab", "Path": "p"}, query, headers, b"\x00\x01")
    assert params["Count"] == 3 and params["Flags"] == ["a", "b"]
    assert params["Extra"] == {"mode": "raw", "other": "x"}
    assert params["Since"] == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert params["Meta"] == {"owner": "me"} and params["Data"] == b"\x00\x01"
    with pytest.raises(ServiceError, match="Count"):
        bind_request(operation, {"Name": "ab", "Path": "p"}, {"count": ["x"]}, CIMultiDict(), b"")


def test_validation_names_every_field() -> None:
    operation = SERVICE.operation_model("GetThing")
    with pytest.raises(ServiceError) as excinfo:
        validate_input(operation.input_shape, {"Name": "ABCDEF", "Color": "GREEN", "Size": 11})
    names = [f["name"] for f in excinfo.value.fields["fields"]]
    assert names == ["Name", "Name", "Color", "Size"]
    assert excinfo.value.message.startswith("4 validation errors detected")
    with pytest.raises(ServiceError, match="Member must not be null"):
        validate_input(operation.input_shape, {})
    validate_input(operation.input_shape, {"Name": "ab", "Color": "RED", "Size": 10})


def test_serialize_headers_status_and_structure_payload() -> None:
    operation = SERVICE.operation_model("PutThing")
    response = serialize_output(operation, {"Etag": "e", "Body": {"Id": "1"}})
    assert (response.status, response.headers["ETag"], json.loads(response.body)) == (
        202,
        "e",
        {"Id": "1"},
    )
    assert serialize_output(operation, {"Status": 207}).status == 207


def test_serialize_timestamps_blobs_and_location_names() -> None:
    operation = SERVICE.operation_model("GetThing")
    when = dt.datetime(2024, 1, 1, 0, 0, 0, 500000, tzinfo=dt.UTC)
    body = json.loads(
        serialize_output(operation, {"When": when, "Blob": b"hi", "NextToken": None}).body
    )
    assert body == {"when": 1704067200.5, "Blob": base64.b64encode(b"hi").decode()}


def test_errors_use_the_modelled_status_and_header_members() -> None:
    error = ServiceError("Throttled", "slow down", fields={"Wait": 4, "Unmodelled": 1})
    response = serialize_error(SERVICE, error)
    assert (response.status, response.headers["x-amzn-ErrorType"]) == (429, "Throttled")
    assert response.headers["Retry-After"] == "4"
    assert json.loads(response.body) == {"Message": "slow down"}
    unknown = serialize_error(SERVICE, ServiceError("Weird", "odd", status=418))
    assert (unknown.status, json.loads(unknown.body)) == (418, {"message": "odd"})


def test_synthesized_output_fits_the_shape_and_never_paginates() -> None:
    output = synthesize(SERVICE.operation_model("GetThing").output_shape)
    assert "NextToken" not in output
    assert output["Items"][0]["Id"] == "Id"
    assert isinstance(output["When"], dt.datetime) and output["Blob"] == b"blob"


@pytest.mark.parametrize(
    ("pattern", "good", "bad"),
    [
        (r"[^\p{C}]+", "hello", "\x01"),
        (r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$", "Team Ä 1", "a!b"),
        (r"^\p{Upper}+$", "ABC", "abc"),
    ],
)
def test_server_validation_uses_java_pattern_semantics(pattern: str, good: str, bad: str) -> None:
    from greengrass_sdk.testing.validation import _compiled

    compiled = _compiled(pattern)
    assert compiled is not None
    assert compiled.search(good) and not compiled.search(bad)


def test_version_order_and_requirements() -> None:
    ordered = sorted(["1.0.0", "1.0.0-rc.1", "1.0.0-alpha", "0.9.0", "not-semver"], key=version_key)
    assert ordered == ["not-semver", "0.9.0", "1.0.0-alpha", "1.0.0-rc.1", "1.0.0"]
    versions = ["1.0.0", "1.2.3", "1.9.0", "2.0.0", "2.1.0-beta"]
    assert max_satisfying(versions, "^1.2.0") == "1.9.0"
    assert max_satisfying(versions, "~1.2.0") == "1.2.3"
    assert max_satisfying(versions, ">=1.0.0 <2.0.0 || 2.0.0") == "2.0.0"
    assert max_satisfying(versions, ">2.0.0") is None
    assert max_satisfying(versions, ">=2.1.0-alpha") == "2.1.0-beta"
    assert max_satisfying(versions, "1.x") == "1.9.0"
