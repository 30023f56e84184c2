"""Progress of a publish, reported to an optional callback (the CLI draws a bar from it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Phase", "ProgressCallback", "ProgressEvent"]


class Phase(StrEnum):
    """The steps of a publish, in order."""

    PREPARE = "prepare"
    """Reading the recipe, zipping directories, computing digests."""
    CHECK_BUCKET = "check-bucket"
    """Checking that the bucket exists, is in the right region and belongs to the account."""
    CHECK_VERSION = "check-version"
    """Listing versions, choosing the version, comparing with an existing one."""
    UPLOAD = "upload"
    """Uploading artifacts (``artifact``, ``done`` and ``total`` say how far)."""
    CREATE = "create"
    """Creating the component version."""
    WAIT = "wait"
    """Waiting until the service says the version is deployable."""
    DONE = "done"
    """Finished."""


@dataclass(frozen=True)
class ProgressEvent:
    """One step forward.

    Attributes:
        phase: Where the publish is.
        artifact: The artifact concerned (upload events), else ``None``.
        done: Bytes of ``artifact`` uploaded or skipped so far.
        total: Size of ``artifact`` in bytes.
        message: A short human description.
    """

    phase: Phase
    artifact: str | None = None
    done: int = 0
    total: int = 0
    message: str = ""


ProgressCallback = Callable[[ProgressEvent], None]
"""Called on the event loop's thread; it must not block."""
