"""Reading recipe text the way Greengrass's Jackson YAML mapper reads it.

Greengrass parses every recipe, JSON or YAML, with Jackson's YAML parser (SnakeYAML's YAML 1.1
scanner underneath): aws-greengrass-nucleus ``RecipeLoader.parseRecipe`` with
aws-greengrass-component-common ``SerializerFactory.getRecipeSerializer()``. PyYAML and SnakeYAML
share one design, so their events agree; what Jackson adds on top, mirrored here, is how a scalar
becomes a value (jackson-dataformat-yaml ``YAMLParser._decodeScalar``):

* only the first document is read; the rest of the text is never looked at;
* mapping keys are the scalar's text as written (``1:``, ``yes:`` and ``~:`` are the keys
  ``"1"``, ``"yes"`` and ``"~"``);
* an alias is the anchor's *name* as a string (Jackson does not resolve aliases), so ``<<``
  merge keys are ordinary keys;
* plain scalars typed by YAML 1.1's resolver: booleans (``yes``/``no``/``on``/``off``/``true``/
  ``false`` in three cases), decimal integers (``-`` but no ``+`` sign), floats
  (underscores dropped; ``.inf``/``.nan`` make Jackson fail), null (``~``, ``null``, empty);
  everything else, dates included, stays text;
* ``!!str``/``!!int``/``!!float``/``!!bool``/``!!null`` tags are honoured; other tags are ignored.

PyYAML's pure-Python parser is used, not libyaml: on corpus mutations libyaml disagreed with
SnakeYAML (tabs, some malformed flow mappings) where PyYAML agreed (benchmarks/recipes_bench.py).

Every scalar keeps its text as written, because Jackson gives that text to a string field
(``ComponentName: yes`` is the name ``"yes"``) and the typed value to free-form sections
(``Lifecycle``, ``DefaultConfiguration``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml

__all__ = ["DocumentError", "JacksonSafeDumper", "Scalar", "plain", "read_document"]

# SnakeYAML 1.x's implicit resolvers (org.yaml.snakeyaml.resolver.Resolver), in the order tried.
_BOOL = re.compile(
    r"(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)"
)
_INT = re.compile(
    r"(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)"
)
_FLOAT = re.compile(
    r"(?:[-+]?(?:\.[0-9]+|[0-9_]+(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))"
)
_NULL = re.compile(r"(?:~|null|Null|NULL|)")
_DECIMAL = re.compile(r"-?[0-9]+")
_JAVA_DOUBLE = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_TRUE = {"yes", "on", "true"}
_FALSE = {"no", "off", "false"}
_TAG_PREFIX = "tag:yaml.org,2002:"


class DocumentError(Exception):
    """The text is not a document Greengrass's YAML reader can read (message says why)."""


@dataclass(frozen=True, slots=True)
class Scalar:
    """A scalar as Jackson sees it: its text as written and the value it types it as."""

    text: str
    value: Any


def _number(text: str) -> Any:
    if _DECIMAL.fullmatch(text):
        # Jackson reads any length (BigInteger); Python's int() refuses over 4300 digits.
        return int(Decimal(text)) if len(text) > 4000 else int(text)
    return text  # Jackson gives up on hex, octal, binary, '+', '_' and base 60: text.


def _float(text: str) -> float:
    cleaned = text.replace("_", "")
    if not _JAVA_DOUBLE.fullmatch(cleaned):
        raise DocumentError(f"Greengrass cannot read the number {text!r}")
    return float(cleaned)


def _boolean(text: str) -> bool | None:
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return None


def _scalar(event: yaml.ScalarEvent) -> Scalar:
    text = event.value
    tag = event.tag
    if tag is not None and tag != "!":
        kind = tag[len(_TAG_PREFIX) :] if tag.startswith(_TAG_PREFIX) else ""
        if kind == "bool":
            flag = _boolean(text)
            return Scalar(text, text if flag is None else flag)
        if kind == "int" and text:
            return Scalar(text, _number(text))
        if kind == "float" and text:
            return Scalar(text, _float(text))
        if kind == "null" and text == "":
            return Scalar(text, None)
        return Scalar(text, text)
    if not event.implicit[0]:  # quoted, literal or folded: always a string
        return Scalar(text, text)
    first = text[:1]
    # SnakeYAML only tries a resolver whose list of first characters holds the text's first one.
    if first in "yYnNtTfFoO" and _BOOL.fullmatch(text):
        return Scalar(text, _boolean(text))
    if first in "-+0123456789" and _INT.fullmatch(text):
        return Scalar(text, _number(text))
    if first in "-+0123456789." and _FLOAT.fullmatch(text):
        return Scalar(text, _float(text))
    if _NULL.fullmatch(text):
        return Scalar(text, None)
    return Scalar(text, text)


class _Builder:
    def __init__(self, events: Any) -> None:
        self._events = events

    def _next(self) -> Any:
        return next(self._events)

    def value(self, event: Any) -> Any:
        if isinstance(event, yaml.ScalarEvent):
            return _scalar(event)
        if isinstance(event, yaml.AliasEvent):
            return Scalar(str(event.anchor), str(event.anchor))
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not isinstance(event := self._next(), yaml.SequenceEndEvent):
                items.append(self.value(event))
            return items
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            while not isinstance(event := self._next(), yaml.MappingEndEvent):
                if isinstance(event, yaml.ScalarEvent):
                    key = event.value
                elif isinstance(event, yaml.AliasEvent):
                    key = str(event.anchor)
                else:
                    raise DocumentError("a mapping key must be a scalar, not a list or mapping")
                # A repeated key: the last value wins, in the first one's place (LinkedHashMap).
                mapping[key] = self.value(self._next())
            return mapping
        raise DocumentError(f"unexpected YAML event {type(event).__name__}")


# Characters after which a JSON text might read differently as YAML: tabs and escapes (YAML's
# handling of them differs in corners), YAML 1.1 line breaks JSON keeps inside strings (NEL,
# U+2028/9), and what YAML's reader refuses outright.
_NOT_PLAIN_JSON = re.compile(
    r"[\t\\\x85\u2028\u2029]|[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _json_tree(value: Any) -> Any:
    if isinstance(value, Scalar):
        return value
    if isinstance(value, dict):
        return {key: _json_tree(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_tree(item) for item in value]
    if value is None:
        return Scalar("null", None)
    if isinstance(value, bool):
        return Scalar("true" if value else "false", value)
    return Scalar(value, value)


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)  # NaN/Infinity: not JSON, and YAML reads them as text


def _read_json(text: str) -> Any:
    """The document of a plain JSON text (no tabs, escapes or odd characters), else ``_YAML``.

    Jackson's YAML parser reads such a text exactly as JSON does (strings are quoted scalars,
    numbers plain ones whose text is kept); ``tests/recipes`` checks both paths agree.
    """
    if _NOT_PLAIN_JSON.search(text):
        return _YAML
    try:
        document = json.loads(
            text,
            parse_int=lambda token: Scalar(token, int(token)),
            parse_float=lambda token: Scalar(token, _float(token)),
            parse_constant=_refuse_constant,
        )
    except (ValueError, RecursionError, DocumentError):
        return _YAML
    return _json_tree(document)


_YAML = object()


def read_document(text: str) -> Any:
    """The first YAML (or JSON) document of ``text``, as Jackson would see it.

    Args:
        text: Recipe text.

    Returns:
        ``dict`` / ``list`` / :class:`Scalar` tree, or ``None`` for a text without content.

    Raises:
        DocumentError: If the text cannot be read (message from the YAML scanner or parser).
    """
    document = _read_json(text)
    if document is not _YAML:
        return document
    events = yaml.parse(text, Loader=yaml.SafeLoader)
    try:
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                node = _Builder(events).value(next(events))
                return node
            if isinstance(event, yaml.StreamEndEvent):
                return None
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        raise DocumentError(f"not valid YAML or JSON: {problem}{where}") from None
    return None


def plain(node: Any) -> Any:
    """A tree of :class:`Scalar` turned into plain Python values (free-form sections)."""
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, list):
        return [plain(item) for item in node]
    if isinstance(node, dict):
        return {key: plain(value) for key, value in node.items()}
    return node


class JacksonSafeDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, quoting every string that Greengrass's reader would type otherwise.

    PyYAML decides whether a string may be written plain with its own YAML 1.1 resolvers, which
    differ from SnakeYAML's (``1e3`` is a float only to SnakeYAML); these are SnakeYAML's.
    """

    yaml_implicit_resolvers = {}  # noqa: RUF012  (PyYAML reads it per class)


for _tag, _pattern, _first in (
    ("bool", _BOOL, "yYnNtTfFoO"),
    ("int", _INT, "-+0123456789"),
    ("float", _FLOAT, "-+0123456789."),
    ("null", _NULL, "~nN"),
):
    JacksonSafeDumper.add_implicit_resolver(
        _TAG_PREFIX + _tag, re.compile(f"^(?:{_pattern.pattern})$"), list(_first)
    )
JacksonSafeDumper.add_implicit_resolver(_TAG_PREFIX + "null", re.compile("^$"), [""])
JacksonSafeDumper.add_implicit_resolver(_TAG_PREFIX + "merge", re.compile("^(?:<<)$"), ["<"])
JacksonSafeDumper.add_implicit_resolver(_TAG_PREFIX + "value", re.compile("^(?:=)$"), ["="])
