"""The request journal is a ring buffer: bounded, oldest forgotten first, bodies optional."""

from __future__ import annotations

import pytest

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk.errors import ConfigurationError
from greengrass_sdk.testing import LocalGreengrass, RequestJournal
from tests.testing.conftest import group_arn


async def _create_deployments(server: LocalGreengrass, count: int) -> list[str]:
    async with GreengrassV2Client(**server.connection_kwargs()) as v2:
        ids = []
        for number in range(count):
            created = await v2.create_deployment(
                target_arn=group_arn(f"G{number}"), deployment_name=f"rollout-{number}"
            )
            assert created.deployment_id is not None
            ids.append(created.deployment_id)
        return ids


async def test_the_oldest_requests_are_forgotten_first() -> None:
    async with LocalGreengrass(journal_size=3) as server:
        await _create_deployments(server, 5)
        journal = server.requests
        assert len(journal) == 3
        assert journal.forgotten == 2
        names = [record.body["deploymentName"] for record in journal]
        assert names == ["rollout-2", "rollout-3", "rollout-4"]
        assert journal[0].body["deploymentName"] == "rollout-2"
        assert journal[-1].status == 201


async def test_bodies_can_be_left_out() -> None:
    async with LocalGreengrass(journal_bodies=False) as server:
        await _create_deployments(server, 2)
        (first, second) = server.requests.for_operation("CreateDeployment")
        assert (first.body, first.raw_body) == (None, b"")
        assert second.status == 201
        assert second.path == "/greengrass/v2/deployments"


async def test_by_default_it_keeps_ten_thousand() -> None:
    async with LocalGreengrass() as server:
        assert server.requests.max_size == 10_000
        await _create_deployments(server, 1)
        assert server.requests[0].body["targetArn"] == group_arn("G0")


@pytest.mark.parametrize("size", [0, -1, 2.5, True])
def test_a_size_that_is_no_count_is_refused(size: object) -> None:
    with pytest.raises(ConfigurationError, match="max_size"):
        RequestJournal(size)  # type: ignore[arg-type]
