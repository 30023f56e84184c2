"""``InfoValidator`` gives the core schema pydantic's own validator classes give."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import pytest
from pydantic import AfterValidator, BeforeValidator, TypeAdapter, WrapValidator

from greengrass_sdk._core import constraints as c

PYDANTICS = {"after": AfterValidator, "before": BeforeValidator, "wrap": WrapValidator}

CASES: list[tuple[str, c.InfoValidator, Any]] = [
    ("aware_datetime", c.aware_datetime, datetime),
    ("enum_value", c.enum_value, str),
    ("text", c.text, str),
    ("blob", c.blob, bytes),
    ("number", c.number, float),
    ("boolean", c.boolean, bool),
    ("int32", c.int32, int),
    ("int64", c.int64, int),
    ("header_value", c.header_value, str),
    ("json_document", c.json_document, str),
    ("length", c.length(1, 5), str),
    ("value_range", c.value_range(0, 9), int),
    ("pattern", c.pattern("^[a-z]+$"), str),
]


@pytest.mark.parametrize(("name", "marker", "source"), CASES, ids=[case[0] for case in CASES])
def test_the_core_and_json_schemas_are_pydantics(
    name: str, marker: c.InfoValidator, source: Any
) -> None:
    theirs = PYDANTICS[marker.mode](marker.function)
    ours_adapter = TypeAdapter(Annotated[source, marker])
    their_adapter = TypeAdapter(Annotated[source, theirs])
    assert ours_adapter.core_schema == their_adapter.core_schema
    assert ours_adapter.json_schema() == their_adapter.json_schema()


def test_a_request_side_check_and_the_lenient_side_behave_as_before() -> None:
    adapter = TypeAdapter(Annotated[str, c.text, c.length(2, 3)])
    assert adapter.validate_python("ab") == "ab"
    with pytest.raises(ValueError, match="at least 2 characters"):
        adapter.validate_python("a")
    with pytest.raises(ValueError, match="no conversion on the request side"):
        adapter.validate_python(b"ab")
    assert adapter.validate_python("a", context=c.LENIENT) == "a"


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="mode must be"):
        c.InfoValidator("plain", str)
