"""Helpers for tests of response parsing: what a caller observes, which Python code ran."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from types import CodeType, FrameType
from typing import Any

from pydantic import BaseModel

from greengrass_sdk._core.constraints import is_no_op_when_lenient
from greengrass_sdk._core.models import AwsModel


def anatomy(value: Any) -> Any:
    """Classes, set members, extras and private state of every nested model, comparable by ``==``.

    Leaves are compared by type and ``repr``, so that ``1``, ``1.0`` and ``True`` differ, and so
    do equal instants in different time zones.
    """
    if isinstance(value, BaseModel):
        return (
            type(value),
            sorted(value.model_fields_set),
            {name: anatomy(item) for name, item in value.__dict__.items()},
            {name: anatomy(item) for name, item in (value.__pydantic_extra__ or {}).items()},
            value.__pydantic_private__,
        )
    if isinstance(value, dict):
        return (dict, [(anatomy(key), anatomy(item)) for key, item in value.items()])
    if isinstance(value, list):
        return (list, [anatomy(item) for item in value])
    return (type(value), repr(value))


def marked_code(model: type[AwsModel]) -> set[CodeType]:
    """Code objects of the validators marked as no-ops when lenient in the model's own schema."""
    found: set[CodeType] = set()
    stack: list[Any] = [model.__pydantic_core_schema__]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            function = node.get("function")
            if isinstance(function, dict) and is_no_op_when_lenient(function.get("function")):
                target: Any = function["function"]
                found.add(getattr(target, "__func__", target).__code__)
            stack.extend(value for key, value in node.items() if key not in ("cls", "metadata"))
        elif isinstance(node, list | tuple):
            stack.extend(node)
    return found


@contextlib.contextmanager
def python_calls() -> Iterator[set[CodeType]]:
    """Collect the code objects of every Python function called in this thread meanwhile."""
    calls: set[CodeType] = set()

    def profile(frame: FrameType, event: str, _: Any) -> None:
        if event == "call":
            calls.add(frame.f_code)

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield calls
    finally:
        sys.setprofile(previous)
