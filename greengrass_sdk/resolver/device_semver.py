"""How the Greengrass nucleus reads version requirements: semver4j 3.1.0, NPM mode.

The nucleus does not use npm's ``semver``. It parses every ``VersionRequirement``
with semver4j's ``Requirement.buildNPM``, keeps the requirement's text form
(``toString()``, here :attr:`DeviceRequirement.stored_form`), parses that again
when it resolves, and merges several dependents' requirements by joining their
text forms with spaces. This module is our own implementation of that
behaviour, written from semver4j's source (vdurmont/semver4j, tag v3.1.0:
``Semver.java`` for versions, ``Tokenizer.java`` and ``Requirement.java`` for
requirements, ``Range.java`` for comparisons) and checked row by row against
verdicts produced by semver4j itself (``tests/resolver/data/``).

What makes it differ from npm (design.md §9), all reproduced on purpose:

* Tokens: only ``~ ^ = < <= > >= - || ( )`` are operators and only the space
  character separates; ``1.0.0 2.0.0`` is one (odd) version ``1.0.02.0.0``.
  An operator right after an operator swallows it as its operand
  (``~>1.2.0`` reads ``=1.2.0``); anything left over is ignored.
* Versions after ``= < <= > >=`` are read leniently (no ``v``, no ``x``); a bare
  version with a missing or ``x`` part becomes a tilde range.
* ``-`` is a hyphen range unless what follows is not a version (``1.0.0-beta``
  stays one version, ``1.0.0-1`` is the range ``1.0.0 - 1``).
* Comparisons with a partial version (``=1.3``, ``<2.2``) stop at the first
  missing part; equality of majors above 127 compares Java ``Integer`` boxes by
  identity; pre-releases are only filtered inside a conjunction, so a lone
  comparator admits them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from greengrass_sdk.resolver.errors import InvalidRequirement, InvalidVersion
from greengrass_sdk.resolver.java_lang import (
    JavaError,
    boxed_same,
    compare_ignore_case,
    java_int,
    parse_int,
    split,
    trim,
)

__all__ = [
    "DeviceRequirement",
    "DeviceVersion",
    "device_merge",
    "device_reading",
    "device_satisfies",
    "parse_device_version",
]

VersionKind = Literal["STRICT", "LOOSE", "NPM"]
"""semver4j's ``SemverType`` values that the nucleus's code paths reach."""


def _semver_error(message: str) -> JavaError:
    return JavaError("SemverException", message)


# --- versions (Semver.java) -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeviceVersion:
    """A version as semver4j holds it.

    Attributes:
        value: The text after trimming (and, in NPM mode, dropping a ``v``);
            equality of versions is equality of this text.
        major: The major number.
        minor: The minor number, None if absent or ``x``/``*``.
        patch: The patch number, None if absent or ``x``/``*``.
        suffix: The pre-release identifiers (split on ``.``).
        build: The build metadata, if semver4j recognised one.
        kind: The parsing mode: ``STRICT``, ``LOOSE`` or ``NPM``.
    """

    value: str
    major: int
    minor: int | None
    patch: int | None
    suffix: tuple[str, ...]
    build: str | None
    kind: VersionKind

    def __str__(self) -> str:
        return self.value


def _number(part: str, kind: VersionKind, missing: str, value: str) -> int | None:
    number = parse_int(part)
    if number is not None:
        return number
    if kind == "NPM" and part in ("x", "X", "*"):
        return None
    raise _semver_error(f"Invalid version (no {missing} version): {value}")


@lru_cache(maxsize=65536)
def _parse(text: str | None, kind: VersionKind) -> DeviceVersion:
    if text is None:
        raise JavaError("NullPointerException", "version text is null")
    value = trim(text)
    if kind == "NPM" and value[:1] in ("v", "V"):
        value = trim(value[1:])
    hyphen, plus = value.find("-"), value.find("+")
    tail: str | None = None
    if hyphen != -1 and (plus == -1 or hyphen < plus):
        head, tail = split(value, "-", 2)
    else:
        head = value
    build: str | None = None
    if tail is None:
        if head.endswith("+"):
            raise _semver_error("The build cannot be empty.")
        pieces = split(head, "+")
        main = split(pieces[0], ".")
        if len(pieces) == 2:
            build = pieces[1]
    else:
        main = split(head, ".")
    major = parse_int(main[0]) if main else None
    if major is None:
        raise _semver_error(f"Invalid version (no major version): {value}")
    numbers: list[int | None] = []
    for index, name in ((1, "minor"), (2, "patch")):
        if index < len(main):
            numbers.append(_number(main[index], kind, name, value))
        elif kind == "STRICT":
            raise _semver_error(f"Invalid version (no {name} version): {value}")
        else:
            numbers.append(None)
    suffix: list[str] = []
    if tail is not None:
        if tail.endswith("+"):
            raise _semver_error("The build cannot be empty.")
        pieces = split(tail, "+")
        if len(pieces) == 2:
            suffix, build = split(pieces[0], "."), pieces[1]
        else:
            suffix = split(tail, ".")
    return DeviceVersion(value, major, numbers[0], numbers[1], tuple(suffix), build, kind)


def parse_device_version(text: str, kind: VersionKind = "NPM") -> DeviceVersion:
    """Parse a version as semver4j's ``new Semver(text, kind)`` does.

    Args:
        text: The version.
        kind: ``NPM`` (the default, as the device's verdicts are checked),
            ``STRICT`` or ``LOOSE``.

    Returns:
        The version.

    Raises:
        InvalidVersion: If semver4j rejects the text.
    """
    try:
        return _parse(text, kind)
    except JavaError as error:
        raise InvalidVersion(f"the device cannot read version {text!r}: {error.message}") from None


def _is_greater(mine: DeviceVersion, other: DeviceVersion) -> bool:
    if mine.major != other.major:
        return mine.major > other.major
    if mine.kind == "NPM" and other.minor is None:
        return False
    other_minor = other.minor if other.minor is not None else 0
    if mine.minor is not None and mine.minor != other_minor:
        return mine.minor > other_minor
    if mine.kind == "NPM" and other.patch is None:
        return False
    other_patch = other.patch if other.patch is not None else 0
    if mine.patch is not None and mine.patch != other_patch:
        return mine.patch > other_patch
    if not mine.suffix or not other.suffix:
        return not mine.suffix and bool(other.suffix)
    for a, b in zip(mine.suffix, other.suffix, strict=False):
        first, second = parse_int(a), parse_int(b)
        if first is not None and second is not None:
            difference = java_int(first - second)
        else:
            difference = compare_ignore_case(a, b)
        if difference:
            return difference > 0
    return len(mine.suffix) > len(other.suffix)


def _without_build(version: DeviceVersion) -> DeviceVersion:
    # Semver.isEquivalentTo re-reads the text without "+build" in STRICT mode.
    if version.build is None:
        return version
    return _parse(version.value.replace("+" + version.build, ""), "STRICT")


def _is_equivalent(mine: DeviceVersion, other: DeviceVersion) -> bool:
    first, second = _without_build(mine), _without_build(other)
    if first.kind == "NPM":
        if not boxed_same(first.major, second.major):
            return False
        if second.minor is None or second.patch is None:
            return True
    return first.value == second.value


# --- requirements (Tokenizer.java, Requirement.java, Range.java) --------------------------

Operator = Literal["=", "<", "<=", ">", ">="]


@dataclass(frozen=True, slots=True)
class _Comparator:
    operator: Operator
    version: DeviceVersion

    def __str__(self) -> str:
        return f"{self.operator}{self.version.value}"

    def allows(self, version: DeviceVersion) -> bool:
        bound = self.version
        if self.operator == "=":
            return _is_equivalent(version, bound)
        if self.operator == ">":
            return _is_greater(version, bound)
        if self.operator == ">=":
            return _is_greater(version, bound) or _is_equivalent(version, bound)
        lower = not _is_greater(version, bound) and not _is_equivalent(version, bound)
        if self.operator == "<":
            return lower
        return lower or _is_equivalent(version, bound)


@dataclass(frozen=True, slots=True)
class _Junction:
    both: bool
    left: _Node
    right: _Node

    def __str__(self) -> str:
        return f"{self.left} {self.right}" if self.both else f"{self.left} || {self.right}"

    def comparators(self) -> list[_Comparator]:
        found: list[_Comparator] = []
        stack: list[_Node] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, _Comparator):
                found.append(node)
            elif node.both:
                stack += [node.right, node.left]
            else:
                raise JavaError("RuntimeException", "OR in AND not allowed")
        return found

    def allows(self, version: DeviceVersion) -> bool:
        if not self.both:
            return self.left.allows(version) or self.right.allows(version)
        try:
            comparators = self.comparators()
            if not all(comparator.allows(version) for comparator in comparators):
                return False
            if not version.suffix:
                return True
            # Pre-releases pass only when a comparator names one of the same
            # major.minor.patch (npm's rule, applied per conjunction only).
            triple = (version.major, version.minor, version.patch)
            return any(
                c.version.suffix and (c.version.major, c.version.minor, c.version.patch) == triple
                for c in comparators
            )
        except JavaError:
            # semver4j falls back to evaluating both sides on any exception.
            return self.left.allows(version) and self.right.allows(version)


_Node = _Comparator | _Junction

_UNARY = {"~": "~", "^": "^", "=": "=", "<": "<", "\u2264": "<=", ">": ">", "\u2265": ">="}
_OTHER = {"-": "-", "|": "||", "(": "(", ")": ")"}


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "version", "and", or an operator / delimiter
    value: str | None = None

    @property
    def unary(self) -> bool:
        return self.kind in ("~", "^", "=", "<", "<=", ">", ">=")


_AND = _Token("and")


def _tokens(text: str) -> list[_Token]:
    text = text.replace("||", "|").replace("<=", "\u2264").replace(">=", "\u2265")
    tokens: list[_Token] = []
    previous: _Token | None = None
    word: list[str] | None = None
    for char in text:
        if char == " ":
            continue
        kind = _UNARY.get(char) or _OTHER.get(char)
        if kind is None:
            if word is None:
                word = []
            word.append(char)
            continue
        if word is not None:
            previous = _Token("version", "".join(word))
            tokens.append(previous)
            word = None
        current = _Token(kind)
        # "≥1.2.3 <4.5.6": an operator right after a version starts a conjunction.
        if current.unary and previous is not None and previous.kind == "version":
            tokens.append(_AND)
        tokens.append(current)
        previous = current
    if word is not None:
        tokens.append(_Token("version", "".join(word)))
    return tokens


def _reads_as_version(text: str | None) -> bool:
    try:
        _parse(text, "NPM")
    except JavaError:
        return False
    return True


def _join_false_hyphens(tokens: list[_Token]) -> list[_Token]:
    # "1.0.0-beta": a hyphen followed by something that is not a version is a
    # pre-release, not a hyphen range.
    joined: list[_Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (
            index + 2 < len(tokens)
            and token.kind == "version"
            and tokens[index + 1].kind == "-"
            and tokens[index + 2].kind == "version"
            and not _reads_as_version(tokens[index + 2].value)
        ):
            token = _Token("version", f"{token.value}-{tokens[index + 2].value}")
            index += 2
        joined.append(token)
        index += 1
    return joined


def _prefix_order(tokens: list[_Token]) -> list[_Token]:
    """The shunting-yard pass of semver4j, giving operators before their operands.

    ``||`` gets the lowest precedence by closing and reopening a group around
    it. A unary operator takes the very next token as its operand, whatever it
    is. The result is read from the front: operator, then right operand, then
    left operand.
    """
    grouped = [_Token("(")]
    for token in tokens:
        grouped += [_Token(")"), token, _Token("(")] if token.kind == "||" else [token]
    grouped.append(_Token(")"))
    output: list[_Token] = []
    stack: list[_Token] = []
    index = 0
    while index < len(grouped):
        token = grouped[index]
        if token.kind == "version":
            output.append(token)
        elif token.kind == ")":
            while True:
                if not stack:
                    raise JavaError("EmptyStackException", "unbalanced ')'")
                if stack[-1].kind == "(":
                    break
                output.append(stack.pop())
            stack.pop()
            if stack and stack[-1].unary:
                output.append(stack.pop())
        elif token.unary:
            index += 1
            if index >= len(grouped):
                raise JavaError("IndexOutOfBoundsException", "operator without operand")
            output += [grouped[index], token]
        else:
            stack.append(token)
        index += 1
    output += reversed(stack)
    output.reverse()
    return output


def _extrapolated(version: DeviceVersion) -> DeviceVersion:
    text = f"{version.major}.{version.minor or 0}.{version.patch or 0}"
    if version.suffix:
        text += "-" + ".".join(version.suffix)
    if version.build is not None:
        text += "+" + version.build
    return _parse(text, version.kind)


def _incremented(version: DeviceVersion, major: int, minor: int) -> DeviceVersion:
    text = str(java_int(version.major + major))
    if version.minor is not None:
        text += f".{java_int(version.minor + minor)}"
    if version.patch is not None:
        text += f".{version.patch}"
    if version.suffix:
        text += "-" + ".".join(version.suffix)
    if version.build is not None:
        text += "+" + version.build
    return _parse(text, version.kind)


def _range(lower: DeviceVersion, upper: str) -> _Junction:
    return _Junction(True, _Comparator(">=", _extrapolated(lower)), _Comparator("<", _loose(upper)))


def _loose(text: str | None) -> DeviceVersion:
    return _parse(text, "LOOSE")


def _tilde(text: str | None) -> _Junction:
    version = _parse(text, "NPM")
    if version.minor is not None:
        return _range(version, f"{version.major}.{java_int(version.minor + 1)}.0")
    return _range(version, f"{java_int(version.major + 1)}.0.0")


def _caret(text: str | None) -> _Junction:
    version = _parse(text, "NPM")
    if version.major != 0:
        upper = f"{java_int(version.major + 1)}.0.0"
    elif version.minor is None:
        upper = "1.0.0"
    elif version.minor != 0:
        upper = f"0.{java_int(version.minor + 1)}.0"
    elif version.patch is None:
        upper = "0.1.0"
    else:
        upper = f"0.0.{java_int(version.patch + 1)}"
    return _range(version, upper)


def _hyphen(low: str | None, high: str | None) -> _Junction:
    lower = _extrapolated(_parse(low, "NPM"))
    upper = _parse(high, "NPM")
    operator: Operator = "<="
    if upper.minor is None or upper.patch is None:
        operator = "<"
        bump = (1, 0) if upper.minor is None else (0, 1)
        upper = _incremented(_extrapolated(upper), *bump)
    return _Junction(True, _Comparator(">=", lower), _Comparator(operator, upper))


def _evaluate(tokens: Iterator[_Token]) -> _Node:
    try:
        token = next(tokens)
        if token.kind == "version":
            if token.value in ("*", "latest"):
                return _Comparator(">=", _loose("0.0.0"))
            version = _parse(token.value, "NPM")
            if version.minor is not None and version.patch is not None:
                return _Comparator("=", version)
            return _tilde(version.value)
        if token.kind == "-":
            upper = next(tokens)
            return _hyphen(next(tokens).value, upper.value)
        if token.unary:
            operand = next(tokens).value
            if token.kind == "~":
                return _tilde(operand)
            if token.kind == "^":
                return _caret(operand)
            operator: Operator = token.kind  # type: ignore[assignment]
            return _Comparator(operator, _loose(operand))
        right = _evaluate(tokens)
        left = _evaluate(tokens)
        if token.kind not in ("and", "||"):
            raise _semver_error("Invalid requirement")
        return _Junction(token.kind == "and", left, right)
    except StopIteration:
        raise _semver_error("Invalid requirement") from None


def _build_npm(text: str) -> _Node:
    tokens = _join_false_hyphens(_tokens(text or "*"))
    return _evaluate(iter(_prefix_order(tokens)))


@dataclass(frozen=True, slots=True)
class DeviceRequirement:
    """A requirement as the device parsed it (``Requirement.buildNPM``).

    Attributes:
        text: The text that was parsed.
        stored_form: What the device keeps and parses again
            (``buildNPM(text).toString()``).
    """

    text: str
    stored_form: str
    _tree: _Node

    @classmethod
    def parse(cls, text: str) -> DeviceRequirement:
        """Parse ``text`` exactly once, as ``Requirement.buildNPM(text)``.

        Args:
            text: A requirement.

        Returns:
            The parsed requirement.

        Raises:
            InvalidRequirement: Where semver4j cannot parse ``text``.
        """
        return _parse_requirement(text)

    def allows(self, version: str | DeviceVersion) -> bool:
        """``isSatisfiedBy``: whether the device accepts ``version`` for this requirement.

        Args:
            version: A version text (read in semver4j's NPM mode) or a parsed version.

        Returns:
            The device's verdict.

        Raises:
            InvalidVersion: If the device cannot read ``version``.
            InvalidRequirement: If the device throws while comparing (semver4j
                re-reads a bound carrying build metadata strictly, e.g. ``<=1.2+b``).
        """
        parsed = parse_device_version(version) if isinstance(version, str) else version
        try:
            return self._tree.allows(parsed)
        except JavaError as error:
            raise InvalidRequirement(
                f"the device fails comparing {parsed.value!r} with requirement {self.text!r}: "
                f"{error.message}"
            ) from None

    def __str__(self) -> str:
        return self.stored_form


@lru_cache(maxsize=16384)
def _parse_requirement(text: str) -> DeviceRequirement:
    try:
        tree = _build_npm(text)
    except JavaError as error:
        raise InvalidRequirement(
            f"the device (semver4j 3.1.0) cannot parse version requirement {text!r}: "
            f"{error.message}"
        ) from None
    return DeviceRequirement(text, str(tree), tree)


def device_reading(requirement: str) -> str:
    """The form of ``requirement`` the device stores: ``buildNPM(requirement).toString()``.

    Args:
        requirement: A ``VersionRequirement`` as written in a recipe.

    Returns:
        For example ``">=1.2.0 <2.0.0"`` for ``"^1.2"``, ``"=1.2.0"`` for ``"~>1.2.0"``.

    Raises:
        InvalidRequirement: Where the device cannot parse the requirement.
    """
    return _parse_requirement(requirement).stored_form


def device_satisfies(version: str, requirement: str) -> bool:
    """The device's verdict on ``version`` for a recipe dependency ``requirement``.

    As the nucleus evaluates a dependency: the stored form is parsed again and
    asked ``isSatisfiedBy``.

    Args:
        version: A component version.
        requirement: A ``VersionRequirement`` as written in a recipe.

    Returns:
        Whether the device accepts the version.

    Raises:
        InvalidRequirement: Where the device cannot parse the requirement (or
            its stored form), or throws while comparing.
        InvalidVersion: If the device cannot read the version.
    """
    return _parse_requirement(device_reading(requirement)).allows(version)


def device_merge(requirements: Sequence[str]) -> str:
    """Several dependents' requirements on one component, merged as the nucleus merges them.

    The nucleus joins the stored forms with spaces and parses the result
    (``ComponentManager.mergeVersionRequirements``), so a ``||`` in one of
    them splits the whole. Pass the requirements in the order the nucleus
    iterates them (see :mod:`.java_hashmap`).

    Args:
        requirements: The requirements as written, in the device's order.

    Returns:
        The joined text the device parses; ``DeviceRequirement.parse(merged)``
        gives the merged requirement and its verdicts.

    Raises:
        InvalidRequirement: Where the device cannot parse one of them or the merge.
    """
    joined = " ".join(device_reading(requirement) for requirement in requirements)
    _parse_requirement(joined)
    return joined
