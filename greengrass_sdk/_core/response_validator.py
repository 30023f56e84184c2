"""Response-side validators: an output model's schema without the checks that do nothing there.

A generated model serves both directions. Its members carry request-side checks (lengths,
ranges, patterns, exact wire types) and a shared shape carries a wrap validator that enforces
required members when sending; all of them start with ``if is_lenient(info): return ...``, so
when a response is parsed (validation context ``LENIENT``) they do nothing, yet pydantic-core
still calls into Python for each of them: about seven calls per item of a component listing.

:func:`response_validator` builds, once per model and on first use, a pydantic-core validator
from a copy of the model's core schema with exactly those validators taken out: the ones marked
with :func:`~greengrass_sdk._core.constraints.no_op_when_lenient` (never chosen by name). Every
other node is kept as it is, including validators that do work when lenient (unknown enum
values kept, naive timestamps read as UTC), the model schemas' ``cls`` (instances are the
public classes, as with ``model_validate_json``) and the ``definitions`` pydantic uses for
shapes referenced more than once. A schema holding a node this module does not know, or a mark
it cannot take out safely, gets no response validator: the caller then uses the model's own.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any, Final, TypeVar, cast

from pydantic_core import CoreConfig, SchemaError, SchemaValidator

from greengrass_sdk._core.constraints import LENIENT, is_no_op_when_lenient
from greengrass_sdk._core.models import ResponseModel

__all__ = ["build_response_validator", "response_validator", "validate_response_json"]

_Model = TypeVar("_Model", bound=ResponseModel)

# For each pydantic-core schema type this module may meet, the keys holding sub-schemas (a
# schema, a list of schemas or of (schema, label) pairs, or a mapping of name to schema).
# Keys not listed (defaults, configs, serialisers, metadata) are kept as they are.
_SUB_SCHEMAS: Final[dict[str, tuple[str, ...]]] = {
    **dict.fromkeys(
        (
            "any",
            "none",
            "bool",
            "int",
            "float",
            "decimal",
            "str",
            "bytes",
            "date",
            "time",
            "datetime",
            "timedelta",
            "literal",
            "enum",
            "uuid",
            "url",
            "multi-host-url",
            "is-instance",
            "definition-ref",
            "function-plain",
        ),
        (),
    ),
    "list": ("items_schema",),
    "set": ("items_schema",),
    "frozenset": ("items_schema",),
    "tuple": ("items_schema",),
    "dict": ("keys_schema", "values_schema"),
    "nullable": ("schema",),
    "default": ("schema",),
    "model": ("schema",),
    "model-fields": ("fields", "extras_schema", "extras_keys_schema"),
    "model-field": ("schema",),
    "function-before": ("schema",),
    "function-after": ("schema",),
    "function-wrap": ("schema",),
    "union": ("choices",),
    "tagged-union": ("choices",),
    "chain": ("steps",),
    "lax-or-strict": ("lax_schema", "strict_schema"),
    "json-or-python": ("json_schema", "python_schema"),
    "definitions": ("schema", "definitions"),
}

_BY_NAME: Final = frozenset({"fields"})
"""Keys holding a mapping of name to sub-schema (a model's fields)."""

_CALLS_AROUND: Final = frozenset({"function-before", "function-after", "function-wrap"})
"""Validator nodes that call their function around an inner schema: the ones that can go."""


class _Unsafe(Exception):
    """The schema holds something this module does not take apart."""


class _Stripper:
    """Copies a core schema, leaving out the validators marked as no-ops when lenient."""

    def __init__(self) -> None:
        self._done: dict[int, Any] = {}  # a sub-schema shared in the original stays shared
        self.removed = 0
        self.classes: set[type] = set()

    def schema(self, node: Any) -> dict[str, Any]:
        if not isinstance(node, dict) or not isinstance(node.get("type"), str):
            raise _Unsafe(f"not a core schema: {node!r:.80}")
        done = self._done.get(id(node))
        if done is None:
            done = self._done[id(node)] = self._copy(node)
        return cast(dict[str, Any], done)

    def _copy(self, node: dict[str, Any]) -> dict[str, Any]:
        kind = node["type"]
        keys = _SUB_SCHEMAS.get(kind)
        if keys is None:
            raise _Unsafe(f"schema type {kind!r}")
        if kind in _CALLS_AROUND and is_no_op_when_lenient(node["function"]["function"]):
            return self._without(node)
        if kind == "model":
            self.classes.add(node["cls"])
        copied = dict(node)
        for key in keys:
            if key not in node:
                continue
            if key in _BY_NAME or (kind == "tagged-union" and key == "choices"):
                copied[key] = {name: self._sub(item) for name, item in node[key].items()}
            else:
                copied[key] = self._sub(node[key])
        return copied

    def _without(self, node: dict[str, Any]) -> dict[str, Any]:
        """The inner schema of a marked validator node, in its place."""
        self.removed += 1
        inner = self.schema(node["schema"])
        ref = node.get("ref")
        if ref is None:
            return inner
        if "ref" in inner:
            # two names for one node: a definition-ref to either must keep working
            raise _Unsafe(f"validator {ref!r} wraps a schema with its own ref")
        return {**inner, "ref": ref}

    def _sub(self, value: Any) -> Any:
        if isinstance(value, dict):
            return self.schema(value)
        if isinstance(value, list):  # union choices, definitions, chain steps, tuple items
            return [self._sub(item) for item in value]
        if isinstance(value, tuple):  # a (schema, label) union choice
            return (self._sub(value[0]), *value[1:])
        if isinstance(value, str):  # a tagged-union choice naming another choice
            return value
        raise _Unsafe(f"sub-schema {value!r:.80}")


def _root_config(schema: dict[str, Any]) -> CoreConfig | None:
    """The config of the model at the root (inside ``definitions`` if there are any)."""
    if schema["type"] == "definitions":
        schema = schema["schema"]
    if schema["type"] != "model":
        return None
    return cast(CoreConfig, schema.get("config", {}))


def build_response_validator(model: type[ResponseModel]) -> SchemaValidator | None:
    """Build the response-side validator of ``model``, or None if it cannot be done safely.

    Args:
        model: A response model (any :class:`ResponseModel` subclass).

    Returns:
        A validator equivalent to the model's own under the ``LENIENT`` context, minus the
        marked no-op validators; None when the schema holds anything this module does not
        take apart, or when nothing would be left out (the model's own validator is as fast).
    """
    if not model.__pydantic_complete__:
        model.model_rebuild()
    original = model.__pydantic_core_schema__
    if not isinstance(original, dict):
        return None
    stripper = _Stripper()
    try:
        schema = stripper.schema(original)
    except _Unsafe:
        return None
    config = _root_config(schema)
    if config is None or config.get("title") != model.__name__ or stripper.removed == 0:
        return None
    try:
        with _own_validators_hidden(stripper.classes):
            return SchemaValidator(cast(Any, schema), config)
    except SchemaError:
        return None


_hiding: Final = threading.Lock()


@contextlib.contextmanager
def _own_validators_hidden(classes: set[type]) -> Iterator[None]:
    """Keep pydantic-core from reusing the models' own validators while ours is built.

    For a ``model`` node whose class is complete (``__pydantic_complete__`` in its own
    ``__dict__``) and whose validator is not a function validator, pydantic-core uses that
    class's validator instead of building the node (``src/common/prebuilt.rs`` and
    ``src/validators/prebuilt.rs`` of pydantic-core): the validators left out would come back
    for every nested response-only model. pydantic's own ``model_rebuild(force=True)`` hides
    them the same way, by setting the flag to False while it builds (``pydantic/main.py``).
    Nothing else changes meanwhile; a thread that sees the flag unset at that moment at worst
    rebuilds an equal validator.
    """
    with _hiding:
        hidden = [cls for cls in classes if cls.__dict__.get("__pydantic_complete__") is True]
        try:
            for cls in hidden:
                type.__setattr__(cls, "__pydantic_complete__", False)
            yield
        finally:
            for cls in hidden:
                type.__setattr__(cls, "__pydantic_complete__", True)


_built: dict[type[ResponseModel], tuple[object, SchemaValidator | None]] = {}


def response_validator(model: type[ResponseModel]) -> SchemaValidator | None:
    """The cached response-side validator of ``model`` (see :func:`build_response_validator`).

    Built on first use; built again if the model's schema was rebuilt since.
    """
    entry = _built.get(model)
    if entry is None or entry[0] is not model.__pydantic_core_schema__:
        validator = build_response_validator(model)
        entry = _built[model] = (model.__pydantic_core_schema__, validator)
    return entry[1]


def validate_response_json(model: type[_Model], body: bytes | bytearray | str) -> _Model:
    """Parse a response body into ``model`` as ``model.model_validate_json(body)`` does.

    Same instances, same values, same refusals (``pydantic.ValidationError``), without the
    Python calls of the validators that do nothing on a response.

    Args:
        model: The output model of the operation.
        body: The JSON body.

    Returns:
        The parsed response.
    """
    validator = response_validator(model)
    if validator is None:
        return model.model_validate_json(body)
    return cast(_Model, validator.validate_json(body, context=LENIENT))
