"""Deciding a publish without changing anything: version, bucket, recipe, what to upload."""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from greengrass_sdk._core.exceptions import ServiceError
from greengrass_sdk.publish.artifacts import LocalArtifact, prepare_artifacts
from greengrass_sdk.publish.errors import (
    ArtifactError,
    BucketInAnotherRegion,
    BucketNotFound,
    BucketOwnedByAnotherAccount,
    PublishError,
    VersionConflict,
)
from greengrass_sdk.publish.progress import Phase, ProgressCallback, ProgressEvent
from greengrass_sdk.publish.recipe_changes import (
    artifact_key,
    content_hash,
    differences,
    place_artifacts,
)
from greengrass_sdk.publish.recipe_input import RecipeSource, read_recipe
from greengrass_sdk.publish.s3_client import S3Client
from greengrass_sdk.publish.uploads import ArtifactUploader
from greengrass_sdk.publish.versions import VersionBump, newest_version, next_version
from greengrass_sdk.recipes import ComponentRecipe, recipe_document
from greengrass_sdk.resolver.versions import parse_bare_version

if TYPE_CHECKING:
    from greengrass_sdk.greengrassv2.client import GreengrassV2Client

__all__ = [
    "CONTENT_HASH_TAG",
    "Outcome",
    "PlannedArtifact",
    "PublishPlan",
    "PublishRequest",
    "make_plan",
    "plan_publish",
]

CONTENT_HASH_TAG = "greengrass-sdk:content-sha256"
"""Tag put on each version published by the SDK: a hash of its content, version aside."""

_PLACEHOLDER_VERSION = "0.0.0"


class Outcome(StrEnum):
    """What a publish does (or did) with the component version."""

    CREATE = "create"
    """A new version is created."""
    UNCHANGED = "unchanged"
    """The version exists with the same recipe and artifacts: returned as it is."""
    REUSE = "reuse"
    """The newest version has the same content (``reuse_unchanged=True``): returned instead."""


@dataclass(frozen=True)
class PlannedArtifact:
    """One local artifact and where it goes.

    Attributes:
        local: The file (or zip) and its digest.
        bucket: The bucket.
        key: The S3 key.
        present: S3 already holds these bytes (it will not be uploaded).
    """

    local: LocalArtifact
    bucket: str
    key: str
    present: bool

    @property
    def uri(self) -> str:
        """``s3://bucket/key``."""
        return f"s3://{self.bucket}/{self.key}"


@dataclass(frozen=True)
class PublishRequest:
    """Everything :func:`~greengrass_sdk.publish.publish_component` was asked to do."""

    recipe: RecipeSource
    bucket: str | None = None
    artifacts: Mapping[str, str | os.PathLike[str]] = field(default_factory=dict)
    version: str | VersionBump | None = None
    component_name: str | None = None
    publisher: str | None = None
    key_prefix: str = ""
    account_id: str | None = None
    reuse_unchanged: bool = False


@dataclass(frozen=True)
class PublishPlan:
    """What a publish will do; nothing has been changed to find out.

    Attributes:
        component_name: The component.
        version: The version that will exist afterwards.
        arn: Its ARN.
        outcome: Create it, or keep an identical one.
        recipe: The recipe as it will be published (URIs and digests filled in).
        document: The same, as the JSON document sent to the service.
        content_hash: Hash of its content, version aside (tag ``greengrass-sdk:content-sha256``).
        artifacts: The local artifacts, where they go and whether S3 has them already.
        account_id: The account publishing.
        region: The region of the component (and of the bucket).
        existing_versions: How many versions the component had.
    """

    component_name: str
    version: str
    arn: str
    outcome: Outcome
    recipe: ComponentRecipe
    document: dict[str, Any]
    content_hash: str
    artifacts: tuple[PlannedArtifact, ...]
    account_id: str
    region: str
    existing_versions: int

    def describe(self) -> str:
        """A readable summary (the CLI's dry run prints it)."""
        verb = {
            Outcome.CREATE: "create",
            Outcome.UNCHANGED: "keep (identical content exists)",
            Outcome.REUSE: "reuse (the newest version has identical content)",
        }[self.outcome]
        lines = [
            f"component {self.component_name} {self.version}: {verb}",
            f"  arn: {self.arn}",
            f"  versions already in {self.region}: {self.existing_versions}",
        ]
        for artifact in self.artifacts:
            action = (
                "already in S3, skip"
                if self.outcome is not Outcome.CREATE
                else ("already in S3, skip" if artifact.present else "upload")
            )
            lines.append(
                f"  artifact {artifact.local.name} ({artifact.local.size} bytes, "
                f"SHA-256 {artifact.local.digest}) -> {artifact.uri}: {action}"
            )
        if not self.artifacts:
            lines.append("  no local artifacts to upload")
        return "\n".join(lines)


def _partition(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def _report(progress: ProgressCallback | None, phase: Phase, message: str) -> None:
    if progress is not None:
        progress(ProgressEvent(phase, message=message))


def _status(error: ServiceError) -> int | None:
    if error.status_code is not None:
        return error.status_code
    return int(error.code) if error.code.isdigit() else None


async def check_bucket(s3: S3Client, bucket: str, *, account_id: str, region: str) -> None:
    """Check that the bucket exists, belongs to ``account_id`` and is in ``region``.

    Raises:
        BucketNotFound: HeadBucket answered 404.
        BucketOwnedByAnotherAccount: 403 with ``ExpectedBucketOwner`` set.
        BucketInAnotherRegion: The bucket's region differs (Greengrass reads artifacts only
            from buckets in the component's region).
    """
    try:
        head = await s3.head_bucket(bucket=bucket, expected_bucket_owner=account_id)
    except ServiceError as error:
        status = _status(error)
        if status == 404:
            raise BucketNotFound(
                f"bucket {bucket!r} does not exist; create it in {region} first (nothing "
                "was uploaded)",
                bucket=bucket,
            ) from error
        if status == 403:
            raise BucketOwnedByAnotherAccount(
                f"S3 refused bucket {bucket!r} for account {account_id} (403): it belongs to "
                "another account, or these credentials may not use it (nothing was uploaded)",
                bucket=bucket,
                expected_owner=account_id,
            ) from error
        raise
    bucket_region = head.bucket_region or ""
    if bucket_region and bucket_region != region:
        raise BucketInAnotherRegion(
            f"bucket {bucket!r} is in {bucket_region}, but the component is published in "
            f"{region}; Greengrass needs the artifacts in the component's region (nothing "
            "was uploaded)",
            bucket=bucket,
            bucket_region=bucket_region,
            expected_region=region,
        )


async def _all_versions(greengrass: GreengrassV2Client, component_arn: str) -> list[str]:
    versions: list[str] = []
    try:
        async for item in greengrass.list_component_versions(arn=component_arn):
            if item.component_version:
                versions.append(item.component_version)
    except ServiceError as error:
        if error.code != "ResourceNotFoundException":
            raise
    return versions


def _choose_version(
    asked: str | VersionBump | None, recipe_version: str, existing: list[str]
) -> str:
    if asked is None:
        return recipe_version
    if asked in VersionBump.__members__.values():
        return next_version(existing, VersionBump(asked))
    try:
        parse_bare_version(asked)
    except ValueError as error:
        names = ", ".join(VersionBump.__members__)
        raise PublishError(
            f"version {asked!r} is neither a semantic version nor one of {names}: {error}"
        ) from None
    return asked


async def _check_same_content(
    greengrass: GreengrassV2Client, arn: str, document: dict[str, Any]
) -> None:
    """Raise :class:`VersionConflict` unless the published recipe equals ``document``."""
    published = await greengrass.get_component(arn=arn, recipe_output_format="JSON")
    found = differences(json.loads(published.recipe or b"{}"), document)
    if found:
        raise VersionConflict(
            str(document.get("ComponentName")), str(document.get("ComponentVersion")), found
        )


async def _newest_with_hash(
    greengrass: GreengrassV2Client, component_arn: str, existing: list[str], digest: str
) -> str | None:
    """The newest version, if the SDK published it with this content hash."""
    latest = newest_version(existing)
    if latest is None:
        return None
    described = await greengrass.describe_component(arn=f"{component_arn}:versions:{latest}")
    return latest if (described.tags or {}).get(CONTENT_HASH_TAG) == digest else None


async def make_plan(
    greengrass: GreengrassV2Client,
    s3: S3Client | None,
    request: PublishRequest,
    workdir: Path,
    progress: ProgressCallback | None = None,
) -> PublishPlan:
    """Plan a publish; directories are zipped into ``workdir`` (kept for the upload)."""
    _report(progress, Phase.PREPARE, "reading the recipe and the artifacts")
    if request.artifacts and not request.bucket:
        raise ArtifactError("artifacts were given without a bucket to upload them to")
    bumps = VersionBump.__members__.values()
    fixed = None if request.version is None or request.version in bumps else request.version

    def read(version: str) -> ComponentRecipe:
        return read_recipe(
            request.recipe,
            name=request.component_name,
            version=version,
            bucket=request.bucket or "BUCKET_NAME",
            publisher=request.publisher,
        )

    draft = read(fixed or _PLACEHOLDER_VERSION)
    local = await asyncio.to_thread(prepare_artifacts, request.artifacts, workdir)
    region = greengrass.region_name or ""
    if not region:
        raise PublishError("the Greengrass client has no region: give it region_name")
    if s3 is None and local:
        raise ArtifactError("artifacts were given without an S3 client to upload them with")
    account = request.account_id
    if account is None:
        if s3 is None:
            raise PublishError("give account_id (or an S3 client to ask STS with)")
        account = await s3.caller_account_id()
    if local and s3 is not None and request.bucket:
        _report(progress, Phase.CHECK_BUCKET, f"checking bucket {request.bucket}")
        await check_bucket(s3, request.bucket, account_id=account, region=region)

    _report(progress, Phase.CHECK_VERSION, "listing the component's versions")
    name = draft.component_name
    component_arn = f"arn:{_partition(region)}:greengrass:{region}:{account}:components:{name}"
    existing = await _all_versions(greengrass, component_arn)
    version = _choose_version(request.version, draft.component_version, existing)

    def placed_at(version: str) -> ComponentRecipe:
        recipe = draft if version == draft.component_version else read(version)
        return place_artifacts(
            recipe,
            version=version,
            bucket=request.bucket,
            prefix=request.key_prefix,
            artifacts=local,
        )

    placed = placed_at(version)
    document = recipe_document(placed)
    digest = content_hash(document)
    outcome = Outcome.CREATE
    if version in existing:
        await _check_same_content(greengrass, f"{component_arn}:versions:{version}", document)
        outcome = Outcome.UNCHANGED
    elif request.reuse_unchanged:
        latest = await _newest_with_hash(greengrass, component_arn, existing, digest)
        if latest is not None:
            version, outcome = latest, Outcome.REUSE
            placed = placed_at(latest)
            document = recipe_document(placed)
    planned: list[PlannedArtifact] = []
    if local and s3 is not None and request.bucket:
        uploader = ArtifactUploader(s3, request.bucket, expected_owner=account)
        for item in local:
            key = artifact_key(request.key_prefix, name, version, item.name)
            present = outcome is not Outcome.CREATE or await uploader.already_there(item, key)
            planned.append(PlannedArtifact(item, request.bucket, key, present))
    return PublishPlan(
        component_name=name,
        version=version,
        arn=f"{component_arn}:versions:{version}",
        outcome=outcome,
        recipe=placed,
        document=document,
        content_hash=digest,
        artifacts=tuple(planned),
        account_id=account,
        region=region,
        existing_versions=len(existing),
    )


async def plan_publish(
    greengrass: GreengrassV2Client,
    s3: S3Client | None,
    recipe: RecipeSource,
    **options: Any,
) -> PublishPlan:
    """What :func:`~greengrass_sdk.publish.publish_component` would do, changing nothing.

    Takes the same arguments (``progress``, ``wait`` and transfer settings aside).

    Returns:
        The plan: version, outcome, recipe, and for each artifact whether it would be uploaded.
    """
    request = PublishRequest(recipe=recipe, **options)
    with tempfile.TemporaryDirectory(prefix="gg-publish-") as workdir:
        return await make_plan(greengrass, s3, request, Path(workdir))
