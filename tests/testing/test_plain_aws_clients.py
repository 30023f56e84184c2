"""The emulator as the migration guide and docs/testing.md promise it to boto3 and the AWS CLI."""

from __future__ import annotations

import boto3
import botocore.session
from botocore import UNSIGNED
from botocore.config import Config

from greengrass_sdk.testing import LocalGreengrass


def test_unsigned_requests_are_served_like_signed_ones() -> None:
    # `aws ... --no-sign-request` sends no Authorization header at all.
    with LocalGreengrass().in_thread() as server:
        unsigned = botocore.session.get_session().create_client(
            "greengrassv2",
            endpoint_url=server.endpoint_url,
            region_name="us-east-1",
            config=Config(signature_version=UNSIGNED),
        )
        signed = boto3.client("greengrassv2", **server.connection_kwargs())
        created = signed.create_deployment(
            targetArn="arn:aws:iot:us-east-1:123456789012:thinggroup/Fleet", components={}
        )
        listed = unsigned.list_deployments()["deployments"]
        assert [d["deploymentId"] for d in listed] == [created["deploymentId"]]
        assert "Authorization" not in server.requests[-1].headers
