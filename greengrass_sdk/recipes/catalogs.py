"""Catalogs built from recipes: a folder of recipe files, or Greengrass itself.

Both filter by platform the way a device does: a component version is
available to a device if one of its recipe's manifests fits the device's
platform attributes (``{"os": "linux", "architecture": "aarch64"}``).
Both are resilient: a recipe Greengrass would refuse is left out and recorded in
the catalog's ``problems`` instead of failing the whole load; what reading the
recipes it kept noticed (unknown keys, requirements the device reads unlike npm)
is in its ``warnings``. The resolver sees them only through its ``Catalog``
protocol (and, to explain a failure, ``problems_for``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from greengrass_sdk._core.exceptions import ServiceError
from greengrass_sdk.recipes.errors import RecipeError
from greengrass_sdk.recipes.io import RECIPE_SUFFIXES, RecipeReading, read_recipe, read_recipe_file
from greengrass_sdk.recipes.lint import lint_recipe
from greengrass_sdk.recipes.models import ComponentRecipe
from greengrass_sdk.recipes.yaml_reading import DocumentError, Scalar, read_document
from greengrass_sdk.resolver.catalog import InMemoryCatalog
from greengrass_sdk.resolver.errors import InvalidRequirement
from greengrass_sdk.resolver.versions import parse_version

__all__ = [
    "CatalogProblem",
    "CatalogWarning",
    "ComponentLister",
    "OnlineCatalog",
    "RecipeCatalog",
    "catalog_from_recipes",
    "folder_catalog",
]


@dataclass(frozen=True)
class CatalogProblem:
    """A recipe left out of a catalog, and why.

    Attributes:
        source: The file, or ``name version`` / ARN of an online recipe.
        error: What is wrong (a :class:`RecipeError` or another :class:`ValueError`).
        component: The component it was for, when known.
    """

    source: str
    error: Exception
    component: str | None = None

    def __str__(self) -> str:
        text = str(self.error)
        return text if text.startswith(self.source) else f"{self.source}: {text}"


@dataclass(frozen=True)
class CatalogWarning:
    """Something noticed reading a recipe the catalog kept (see ``RecipeReading.warnings``).

    Attributes:
        source: The file, or ``name version`` / ARN of an online recipe.
        path: The key path, e.g. ``ComponentDependencies.com.example.Lib.VersionRequirement``.
        message: The note, e.g. ``device-reads-differently: the device reads ...``.
        component: The component of the recipe.
    """

    source: str
    path: str
    message: str
    component: str

    def __str__(self) -> str:
        where = f"{self.source}: {self.path}" if self.path else self.source
        return f"{where}: {self.message}"


class RecipeCatalog(InMemoryCatalog):
    """An in-memory catalog built from recipes, with the recipes it had to leave out.

    Attributes:
        problems: One :class:`CatalogProblem` per unreadable or conflicting recipe.
        warnings: One :class:`CatalogWarning` per warning reading a recipe in the catalog
            (unknown keys, requirements the device reads unlike npm's semver, ...).
        provided: Components declared as already there (``{name: version}``).
    """

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[CatalogProblem] = []
        self.warnings: list[CatalogWarning] = []
        self.provided: dict[str, str] = {}

    def versions(self, name: str) -> Sequence[str]:
        """All versions of ``name``, oldest first; only the declared one for a provided name."""
        if name in self.provided:
            return [self.provided[name]]
        return super().versions(name)

    def problems_for(self, names: Iterable[str]) -> list[CatalogProblem]:
        """The problems about any of ``names`` (or whose component is unknown).

        The resolver asks this when a resolution fails (``ResolutionConflict.catalog_problems``)
        and names them in the explanation.
        """
        wanted = set(names)
        return [p for p in self.problems if p.component is None or p.component in wanted]

    def add_provided(self, provided: Mapping[str, str]) -> None:
        """Declare components as provided: each resolves to that version only.

        Its dependencies are those of a recipe for exactly that version, if the catalog has
        one, else none.

        Raises:
            RecipeError: If a version is not a version.
        """
        for name, version in provided.items():
            try:
                parse_version(version)
            except ValueError as error:
                raise RecipeError("provided", [(name, str(error))]) from None
            if version not in super().versions(name):
                self.add(name, version, {})
            self.provided[name] = version


def _add_recipes(
    catalog: RecipeCatalog,
    readings: Iterable[tuple[str, RecipeReading]],
    platform: Mapping[str, str] | None,
) -> None:
    seen: dict[tuple[str, str], str] = {}
    for source, reading in readings:
        recipe = reading.recipe
        key = (recipe.component_name, recipe.component_version)
        if key in seen:
            error = RecipeError(
                source, [("", f"{key[0]} {key[1]} is also declared by {seen[key]}")]
            )
            catalog.problems.append(CatalogProblem(source, error, key[0]))
            continue
        seen[key] = source
        if platform is not None and not recipe.supports(dict(platform)):
            continue
        try:
            catalog.add(recipe.component_name, recipe.component_version, recipe.dependencies())
        except (InvalidRequirement, ValueError) as error:
            catalog.problems.append(CatalogProblem(source, error, key[0]))
            continue
        catalog.warnings += [
            CatalogWarning(source, path, message, key[0]) for path, message in reading.warnings
        ]


def _component_named_in(path: Path) -> str | None:
    """The ``ComponentName`` an unreadable recipe file seems to be for, if it says."""
    try:
        document = read_document(path.read_text(encoding="utf-8", errors="replace"))
    except (DocumentError, RecursionError, OSError):
        return None
    if isinstance(document, dict):
        for key, value in document.items():
            if key.lower() == "componentname" and isinstance(value, Scalar):
                return value.text
    return None


def catalog_from_recipes(
    recipes: Iterable[ComponentRecipe],
    platform: Mapping[str, str] | None = None,
    *,
    provided: Mapping[str, str] | None = None,
) -> RecipeCatalog:
    """An in-memory catalog of the recipes that fit ``platform`` (all, if None).

    Args:
        recipes: Parsed recipes.
        platform: Device platform attributes, e.g. ``{"os": "linux"}``.
        provided: Components to treat as present, ``{name: version}``.

    Returns:
        The catalog; a second recipe for the same version is recorded in ``problems``, the
        requirement lint of each recipe kept (:func:`lint_recipe`) in ``warnings``.
    """
    catalog = RecipeCatalog()
    _add_recipes(
        catalog,
        (
            (f"{r.component_name} {r.component_version}", RecipeReading(r, lint_recipe(r)))
            for r in recipes
        ),
        platform,
    )
    catalog.add_provided(provided or {})
    return catalog


def folder_catalog(
    folder: str | Path,
    platform: Mapping[str, str] | None = None,
    *,
    provided: Mapping[str, str] | None = None,
) -> RecipeCatalog:
    """A catalog of every recipe file (``.json``, ``.yaml``, ``.yml``) under ``folder``.

    Args:
        folder: The directory, searched recursively.
        platform: Device platform attributes to filter manifests by.
        provided: Components to treat as present, ``{name: version}`` (e.g. the public
            ``aws.greengrass.Nucleus`` a folder's recipes depend on).

    Returns:
        The catalog; files Greengrass would refuse are in its ``problems``, the warnings
        reading the others in its ``warnings``.

    Raises:
        RecipeError: If ``folder`` is not a directory.
    """
    if not Path(folder).is_dir():
        raise RecipeError(str(folder), [("", "is not a directory")])
    catalog = RecipeCatalog()
    recipes: list[tuple[str, RecipeReading]] = []
    for path in sorted(Path(folder).rglob("*")):
        if path.suffix.lower() in RECIPE_SUFFIXES and path.is_file():
            try:
                recipes.append((str(path), read_recipe_file(path)))
            except RecipeError as error:
                catalog.problems.append(CatalogProblem(str(path), error, _component_named_in(path)))
    _add_recipes(catalog, recipes, platform)
    catalog.add_provided(provided or {})
    return catalog


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
        include_public: Also look names up among public components (the service's
            ``PUBLIC`` scope: ``aws.greengrass.Nucleus`` and the other AWS-provided ones).
        scopes: Component scopes to look names up in, overriding ``include_public``.
        provided: Components to treat as present, ``{name: version}``; not fetched.

    Attributes:
        problems: Recipes that could not be read, after :meth:`load`.
        warnings: What reading the recipes kept noticed, after :meth:`load` (see
            :class:`CatalogWarning`).
    """

    def __init__(
        self,
        client: ComponentLister,
        *,
        platform: Mapping[str, str] | None = None,
        concurrency: int = 8,
        include_public: bool = False,
        scopes: tuple[Literal["PRIVATE", "PUBLIC"], ...] | None = None,
        provided: Mapping[str, str] | None = None,
    ) -> None:
        self._client = client
        self._platform = dict(platform) if platform is not None else None
        self._semaphore = asyncio.Semaphore(concurrency)
        default: tuple[Literal["PRIVATE", "PUBLIC"], ...] = (
            ("PRIVATE", "PUBLIC") if include_public else ("PRIVATE",)
        )
        self._scopes = scopes if scopes is not None else default
        self._provided = dict(provided or {})
        self._component_arns: dict[str, str] | None = None
        self._recipes: dict[str, tuple[str, RecipeReading] | CatalogProblem] = {}
        self.problems: list[CatalogProblem] = []
        self.warnings: list[CatalogWarning] = []

    async def _arns(self) -> dict[str, str]:
        if self._component_arns is None:
            found: dict[str, str] = {}
            for scope in self._scopes:
                async for item in self._client.list_components(scope=scope):
                    if item.component_name and item.arn:
                        found.setdefault(item.component_name, item.arn)
            self._component_arns = found
        return self._component_arns

    async def _recipe(
        self, name: str, version: str, version_arn: str
    ) -> tuple[str, RecipeReading] | CatalogProblem:
        cached = self._recipes.get(version_arn)
        if cached is None:
            origin = f"{name} {version} ({version_arn})"
            try:
                async with self._semaphore:
                    response = await self._client.get_component(
                        arn=version_arn, recipe_output_format="JSON"
                    )
                cached = (origin, read_recipe(response.recipe or b"", origin=origin))
            except (RecipeError, ServiceError) as error:
                # A service error about this one version (deleted meanwhile, not readable by
                # this caller) costs that version only; transport errors still propagate.
                cached = CatalogProblem(origin, error, name)
            self._recipes[version_arn] = cached
        return cached

    async def _component_recipes(
        self, name: str
    ) -> list[tuple[str, RecipeReading] | CatalogProblem]:
        if name in self._provided:
            return []
        arn = (await self._arns()).get(name)
        if arn is None:
            return []
        versions = [
            (item.component_version or "?", item.arn)
            async for item in self._client.list_component_versions(arn=arn)
            if item.arn
        ]
        return list(await asyncio.gather(*(self._recipe(name, v, a) for v, a in versions)))

    async def load(self, roots: Iterable[str]) -> RecipeCatalog:
        """Fetch the roots' recipes and, transitively, their dependencies'.

        Args:
            roots: Component names to start from.

        Returns:
            A catalog of every fetched version that fits the platform; recipes that cannot
            be read are in its ``problems``, the warnings reading the others in its
            ``warnings`` (and both in this object's).
        """
        pending = list(dict.fromkeys(roots))
        seen = set(pending)
        readings: list[tuple[str, RecipeReading]] = []
        problems: list[CatalogProblem] = []
        while pending:
            batches = await asyncio.gather(*(self._component_recipes(n) for n in pending))
            pending = []
            for batch in batches:
                for item in batch:
                    if isinstance(item, CatalogProblem):
                        problems.append(item)
                        continue
                    recipe = item[1].recipe
                    if self._platform is not None and not recipe.supports(self._platform):
                        continue
                    readings.append(item)
                    for dependency in recipe.dependencies():
                        if dependency not in seen:
                            seen.add(dependency)
                            pending.append(dependency)
        catalog = RecipeCatalog()
        catalog.problems += problems
        _add_recipes(catalog, readings, None)
        catalog.add_provided(self._provided)
        self.problems = list(catalog.problems)
        self.warnings = list(catalog.warnings)
        return catalog

    def cached_recipes(self) -> dict[str, Any]:
        """Version ARN to recipe, for everything fetched and readable so far."""
        return {arn: r[1].recipe for arn, r in self._recipes.items() if isinstance(r, tuple)}
