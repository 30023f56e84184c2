"""OpenTelemetry spans of logical calls, read back from the SDK's in-memory exporter."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator, Iterator

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from greengrass_sdk import GreengrassV2Client, GreengrassV2SyncClient, RetryPolicy
from greengrass_sdk.errors import ResourceNotFoundException
from greengrass_sdk.testing import LocalGreengrass

FAST = RetryPolicy(max_attempts=4, initial_backoff=0.001, throttle_backoff=0.001, max_backoff=0.01)
GROUP = "arn:aws:iot:us-east-1:123456789012:thinggroup/Fleet"
_EXPORTER = InMemorySpanExporter()


@pytest.fixture(scope="module", autouse=True)
def _provider() -> None:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(_EXPORTER))
    trace.set_tracer_provider(provider)


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    _EXPORTER.clear()
    yield _EXPORTER
    _EXPORTER.clear()


@pytest.fixture
async def gg(
    spans: InMemorySpanExporter,
) -> AsyncIterator[tuple[LocalGreengrass, GreengrassV2Client]]:
    async with (
        LocalGreengrass() as server,
        GreengrassV2Client(**server.connection_kwargs(), retry=FAST) as client,
    ):
        yield server, client


async def test_a_span_per_logical_call_with_its_retries(
    gg: tuple[LocalGreengrass, GreengrassV2Client], spans: InMemorySpanExporter
) -> None:
    server, client = gg
    server.faults.throttle_next("CreateDeployment", times=2, retry_after=None)
    created = await client.create_deployment(target_arn=GROUP, components={})
    [span] = spans.get_finished_spans()
    assert span.name == "greengrassv2.CreateDeployment" and span.kind is SpanKind.CLIENT
    attributes = dict(span.attributes or {})
    assert attributes["rpc.system"] == "aws-api"
    assert attributes["rpc.method"] == "CreateDeployment"
    assert attributes["greengrass.target_arn"] == GROUP
    assert attributes["greengrass.deployment_id"] == created.deployment_id
    assert attributes["aws.request_id"] == created.response_metadata.request_id
    assert attributes["greengrass_sdk.attempts"] == 3
    assert attributes["greengrass_sdk.client_token.caller_supplied"] is False
    assert attributes["greengrass_sdk.client_token.reused"] is True
    retries = [e for e in span.events if e.name == "retry"]
    assert [dict(e.attributes or {})["greengrass_sdk.attempt"] for e in retries] == [1, 2]
    assert {dict(e.attributes or {})["error.type"] for e in retries} == {"ThrottlingException"}
    assert span.status.status_code is not StatusCode.ERROR


async def test_a_failed_call_is_an_error_span_with_the_request_id(
    gg: tuple[LocalGreengrass, GreengrassV2Client], spans: InMemorySpanExporter
) -> None:
    _, client = gg
    with pytest.raises(ResourceNotFoundException) as caught:
        await client.get_deployment(deployment_id="no-such-deployment")
    [span] = spans.get_finished_spans()
    assert span.status.status_code is StatusCode.ERROR
    assert dict(span.attributes or {})["aws.request_id"] == caught.value.request_id
    assert dict(span.attributes or {})["greengrass.deployment_id"] == "no-such-deployment"
    assert [e.name for e in span.events] == ["exception"]


async def test_each_page_of_a_listing_is_a_call(
    gg: tuple[LocalGreengrass, GreengrassV2Client], spans: InMemorySpanExporter
) -> None:
    _, client = gg
    for n in range(5):
        await client.create_deployment(target_arn=f"{GROUP}{n}", components={})
    spans.clear()
    listed = [d async for d in client.list_deployments(max_results=2)]
    assert len(listed) == 5
    names = [s.name for s in spans.get_finished_spans()]
    assert names == ["greengrassv2.ListDeployments"] * 3


def test_sync_calls_nest_under_the_callers_span(spans: InMemorySpanExporter) -> None:
    with (
        LocalGreengrass().in_thread() as server,
        GreengrassV2SyncClient(**server.connection_kwargs(), retry=FAST) as client,
        trace.get_tracer("app").start_as_current_span("nightly-job") as parent,
    ):
        client.list_components().to_list()
    by_name = {s.name: s for s in spans.get_finished_spans()}
    child = by_name["greengrassv2.ListComponents"]
    assert child.parent is not None
    assert child.parent.span_id == parent.get_span_context().span_id


def test_without_the_extra_calls_work_and_record_nothing() -> None:
    script = textwrap.dedent(
        """
        import asyncio, sys
        sys.modules["opentelemetry"] = None  # as if greengrass-sdk[otel] were not installed
        from greengrass_sdk import GreengrassV2Client
        from greengrass_sdk._core import tracing
        from greengrass_sdk.testing import LocalGreengrass

        async def main():
            async with LocalGreengrass() as server:
                async with GreengrassV2Client(**server.connection_kwargs()) as gg:
                    return [c async for c in gg.list_components()]

        assert tracing.ENABLED is False
        assert asyncio.run(main()) == []
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
