"""Errors raised by the resolver package."""

from __future__ import annotations

from greengrass_sdk.errors import GreengrassError

__all__ = ["InvalidRequirement", "InvalidVersion", "ResolutionConflict"]


class InvalidRequirement(GreengrassError, ValueError):
    """A version requirement that the chosen reader (npm's semver or the device's) rejects."""


class InvalidVersion(GreengrassError, ValueError):
    """A version that the chosen reader (npm's semver or the device's) rejects."""


class ResolutionConflict(GreengrassError):
    """No choice of component versions satisfies every requirement.

    Attributes:
        explanation: The human-readable chain of requirements that clash.
    """

    def __init__(self, explanation: str) -> None:
        super().__init__(explanation)
        self.explanation = explanation
