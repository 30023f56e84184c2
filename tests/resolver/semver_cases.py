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
    parts = [
        rng.choice(["x", "X", "*"]) if rng.random() < 0.15 else _number(rng) for _ in range(size)
    ]
    text = ".".join(parts)
    if size == 3 and rng.random() < 0.3:
        text += "-" + rng.choice(PRERELEASES)
    if size == 3 and rng.random() < 0.08:
        text += "+" + rng.choice(BUILDS)
    if rng.random() < 0.04:
        text = "v" + text
    return text


def _atom(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.08:
        return rng.choice(["*", "x", "", "X", ">=0.0.0", "*.*"])
    if roll < 0.2:
        return f"{_partial(rng)} - {_partial(rng)}"
    operator = rng.choice(OPERATORS)
    space = " " if rng.random() < 0.15 else ""
    return f"{operator}{space}{_partial(rng)}"


def random_range(rng: random.Random) -> str:
    if rng.random() < 0.07:
        return rng.choice(JUNK)
    alternatives = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        atoms = [_atom(rng) for _ in range(rng.choice([1, 1, 2, 2, 3]))]
        alternatives.append(rng.choice([" ", "  ", "\t"]).join(atoms))
    separator = rng.choice(["||", " || ", " ||", "|| "])
    text = separator.join(alternatives)
    if rng.random() < 0.05:
        text = f"  {text}\n"
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
