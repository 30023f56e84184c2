"""Typed, async SDK for AWS IoT Greengrass V2, V1 and the IoT software package catalog."""

from __future__ import annotations

from greengrass_sdk.errors import GreengrassError

__all__ = ["GreengrassError"]
__version__ = "0.1.0"
