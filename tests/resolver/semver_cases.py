"""A seeded generator of npm-style ranges and versions, valid and invalid."""

from __future__ import annotations

import random

from greengrass_sdk.resolver import InvalidRequirement, VersionRequirement
from greengrass_sdk.resolver.versions import parse_version

PRERELEASES = ["alpha", "beta.1", "rc.0", "0", "1", "alpha.beta", "x-y", "beta.11", "beta.2", "1a"]
BUILDS = ["build.5", "001", "sha-abc", "x"]
BAD_VERSIONS = [
    "01.2.3",
    "1.2",
    "1.2.3-",
    "1.2.3-01",
    "1.2.3.4",
    "a.b.c",
    "=1.2.3",
    "1.2.3+",
    "",
    "v",
    "1.2.3-beta..1",
    " 1.2.3 ",
    "V1.2.3",
    "1.2.3-beta_1",
    "99999999999999999.0.0",
]
OPERATORS = ["", "=", "<", "<=", ">", ">=", "^", "~", "~>"]
JUNK = [
    ">>1",
    "~^1",
    "1.2.3 -2",
    "1.2.3 - ",
    "- 1.2.3",
    "1 2 3",
    "1.2.3-01",
    "01",
    "a",
    "=>1",
    "1.2.3*",
    "**",
    "x.1",
    "1.x.3",
    "~1.x.3",
    "!1",
    "1.2.3 ||| 2",
    "<=",
    ">",
    "v 1.2.3",
    "= 1.2.3",
    "> =1",
    "^ v1.2",
    "~ 1",
    "1.2.3 -",
    "1.2.3+x - 2",
    "*.1.2",
    "1.2.3 - 2 - 3",
]


def _number(rng: random.Random) -> str:
    return str(rng.choice([0, 0, 1, 1, 2, 3, 10]))


def random_version(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.06:
        return rng.choice(BAD_VERSIONS)
    text = ".".join(_number(rng) for _ in range(3))
    if rng.random() < 0.35:
        text += "-" + rng.choice(PRERELEASES)
    if rng.random() < 0.1:
        text += "+" + rng.choice(BUILDS)
    if rng.random() < 0.05:
        text = "v" + text
    return text


def _partial(rng: random.Random) -> str:
    size = rng.choice([1, 2, 3, 3, 3])
    parts = [_number(rng) for _ in range(size)]
    if rng.random() < 0.2:  # wildcards, normally trailing, now and then out of order
        start = rng.randrange(size) if rng.random() < 0.15 else size - 1
        for i in range(start, size):
            parts[i] = rng.choice(["x", "X", "*"])
    text = ".".join(parts)
    if size == 3 and rng.random() < 0.3:
        text += "-" + rng.choice(PRERELEASES)
    if size == 3 and rng.random() < 0.08:
        text += "+" + rng.choice(BUILDS)
    if rng.random() < 0.04:
        text = "v" + text
    return text


def _atom(rng: random.Random) -> str:
    if rng.random() < 0.08:
        return rng.choice(["*", "x", "", "X", ">=0.0.0", "*.*"])
    operator = rng.choice(OPERATORS)
    space = " " if rng.random() < 0.15 else ""
    return f"{operator}{space}{_partial(rng)}"


def _alternative(rng: random.Random) -> str:
    if rng.random() < 0.15:  # a hyphen range is a whole alternative (rarely not)
        hyphen = f"{_partial(rng)} - {_partial(rng)}"
        return hyphen if rng.random() < 0.9 else f"{hyphen} {_atom(rng)}"
    atoms = [_atom(rng) for _ in range(rng.choice([1, 1, 2, 2, 3]))]
    return rng.choice([" ", "  ", "\t"]).join(atoms)


def random_range(rng: random.Random) -> str:
    if rng.random() < 0.07:
        return rng.choice(JUNK)
    alternatives = [_alternative(rng) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
    separator = rng.choice(["||", " || ", " ||", "|| "])
    text = separator.join(alternatives)
    if rng.random() < 0.05:
        text = f"  {text}\n"
    if rng.random() < 0.06:  # a stray character, which npm usually (not always) rejects
        at = rng.randint(0, len(text))
        text = text[:at] + rng.choice("<>=~^-|.!xa +0") + text[at:]
    return text


def is_valid_range(text: str) -> bool:
    try:
        VersionRequirement.parse(text)
    except InvalidRequirement:
        return False
    return True


def is_valid_version(text: str) -> bool:
    try:
        parse_version(text)
    except ValueError:
        return False
    return True
