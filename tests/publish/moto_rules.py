"""S3 rules moto 5.2.5 leaves out, added to its running server for these tests.

moto accepts ``ExpectedBucketOwner`` (header ``x-amz-expected-bucket-owner``) and ignores it;
S3 answers ``403 AccessDenied`` when the bucket belongs to another account (S3 user guide,
"Verifying bucket ownership with bucket owner condition"). The wrapper below applies that rule
using moto's own record of which account created each bucket, before moto handles the
request; everything else is moto's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from moto.s3.exceptions import S3AccessDeniedError
from moto.s3.models import s3_backends
from moto.s3.responses import S3Response


class _OwnerMismatch(S3AccessDeniedError):
    code = 403


def _checking(original: Callable[..., Any]) -> Callable[..., Any]:
    def handler(self: S3Response, request: Any, full_url: str) -> Any:
        expected = request.headers.get("x-amz-expected-bucket-owner")
        bucket = self.parse_bucket_name_from_url(request, full_url)
        owner = s3_backends.bucket_accounts.get(bucket or "")
        if expected and owner is not None and owner[1] != expected:
            raise _OwnerMismatch()
        return original(self, request, full_url)

    return handler


@contextlib.contextmanager
def expected_bucket_owner_enforced() -> Iterator[None]:
    """Make the in-process moto server honour ``ExpectedBucketOwner`` while active."""
    saved = (S3Response._bucket_response, S3Response._key_response)
    S3Response._bucket_response = _checking(saved[0])  # type: ignore[method-assign]
    S3Response._key_response = _checking(saved[1])  # type: ignore[method-assign]
    try:
        yield
    finally:
        S3Response._bucket_response, S3Response._key_response = saved  # type: ignore[method-assign]
