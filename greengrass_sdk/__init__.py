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
    from greengrass_sdk._core.sync import SyncPager
    from greengrass_sdk.greengrass.client import GreengrassClient
    from greengrass_sdk.greengrass.sync_client import GreengrassSyncClient
    from greengrass_sdk.greengrassv2.client import GreengrassV2Client
    from greengrass_sdk.greengrassv2.sync_client import GreengrassV2SyncClient
    from greengrass_sdk.iot.client import IoTClient
    from greengrass_sdk.iot.sync_client import IoTSyncClient

__all__ = [
    "AsyncPager",
    "GreengrassClient",
    "GreengrassError",
    "GreengrassSyncClient",
    "GreengrassV2Client",
    "GreengrassV2SyncClient",
    "IoTClient",
    "IoTSyncClient",
    "RequestValidationError",
    "ResponseMetadata",
    "RetryPolicy",
    "ServiceError",
    "SyncPager",
]
__version__ = "0.1.0"

_LAZY = {
    "GreengrassV2Client": "greengrass_sdk.greengrassv2.client",
    "GreengrassClient": "greengrass_sdk.greengrass.client",
    "IoTClient": "greengrass_sdk.iot.client",
    "GreengrassV2SyncClient": "greengrass_sdk.greengrassv2.sync_client",
    "GreengrassSyncClient": "greengrass_sdk.greengrass.sync_client",
    "IoTSyncClient": "greengrass_sdk.iot.sync_client",
    "SyncPager": "greengrass_sdk._core.sync",
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
