"""The public exception tree of greengrass_sdk.

Every exception the SDK raises on purpose derives from :class:`GreengrassError`.
"""

from __future__ import annotations

__all__ = ["GreengrassError"]


class GreengrassError(Exception):
    """Root of every error raised by greengrass_sdk."""
