"""Desugaring of npm range syntax into plain comparators.

This module reproduces, step by step, how npm's ``semver`` 7 (strict mode)
reads a range: whitespace is collapsed, the text is split on ``||``, build
metadata is dropped, hyphen ranges, carets, tildes, x-ranges and stars are
rewritten into primitive comparators (``>=1.2.3``, ``<2.0.0-0`` ...), and every
comparator must then be a valid ``OP VERSION`` or empty ("any"). The steps
work on text because npm's quirks (which spaces are joined, what a stray
``*`` does) are defined on text; the result is structured.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import semver

from greengrass_sdk.resolver.errors import InvalidRequirement
from greengrass_sdk.resolver.versions import (
    JS_WHITESPACE_CHARS,
    parse_version,
)

__all__ = ["Primitive", "desugar"]

Primitive = tuple[str, semver.Version | None]
"""An operator (``""``, ``"<"``, ``"<="``, ``">"``, ``">="``) and its version; None means any."""

_WS = "[" + re.escape(JS_WHITESPACE_CHARS) + "]+"
_X_ID = r"0|[1-9][0-9]*|x|X|\*"
_PRE_ID = r"(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][a-zA-Z0-9-]*)"
_PRE = rf"{_PRE_ID}(?:\.{_PRE_ID})*"
_BUILD = r"\+[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*"
_PARTIAL = rf"[v= ]*({_X_ID})(?:\.({_X_ID})(?:\.({_X_ID})(?:-({_PRE}))?(?:{_BUILD})?)?)?"
_PARTIAL_NO_GROUPS = re.sub(r"\((?!\?)", "(?:", _PARTIAL)

_BUILD_RE = re.compile(_BUILD)
_HYPHEN_RE = re.compile(rf" ?({_PARTIAL_NO_GROUPS}) +- +({_PARTIAL_NO_GROUPS}) ?")
_ID = r"[0-9A-Za-z-]+"
_SCAN_FULL_RE = re.compile(
    rf"[0-9]+\.[0-9]+\.[0-9]+(?:-?{_ID}(?:\.{_ID})*)?(?:\+{_ID}(?:\.{_ID})*)?"
)
_SCAN_PARTIAL_RE = re.compile(
    rf"(?:{_X_ID})(?:\.(?:{_X_ID})(?:\.(?:{_X_ID})(?:-{_PRE})?(?:{_BUILD})?)?)?"
)
_VERSION_START = frozenset("0123456789xX*")
_TILDE_SPACE_RE = re.compile(r"( ?)~>? ")
_CARET_SPACE_RE = re.compile(r"( ?)\^ ")
_CARET_RE = re.compile(rf"\^{_PARTIAL}")
_TILDE_RE = re.compile(rf"~>?{_PARTIAL}")
_XRANGE_RE = re.compile(rf"([<>]?=?) ?{_PARTIAL}")
_STAR_RE = re.compile(r"[<>]?=? ?\*")
_GTE0_RE = re.compile(r" ?>= ?0\.0\.0 ?")
_COMPARATOR_RE = re.compile(r"([<>]?=?) ?(v?[0-9]+\.[0-9]+\.[0-9]+\S*)")
_PARTIAL_RE = re.compile(_PARTIAL)

_Parts = tuple[str | None, str | None, str | None, str | None]


def _is_x(part: str | None) -> bool:
    return not part or part in ("x", "X", "*")


def _parts(match: re.Match[str], first_group: int) -> _Parts:
    major, minor, patch, pre = match.group(
        first_group, first_group + 1, first_group + 2, first_group + 3
    )
    return major, minor, patch, pre


def _only_major(parts: _Parts) -> str | None:
    """Carets and tildes alike: any version if the major is an X, its major if the minor is."""
    major, minor, _patch, _pre = parts
    if _is_x(major):
        return ""
    if _is_x(minor):
        return f">={major}.0.0 <{int(str(major)) + 1}.0.0-0"
    return None


def _caret(parts: _Parts) -> str:
    major, minor, patch, pre = parts
    wide = _only_major(parts)
    if wide is not None:
        return wide
    m_int = int(str(minor))
    if _is_x(patch):
        if major == "0":
            return f">={major}.{minor}.0 <{major}.{m_int + 1}.0-0"
        return f">={major}.{minor}.0 <{int(str(major)) + 1}.0.0-0"
    low = f">={major}.{minor}.{patch}" + (f"-{pre}" if pre else "")
    if major == "0":
        if minor == "0":
            return f"{low} <{major}.{minor}.{int(str(patch)) + 1}-0"
        return f"{low} <{major}.{m_int + 1}.0-0"
    return f"{low} <{int(str(major)) + 1}.0.0-0"


def _tilde(parts: _Parts) -> str:
    major, minor, patch, pre = parts
    wide = _only_major(parts)
    if wide is not None:
        return wide
    upper = f"<{major}.{int(str(minor)) + 1}.0-0"
    if _is_x(patch):
        return f">={major}.{minor}.0 {upper}"
    low = f">={major}.{minor}.{patch}" + (f"-{pre}" if pre else "")
    return f"{low} {upper}"


def _xrange(word: str, match: re.Match[str]) -> str:
    operator = match.group(1)
    major, minor, patch, _pre = _parts(match, 2)
    if (_is_x(major) and not _is_x(minor)) or (_is_x(minor) and patch and not _is_x(patch)):
        return word
    x_major = _is_x(major)
    x_minor = x_major or _is_x(minor)
    any_x = x_minor or _is_x(patch)
    if operator == "=" and any_x:
        operator = ""
    if x_major:
        return "<0.0.0-0" if operator in ("<", ">") else "*"
    if operator and any_x:
        big = int(str(major))
        small = 0 if x_minor else int(str(minor))
        if operator == ">":
            operator = ">="
            big, small = (big + 1, 0) if x_minor else (big, small + 1)
        elif operator == "<=":
            operator = "<"
            big, small = (big + 1, small) if x_minor else (big, small + 1)
        suffix = "-0" if operator == "<" else ""
        return f"{operator}{big}.{small}.0{suffix}"
    if x_minor:
        return f">={major}.0.0 <{int(str(major)) + 1}.0.0-0"
    if any_x:
        return f">={major}.{minor}.0 <{major}.{int(str(minor)) + 1}.0-0"
    return word


def _map_words(text: str, rewrite: Callable[[str], str]) -> str:
    return " ".join(rewrite(word) for word in text.strip(" ").split(" "))


def _rewrite_caret(word: str) -> str:
    match = _CARET_RE.fullmatch(word)
    return _caret(_parts(match, 1)) if match else word


def _rewrite_tilde(word: str) -> str:
    match = _TILDE_RE.fullmatch(word)
    return _tilde(_parts(match, 1)) if match else word


def _rewrite_xrange(word: str) -> str:
    word = word.strip(" ")
    match = _XRANGE_RE.fullmatch(word)
    return _xrange(word, match) if match else word


def _rewrite_word(word: str) -> str:
    word = _map_words(word, _rewrite_caret)
    word = _map_words(word, _rewrite_tilde)
    word = _map_words(word, _rewrite_xrange)
    return _STAR_RE.sub("", word.strip(" "), count=1)


def _hyphen(match: re.Match[str]) -> str:
    low_text, high_text = match.group(1), match.group(2)
    low = _PARTIAL_RE.fullmatch(low_text)
    high = _PARTIAL_RE.fullmatch(high_text)
    assert low is not None and high is not None  # both were matched by _HYPHEN_RE
    l_major, l_minor, l_patch, _ = _parts(low, 1)
    h_major, h_minor, h_patch, h_pre = _parts(high, 1)
    if _is_x(l_major):
        start = ""
    elif _is_x(l_minor):
        start = f">={l_major}.0.0"
    elif _is_x(l_patch):
        start = f">={l_major}.{l_minor}.0"
    else:
        start = f">={low_text}"
    if _is_x(h_major):
        end = ""
    elif _is_x(h_minor):
        end = f"<{int(str(h_major)) + 1}.0.0-0"
    elif _is_x(h_patch):
        end = f"<{h_major}.{int(str(h_minor)) + 1}.0-0"
    elif h_pre:
        end = f"<={h_major}.{h_minor}.{h_patch}-{h_pre}"
    else:
        end = f"<={high_text}"
    return f"{start} {end}".strip(" ")


def _primitive(text: str, whole: str) -> Primitive:
    if not text:
        return ("", None)
    match = _COMPARATOR_RE.fullmatch(text)
    if match is None:
        raise InvalidRequirement(f"Invalid version requirement {whole!r}: bad comparator {text!r}")
    operator, version_text = match.groups()
    if " " in version_text:
        raise InvalidRequirement(f"Invalid version requirement {whole!r}: bad comparator {text!r}")
    try:
        version = parse_version(version_text)
    except ValueError as error:
        raise InvalidRequirement(f"Invalid version requirement {whole!r}: {error}") from None
    return ("" if operator == "=" else operator, version)


def _version_end(text: str, start: int) -> int:
    match = _SCAN_FULL_RE.match(text, start) or _SCAN_PARTIAL_RE.match(text, start)
    return match.end() if match else start + 1


def _join_operators(text: str) -> str:
    """Remove the one space between an operator and its version, as npm does.

    npm scans for a candidate (an operator, ``v``/``=``/space prefixes, or a
    version), and if a version follows, removes the single space right after
    ``[space][<|>][=]`` at the candidate's start; then it skips the whole
    version. So ``> 1`` becomes ``>1`` but ``> = 1`` only ``>= 1``.
    """
    pieces: list[str] = []
    copy_from = index = 0
    while index < len(text):
        start = index
        if text[index] in "<>":
            index += 1
        elif text[index] not in "v= " and text[index] not in _VERSION_START:
            index += 1
            continue
        while index < len(text) and text[index] in "v= ":
            index += 1
        if index >= len(text) or text[index] not in _VERSION_START:
            continue
        position = start + (text[start] == " ")
        position += position < len(text) and text[position] in "<>"
        position += position < len(text) and text[position] == "="
        if position < len(text) and text[position] == " ":
            pieces.append(text[copy_from:position])
            copy_from = position + 1
        index = _version_end(text, index)
    return "".join(pieces) + text[copy_from:]


def _desugar_alternative(alternative: str, whole: str) -> list[Primitive]:
    text = _BUILD_RE.sub("", alternative)
    hyphen = _HYPHEN_RE.fullmatch(text)
    if hyphen is not None:
        text = _hyphen(hyphen)
    text = _join_operators(text)
    text = _TILDE_SPACE_RE.sub(r"\1~", text)
    text = _CARET_SPACE_RE.sub(r"\1^", text)
    rewritten = " ".join(_rewrite_word(word) for word in text.split(" "))
    words = re.split(" +", rewritten)
    words = ["" if _GTE0_RE.fullmatch(word.strip(" ")) else word.strip(" ") for word in words]
    return [_primitive(word, whole) for word in words]


def desugar(text: str) -> list[list[Primitive]]:
    """Turn a requirement into alternatives of primitive comparators, as npm does.

    Args:
        text: The requirement, e.g. ``"^1.2 || >=3.0.0-beta <3.1"``.

    Returns:
        One list of primitives per ``||`` alternative; an alternative is the
        conjunction of its primitives.

    Raises:
        InvalidRequirement: If npm's semver (strict mode) rejects the text.
    """
    collapsed = re.sub(_WS, " ", text.strip(JS_WHITESPACE_CHARS))
    return [_desugar_alternative(part.strip(" "), text) for part in collapsed.split("||")]
