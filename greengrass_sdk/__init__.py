"""Typed, async SDK for AWS IoT Greengrass V2, V1 and the IoT software package catalog.

The service clients are imported on first use, so ``import greengrass_sdk`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from greengrass_sdk._core.models import ResponseMetadata
from greengrass_sdk._core.pagination import AsyncPager
from greengrass_sdk._core.retry import RetryPolicy
from greengrass_sdk.errors import GreengrassError, RequestValidationError, ServiceError

if TYPE_CHECKING:
    from greengrass_sdk.greengrass.client import GreengrassClient
    from greengrass_sdk.greengrassv2.client import GreengrassV2Client
    from greengrass_sdk.iot.client import IoTClient

__all__ = [
    "AsyncPager",
    "GreengrassClient",
    "GreengrassError",
    "GreengrassV2Client",
    "IoTClient",
    "RequestValidationError",
    "ResponseMetadata",
    "RetryPolicy",
    "ServiceError",
]
__version__ = "0.1.0"

_LAZY = {
    "GreengrassV2Client": "greengrass_sdk.greengrassv2.client",
    "GreengrassClient": "greengrass_sdk.greengrass.client",
    "IoTClient": "greengrass_sdk.iot.client",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'greengrass_sdk' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
