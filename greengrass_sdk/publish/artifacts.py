"""Local artifacts: files as they are, directories zipped deterministically, SHA-256 digests.

The digest is written the way the device checks it: the base64 of the SHA-256 of the bytes,
with ``Algorithm`` ``SHA-256`` (a ``java.security.MessageDigest`` name). Followed:
aws-greengrass-nucleus ``componentmanager/builtins/ArtifactDownloader.java``, ``downloadRequired``.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from greengrass_sdk.publish.errors import ArtifactError

__all__ = ["DIGEST_ALGORITHM", "LocalArtifact", "file_digest", "prepare_artifacts", "zip_directory"]

DIGEST_ALGORITHM = "SHA-256"
_CHUNK = 1024 * 1024
# The earliest time a zip entry can carry: a fixed stamp makes the archive's bytes depend only
# on the files' names, contents and executable bits.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class LocalArtifact:
    """One artifact ready to upload.

    Attributes:
        name: Its file name in the recipe's URI and in S3.
        path: The file to upload (for a directory, the zip built from it).
        source: What the caller gave (a file or a directory).
        size: Bytes.
        digest: Base64 SHA-256, as the recipe's ``Digest``.
    """

    name: str
    path: Path
    source: Path
    size: int
    digest: str


def file_digest(path: Path) -> str:
    """Base64 SHA-256 of a file's bytes (the recipe's ``Digest``)."""
    sha = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            sha.update(chunk)
    return base64.b64encode(sha.digest()).decode("ascii")


def zip_directory(directory: Path, target: Path) -> None:
    """Zip a directory so that the same files always give the same bytes.

    Entries are sorted by path, stamped 1980-01-01, mode 0644 (0755 when executable by the
    owner, and for directories), deflated at level 6. Symbolic links are followed.

    Args:
        directory: The folder whose contents become the archive's root.
        target: The zip file to write.
    """
    entries = sorted(directory.rglob("*"), key=lambda p: p.relative_to(directory).as_posix())
    with zipfile.ZipFile(target, "w") as archive:
        for entry in entries:
            relative = entry.relative_to(directory).as_posix()
            is_dir = entry.is_dir()
            info = zipfile.ZipInfo(relative + "/" if is_dir else relative, _ZIP_EPOCH)
            info.create_system = 3  # Unix, so that the mode bits below are honoured
            executable = is_dir or bool(entry.stat().st_mode & stat.S_IXUSR)
            info.external_attr = (
                (0o40755 if is_dir else 0o100755) if executable else 0o100644
            ) << 16
            if is_dir:
                archive.writestr(info, b"")
                continue
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entry.read_bytes(), compresslevel=6)


def prepare_artifacts(
    sources: Mapping[str, str | os.PathLike[str]], workdir: Path
) -> list[LocalArtifact]:
    """Check the caller's artifacts, zip directories into ``workdir``, and digest everything.

    Blocking (reads every byte): call it in a thread from async code.

    Args:
        sources: Artifact file name (as in the recipe's URI) to a local file or directory.
        workdir: A private folder for the zips built from directories.

    Returns:
        The artifacts, in the order given.

    Raises:
        ArtifactError: A name is not a plain file name, or a path does not exist or is neither
            a file nor a directory.
    """
    prepared: list[LocalArtifact] = []
    for name, raw in sources.items():
        if not name or "/" in name or "\\" in name or name in {".", ".."}:
            raise ArtifactError(f"artifact name {name!r} must be a plain file name (no '/')")
        source = Path(raw)
        if source.is_dir():
            path = workdir / name
            zip_directory(source, path)
        elif source.is_file():
            path = source
        else:
            raise ArtifactError(f"artifact {name!r}: {source} is neither a file nor a directory")
        try:
            digest = file_digest(path)
            size = path.stat().st_size
        except OSError as error:
            raise ArtifactError(f"artifact {name!r}: cannot read {path}: {error}") from None
        prepared.append(LocalArtifact(name, path, source, size, digest))
    return prepared
