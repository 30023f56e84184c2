"""Checking a new component version's artifacts against S3, as the service does.

After ``CreateComponentVersion`` the service reads each ``s3://`` artifact: the version is
``REQUESTED``/``INITIATED`` meanwhile, then ``DEPLOYABLE`` when every artifact is readable,
or ``FAILED`` with ``status.errors`` keyed by the URI of each artifact it could not use (the
key is documented in the API reference of ``CloudComponentStatus``; the wording of the
messages is this emulator's own). Artifacts without a ``Digest`` get one computed from the
object's bytes (base64 SHA-256, ``Algorithm: SHA-256``), as the recipes the service returns
carry. A given digest that does not match the object fails the version: a guess of ours, on
the ground that the device would refuse the download (aws-greengrass-nucleus
``ArtifactDownloader``).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
from collections.abc import Iterator
from typing import Any

from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from botocore.exceptions import BotoCoreError, ClientError

from greengrass_sdk.testing.state import ComponentVersion

__all__ = ["ArtifactChecks"]

_CHUNK = 1024 * 1024


def _s3_artifacts(recipe: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for manifest in recipe.get("Manifests") or []:
        for artifact in (manifest or {}).get("Artifacts") or []:
            uri = str((artifact or {}).get("URI") or (artifact or {}).get("Uri") or "")
            if uri.lower().startswith("s3://"):
                yield artifact


def _uri(artifact: dict[str, Any]) -> str:
    return str(artifact.get("URI") or artifact.get("Uri"))


class ArtifactChecks:
    """Reads the artifacts of new component versions from an S3 endpoint.

    Args:
        s3_endpoint_url: The S3 endpoint (e.g. moto's server).
        credentials: Access key id and secret for that endpoint.
    """

    def __init__(
        self, s3_endpoint_url: str, credentials: tuple[str, str] = ("local", "local")
    ) -> None:
        self.s3_endpoint_url = s3_endpoint_url
        self._credentials = credentials
        self._tasks: set[asyncio.Task[None]] = set()
        self._clients: dict[str, Any] = {}
        self._stack = contextlib.AsyncExitStack()
        self._lock = asyncio.Lock()

    def begin(self, region: str, component: ComponentVersion) -> None:
        """Start checking a version just created (it is ``REQUESTED`` until then)."""
        component.state = "REQUESTED"
        task = asyncio.get_running_loop().create_task(self._check(region, component))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def settled(self) -> None:
        """Wait until every check started so far has finished."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        """Cancel checks still running and close the S3 clients."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
        await self._stack.aclose()
        self._clients.clear()
        self._stack = contextlib.AsyncExitStack()

    async def _client(self, region: str) -> Any:
        """One S3 client per region, kept open until :meth:`close`."""
        async with self._lock:
            client = self._clients.get(region)
            if client is None:
                client = await self._stack.enter_async_context(
                    get_session().create_client(
                        "s3",
                        region_name=region,
                        endpoint_url=self.s3_endpoint_url,
                        aws_access_key_id=self._credentials[0],
                        aws_secret_access_key=self._credentials[1],
                        config=AioConfig(retries={"total_max_attempts": 3, "mode": "standard"}),
                    )
                )
                self._clients[region] = client
            return client

    async def _check(self, region: str, component: ComponentVersion) -> None:
        component.state = "INITIATED"
        errors: dict[str, str] = {}
        artifacts = list(_s3_artifacts(component.recipe))
        if artifacts:
            s3 = await self._client(region)
            for artifact in artifacts:
                problem = await self._check_one(s3, artifact)
                if problem:
                    errors[_uri(artifact)] = problem
        component.errors = errors
        if errors:
            component.state = "FAILED"
            component.message = f"{len(errors)} artifact(s) of the component cannot be used."
        else:
            component.state = "DEPLOYABLE"
            component.message = "NONE"

    @staticmethod
    async def _check_one(s3: Any, artifact: dict[str, Any]) -> str | None:
        uri = _uri(artifact)
        bucket, _, key = uri[len("s3://") :].partition("/")
        if not bucket or not key:
            return f"The artifact URI {uri} names no S3 object."
        sha = hashlib.sha256()
        try:
            response = await s3.get_object(Bucket=bucket, Key=key)
            async with response["Body"] as body:
                while chunk := await body.read(_CHUNK):
                    sha.update(chunk)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "Error")
            return f"Failed to read the artifact {uri} from S3: {code}."
        except BotoCoreError as error:
            return f"Failed to read the artifact {uri} from S3: {error}."
        digest = base64.b64encode(sha.digest()).decode("ascii")
        given = artifact.get("Digest")
        if given is None:
            artifact["Digest"] = digest
            artifact["Algorithm"] = "SHA-256"
            return None
        algorithm = str(artifact.get("Algorithm") or "SHA-256").upper()
        if algorithm == "SHA-256" and given != digest:
            return f"The digest of the artifact {uri} does not match its S3 object ({digest})."
        return None
