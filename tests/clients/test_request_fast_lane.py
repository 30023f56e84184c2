"""What the per-call shortcuts send is what the long way sends (over real HTTP).

Three shortcuts: the native request check (keyword fields and prebuilt requests), the
User-Agent built once per feature set, and no span work while no tracer provider is installed.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from aiobotocore.config import AioConfig
from aiobotocore.session import get_session

from greengrass_sdk import GreengrassV2Client
from greengrass_sdk._core.connection import ConnectionOptions
from greengrass_sdk.greengrassv2 import models as m
from tests.clients.conftest import CREDS, client_kwargs
from tests.support.scripted_server import Reply, ScriptedServer

TARGET = "arn:aws:iot:us-east-1:123456789012:thinggroup/Fleet"
SPEC = {"componentVersion": "1.0.0", "configurationUpdate": {"merge": '{"a":1}'}}


async def test_keyword_prebuilt_and_model_paths_send_the_same_body(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    created = Reply(201, {"deploymentId": "d"})
    server.respond("POST", "/greengrass/v2/deployments", lambda _: created)
    await v2.create_deployment(target_arn=TARGET, components={"c": SPEC}, client_token="t-1")
    await v2.create_deployment(
        request=m.CreateDeploymentRequest(
            target_arn=TARGET, components={"c": SPEC}, client_token="t-1"
        )
    )
    # a nested model instance is outside the native subset: the models build this one
    await v2.create_deployment(
        target_arn=TARGET,
        components={"c": m.ComponentDeploymentSpecification.model_validate(SPEC)},
        client_token="t-1",
    )
    # so is a JSON document given as a mapping (serialised compactly by the model)
    await v2.create_deployment(
        target_arn=TARGET,
        components={"c": {**SPEC, "configurationUpdate": {"merge": {"a": 1}}}},
        client_token="t-1",
    )
    bodies = [r.body for r in server.matching("POST", "/greengrass/v2/deployments")]
    assert len(bodies) == 4
    assert all(body == bodies[0] for body in bodies), bodies
    assert bodies[0] == {"targetArn": TARGET, "components": {"c": SPEC}, "clientToken": "t-1"}


async def test_a_generated_token_is_sent_once_per_call_and_kept_across_retries(
    server: ScriptedServer, v2: GreengrassV2Client
) -> None:
    server.queue(
        "POST",
        "/greengrass/v2/deployments",
        Reply.error(500, "InternalServerException"),
        Reply(201, {"deploymentId": "d"}),
    )
    await v2.create_deployment(target_arn=TARGET)
    tokens = [r.body["clientToken"] for r in server.matching("POST", "/greengrass/v2/deployments")]
    assert len(tokens) == 2 and tokens[0] == tokens[1] and len(tokens[0]) == 36


async def test_user_agent_is_what_botocore_builds_for_the_same_config(
    server: ScriptedServer,
) -> None:
    server.respond("GET", "/greengrass/v2/deployments/.*", lambda _: Reply(200, {}))
    server.queue("GET", "/greengrass/v2/deployments/retried", Reply.error(503, "Throttling"))
    extra = AioConfig(user_agent_extra="fleet-tool/2.1")
    kwargs = client_kwargs(server)
    async with GreengrassV2Client(**kwargs, config=extra) as ours:  # type: ignore[arg-type]
        for deployment in ("a", "b", "retried", "c"):
            await ours.get_deployment(deployment_id=deployment)
    ours_sent = [r.headers["User-Agent"] for r in server.requests]
    server.requests.clear()
    config = ConnectionOptions(config=extra).aio_config()
    async with get_session().create_client(
        "greengrassv2",
        region_name="us-east-1",
        endpoint_url=server.endpoint_url,
        config=config,
        **CREDS,
    ) as raw:
        for deployment in ("a", "b"):
            await raw.get_deployment(deploymentId=deployment)
    raw_sent = {r.headers["User-Agent"] for r in server.requests}
    assert len(ours_sent) == 5  # one retried attempt
    assert set(ours_sent) == raw_sent and len(raw_sent) == 1
    assert "fleet-tool/2.1" in ours_sent[0]


def test_spans_start_when_a_tracer_provider_is_installed_later() -> None:
    """Without a provider nothing is recorded (and no span is built); one set later is used."""
    code = textwrap.dedent(
        """
        import asyncio
        from opentelemetry import trace
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import SimpleSpanProcessor
        from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
        from greengrass_sdk import GreengrassV2Client
        from greengrass_sdk._core import tracing
        from greengrass_sdk.testing import LocalGreengrass

        async def main():
            async with LocalGreengrass() as server, GreengrassV2Client(
                **server.connection_kwargs()
            ) as client:
                assert tracing.ENABLED and not tracing.recording()
                await client.get_service_role_for_account()
                exporter = InMemorySpanExporter()
                provider = TracerProvider()
                provider.add_span_processor(SimpleSpanProcessor(exporter))
                trace.set_tracer_provider(provider)
                assert tracing.recording()
                await client.create_deployment(
                    target_arn="arn:aws:iot:us-east-1:123456789012:thinggroup/F"
                )
                print([span.name for span in exporter.get_finished_spans()])

        asyncio.run(main())
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['greengrassv2.CreateDeployment']"
