"""What a planner must know about a fleet: devices, their groups, deployments and components.

:class:`FleetReader` reads it through the fleet's ``greengrass_sdk.fleet.fanout.FanOut``
(bounded concurrency, the shared adaptive ``greengrass_sdk.fleet.RateLimiter``),
remembering every group's latest deployment and every deployment's components so that 2,000
devices in 20 groups cost 20 look-ups, not 2,000, and loading recipes for every platform of the
fleet with one :class:`~greengrass_sdk.recipes.OnlineCatalog` (each recipe downloaded once).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from greengrass_sdk._core.exceptions import RequestValidationError, ServiceError
from greengrass_sdk.fleet.fanout import FanOut
from greengrass_sdk.fleet.rate_limit import RateLimiter
from greengrass_sdk.greengrassv2.client import GreengrassV2Client
from greengrass_sdk.greengrassv2.models import GetComponentResponse, GetDeploymentResponse
from greengrass_sdk.iot.client import IoTClient
from greengrass_sdk.recipes.models import ComponentRecipe
from greengrass_sdk.resolver.catalog import InMemoryCatalog
from greengrass_sdk.resolver.device import DEFAULT_NUCLEUS
from greengrass_sdk.resolver.recipe_catalogs import OnlineCatalog, catalog_from_recipes

__all__ = [
    "APPLIED_DEPLOYMENT_STATUSES",
    "DeviceState",
    "FleetReader",
    "target_label",
    "target_parts",
]

T = TypeVar("T")

APPLIED_DEPLOYMENT_STATUSES = frozenset({"ACTIVE", "COMPLETED"})
"""Statuses of a target's latest deployment that a device keeps as its group's components.

A nucleus remembers the root components of the last deployment it applied per group
(``thing/NAME`` for a deployment to the thing itself) whatever the cloud's status says later; a
canceled, failed or inactive deployment was rolled back or never applied.
"""

NUCLEUS_TYPE = "aws.greengrass.nucleus"


def target_parts(target_arn: str) -> tuple[str, str]:
    """Split a deployment target ARN into ``("thing" | "thinggroup", name)``.

    Raises:
        RequestValidationError: If it is not a thing or thing group ARN.
    """
    resource = target_arn.split(":", 5)[-1] if target_arn.startswith("arn:") else ""
    kind, _, name = resource.partition("/")
    if kind not in ("thing", "thinggroup") or not name:
        raise RequestValidationError(
            "CreateDeployment",
            [
                {
                    "loc": ("target_arn",),
                    "msg": f"{target_arn!r} is not a thing or thing group ARN "
                    "(arn:aws:iot:REGION:ACCOUNT:thing/NAME or .../thinggroup/NAME)",
                    "type": "target_arn",
                }
            ],
        )
    return kind, name


def target_label(target_arn: str) -> str:
    """``arn:...:thinggroup/Fleet`` -> ``thinggroup/Fleet``, as the nucleus names a group."""
    kind, name = target_parts(target_arn)
    return f"{kind}/{name}"


@dataclass(frozen=True)
class DeviceState:
    """One core device as the service reports it.

    Attributes:
        thing_name: The core device.
        platform: Its operating system (``linux``…), as ``GetCoreDevice`` reports it.
        architecture: Its CPU architecture (``amd64``, ``aarch64``…).
        core_version: Its nucleus version.
        thing_groups: The thing groups it is a direct member of that have a deployment (the
            only groups that change what it resolves), sorted.
        installed: Component name to running version, the whole topology
            (``ListInstalledComponents`` with ``topologyFilter=ALL``).
    """

    thing_name: str
    platform: str | None
    architecture: str | None
    core_version: str | None
    thing_groups: tuple[str, ...]
    installed: dict[str, str]

    @property
    def platform_attributes(self) -> dict[str, str]:
        """The attributes recipes' manifests are matched against (``os``, ``architecture``)."""
        found = {"os": self.platform, "architecture": self.architecture}
        return {key: value for key, value in found.items() if value}


class _PacedLister:
    """The three calls :class:`OnlineCatalog` makes, sent through the fan-out."""

    def __init__(self, reader: FleetReader) -> None:
        self._reader = reader
        self._components: dict[str, asyncio.Future[list[Any]]] = {}

    async def list_components(self, *, scope: Literal["PRIVATE", "PUBLIC"]) -> AsyncIterator[Any]:
        # OnlineCatalog asks once per root it loads concurrently; the listing is the same.
        listing = self._components.get(scope)
        if listing is None:
            gg = self._reader.gg
            listing = self._components[scope] = asyncio.ensure_future(
                _collect(
                    self._reader.items(
                        "ListComponents",
                        lambda token: gg.list_components(scope=scope, next_token=token),
                        "components",
                    )
                )
            )
        for item in await listing:
            yield item

    async def list_component_versions(self, *, arn: str) -> AsyncIterator[Any]:
        gg = self._reader.gg
        async for item in self._reader.items(
            "ListComponentVersions",
            lambda token: gg.list_component_versions(arn=arn, next_token=token),
            "component_versions",
        ):
            yield item

    async def get_component(
        self, *, arn: str, recipe_output_format: Literal["JSON", "YAML"]
    ) -> GetComponentResponse:
        return await self._reader.call(
            "GetComponent",
            lambda: self._reader.gg.get_component(
                arn=arn, recipe_output_format=recipe_output_format
            ),
        )


class FleetReader:
    """Reads devices, groups, deployments and recipes once each, paced and bounded.

    Args:
        gg: A Greengrass V2 client.
        iot: An IoT client of the same account and region.
        concurrency: Calls in flight at most.
        rate_limiter: A limiter to share, ``None`` for a fresh adaptive one, ``False`` for none.

    Attributes:
        calls: API calls made, by operation name (each page counts once).
    """

    def __init__(
        self,
        gg: GreengrassV2Client,
        iot: IoTClient,
        *,
        concurrency: int = 16,
        rate_limiter: RateLimiter | Literal[False] | None = None,
    ) -> None:
        self.gg = gg
        self.iot = iot
        limiter = RateLimiter() if rate_limiter is None else rate_limiter or None
        self.fanout = FanOut(limiter, concurrency)
        self.calls: Counter[str] = Counter()
        self._latest: asyncio.Future[dict[str, str]] | None = None
        self._members: dict[str, asyncio.Future[list[str]]] = {}
        self._deployed_groups: asyncio.Future[dict[str, tuple[str, ...]]] | None = None
        self._deployments: dict[str, asyncio.Task[GetDeploymentResponse]] = {}
        # Public components too: every device runs AWS-provided ones (the nucleus first).
        self._online = OnlineCatalog(
            _PacedLister(self), concurrency=concurrency, include_public=True
        )
        self._recipes: list[ComponentRecipe] | None = None

    async def call(self, operation: str, send: Callable[[], Awaitable[T]]) -> T:
        """One API call through the fan-out, counted under ``operation``."""
        self.calls[operation] += 1
        return await self.fanout.call(send)

    async def items(
        self, operation: str, pager: Callable[[str | None], Any], key: str
    ) -> AsyncIterator[Any]:
        """Every item of a paginated listing, one fan-out call per page."""
        token: str | None = None
        while True:
            self.calls[operation] += 1
            page = await self.fanout.page(pager(token))
            for item in getattr(page, key) or []:
                yield item
            token = page.next_token
            if not token:
                return

    # -- devices ---------------------------------------------------------------------------

    async def target_things(self, target_arn: str) -> list[str]:
        """The things a deployment to ``target_arn`` reaches (the group's direct members)."""
        kind, name = target_parts(target_arn)
        if kind == "thing":
            return [name]
        return list(await self.group_members(name))

    def group_members(self, group_name: str) -> Awaitable[list[str]]:
        """The direct members of a thing group (listed once, 250 a page)."""
        task = self._members.get(group_name)
        if task is None:
            iot = self.iot
            task = self._members[group_name] = asyncio.ensure_future(
                _collect(
                    self.items(
                        "ListThingsInThingGroup",
                        lambda token: iot.list_things_in_thing_group(
                            thing_group_name=group_name, max_results=250, next_token=token
                        ),
                        "things",
                    )
                )
            )
        return task

    def deployed_groups(self) -> Awaitable[dict[str, tuple[str, ...]]]:
        """Thing name to the thing groups it belongs to that have a latest deployment.

        Only those groups change what a device resolves, so their members are listed (once
        per group) instead of asking every device for its groups: 2,000 devices in 20 groups
        cost about 20 pages, not 2,000 calls.
        """
        if self._deployed_groups is None:
            self._deployed_groups = asyncio.ensure_future(self._list_deployed_groups())
        return self._deployed_groups

    async def _list_deployed_groups(self) -> dict[str, tuple[str, ...]]:
        if self._latest is None:
            self._latest = asyncio.ensure_future(self._list_latest())
        groups = sorted(
            {target_parts(arn)[1] for arn in await self._latest if ":thinggroup/" in arn}
        )
        members = await asyncio.gather(*(self.group_members(g) for g in groups))
        found: dict[str, list[str]] = {}
        for group, things in zip(groups, members, strict=True):
            for thing in things:
                found.setdefault(thing, []).append(group)
        return {thing: tuple(names) for thing, names in found.items()}

    async def device(self, thing_name: str) -> DeviceState | None:
        """A core device's platform, groups and installed components; None if not a core device."""
        try:
            core = await self.call(
                "GetCoreDevice", lambda: self.gg.get_core_device(core_device_thing_name=thing_name)
            )
        except ServiceError as error:
            if error.code == "ResourceNotFoundException":
                return None  # a thing of the group that is no Greengrass core device
            raise
        gg = self.gg
        installed = await _collect(
            self.items(
                "ListInstalledComponents",
                lambda token: gg.list_installed_components(
                    core_device_thing_name=thing_name, topology_filter="ALL", next_token=token
                ),
                "installed_components",
            )
        )
        groups = (await self.deployed_groups()).get(thing_name, ())
        return DeviceState(
            thing_name=thing_name,
            platform=core.platform,
            architecture=core.architecture,
            core_version=core.core_version,
            thing_groups=groups,
            installed={
                c.component_name: c.component_version
                for c in installed
                if c.component_name and c.component_version
            },
        )

    async def devices(self, things: Iterable[str]) -> list[DeviceState]:
        """:meth:`device` for each thing, concurrently; things that are not core devices dropped."""
        found = await asyncio.gather(*(self.device(name) for name in things))
        return [device for device in found if device is not None]

    # -- deployments -----------------------------------------------------------------------

    async def latest_deployment(self, target_arn: str) -> GetDeploymentResponse | None:
        """The target's latest deployment, if it has one.

        The account's latest deployments are listed once (``ListDeployments``,
        ``LATEST_ONLY``, 100 a page) and each one needed is fetched once (``GetDeployment``):
        a fleet of 2,000 devices in 20 groups costs a few pages, not 2,020 look-ups.
        """
        if self._latest is None:
            self._latest = asyncio.ensure_future(self._list_latest())
        summary_id = (await self._latest).get(target_arn)
        return None if summary_id is None else await self.deployment(summary_id)

    async def _list_latest(self) -> dict[str, str]:
        gg = self.gg
        latest: dict[str, str] = {}
        async for summary in self.items(
            "ListDeployments",
            lambda token: gg.list_deployments(
                history_filter="LATEST_ONLY", max_results=100, next_token=token
            ),
            "deployments",
        ):
            if summary.deployment_id and summary.target_arn and summary.is_latest_for_target:
                # Subdeployments (with a parent target) share the target's name space; the
                # newest listed wins, as the service lists newest first.
                latest.setdefault(summary.target_arn, summary.deployment_id)
        return latest

    def forget_deployments(self) -> None:
        """Forget what was learned about deployments and groups (after creating one)."""
        self._latest = None
        self._deployments.clear()
        self._members.clear()
        self._deployed_groups = None

    def deployment(self, deployment_id: str) -> Awaitable[GetDeploymentResponse]:
        """One deployment with its components (asked once per id)."""
        task = self._deployments.get(deployment_id)
        if task is None:
            task = self._deployments[deployment_id] = asyncio.ensure_future(
                self.call(
                    "GetDeployment", lambda: self.gg.get_deployment(deployment_id=deployment_id)
                )
            )
        return task

    # -- recipes ---------------------------------------------------------------------------

    async def load_recipes(self, names: Iterable[str]) -> list[ComponentRecipe]:
        """Recipes of every version of ``names`` and, transitively, of their dependencies.

        Every platform's versions are kept, so one load serves the whole fleet; a second call
        only downloads recipes not fetched yet.
        """
        await self._online.load(names)
        recipes = self._online.cached_recipes()
        self._recipes = list(recipes.values())
        return self._recipes

    @staticmethod
    def catalog_for(
        recipes: Iterable[ComponentRecipe], platform: dict[str, str]
    ) -> tuple[InMemoryCatalog, frozenset[str]]:
        """The catalog a device of ``platform`` sees, and the names of nucleus components."""
        fitting = [recipe for recipe in recipes if recipe.supports(platform)]
        nuclei = {DEFAULT_NUCLEUS, "aws.greengrass.NucleusLite"}
        nuclei.update(
            recipe.component_name
            for recipe in fitting
            if (recipe.component_type or "").lower() == NUCLEUS_TYPE
        )
        return catalog_from_recipes(_unique(fitting)), frozenset(nuclei)


def _unique(recipes: Iterable[ComponentRecipe]) -> list[ComponentRecipe]:
    seen: dict[tuple[str, str], ComponentRecipe] = {}
    for recipe in recipes:
        seen.setdefault((recipe.component_name, recipe.component_version), recipe)
    return list(seen.values())


async def _collect(items: AsyncIterator[T]) -> list[T]:
    return [item async for item in items]
