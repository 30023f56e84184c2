"""The recipe as published: artifact URIs and digests filled in; comparing with what exists."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from greengrass_sdk.publish.artifacts import DIGEST_ALGORITHM, LocalArtifact
from greengrass_sdk.publish.errors import ArtifactError
from greengrass_sdk.recipes import Artifact, ComponentRecipe, Manifest

__all__ = ["artifact_key", "content_hash", "differences", "place_artifacts"]


def artifact_key(prefix: str, name: str, version: str, file_name: str) -> str:
    """The S3 key ``<prefix>/<name>/<version>/<file>`` (no prefix: as GDK lays it out)."""
    parts = [part for part in prefix.strip("/").split("/") if part]
    return "/".join([*parts, name, version, file_name])


def _file_name(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


def place_artifacts(
    recipe: ComponentRecipe,
    *,
    version: str,
    bucket: str | None,
    prefix: str,
    artifacts: Sequence[LocalArtifact],
) -> ComponentRecipe:
    """The recipe to publish: its version set, local artifacts pointed at S3 with digests.

    An artifact of a manifest is matched to a local one by the file name at the end of its
    ``s3://`` URI (so GDK-style ``s3://BUCKET_NAME/COMPONENT_NAME/COMPONENT_VERSION/app.zip``
    and bare ``s3://any/app.zip`` both work). Other artifacts are left as they are.

    Raises:
        ArtifactError: A local artifact is referenced by no manifest.
    """
    by_name = {artifact.name: artifact for artifact in artifacts}
    used: set[str] = set()
    manifests: list[Manifest] = []
    for manifest in recipe.manifests:
        placed: list[Artifact] = []
        for artifact in manifest.artifacts:
            local = by_name.get(_file_name(artifact.uri))
            if local is None or not artifact.uri.lower().startswith("s3://"):
                placed.append(artifact)
                continue
            used.add(local.name)
            key = artifact_key(prefix, recipe.component_name, version, local.name)
            update = {"uri": f"s3://{bucket}/{key}", "digest": local.digest}
            update["algorithm"] = DIGEST_ALGORITHM
            placed.append(artifact.model_copy(update=update))
        manifests.append(manifest.model_copy(update={"artifacts": placed}))
    unused = [name for name in by_name if name not in used]
    if unused:
        referenced = sorted(
            {_file_name(a.uri) for m in recipe.manifests for a in m.artifacts} or {"(none)"}
        )
        raise ArtifactError(
            f"artifacts {unused} are referenced by no manifest of {recipe.component_name}: add "
            f"an s3:// URI ending in that name to a manifest's Artifacts (the recipe references "
            f"{referenced})"
        )
    return recipe.model_copy(update={"component_version": version, "manifests": manifests})


def _lower_keys(value: Any) -> Any:
    # Recipe keys are case-insensitive for the service and the device (Jackson).
    if isinstance(value, dict):
        return {str(key).lower(): _lower_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_lower_keys(item) for item in value]
    return value


def _drop_service_digests(published: Any, ours: Any) -> Any:
    """The service adds ``Digest``/``Algorithm`` to artifacts that had none: not a change."""
    if isinstance(published, dict) and isinstance(ours, dict):
        trimmed = {k: _drop_service_digests(v, ours.get(k)) for k, v in published.items()}
        if "uri" in published and "digest" not in ours:
            trimmed.pop("digest", None)
            trimmed.pop("algorithm", None)
        return trimmed
    if isinstance(published, list) and isinstance(ours, list):
        return [
            _drop_service_digests(item, ours[i] if i < len(ours) else None)
            for i, item in enumerate(published)
        ]
    return published


def _diff(path: str, published: Any, ours: Any, found: list[str]) -> None:
    if isinstance(published, dict) and isinstance(ours, dict):
        for key in sorted(set(published) | set(ours)):
            _diff(f"{path}.{key}" if path else key, published.get(key), ours.get(key), found)
    elif isinstance(published, list) and isinstance(ours, list) and len(published) == len(ours):
        for index, (left, right) in enumerate(zip(published, ours, strict=True)):
            _diff(f"{path}[{index}]", left, right, found)
    elif published != ours:
        found.append(f"{path}: published {json.dumps(published)}, this publish {json.dumps(ours)}")


def differences(published: dict[str, Any], ours: dict[str, Any]) -> list[str]:
    """What differs between the recipe in the service and the one about to be published.

    Keys compare case-insensitively; digests the service added on its own are ignored.

    Returns:
        One line per differing path (lower-case keys), empty when the content is the same.
    """
    left, right = _lower_keys(published), _lower_keys(ours)
    found: list[str] = []
    _diff("", _drop_service_digests(left, right), right, found)
    return found


def content_hash(document: dict[str, Any]) -> str:
    """A hash of what a version contains, independent of its version number.

    The version, and the version inside artifact URIs, are left out; artifacts count by file
    name and digest. Two versions with the same hash deploy the same thing.
    """
    version = str(document.get("ComponentVersion", ""))

    def normalise(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                key: normalise(item) for key, item in value.items() if key != "ComponentVersion"
            }
        if isinstance(value, list):
            return [normalise(item) for item in value]
        if isinstance(value, str) and value.startswith("s3://"):
            return value.replace(f"/{version}/", "/{version}/")
        return value

    canonical = json.dumps(normalise(document), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
