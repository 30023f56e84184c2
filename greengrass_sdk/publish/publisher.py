"""``publish_component``: recipe and artifacts to a deployable component version."""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from greengrass_sdk._core.exceptions import WaiterError, WaiterTimeoutError
from greengrass_sdk.publish.errors import ComponentVersionFailed
from greengrass_sdk.publish.plan import (
    CONTENT_HASH_TAG,
    Outcome,
    PublishPlan,
    PublishRequest,
    make_plan,
)
from greengrass_sdk.publish.progress import Phase, ProgressCallback, ProgressEvent
from greengrass_sdk.publish.recipe_input import RecipeSource
from greengrass_sdk.publish.s3_client import S3Client
from greengrass_sdk.publish.uploads import ArtifactUploader, TransferSettings, UploadOutcome
from greengrass_sdk.publish.versions import VersionBump
from greengrass_sdk.recipes import ComponentRecipe

if TYPE_CHECKING:
    from greengrass_sdk.greengrassv2.client import GreengrassV2Client

__all__ = ["PublishResult", "publish_component"]


@dataclass(frozen=True)
class PublishResult:
    """What a publish did.

    Attributes:
        arn: The component version's ARN.
        component_name: The component.
        version: The version.
        outcome: ``create`` (new version), ``unchanged`` (identical version existed) or
            ``reuse`` (the newest version had the same content).
        state: The version's last known state (``DEPLOYABLE`` after a wait).
        recipe: The recipe as published.
        artifacts: Per artifact: URI, digest, size, uploaded or skipped.
        elapsed: Seconds the publish took.
    """

    arn: str
    component_name: str
    version: str
    outcome: Outcome
    state: str
    recipe: ComponentRecipe
    artifacts: tuple[UploadOutcome, ...]
    elapsed: float

    @property
    def created(self) -> bool:
        """Whether this publish created the version."""
        return self.outcome is Outcome.CREATE

    @property
    def digests(self) -> dict[str, str]:
        """Artifact name to base64 SHA-256."""
        return {artifact.artifact: artifact.digest for artifact in self.artifacts}

    @property
    def uploaded(self) -> list[str]:
        """Artifacts sent to S3 by this publish."""
        return [artifact.artifact for artifact in self.artifacts if artifact.uploaded]

    @property
    def skipped(self) -> list[str]:
        """Artifacts S3 already held (nothing sent)."""
        return [artifact.artifact for artifact in self.artifacts if not artifact.uploaded]


async def _upload(
    s3: S3Client | None,
    plan: PublishPlan,
    transfer: TransferSettings | None,
    progress: ProgressCallback | None,
) -> tuple[UploadOutcome, ...]:
    outcomes: list[UploadOutcome] = []
    for planned in plan.artifacts:
        local = planned.local
        if planned.present or s3 is None:
            if progress is not None:
                progress(ProgressEvent(Phase.UPLOAD, local.name, local.size, local.size, "skip"))
            outcomes.append(
                UploadOutcome(local.name, planned.uri, local.digest, local.size, False, 0)
            )
            continue
        uploader = ArtifactUploader(
            s3, planned.bucket, expected_owner=plan.account_id, settings=transfer, progress=progress
        )
        outcomes.append(await uploader.send(local, planned.key))
    return tuple(outcomes)


async def _wait(
    greengrass: GreengrassV2Client,
    arn: str,
    timeout: float,  # noqa: ASYNC109 - a deadline over many polls
    poll_interval: float,
) -> str:
    try:
        described = await greengrass.wait_for_component_version(
            arn, timeout=timeout, poll_interval=poll_interval
        )
    except WaiterTimeoutError:
        raise
    except WaiterError as error:
        last = error.last_response
        status = getattr(last, "status", None)
        raise ComponentVersionFailed(
            arn,
            str(getattr(status, "message", None) or error.state),
            dict(getattr(status, "errors", None) or {}),
            state=error.state,
        ) from error
    state = described.status.component_state if described.status else None
    return str(state or "")


async def publish_component(
    greengrass: GreengrassV2Client,
    s3: S3Client | None,
    recipe: RecipeSource,
    *,
    bucket: str | None = None,
    artifacts: Mapping[str, str | os.PathLike[str]] | None = None,
    version: str | VersionBump | None = None,
    component_name: str | None = None,
    publisher: str | None = None,
    key_prefix: str = "",
    account_id: str | None = None,
    reuse_unchanged: bool = False,
    wait: bool = True,
    timeout: float = 300.0,  # noqa: ASYNC109 - a deadline over many polls
    poll_interval: float = 2.0,
    transfer: TransferSettings | None = None,
    progress: ProgressCallback | None = None,
) -> PublishResult:
    """Publish a component version: artifacts to S3, the version created, waited until deployable.

    In order: the recipe is read (a template's placeholders filled), directories are zipped
    deterministically and every artifact digested; the bucket is checked (exists, belongs to
    the account, in the component's region); the version is chosen over **all** existing
    versions; an existing version with the same number is compared with what would be
    published (identical: returned as it is; different: :class:`VersionConflict`) — all before
    anything is uploaded. Then the artifacts S3 does not already hold are uploaded, the version
    is created (tagged with its content hash) and, unless ``wait=False``, waited for until the
    service has checked its artifacts.

    Args:
        greengrass: An open Greengrass V2 client (its region is the component's).
        s3: An open :class:`S3Client` (``None`` for a component without local artifacts when
            ``account_id`` is given).
        recipe: A :class:`~greengrass_sdk.recipes.ComponentRecipe`, or the path of a recipe or
            GDK-style recipe template.
        bucket: Bucket for the artifacts.
        artifacts: Artifact file name (the last part of its ``s3://`` URI in the recipe) to a
            local file, or to a directory that is zipped.
        version: An exact version, ``NEXT_PATCH``/``NEXT_MINOR``/``NEXT_MAJOR``
            (:class:`VersionBump` or its name), or ``None`` for the recipe's own.
        component_name: Component name for a template's ``{COMPONENT_NAME}``.
        publisher: ``{COMPONENT_AUTHOR}`` for templates.
        key_prefix: Keys are ``<key_prefix>/<name>/<version>/<file>``.
        account_id: The account (else asked of STS with the S3 client's settings); also the
            ``ExpectedBucketOwner`` of every S3 request.
        reuse_unchanged: With a ``NEXT_*`` version, return the newest version instead of
            publishing a new one when its content hash matches.
        wait: Wait until the version is ``DEPLOYABLE``.
        timeout: Seconds to wait.
        poll_interval: Seconds between polls while waiting.
        transfer: Multipart threshold, part size, parts in flight.
        progress: Called with each step and with upload progress.

    Returns:
        The result: ARN, version, outcome, digests, uploaded and skipped artifacts, time taken.

    Raises:
        RecipeInputError: The recipe cannot be read or is invalid.
        ArtifactError: An artifact is missing or referenced by no manifest.
        BucketError: The bucket is missing, another account's, or in another region.
        VersionConflict: The version exists with other content (nothing uploaded).
        ArtifactUploadError: An upload failed after retries.
        ComponentVersionFailed: The service ended the version ``FAILED`` (its reasons attached).
        WaiterTimeoutError: Still not checked after ``timeout`` seconds.
    """
    started = time.monotonic()
    request = PublishRequest(
        recipe=recipe,
        bucket=bucket,
        artifacts=dict(artifacts or {}),
        version=version,
        component_name=component_name,
        publisher=publisher,
        key_prefix=key_prefix,
        account_id=account_id,
        reuse_unchanged=reuse_unchanged,
    )
    with tempfile.TemporaryDirectory(prefix="gg-publish-") as workdir:
        plan = await make_plan(greengrass, s3, request, Path(workdir), progress)
        uploads = await _upload(s3, plan, transfer, progress)
    state = ""
    if plan.outcome is Outcome.CREATE:
        if progress is not None:
            progress(ProgressEvent(Phase.CREATE, message=f"creating {plan.version}"))
        created = await greengrass.create_component_version(
            inline_recipe=json.dumps(plan.document, indent=2).encode("utf-8"),
            tags={CONTENT_HASH_TAG: plan.content_hash},
        )
        state = str(created.status.component_state or "") if created.status else ""
    if wait:
        if progress is not None:
            progress(ProgressEvent(Phase.WAIT, message="waiting until deployable"))
        state = await _wait(greengrass, plan.arn, timeout, poll_interval)
    if progress is not None:
        progress(ProgressEvent(Phase.DONE, message=state))
    return PublishResult(
        arn=plan.arn,
        component_name=plan.component_name,
        version=plan.version,
        outcome=plan.outcome,
        state=state,
        recipe=plan.recipe,
        artifacts=uploads,
        elapsed=time.monotonic() - started,
    )
