"""Errors raised while publishing a component (all are :class:`GreengrassError`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from greengrass_sdk._core.exceptions import GreengrassError

__all__ = [
    "ArtifactError",
    "ArtifactUploadError",
    "BucketError",
    "BucketNotFound",
    "BucketOwnedByAnotherAccount",
    "BucketInAnotherRegion",
    "ComponentVersionFailed",
    "PublishError",
    "RecipeInputError",
    "VersionConflict",
]


class PublishError(GreengrassError):
    """Root of the errors of :func:`~greengrass_sdk.publish.publish_component`."""


class RecipeInputError(PublishError):
    """The recipe given to publish could not be read or is not a valid recipe."""


class ArtifactError(PublishError):
    """A local artifact is missing, unreadable, or not referenced by the recipe."""


class BucketError(PublishError):
    """The artifact bucket cannot be used; nothing was uploaded.

    Attributes:
        bucket: The bucket's name.
    """

    def __init__(self, message: str, *, bucket: str) -> None:
        super().__init__(message)
        self.bucket = bucket


class BucketNotFound(BucketError):
    """The bucket does not exist."""


class BucketInAnotherRegion(BucketError):
    """The bucket is in another region than the component (Greengrass requires the same one).

    Attributes:
        bucket_region: Where the bucket is.
        expected_region: Where the component is published.
    """

    def __init__(self, message: str, *, bucket: str, bucket_region: str, expected_region: str):
        super().__init__(message, bucket=bucket)
        self.bucket_region = bucket_region
        self.expected_region = expected_region


class BucketOwnedByAnotherAccount(BucketError):
    """S3 refused the bucket for the expected owner account (``ExpectedBucketOwner``).

    Attributes:
        expected_owner: The account that should own the bucket.
    """

    def __init__(self, message: str, *, bucket: str, expected_owner: str) -> None:
        super().__init__(message, bucket=bucket)
        self.expected_owner = expected_owner


class VersionConflict(PublishError):
    """The component version exists with other content; nothing was uploaded.

    Attributes:
        component_name: The component.
        version: The version that exists.
        differences: One line per difference: the recipe path, then the published value and
            the value that would have been published.
    """

    def __init__(self, component_name: str, version: str, differences: Sequence[str]) -> None:
        self.component_name = component_name
        self.version = version
        self.differences = list(differences)
        shown = "\n".join(f"  {line}" for line in self.differences[:20])
        more = len(self.differences) - 20
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(
            f"{component_name} {version} already exists with different content "
            f"(nothing was uploaded); publish another version or NEXT_PATCH:\n{shown}{tail}"
        )


class ArtifactUploadError(PublishError):
    """An artifact could not be uploaded (after retries); a multipart upload was aborted.

    Attributes:
        artifact: The artifact's name.
        uri: Where it was going.
    """

    def __init__(self, message: str, *, artifact: str, uri: str) -> None:
        super().__init__(message)
        self.artifact = artifact
        self.uri = uri


class ComponentVersionFailed(PublishError):
    """The service did not make the component version deployable (``FAILED``).

    Attributes:
        arn: The component version's ARN.
        state: The state it ended in (``FAILED``, or ``DEPRECATED``).
        reasons: The service's errors, by artifact URI or cause.
    """

    def __init__(
        self, arn: str, message: str, reasons: Mapping[str, str], *, state: str = "FAILED"
    ) -> None:
        self.arn = arn
        self.state = state
        self.reasons = dict(reasons)
        details = "".join(f"\n  {key}: {value}" for key, value in self.reasons.items())
        super().__init__(f"component version {arn} {state}: {message}{details}")
