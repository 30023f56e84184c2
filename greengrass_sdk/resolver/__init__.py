"""Client-side dependency resolution for Greengrass components.

npm-style version requirements (:func:`satisfies`, :class:`VersionRequirement`),
complete resolution with explanations (:func:`resolve`), a prediction of what
the device's own resolver does (:func:`simulate_device`, :func:`pin`), and
catalogs of component versions to resolve against.
"""

from __future__ import annotations

from greengrass_sdk.resolver.catalog import Catalog, Dependency, InMemoryCatalog
from greengrass_sdk.resolver.device import DeviceOutcome, DeviceStep, pin, simulate_device
from greengrass_sdk.resolver.errors import InvalidRequirement, ResolutionConflict
from greengrass_sdk.resolver.lint import LintWarning, lint_requirement
from greengrass_sdk.resolver.requirements import VersionRequirement, max_satisfying, satisfies
from greengrass_sdk.resolver.resolution import Resolution, resolve

__all__ = [
    "Catalog",
    "Dependency",
    "DeviceOutcome",
    "DeviceStep",
    "InMemoryCatalog",
    "InvalidRequirement",
    "LintWarning",
    "Resolution",
    "ResolutionConflict",
    "VersionRequirement",
    "lint_requirement",
    "max_satisfying",
    "pin",
    "resolve",
    "satisfies",
    "simulate_device",
]
