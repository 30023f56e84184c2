"""Generated fleets: every device's plan against what the emulated device then does.

Seeded random catalogs (components with several versions, dependencies with caret, tilde and
range requirements, some for one architecture only), devices in one to three of eight
overlapping groups on two architectures, and rounds of deployments: each round plans a new
deployment for a random group, creates it, lets every device apply what it has pending and
compares device by device — success or failure, and the versions it runs afterwards.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from greengrass_sdk import GreengrassV2Client, IoTClient
from greengrass_sdk.fleet import plan_deployment
from greengrass_sdk.testing import LocalGreengrass
from tests.fleet.conftest import group_arn
from tests.fleet.planning_fleet import NUCLEUS, installed, recipe

GROUPS = [f"G{index}" for index in range(8)]
ROUNDS = 30


def _catalog(rng: random.Random) -> dict[str, list[str]]:
    """Seed recipes; returns component name to its versions."""
    names = [f"com.gen.C{index:02d}" for index in range(14)]
    versions: dict[str, list[str]] = {}
    for name in names:
        versions[name] = [f"{major}.{minor}.0" for major in (1, 2) for minor in (0, 3)]
        rng.shuffle(versions[name])
        versions[name] = sorted(versions[name][: rng.randint(2, 4)])
    return versions


def _requirement(rng: random.Random, versions: list[str]) -> str:
    target = rng.choice(versions)
    major, minor, _patch = target.split(".")
    return rng.choice(
        [f"^{target}", f"~{major}.{minor}.0", f">={major}.0.0 <{int(major) + 1}.0.0", ">=1.0.0"]
    )


def _seed_recipes(server: LocalGreengrass, rng: random.Random) -> dict[str, list[str]]:
    catalog = _catalog(rng)
    names = sorted(catalog)
    for position, name in enumerate(names):
        for version in catalog[name]:
            later = names[position + 1 :]
            dependencies = {
                dep: _requirement(rng, catalog[dep])
                for dep in rng.sample(later, k=min(len(later), rng.randint(0, 2)))
            }
            architecture = "amd64" if rng.random() < 0.1 else None
            server.add_component_version(
                recipe(name, version, dependencies, architecture=architecture)
            )
    return catalog


def _deployment(rng: random.Random, catalog: dict[str, list[str]]) -> dict[str, Any]:
    chosen = rng.sample(sorted(catalog), k=rng.randint(1, 3))
    return {name: {"componentVersion": rng.choice(catalog[name])} for name in chosen}


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_plans_agree_with_the_emulated_devices(
    server: LocalGreengrass, gg: GreengrassV2Client, iot: IoTClient, seed: int
) -> None:
    rng = random.Random(seed)
    catalog = _seed_recipes(server, rng)
    for group in GROUPS:
        server.add_thing_group(group)
    devices = [f"dev-{index:02d}" for index in range(24)]
    for name in devices:
        server.register_core_device(
            name,
            thing_groups=rng.sample(GROUPS, k=rng.randint(1, 3)),
            architecture=rng.choice(["amd64", "aarch64"]),
            core_version="2.14.0",
        )
    compared = failures = 0
    for _round in range(ROUNDS):
        group = rng.choice(GROUPS)
        components = _deployment(rng, catalog)
        plan = await plan_deployment(gg, iot, group_arn(group), components)
        await gg.create_deployment(target_arn=group_arn(group), components=components)
        for device_plan in plan.devices:
            results = server.apply_deployments(device_plan.thing_name)
            expected = "SUCCEEDED" if device_plan.succeeded else "FAILED"
            assert set(results.values()) == {expected}, (seed, device_plan.outcome.message)
            now = installed(server, device_plan.thing_name)
            now.setdefault(NUCLEUS, "2.14.0")
            assert now == device_plan.after, (seed, device_plan.thing_name)
            compared += 1
            failures += not device_plan.succeeded
    # The generator is meant to exercise both outcomes, not only one.
    assert compared >= 100 and 0 < failures < compared
