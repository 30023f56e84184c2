"""A small typed S3 client (and STS for the caller's account) on the SDK's own call pipeline.

Only the operations publishing needs. Every call goes through the same pipeline as the
generated clients: aiobotocore underneath with botocore's retries off, this SDK's
:class:`~greengrass_sdk.RetryPolicy` (throttling ``SlowDown``, 5xx, dropped connections) and
error mapping on top, so a failure is a :class:`~greengrass_sdk.errors.ServiceError` or
:class:`~greengrass_sdk.errors.TransportError` whose ``code`` is S3's.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ConfigDict, Field
from pydantic.alias_generators import to_pascal

from greengrass_sdk._core.client import BaseClient
from greengrass_sdk._core.models import RequestModel, ResponseModel
from greengrass_sdk._core.operation import OperationSpec, ServiceSpec

__all__ = ["S3Client", "StsClient"]


class _S3Request(RequestModel):
    model_config = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        defer_build=True,
        extra="forbid",
        alias_generator=to_pascal,
    )

    bucket: str = Field(min_length=3, max_length=63)
    expected_bucket_owner: str | None = None


class _S3Response(ResponseModel):
    model_config = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        defer_build=True,
        extra="allow",
        alias_generator=to_pascal,
    )


class HeadBucketRequest(_S3Request):
    """``HeadBucket`` input."""


class HeadBucketResponse(_S3Response):
    """``HeadBucket`` output (``x-amz-bucket-region``)."""

    bucket_region: str | None = None


class _ObjectRequest(_S3Request):
    key: str = Field(min_length=1, max_length=1024)


class HeadObjectRequest(_ObjectRequest):
    """``HeadObject`` input."""

    checksum_mode: str | None = None


class HeadObjectResponse(_S3Response):
    """``HeadObject`` output."""

    content_length: int | None = None
    metadata: dict[str, str] = Field(default_factory=dict)
    checksum_sha256: str | None = Field(default=None, alias="ChecksumSHA256")
    e_tag: str | None = Field(default=None, alias="ETag")


class PutObjectRequest(_ObjectRequest):
    """``PutObject`` input."""

    body: bytes
    metadata: dict[str, str] | None = None
    checksum_sha256: str | None = Field(default=None, alias="ChecksumSHA256")


class PutObjectResponse(_S3Response):
    """``PutObject`` output."""

    e_tag: str | None = Field(default=None, alias="ETag")


class CreateMultipartUploadRequest(_ObjectRequest):
    """``CreateMultipartUpload`` input."""

    metadata: dict[str, str] | None = None


class CreateMultipartUploadResponse(_S3Response):
    """``CreateMultipartUpload`` output."""

    upload_id: str | None = None


class UploadPartRequest(_ObjectRequest):
    """``UploadPart`` input."""

    upload_id: str
    part_number: int = Field(ge=1, le=10000)
    body: bytes


class UploadPartResponse(_S3Response):
    """``UploadPart`` output."""

    e_tag: str | None = Field(default=None, alias="ETag")


class CompleteMultipartUploadRequest(_ObjectRequest):
    """``CompleteMultipartUpload`` input (``MultipartUpload={"Parts": [...]}``)."""

    upload_id: str
    multipart_upload: dict[str, list[dict[str, Any]]]


class AbortMultipartUploadRequest(_ObjectRequest):
    """``AbortMultipartUpload`` input."""

    upload_id: str


class GetCallerIdentityRequest(RequestModel):
    """STS ``GetCallerIdentity`` input (no members)."""


class GetCallerIdentityResponse(_S3Response):
    """STS ``GetCallerIdentity`` output."""

    account: str | None = None
    arn: str | None = None


def _op(name: str, method: str, request: type[Any], response: type[Any]) -> OperationSpec[Any, Any]:
    return OperationSpec(name, method, request, response)


_HEAD_BUCKET = _op("HeadBucket", "head_bucket", HeadBucketRequest, HeadBucketResponse)
_HEAD_OBJECT = _op("HeadObject", "head_object", HeadObjectRequest, HeadObjectResponse)
_PUT_OBJECT = _op("PutObject", "put_object", PutObjectRequest, PutObjectResponse)
_CREATE_MULTIPART = _op(
    "CreateMultipartUpload",
    "create_multipart_upload",
    CreateMultipartUploadRequest,
    CreateMultipartUploadResponse,
)
_UPLOAD_PART = _op("UploadPart", "upload_part", UploadPartRequest, UploadPartResponse)
_COMPLETE_MULTIPART = _op(
    "CompleteMultipartUpload",
    "complete_multipart_upload",
    CompleteMultipartUploadRequest,
    _S3Response,
)
_ABORT_MULTIPART = _op(
    "AbortMultipartUpload", "abort_multipart_upload", AbortMultipartUploadRequest, _S3Response
)
_CALLER_IDENTITY = _op(
    "GetCallerIdentity", "get_caller_identity", GetCallerIdentityRequest, GetCallerIdentityResponse
)


class StsClient(BaseClient):
    """STS, for one question: which account do these credentials belong to."""

    _service: ClassVar[ServiceSpec] = ServiceSpec("sts")

    async def get_caller_identity(self) -> GetCallerIdentityResponse:
        """``GetCallerIdentity``: the caller's account and ARN."""
        response: GetCallerIdentityResponse = await self._call(_CALLER_IDENTITY, None, {})
        return response


class S3Client(BaseClient):
    """The S3 operations publishing uses, with this SDK's retries and errors.

    Create it like the service clients (``S3Client(region_name=..., endpoint_url=...)``, used
    as ``async with``), or wrap an aiobotocore S3 client with :meth:`from_client`.
    """

    _service: ClassVar[ServiceSpec] = ServiceSpec("s3")

    async def head_bucket(
        self, *, bucket: str, expected_bucket_owner: str | None = None
    ) -> HeadBucketResponse:
        """``HeadBucket``: whether the bucket exists for the caller, and its region."""
        fields = {"bucket": bucket, "expected_bucket_owner": expected_bucket_owner}
        response: HeadBucketResponse = await self._call(_HEAD_BUCKET, None, fields)
        return response

    async def head_object(
        self,
        *,
        bucket: str,
        key: str,
        expected_bucket_owner: str | None = None,
        checksum_mode: str | None = None,
    ) -> HeadObjectResponse:
        """``HeadObject``: size, metadata and (with ``checksum_mode="ENABLED"``) checksum."""
        fields = {
            "bucket": bucket,
            "key": key,
            "expected_bucket_owner": expected_bucket_owner,
            "checksum_mode": checksum_mode,
        }
        response: HeadObjectResponse = await self._call(_HEAD_OBJECT, None, fields)
        return response

    async def put_object(
        self,
        *,
        bucket: str,
        key: str,
        body: bytes,
        expected_bucket_owner: str | None = None,
        metadata: dict[str, str] | None = None,
        checksum_sha256: str | None = None,
    ) -> PutObjectResponse:
        """``PutObject`` of an in-memory body (``checksum_sha256``: base64, S3 verifies it)."""
        fields = {
            "bucket": bucket,
            "key": key,
            "body": body,
            "expected_bucket_owner": expected_bucket_owner,
            "metadata": metadata,
            "checksum_sha256": checksum_sha256,
        }
        response: PutObjectResponse = await self._call(_PUT_OBJECT, None, fields)
        return response

    async def create_multipart_upload(
        self,
        *,
        bucket: str,
        key: str,
        expected_bucket_owner: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> CreateMultipartUploadResponse:
        """``CreateMultipartUpload``."""
        fields = {
            "bucket": bucket,
            "key": key,
            "expected_bucket_owner": expected_bucket_owner,
            "metadata": metadata,
        }
        response: CreateMultipartUploadResponse = await self._call(_CREATE_MULTIPART, None, fields)
        return response

    async def upload_part(
        self,
        *,
        bucket: str,
        key: str,
        upload_id: str,
        part_number: int,
        body: bytes,
        expected_bucket_owner: str | None = None,
    ) -> UploadPartResponse:
        """``UploadPart``."""
        fields = {
            "bucket": bucket,
            "key": key,
            "upload_id": upload_id,
            "part_number": part_number,
            "body": body,
            "expected_bucket_owner": expected_bucket_owner,
        }
        response: UploadPartResponse = await self._call(_UPLOAD_PART, None, fields)
        return response

    async def complete_multipart_upload(
        self,
        *,
        bucket: str,
        key: str,
        upload_id: str,
        parts: list[tuple[int, str]],
        expected_bucket_owner: str | None = None,
    ) -> None:
        """``CompleteMultipartUpload`` from ``(part number, ETag)`` pairs."""
        fields = {
            "bucket": bucket,
            "key": key,
            "upload_id": upload_id,
            "multipart_upload": {"Parts": [{"PartNumber": n, "ETag": e} for n, e in parts]},
            "expected_bucket_owner": expected_bucket_owner,
        }
        await self._call(_COMPLETE_MULTIPART, None, fields)

    async def abort_multipart_upload(
        self, *, bucket: str, key: str, upload_id: str, expected_bucket_owner: str | None = None
    ) -> None:
        """``AbortMultipartUpload``: S3 drops the parts sent so far."""
        fields = {
            "bucket": bucket,
            "key": key,
            "upload_id": upload_id,
            "expected_bucket_owner": expected_bucket_owner,
        }
        await self._call(_ABORT_MULTIPART, None, fields)

    async def caller_account_id(self) -> str:
        """The account of this client's credentials, from STS at the same endpoint and region.

        A client wrapped with :meth:`from_client` asks AWS's regional STS endpoint; pass the
        account explicitly where that is not what you want.
        """
        options = self._transport.options
        credentials = dict(options.credentials or {})
        sts = StsClient(
            region_name=self.region_name,
            endpoint_url=options.endpoint_url,
            retry=self.retry_policy,
            connect_timeout=options.connect_timeout,
            read_timeout=options.read_timeout,
            aws_access_key_id=credentials.get("aws_access_key_id"),
            aws_secret_access_key=credentials.get("aws_secret_access_key"),
            aws_session_token=credentials.get("aws_session_token"),
            profile_name=options.profile_name,
            session=self._session,
        )
        async with sts:
            identity = await sts.get_caller_identity()
        return str(identity.account or "")
