"""The value rules Greengrass's recipe library enforces, one function each.

Sources (aws-greengrass-component-common, ``src/main/java/com/amazon/aws/iot/greengrass/component/
common/``): ``ComponentRecipe.java`` (name pattern and length, version length and part limits),
semver4j 3.1.0 ``Semver.java`` (what ``new Semver(text)`` accepts: ``SemverType.STRICT``),
``java.net.URI`` (artifact URIs, RFC 2396 as the JDK implements it), ``DependencyProperties.java``
(requirements go through semver4j's ``Requirement.buildNPM``).
Each function returns ``None`` when the value is fine, else the rule it breaks.
"""

from __future__ import annotations

import re

from greengrass_sdk.resolver.device_semver import device_reading
from greengrass_sdk.resolver.errors import InvalidRequirement
from greengrass_sdk.resolver.java_lang import trim as java_trim

__all__ = [
    "MAX_NAME_LENGTH",
    "MAX_VERSION_LENGTH",
    "MAX_VERSION_PART",
    "component_name_problem",
    "component_version_problem",
    "requirement_problem",
    "uri_problem",
]

MAX_NAME_LENGTH = 128
MAX_VERSION_LENGTH = 64
MAX_VERSION_PART = 999999
_INT32_MAX = 2**31 - 1
# ComponentRecipe.COMPONENT_NAME_PATTERN "^[a-zA-Z0-9-_.]+$" with Matcher.find(): Java's "$" also
# matches before one final line terminator.
_NAME = re.compile(r"[a-zA-Z0-9\-_.]+(?:\r\n|[\n\r\u0085\u2028\u2029])?")
# Integer.valueOf: an optional sign and decimal digits (any script's digits, as Character.digit).
_JAVA_INT = re.compile(r"[+-]?\d+")


def component_name_problem(name: str) -> str | None:
    """Why Greengrass refuses ``name`` as a ``ComponentName`` (None if it does not)."""
    if not name:
        return "must not be empty"
    if len(name) > MAX_NAME_LENGTH:
        return f"must be at most {MAX_NAME_LENGTH} characters"
    if not _NAME.fullmatch(name):
        return "may only contain letters a-z and A-Z, digits, '-', '_' and '.'"
    return None


def _java_int(text: str) -> int | None:
    if len(text) > 12 or not _JAVA_INT.fullmatch(text):
        return None
    number = int(text)
    return number if -(2**31) <= number <= _INT32_MAX else None


def component_version_problem(version: str) -> str | None:
    """Why Greengrass refuses ``version`` as a ``ComponentVersion`` (None if it does not).

    Mirrors ``new Semver(version)`` (strict: major.minor.patch, anything after a ``-`` is the
    pre-release, after a ``+`` the build; parts past the third are ignored, leading zeros are
    fine) and ``ComponentRecipeBuilder.componentVersion`` (64 characters, parts up to 999999).
    """
    value = java_trim(version)
    hyphen, plus = value.find("-"), value.find("+")
    has_prerelease = hyphen != -1 and (plus == -1 or hyphen < plus)
    tokens = value.split("-", 1) if has_prerelease else [value]
    if len(tokens) == 1:
        if tokens[0].endswith("+"):
            return "is not a version: the build part after '+' is empty"
        plus_parts = tokens[0].split("+")
        main = plus_parts[0]
    else:
        main = tokens[0]
        if tokens[1].endswith("+"):
            return "is not a version: the build part after '+' is empty"
    parts = main.split(".")
    while parts and parts[-1] == "":  # String.split drops trailing empty strings
        parts.pop()
    names = ("major", "minor", "patch")
    numbers = []
    for index, name in enumerate(names):
        number = _java_int(parts[index]) if index < len(parts) else None
        if number is None:
            return f"is not a version like 1.0.0 (no {name} version)"
        numbers.append(number)
    if len(value) > MAX_VERSION_LENGTH:
        return f"must be at most {MAX_VERSION_LENGTH} characters"
    if any(number > MAX_VERSION_PART for number in numbers):
        return f"major, minor and patch must each be at most {MAX_VERSION_PART}"
    return None


def requirement_problem(requirement: str) -> str | None:
    """Why the device cannot read ``requirement`` as a ``VersionRequirement`` (None if it can).

    The ONE place the loader checks requirements. Greengrass reads them with semver4j's
    ``Requirement.buildNPM`` (``DependencyProperties``); the resolver's device reader,
    :func:`greengrass_sdk.resolver.device_reading`, mirrors it and is checked against
    semver4j's own verdicts (tests/resolver/data) and the recipe library's
    (tests/recipes/test_requirement_rule.py).
    """
    try:
        device_reading(requirement)
    except InvalidRequirement as error:
        return f"the device cannot read the requirement {requirement!r}: {error}"
    return None


# java.net.URI's character classes (RFC 2396 with RFC 2732's brackets in "reserved").
_ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ALNUM = _ALPHA + "0123456789"
_UNRESERVED = _ALNUM + "-_.!~*'()"
_RESERVED = ";/?:@&=+$,[]"
_URIC = set(_RESERVED + _UNRESERVED)
_PCHAR = set(_UNRESERVED + ":@&=+$,")
_PATH = _PCHAR | set(";/")
_REG_NAME = set(_UNRESERVED + "$,;:@&=+")
_SCHEME = set(_ALNUM + "+-.")
_HEX = set("0123456789abcdefABCDEF")


def _scan(text: str, start: int, allowed: set[str], escapes: bool = True) -> int:
    """Index of the first character not allowed (URI.Parser.scan with escapes and "other")."""
    index = start
    while index < len(text):
        char = text[index]
        if char in allowed:
            index += 1
        elif escapes and char == "%":
            if index + 2 < len(text) + 0 and text[index + 1] in _HEX and text[index + 2] in _HEX:
                index += 3
            else:
                raise _UriProblem(f"malformed escape pair at index {index}")
        elif escapes and ord(char) > 128 and not char.isspace() and not _iso_control(char):
            index += 1
        else:
            return index
    return index


def _iso_control(char: str) -> bool:
    code = ord(char)
    return code <= 0x1F or 0x7F <= code <= 0x9F


class _UriProblem(Exception):
    pass


def _check(text: str, start: int, end: int, allowed: set[str], what: str) -> None:
    stop = _scan(text[:end], start, allowed)
    if stop < end:
        raise _UriProblem(f"illegal character {text[stop]!r} in {what} at index {stop}")


def _authority(text: str, start: int, end: int) -> None:
    part = text[start:end]
    if _scan(part, 0, _REG_NAME) == len(part):
        return  # a registry-based authority: anything made of these characters
    if "[" in part:
        close = part.find("]")
        if close == -1:
            raise _UriProblem("expected closing bracket for IPv6 address")
        inside = part[part.index("[") + 1 : close]
        if not inside or any(c not in _HEX and c not in ":." for c in inside):
            raise _UriProblem("malformed IPv6 address")
        rest = part[close + 1 :]
        if rest and not (rest.startswith(":") and rest[1:].isdigit()):
            raise _UriProblem("illegal character in authority")
        return
    raise _UriProblem("illegal character in authority")


def uri_problem(uri: str) -> str | None:
    """Why ``java.net.URI`` refuses ``uri`` (None if it parses), as Greengrass reads artifact URIs.

    A port of the JDK's ``URI.Parser.parse`` (java.base ``java/net/URI.java``): scheme, opaque or
    hierarchical part, authority, path, query, fragment, ``%`` escapes and visible non-ASCII
    characters. IPv6 literals are checked only loosely.
    """
    try:
        _parse_uri(uri)
    except _UriProblem as problem:
        return f"is not a URI Greengrass can read: {problem}"
    return None


def _parse_uri(text: str) -> None:
    end = len(text)
    colon = -1
    for index, char in enumerate(text):
        if char in "/?#":
            break
        if char == ":":
            colon = index
            break
    position = 0
    if colon >= 0:
        if colon == 0:
            raise _UriProblem("expected a scheme name before ':'")
        if text[0] not in _ALPHA or any(c not in _SCHEME for c in text[1:colon]):
            raise _UriProblem("illegal character in scheme name")
        position = colon + 1
        if text.startswith("/", position):
            position = _hierarchical(text, position)
        else:
            fragment = text.find("#", position)
            stop = end if fragment == -1 else fragment
            if stop <= position:
                raise _UriProblem("expected a scheme-specific part after ':'")
            _check(text, position, stop, _URIC, "opaque part")
            position = stop
    else:
        position = _hierarchical(text, 0)
    if position < end and text[position] == "#":
        _check(text, position + 1, end, _URIC, "fragment")
        position = end
    if position < end:
        raise _UriProblem(f"unexpected character at index {position}")


def _hierarchical(text: str, start: int) -> int:
    end = len(text)
    position = start
    if text.startswith("//", position):
        position += 2
        stop = position
        while stop < end and text[stop] not in "/?#":
            stop += 1
        if stop > position:
            _authority(text, position, stop)
        elif stop >= end:
            raise _UriProblem(f"expected authority at index {position}")
        position = stop
    stop = position
    while stop < end and text[stop] not in "?#":
        stop += 1
    _check(text, position, stop, _PATH, "path")
    position = stop
    if position < end and text[position] == "?":
        position += 1
        stop = text.find("#", position)
        stop = end if stop == -1 else stop
        _check(text, position, stop, _URIC, "query")
        position = stop
    return position
