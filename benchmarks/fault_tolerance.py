"""1,000 ``CreateDeployment`` calls through 30 % mixed faults, with the default RetryPolicy.

The local emulator fails each ``CreateDeployment`` request with probability 0.3, choosing
uniformly among: a 500 ``InternalServerException``, a 503 ``ServiceUnavailable``, a dropped
connection (nothing created), and commit-then-drop (the deployment is created, then the
connection is dropped: the case client tokens exist for). Each logical call has its own
deployment name; afterwards every deployment the emulator holds is listed, and a name seen
twice is a duplicate. Run sequentially and with 100 calls in flight.

Targets (issue #10): 0 duplicates, at most 0.5 % of logical calls failing. Without the
budget's refund rule 75-139 of 1,000 sequential calls failed; without one token per logical
call, commit-then-drop would duplicate.
"""

from __future__ import annotations

import asyncio
import collections
import time

from greengrass_sdk import GreengrassV2Client, RetryPolicy
from greengrass_sdk.errors import GreengrassError
from greengrass_sdk.testing import LocalGreengrass
from greengrass_sdk.testing.faults import Fault, FaultKind

CALLS = 1_000
FAULT_RATE = 0.3
SEED = 10
TARGET = "arn:aws:iot:us-east-1:123456789012:thinggroup/Fleet"
MIX = (
    Fault(FaultKind.ERROR, 500, "InternalServerException", "Injected fault."),
    Fault(FaultKind.ERROR, 503, "ServiceUnavailable", "Injected fault."),
    Fault(FaultKind.DROP),
    Fault(FaultKind.COMMIT_THEN_DROP),
)


async def run(concurrency: int, seed: int) -> tuple[int, int, int, float, int]:
    """(failed calls, duplicates, requests sent, seconds, budget tokens left)."""
    async with LocalGreengrass() as emulator:
        emulator.faults.failure_rate("CreateDeployment", FAULT_RATE, seed, mix=MIX)
        async with GreengrassV2Client(**emulator.connection_kwargs()) as gg:
            limit = asyncio.Semaphore(concurrency)

            async def create(index: int) -> bool:
                async with limit:
                    try:
                        await gg.create_deployment(
                            target_arn=TARGET, deployment_name=f"call-{index}", components={}
                        )
                    except GreengrassError:
                        return False
                    return True

            started = time.perf_counter()
            results = await asyncio.gather(*(create(i) for i in range(CALLS)))
            elapsed = time.perf_counter() - started
            listed = await gg.list_deployments(history_filter="ALL").to_list()
            names = collections.Counter(item.deployment_name for item in listed)
            budget = gg.retry_budget.tokens if gg.retry_budget is not None else -1
        sent = len(emulator.requests.for_operation("CreateDeployment"))
    duplicates = sum(count - 1 for count in names.values())
    return results.count(False), duplicates, sent, elapsed, budget


async def main() -> None:
    policy = RetryPolicy()
    print(
        f"{CALLS} CreateDeployment calls, {FAULT_RATE:.0%} of requests faulted "
        "(500, 503, drop, commit-then-drop), default RetryPolicy "
        f"(max_attempts={policy.max_attempts}, budget {policy.budget_capacity})"
    )
    print(
        f"{'mode':16} {'failed':>7} {'failed %':>9} {'duplicates':>11} {'requests':>9} "
        f"{'budget left':>12} {'seconds':>8}"
    )
    for label, concurrency in (("sequential", 1), ("100 concurrent", 100)):
        failed, duplicates, sent, elapsed, budget = await run(concurrency, SEED)
        print(
            f"{label:16} {failed:7d} {failed / CALLS:9.2%} {duplicates:11d} {sent:9d} "
            f"{budget:12d} {elapsed:8.1f}"
        )
    print("targets: 0 duplicates and at most 0.5 % failed calls in both modes")


if __name__ == "__main__":
    asyncio.run(main())
