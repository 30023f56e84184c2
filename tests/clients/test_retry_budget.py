"""Issue #10, finding 5: the retry budget follows botocore's standard mode, over real HTTP.

botocore/retries/standard.py (``RetryQuotaChecker.release_retry_quota``): a call that succeeds
after retries gives back what its retries took, so a steady rate of faults that retries cure
does not drain the budget. A cancelled call gives back what it had taken too.
"""

from __future__ import annotations

import asyncio

import pytest

from greengrass_sdk import GreengrassV2Client, RetryPolicy
from greengrass_sdk.errors import InternalServerException
from tests.clients.conftest import client_kwargs
from tests.support.scripted_server import Reply, ScriptedServer

DEPLOYMENT = "/greengrass/v2/deployments/d-1"
OK = Reply(200, {"deploymentId": "d-1"})
FAIL = Reply.error(500, "InternalServerException")
SMALL_BUDGET = RetryPolicy(
    max_attempts=3, initial_backoff=0.001, budget_capacity=30, retry_cost=5, timeout_cost=10
)


async def test_retries_that_succeed_do_not_drain_the_budget(server: ScriptedServer) -> None:
    async with GreengrassV2Client(**client_kwargs(server, SMALL_BUDGET)) as v2:  # type: ignore[arg-type]
        for _ in range(40):  # each call fails once, then succeeds
            server.queue("GET", DEPLOYMENT, FAIL, OK)
            response = await v2.get_deployment(deployment_id="d-1")
            assert response.response_metadata is not None
            assert response.response_metadata.attempts == 2
        assert v2.retry_budget is not None
        assert v2.retry_budget.tokens == v2.retry_budget.capacity


async def test_calls_that_fail_for_good_keep_their_cost(server: ScriptedServer) -> None:
    async with GreengrassV2Client(**client_kwargs(server, SMALL_BUDGET)) as v2:  # type: ignore[arg-type]
        server.queue("GET", DEPLOYMENT, FAIL, FAIL, FAIL)
        with pytest.raises(InternalServerException):
            await v2.get_deployment(deployment_id="d-1")
        assert v2.retry_budget is not None
        assert v2.retry_budget.tokens == 30 - 2 * 5
        # An empty budget stops retries: the first failure is final.
        v2.retry_budget.tokens = 4
        server.queue("GET", DEPLOYMENT, FAIL, OK)
        with pytest.raises(InternalServerException):
            await v2.get_deployment(deployment_id="d-1")
        assert len(server.matching("GET", DEPLOYMENT)) == 4


async def test_cancelled_calls_give_their_reservation_back(server: ScriptedServer) -> None:
    async with GreengrassV2Client(**client_kwargs(server, SMALL_BUDGET)) as v2:  # type: ignore[arg-type]
        for round_ in range(1, 11):
            server.queue("GET", DEPLOYMENT, FAIL, Reply(200, {}, delay=5))
            task = asyncio.ensure_future(v2.get_deployment(deployment_id="d-1"))
            async with asyncio.timeout(5):  # the retry must be under way
                await server.wait_for_requests("GET", DEPLOYMENT, 2 * round_)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        assert v2.retry_budget is not None
        assert v2.retry_budget.tokens == 30
        # ... so the client can still retry afterwards.
        server.queue("GET", DEPLOYMENT, FAIL, OK)
        assert (await v2.get_deployment(deployment_id="d-1")).deployment_id == "d-1"
