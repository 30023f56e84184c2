"""Errors raised by the resolver package."""

from __future__ import annotations

from greengrass_sdk.errors import GreengrassError

__all__ = ["InvalidRequirement", "ResolutionConflict"]


class InvalidRequirement(ValueError):
    """A version requirement string that npm's semver (strict mode) rejects."""


class ResolutionConflict(GreengrassError):
    """No choice of component versions satisfies every requirement.

    Attributes:
        explanation: The human-readable chain of requirements that clash.
    """

    def __init__(self, explanation: str) -> None:
        super().__init__(explanation)
        self.explanation = explanation
