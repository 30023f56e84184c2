"""Real HTTP on 127.0.0.1: our Greengrass emulator reading artifacts from moto's S3 server."""

from __future__ import annotations

import contextlib
import urllib.request
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from aiobotocore.session import get_session
from botocore.config import Config
from moto.server import ThreadedMotoServer

from greengrass_sdk import GreengrassV2Client, RetryPolicy
from greengrass_sdk.publish import S3Client
from greengrass_sdk.testing import LocalGreengrass
from tests.publish.moto_rules import expected_bucket_owner_enforced

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account, and the emulator's
BUCKET = "artifacts-bucket"
FAST_RETRIES = RetryPolicy(max_attempts=4, initial_backoff=0.01, throttle_backoff=0.01)
SESSION = get_session()
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        with expected_bucket_owner_enforced():
            yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def moto(moto_url: str) -> str:
    """moto's server, emptied before each test."""
    reset = urllib.request.Request(f"{moto_url}/moto-api/reset", method="POST")
    urllib.request.urlopen(reset, timeout=30).close()
    return moto_url


@contextlib.asynccontextmanager
async def raw_client(endpoint: str, account: str | None = None) -> AsyncIterator[Any]:
    """A plain aiobotocore S3 client, to set up and inspect S3 around the SDK.

    ``account`` makes moto treat its requests as another account's (``x-moto-account-id``).
    """
    async with SESSION.create_client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        config=Config(retries={"total_max_attempts": 1, "mode": "standard"}),
        **CREDENTIALS,
    ) as client:
        if account is not None:

            def as_account(request: Any, **_: Any) -> None:
                request.headers["x-moto-account-id"] = account

            client.meta.events.register("before-sign.*.*", as_account)
        yield client


@pytest.fixture
async def raw_s3(moto: str) -> AsyncIterator[Any]:
    async with raw_client(moto) as client:
        yield client


@pytest.fixture
async def bucket(raw_s3: Any) -> str:
    await raw_s3.create_bucket(Bucket=BUCKET)
    return BUCKET


@pytest.fixture
async def emulator(moto: str) -> AsyncIterator[LocalGreengrass]:
    async with LocalGreengrass(default_region=REGION, s3_endpoint_url=moto) as server:
        yield server


@pytest.fixture
async def gg(emulator: LocalGreengrass) -> AsyncIterator[GreengrassV2Client]:
    async with GreengrassV2Client(**emulator.connection_kwargs(), retry=FAST_RETRIES) as client:
        yield client


@pytest.fixture
async def s3(moto: str) -> AsyncIterator[S3Client]:
    async with S3Client(
        endpoint_url=moto, region_name=REGION, retry=FAST_RETRIES, **CREDENTIALS
    ) as client:
        yield client
