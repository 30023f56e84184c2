"""Client-side dependency resolution for Greengrass components.

Two readers of version requirements: npm's semver (:func:`satisfies`,
:class:`VersionRequirement`; what recipe authors mean) and the device's,
semver4j 3.1.0 as the nucleus uses it (:func:`device_satisfies`,
:func:`device_reading`, :func:`device_merge`; what the device does), and a lint
of their difference (:func:`lint_requirement`). Complete resolution with
explanations (:func:`resolve`, device semantics by default), a replay of the
nucleus's own resolution (:func:`simulate_device`, :func:`pin`), and catalogs
of component versions to resolve against.
"""

from __future__ import annotations

from greengrass_sdk.resolver.catalog import Catalog, Dependency, InMemoryCatalog
from greengrass_sdk.resolver.device import DeviceOutcome, DeviceStep, pin, simulate_device
from greengrass_sdk.resolver.device_semver import (
    DeviceRequirement,
    device_merge,
    device_reading,
    device_satisfies,
)
from greengrass_sdk.resolver.errors import InvalidRequirement, InvalidVersion, ResolutionConflict
from greengrass_sdk.resolver.failure import ResolutionFailure
from greengrass_sdk.resolver.lint import LintWarning, lint_requirement
from greengrass_sdk.resolver.requirements import VersionRequirement, max_satisfying, satisfies
from greengrass_sdk.resolver.resolution import Resolution, resolve

__all__ = [
    "Catalog",
    "Dependency",
    "DeviceOutcome",
    "DeviceRequirement",
    "DeviceStep",
    "InMemoryCatalog",
    "InvalidRequirement",
    "InvalidVersion",
    "LintWarning",
    "Resolution",
    "ResolutionConflict",
    "ResolutionFailure",
    "VersionRequirement",
    "device_merge",
    "device_reading",
    "device_satisfies",
    "lint_requirement",
    "max_satisfying",
    "pin",
    "resolve",
    "satisfies",
    "simulate_device",
]
