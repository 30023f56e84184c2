"""Uploading artifacts to S3: skip what is already there, multipart for large files.

No maintained async transfer manager fits the pinned aiobotocore 3.10.0: the newest ``aioboto3``
(15.5.0, whose managed transfer wraps boto3's) requires ``aiobotocore[boto3]==2.25.1``, and
``s3transfer`` is synchronous (threads). So large files use S3's multipart operations
directly, with a bounded number of parts in flight, each part retried through the client's
:class:`~greengrass_sdk.RetryPolicy`, and the upload aborted when it fails, so that no orphan
parts keep costing storage.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from greengrass_sdk._core.exceptions import ConfigurationError, GreengrassError, ServiceError
from greengrass_sdk.publish.artifacts import LocalArtifact
from greengrass_sdk.publish.errors import ArtifactUploadError, BucketOwnedByAnotherAccount
from greengrass_sdk.publish.progress import Phase, ProgressCallback, ProgressEvent
from greengrass_sdk.publish.s3_client import S3Client

__all__ = ["DIGEST_METADATA", "ArtifactUploader", "TransferSettings", "UploadOutcome"]

DIGEST_METADATA = "greengrass-sdk-sha256"
"""User metadata (``x-amz-meta-greengrass-sdk-sha256``) holding the artifact's base64 SHA-256."""

_MIB = 1024 * 1024
_MAX_PARTS = 10_000
_MIN_PART = 5 * _MIB


@dataclass(frozen=True)
class TransferSettings:
    """How artifacts travel to S3.

    Attributes:
        multipart_threshold: Files of at least this many bytes use a multipart upload.
        part_size: Bytes per part (S3's minimum is 5 MiB; raised when a file would need more
            than 10,000 parts).
        max_concurrency: Parts in flight at once per artifact (memory: this times
            ``part_size``).
    """

    multipart_threshold: int = 16 * _MIB
    part_size: int = 8 * _MIB
    max_concurrency: int = 4

    def __post_init__(self) -> None:
        if self.part_size < _MIN_PART:
            raise ConfigurationError(
                "TransferSettings.part_size must be at least 5 MiB (S3's minimum)"
            )
        if self.max_concurrency < 1:
            raise ConfigurationError("TransferSettings.max_concurrency must be at least 1")
        if self.multipart_threshold < self.part_size:
            raise ConfigurationError(
                "TransferSettings.multipart_threshold must be at least part_size"
            )


@dataclass(frozen=True)
class UploadOutcome:
    """What happened to one artifact.

    Attributes:
        artifact: Its name.
        uri: ``s3://bucket/key``.
        digest: Base64 SHA-256.
        size: Bytes.
        uploaded: False when S3 already held the same bytes (nothing sent).
        parts: Parts sent (1 for a single ``PutObject``, 0 when skipped).
    """

    artifact: str
    uri: str
    digest: str
    size: int
    uploaded: bool
    parts: int


def _read(path: Path, offset: int, length: int) -> bytes:
    with path.open("rb") as stream:
        stream.seek(offset)
        return stream.read(length)


class ArtifactUploader:
    """Uploads artifacts into one bucket for one account.

    Args:
        s3: An open :class:`S3Client`.
        bucket: The bucket.
        expected_owner: Account that must own the bucket; sent as ``ExpectedBucketOwner`` on
            every request, so S3 itself refuses to write into someone else's bucket.
        settings: Part sizes and concurrency.
        progress: Called with upload progress.
    """

    def __init__(
        self,
        s3: S3Client,
        bucket: str,
        *,
        expected_owner: str | None,
        settings: TransferSettings | None = None,
        progress: ProgressCallback | None = None,
    ) -> None:
        self._s3 = s3
        self._bucket = bucket
        self._owner = expected_owner
        self._settings = settings or TransferSettings()
        self._progress = progress

    def _report(self, artifact: LocalArtifact, done: int, message: str = "") -> None:
        if self._progress is not None:
            event = ProgressEvent(Phase.UPLOAD, artifact.name, done, artifact.size, message)
            self._progress(event)

    def _common(self, key: str) -> dict[str, Any]:
        return {"bucket": self._bucket, "key": key, "expected_bucket_owner": self._owner or None}

    async def already_there(self, artifact: LocalArtifact, key: str) -> bool:
        """Whether S3 holds these exact bytes at ``key``.

        Judged by this SDK's digest metadata, or S3's own SHA-256 checksum of the object.
        """
        try:
            head = await self._s3.head_object(**self._common(key), checksum_mode="ENABLED")
        except ServiceError as error:
            if error.status_code == 404 or error.code in {"404", "NoSuchKey", "NotFound"}:
                return False
            raise self._refused(error) from error
        if head.content_length is not None and head.content_length != artifact.size:
            return False
        metadata = {name.lower(): value for name, value in head.metadata.items()}
        return artifact.digest in (metadata.get(DIGEST_METADATA), head.checksum_sha256)

    def _refused(self, error: ServiceError) -> GreengrassError:
        if error.status_code == 403 and self._owner:
            return BucketOwnedByAnotherAccount(
                f"S3 refused bucket {self._bucket!r} for account {self._owner} (403): it belongs "
                "to another account, or these credentials may not use it",
                bucket=self._bucket,
                expected_owner=self._owner,
            )
        return error

    async def upload(self, artifact: LocalArtifact, key: str) -> UploadOutcome:
        """Upload one artifact unless S3 already holds the same bytes.

        Raises:
            ArtifactUploadError: The upload failed after retries (a multipart upload is
                aborted first).
            BucketOwnedByAnotherAccount: S3 answered 403 for the expected owner.
        """
        if await self.already_there(artifact, key):
            self._report(artifact, artifact.size, "already in S3")
            uri = f"s3://{self._bucket}/{key}"
            return UploadOutcome(artifact.name, uri, artifact.digest, artifact.size, False, 0)
        return await self.send(artifact, key)

    async def send(self, artifact: LocalArtifact, key: str) -> UploadOutcome:
        """Upload one artifact without looking first (see :meth:`upload`).

        Raises:
            ArtifactUploadError: The upload failed after retries (a multipart upload is
                aborted first).
            BucketOwnedByAnotherAccount: S3 answered 403 for the expected owner.
        """
        uri = f"s3://{self._bucket}/{key}"
        try:
            if artifact.size >= self._settings.multipart_threshold:
                parts = await self._multipart(artifact, key)
            else:
                await self._single(artifact, key)
                parts = 1
        except ServiceError as error:
            refused = self._refused(error)
            if refused is not error:
                raise refused from error
            raise ArtifactUploadError(
                f"uploading artifact {artifact.name!r} to {uri} failed: {error}",
                artifact=artifact.name,
                uri=uri,
            ) from error
        except GreengrassError as error:
            raise ArtifactUploadError(
                f"uploading artifact {artifact.name!r} to {uri} failed: {error}",
                artifact=artifact.name,
                uri=uri,
            ) from error
        return UploadOutcome(artifact.name, uri, artifact.digest, artifact.size, True, parts)

    async def _single(self, artifact: LocalArtifact, key: str) -> None:
        body = await asyncio.to_thread(artifact.path.read_bytes)
        # S3 checks the SHA-256 it is given against the bytes it receives and keeps it.
        await self._s3.put_object(
            **self._common(key),
            body=body,
            metadata={DIGEST_METADATA: artifact.digest},
            checksum_sha256=artifact.digest,
        )
        self._report(artifact, artifact.size)

    def _part_size(self, size: int) -> int:
        return max(self._settings.part_size, math.ceil(size / _MAX_PARTS))

    async def _multipart(self, artifact: LocalArtifact, key: str) -> int:
        created = await self._s3.create_multipart_upload(
            **self._common(key), metadata={DIGEST_METADATA: artifact.digest}
        )
        upload_id = str(created.upload_id)
        part_size = self._part_size(artifact.size)
        count = max(1, math.ceil(artifact.size / part_size))
        etags: dict[int, str] = {}
        done = 0
        numbers: Iterator[int] = iter(range(1, count + 1))

        async def send_parts() -> None:
            nonlocal done
            for number in numbers:  # shared: each worker takes the next part number
                offset = (number - 1) * part_size
                body = await asyncio.to_thread(_read, artifact.path, offset, part_size)
                answer = await self._s3.upload_part(
                    **self._common(key), upload_id=upload_id, part_number=number, body=body
                )
                etags[number] = str(answer.e_tag)
                done += len(body)
                self._report(artifact, done)

        try:
            try:
                async with asyncio.TaskGroup() as workers:
                    for _ in range(min(self._settings.max_concurrency, count)):
                        workers.create_task(send_parts())
            except BaseExceptionGroup as group:
                raise _first(group) from None
            parts = [(number, etags[number]) for number in range(1, count + 1)]
            await self._s3.complete_multipart_upload(
                **self._common(key), upload_id=upload_id, parts=parts
            )
        except BaseException:
            await asyncio.shield(self._abort(key, upload_id))
            raise
        return count

    async def _abort(self, key: str, upload_id: str) -> None:
        # Best effort: the original failure is what the caller needs to see.
        with contextlib.suppress(GreengrassError):
            await self._s3.abort_multipart_upload(**self._common(key), upload_id=upload_id)


def _first(group: BaseExceptionGroup[BaseException]) -> BaseException:
    """The first real failure of a task group (cancellations of the other workers aside)."""
    for error in group.exceptions:
        if isinstance(error, BaseExceptionGroup):
            return _first(error)
        if not isinstance(error, asyncio.CancelledError):
            return error
    return group.exceptions[0]
