"""A local emulator of AWS IoT Greengrass V2 and the IoT software package catalog, for tests.

``LocalGreengrass`` serves the REST-JSON wire protocol of every Greengrass V2 operation and
every IoT package catalog operation with in-memory state, and Greengrass V1 (or any other
rest-json service) with model-synthesized answers. See ``docs/testing.md``.
"""

from __future__ import annotations

from greengrass_sdk.testing.clock import SimulatedClock
from greengrass_sdk.testing.device_behaviours import DeviceBehaviour
from greengrass_sdk.testing.faults import ANY_OPERATION, Fault, FaultKind, Faults
from greengrass_sdk.testing.journal import RecordedRequest, RequestJournal
from greengrass_sdk.testing.server import (
    DEFAULT_ACCOUNT_ID,
    DEFAULT_SERVICES,
    ConnectionKwargs,
    LocalGreengrass,
)
from greengrass_sdk.testing.service_error import ServiceError
from greengrass_sdk.testing.state import RegionState

__all__ = [
    "ConnectionKwargs",
    "ANY_OPERATION",
    "DEFAULT_ACCOUNT_ID",
    "DEFAULT_SERVICES",
    "DeviceBehaviour",
    "Fault",
    "FaultKind",
    "Faults",
    "LocalGreengrass",
    "RecordedRequest",
    "RegionState",
    "RequestJournal",
    "ServiceError",
    "SimulatedClock",
]
