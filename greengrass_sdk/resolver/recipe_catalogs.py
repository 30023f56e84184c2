"""Catalogs built from recipes: a folder of recipe files, or Greengrass itself.

Both filter by platform the way a device does: a component version is
available to a device if one of its recipe's manifests fits the device's
platform attributes (``{"os": "linux", "architecture": "aarch64"}``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, Iterable, Mapping
from pathlib import Path
from typing import Any, Literal, Protocol

from greengrass_sdk.recipes.io import RECIPE_SUFFIXES, load_recipe, load_recipe_file
from greengrass_sdk.recipes.models import ComponentRecipe
from greengrass_sdk.resolver.catalog import InMemoryCatalog

__all__ = [
    "ComponentLister",
    "OnlineCatalog",
    "catalog_from_recipes",
    "folder_catalog",
]


def catalog_from_recipes(
    recipes: Iterable[ComponentRecipe], platform: Mapping[str, str] | None = None
) -> InMemoryCatalog:
    """An in-memory catalog of the recipes that fit ``platform`` (all, if None).

    Args:
        recipes: Parsed recipes.
        platform: Device platform attributes, e.g. ``{"os": "linux"}``.

    Returns:
        The catalog.

    Raises:
        ValueError: If two recipes declare the same component version.
    """
    catalog = InMemoryCatalog()
    seen: set[tuple[str, str]] = set()
    for recipe in recipes:
        key = (recipe.component_name, recipe.component_version)
        if key in seen:
            raise ValueError(f"{key[0]} {key[1]} is declared by more than one recipe")
        seen.add(key)
        if platform is None or recipe.supports(dict(platform)):
            catalog.add(recipe.component_name, recipe.component_version, recipe.dependencies())
    return catalog


def folder_catalog(
    folder: str | Path, platform: Mapping[str, str] | None = None
) -> InMemoryCatalog:
    """A catalog of every recipe file (``.json``, ``.yaml``, ``.yml``) under ``folder``.

    Args:
        folder: The directory, searched recursively.
        platform: Device platform attributes to filter manifests by.

    Returns:
        The catalog.

    Raises:
        ValueError: If ``folder`` is not a directory, or a file in it is not a
            valid recipe (the message names the file).
    """
    if not Path(folder).is_dir():
        raise ValueError(f"{folder} is not a directory")
    recipes = []
    for path in sorted(Path(folder).rglob("*")):
        if path.suffix.lower() in RECIPE_SUFFIXES and path.is_file():
            try:
                recipes.append(load_recipe_file(path))
            except ValueError as error:
                raise ValueError(f"{path}: {error}") from error
    return catalog_from_recipes(recipes, platform)


class _VersionItem(Protocol):
    @property
    def component_name(self) -> str | None: ...
    @property
    def component_version(self) -> str | None: ...
    @property
    def arn(self) -> str | None: ...


class _LatestVersion(Protocol):
    @property
    def arn(self) -> str | None: ...


class _ComponentItem(Protocol):
    @property
    def arn(self) -> str | None: ...
    @property
    def component_name(self) -> str | None: ...


class _GetComponentResponse(Protocol):
    @property
    def recipe(self) -> bytes | None: ...


class ComponentLister(Protocol):
    """The calls of ``GreengrassV2Client`` the online catalog uses."""

    def list_components(
        self, *, scope: Literal["PRIVATE", "PUBLIC"]
    ) -> AsyncIterable[_ComponentItem]:
        """Iterate components of a scope (``PRIVATE`` or ``PUBLIC``)."""
        ...

    def list_component_versions(self, *, arn: str) -> AsyncIterable[_VersionItem]:
        """Iterate the versions of one component."""
        ...

    async def get_component(
        self, *, arn: str, recipe_output_format: Literal["JSON", "YAML"]
    ) -> _GetComponentResponse:
        """Fetch one component version's recipe."""
        ...


class OnlineCatalog:
    """Loads the recipes a resolution needs from Greengrass, concurrently and once.

    Call :meth:`load` with the root component names; it follows dependencies
    and returns an :class:`InMemoryCatalog` to resolve against.

    Args:
        client: A ``GreengrassV2Client`` (or anything with the same three calls).
        platform: Device platform attributes to filter manifests by.
        concurrency: At most this many ``get_component`` calls in flight.
        scopes: Component scopes to look names up in.
    """

    def __init__(
        self,
        client: ComponentLister,
        *,
        platform: Mapping[str, str] | None = None,
        concurrency: int = 8,
        scopes: tuple[Literal["PRIVATE", "PUBLIC"], ...] = ("PRIVATE", "PUBLIC"),
    ) -> None:
        self._client = client
        self._platform = dict(platform) if platform is not None else None
        self._semaphore = asyncio.Semaphore(concurrency)
        self._scopes = scopes
        self._component_arns: dict[str, str] | None = None
        self._recipes: dict[str, ComponentRecipe] = {}

    async def _arns(self) -> dict[str, str]:
        if self._component_arns is None:
            found: dict[str, str] = {}
            for scope in self._scopes:
                async for item in self._client.list_components(scope=scope):
                    if item.component_name and item.arn:
                        found.setdefault(item.component_name, item.arn)
            self._component_arns = found
        return self._component_arns

    async def _recipe(self, version_arn: str) -> ComponentRecipe:
        cached = self._recipes.get(version_arn)
        if cached is None:
            async with self._semaphore:
                response = await self._client.get_component(
                    arn=version_arn, recipe_output_format="JSON"
                )
            cached = self._recipes[version_arn] = load_recipe(response.recipe or b"{}")
        return cached

    async def _component_recipes(self, name: str) -> list[ComponentRecipe]:
        arn = (await self._arns()).get(name)
        if arn is None:
            return []
        version_arns = [
            item.arn async for item in self._client.list_component_versions(arn=arn) if item.arn
        ]
        return list(await asyncio.gather(*(self._recipe(v) for v in version_arns)))

    async def load(self, roots: Iterable[str]) -> InMemoryCatalog:
        """Fetch the roots' recipes and, transitively, their dependencies'.

        Args:
            roots: Component names to start from.

        Returns:
            A catalog of every fetched version that fits the platform.
        """
        pending = list(dict.fromkeys(roots))
        seen = set(pending)
        recipes: list[ComponentRecipe] = []
        while pending:
            batches = await asyncio.gather(*(self._component_recipes(n) for n in pending))
            pending = []
            for batch in batches:
                for recipe in batch:
                    if self._platform is not None and not recipe.supports(self._platform):
                        continue
                    recipes.append(recipe)
                    for dependency in recipe.component_dependencies:
                        if dependency not in seen:
                            seen.add(dependency)
                            pending.append(dependency)
        return catalog_from_recipes(recipes)

    def cached_recipes(self) -> dict[str, Any]:
        """Version ARN to recipe, for everything fetched so far."""
        return dict(self._recipes)
