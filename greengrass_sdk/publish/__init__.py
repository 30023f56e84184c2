"""Publish components: recipe and artifacts to S3, a component version, waited until deployable.

Example:
    >>> from greengrass_sdk.publish import VersionBump, publish_component
    >>> # result = await publish_component(gg, s3, "recipe.yaml", bucket="my-artifacts",
    >>> #                                  artifacts={"app.zip": "build/app"},
    >>> #                                  version=VersionBump.NEXT_PATCH)
"""

from __future__ import annotations

from greengrass_sdk.publish.artifacts import DIGEST_ALGORITHM, LocalArtifact, zip_directory
from greengrass_sdk.publish.errors import (
    ArtifactError,
    ArtifactUploadError,
    BucketError,
    BucketInAnotherRegion,
    BucketNotFound,
    BucketOwnedByAnotherAccount,
    ComponentVersionFailed,
    PublishError,
    RecipeInputError,
    VersionConflict,
)
from greengrass_sdk.publish.plan import (
    CONTENT_HASH_TAG,
    Outcome,
    PlannedArtifact,
    PublishPlan,
    plan_publish,
)
from greengrass_sdk.publish.progress import Phase, ProgressCallback, ProgressEvent
from greengrass_sdk.publish.publisher import PublishResult, publish_component
from greengrass_sdk.publish.s3_client import S3Client
from greengrass_sdk.publish.uploads import DIGEST_METADATA, TransferSettings, UploadOutcome
from greengrass_sdk.publish.versions import VersionBump, increment, next_version

__all__ = [
    "CONTENT_HASH_TAG",
    "DIGEST_ALGORITHM",
    "DIGEST_METADATA",
    "ArtifactError",
    "ArtifactUploadError",
    "BucketError",
    "BucketInAnotherRegion",
    "BucketNotFound",
    "BucketOwnedByAnotherAccount",
    "ComponentVersionFailed",
    "LocalArtifact",
    "Outcome",
    "Phase",
    "PlannedArtifact",
    "ProgressCallback",
    "ProgressEvent",
    "PublishError",
    "PublishPlan",
    "PublishResult",
    "RecipeInputError",
    "S3Client",
    "TransferSettings",
    "UploadOutcome",
    "VersionBump",
    "VersionConflict",
    "increment",
    "next_version",
    "plan_publish",
    "publish_component",
    "zip_directory",
]
