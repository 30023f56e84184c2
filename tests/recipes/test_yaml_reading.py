"""The reader's JSON fast path reads every text exactly as its YAML path (Jackson's view) does."""

from __future__ import annotations

from typing import Any

import pytest

from greengrass_sdk.recipes import yaml_reading
from greengrass_sdk.recipes.yaml_reading import DocumentError, Scalar, read_document
from tests.recipes.test_hostile_inputs import CORPUS, _mutations


def _through_yaml(text: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(yaml_reading, "_read_json", lambda _text: yaml_reading._YAML)
        try:
            return read_document(text)
        except (DocumentError, RecursionError) as error:
            return type(error)


def test_json_fast_path_agrees_with_the_yaml_path(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = CORPUS + [m for m in _mutations(seed=10, count=3000) if isinstance(m, str)]
    fast = 0
    for text in texts:
        document = yaml_reading._read_json(text)
        if document is yaml_reading._YAML:
            continue
        fast += 1
        assert document == _through_yaml(text, monkeypatch), text
    assert fast > 400


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1e3}', {"a": Scalar("1e3", 1000.0)}),
        ('{"a": -0, "b": 1.50}', {"a": Scalar("-0", 0), "b": Scalar("1.50", 1.5)}),
        ('{"a": true, "b": null, "a": "x"}', {"a": Scalar("x", "x"), "b": Scalar("null", None)}),
    ],
)
def test_json_numbers_keep_their_text(text: str, expected: Any) -> None:
    assert read_document(text) == expected


@pytest.mark.parametrize(
    "text",
    ['{"a":\t1}', '{"a": "\\u0041"}', '{"a": "x\u2028y"}', '{"a": NaN}', '{"a": 1} trailing'],
)
def test_texts_json_and_yaml_might_read_apart_take_the_yaml_path(text: str) -> None:
    assert yaml_reading._read_json(text) is yaml_reading._YAML
