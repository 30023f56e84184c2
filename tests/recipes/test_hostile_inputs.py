"""Nothing but RecipeError leaves the recipe loader or a catalog, whatever the input."""

from __future__ import annotations

import json
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from greengrass_sdk.recipes import (
    ComponentRecipe,
    OnlineCatalog,
    RecipeError,
    dump_recipe,
    folder_catalog,
    load_recipe,
)

CORPUS = [
    json.loads(line)["text"]
    for line in (Path(__file__).parent / "oracle" / "corpus.jsonl").open(encoding="utf-8")
]
NASTY = [
    "{" * 5000,
    "[" * 5000 + "]" * 5000,
    "a:\n" + "".join(" " * i + "- x:\n" for i in range(1, 400)),
    "RecipeFormatVersion: 2020-01-25\nComponentName: a\nComponentVersion: 1.0.0\nLifecycle:\n"
    + "  " * 1
    + "x: "
    + "[" * 3000
    + "]" * 3000,
    "x: " + "9" * 50000,
    "x: 1e99999",
    "ComponentVersion: " + "1" * 5000 + ".0.0",
    "&a [*a]",
    "? ? ? x",
    "\ud800",
    "\x00",
    "%YAML 1.1\n%TAG ! tag:x,2000:\n--- !foo\nx: 1",
    "!!python/object:os.system x",
    "ComponentName: !!binary '%%%'",
    "- !!timestamp 2001-13-45",
]


def _mutations(seed: int, count: int) -> list[str | bytes]:
    rng = random.Random(seed)
    specials = list(":-?[]{}#&*!|>'\"%@`,\t\n ~\\\x00\ufeff\u2028é")
    found: list[str | bytes] = []
    for _ in range(count):
        text = rng.choice(CORPUS)
        chars = list(text)
        for _ in range(rng.randint(1, 6)):
            if not chars:
                break
            where = rng.randrange(len(chars))
            action = rng.random()
            if action < 0.4:
                chars[where] = rng.choice(specials)
            elif action < 0.7:
                chars.insert(where, rng.choice(specials))
            else:
                del chars[where : where + rng.randint(1, 20)]
        mutated = "".join(chars)
        if rng.random() < 0.1:
            raw = bytearray(mutated.encode("utf-8", "surrogatepass"))
            if raw:
                raw[rng.randrange(len(raw))] = rng.randrange(256)
            found.append(bytes(raw))
        else:
            found.append(mutated)
    return found


def _load_or_refuse(source: str | bytes) -> ComponentRecipe | None:
    try:
        return load_recipe(source)
    except RecipeError:
        return None


@pytest.mark.parametrize("source", NASTY, ids=range(len(NASTY)))
def test_nasty_texts_give_recipe_errors(source: str) -> None:
    _load_or_refuse(source)


def test_two_thousand_mutated_recipes_load_or_raise_recipe_error() -> None:
    loaded = 0
    for source in _mutations(seed=8, count=2000):
        recipe = _load_or_refuse(source)
        if recipe is not None:
            loaded += 1
            # Whatever loads also dumps and reads back as the same recipe.
            assert load_recipe(dump_recipe(recipe)) == recipe
            assert load_recipe(dump_recipe(recipe, "yaml")) == recipe
    assert 50 < loaded < 1950  # the sweep reaches both outcomes


def test_folder_catalog_survives_hostile_files(tmp_path: Path) -> None:
    (tmp_path / "binary.yaml").write_bytes(bytes(range(256)))
    (tmp_path / "latin1.json").write_bytes("ComponentName: caf\xe9".encode("latin-1"))
    (tmp_path / "deep.yml").write_text("x: " + "[" * 5000)
    (tmp_path / "dir.yaml").mkdir()
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    for index, source in enumerate(_mutations(seed=9, count=60)):
        data = source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")
        (tmp_path / f"m{index}.yaml").write_bytes(data)
    catalog = folder_catalog(tmp_path)
    assert len(catalog.problems) >= 4
    assert all(isinstance(p.error, (RecipeError, ValueError)) for p in catalog.problems)


@dataclass
class _Item:
    arn: str | None
    component_name: str | None = None
    component_version: str | None = None


@dataclass
class _Response:
    recipe: bytes | None


class _GarbageService:
    """A service answering listings normally and ``get_component`` with hostile recipe bytes."""

    def __init__(self, recipes: list[bytes | None]) -> None:
        self._recipes = recipes

    async def list_components(self, *, scope: str) -> AsyncIterator[_Item]:
        yield _Item("arn:c", "com.example.C")

    async def list_component_versions(self, *, arn: str) -> AsyncIterator[_Item]:
        for index in range(len(self._recipes)):
            yield _Item(f"arn:c:{index}", "com.example.C", f"1.0.{index}")

    async def get_component(self, *, arn: str, recipe_output_format: str) -> _Response:
        return _Response(self._recipes[int(arn.rsplit(":", 1)[1])])


async def test_online_catalog_records_unreadable_recipes() -> None:
    sources = [s if isinstance(s, bytes) else s.encode("utf-8", "surrogatepass") for s in NASTY]
    good = b'{"RecipeFormatVersion": "2020-01-25", "ComponentName": "com.example.C",'
    good += b' "ComponentVersion": "1.0.99"}'
    online = OnlineCatalog(_GarbageService([*sources, None, b"\xff\xfe", good]))  # type: ignore[arg-type]
    catalog = await online.load(["com.example.C"])
    assert catalog.versions("com.example.C") == ["1.0.99"]
    assert len(catalog.problems) == len(sources) + 2
    assert all("com.example.C 1.0." in p.source for p in catalog.problems)
