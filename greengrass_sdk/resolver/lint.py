"""Warnings derived from the difference between the two readers of a requirement.

Recipe authors write npm-style requirements and mean npm's semantics (npm's
``semver``, :mod:`.requirements`); the device reads them with semver4j
(:mod:`.device_semver`). Where the two readers agree there is nothing to say.
Where they differ the lint says how:

* ``device-cannot-parse``: npm accepts the requirement, the device cannot
  parse it (or throws comparing a version with it), so the deployment fails.
* ``device-reads-differently``: both read it, but they accept different
  versions (or npm rejects what the device accepts); the warning carries the
  device's stored form and the versions they disagree on.

No other rule: a warning is exactly a disagreement. Given ``versions``, the
disagreement is decided on those versions; without, on probe versions built
from the numbers in the requirement (each bound, its neighbours and
pre-releases of them), which finds every difference the measured corpora
contain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from greengrass_sdk.resolver.device_semver import DeviceRequirement, device_reading
from greengrass_sdk.resolver.errors import InvalidRequirement, InvalidVersion
from greengrass_sdk.resolver.requirements import VersionRequirement

__all__ = ["LintWarning", "lint_requirement"]

_VERSIONISH = re.compile(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z][0-9A-Za-z.]*))?")
_PROBE_TAGS = ("", "-0", "-alpha", "-rc.1")
_MAX_PROBES = 400
_MAX_LISTED = 5


@dataclass(frozen=True, slots=True)
class LintWarning:
    """One way the device reads a requirement unlike npm.

    Attributes:
        code: ``device-cannot-parse`` or ``device-reads-differently``.
        message: What the device does differently, in one sentence.
        device_reading: The form the device stores (None if it cannot parse).
        disagreements: Versions the two readers answer differently for,
            as ``(version, npm accepts, device accepts)``.
    """

    code: str
    message: str
    device_reading: str | None = None
    disagreements: tuple[tuple[str, bool, bool], ...] = field(default=())

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def _probe_versions(text: str) -> list[str]:
    probes = dict.fromkeys(("0.0.0", "0.0.0-0", "1.0.0", "1.0.0-0", "1.2.3", "1.2.3-alpha"))
    for match in _VERSIONISH.finditer(text):
        major, minor, patch = (int(part) if part else 0 for part in match.groups()[:3])
        tags = (*_PROBE_TAGS, f"-{match.group(4)}" if match.group(4) else "")
        triples = {
            (major, minor, patch),
            (major, minor, patch + 1),
            (major, minor + 1, 0),
            (major + 1, 0, 0),
            (max(major - 1, 0), minor, patch),
            (major, max(minor - 1, 0), patch),
            (major, minor, max(patch - 1, 0)),
        }
        for triple in sorted(triples):
            for tag in tags:
                probes[".".join(map(str, triple)) + tag] = None
        if len(probes) > _MAX_PROBES:
            break
    return list(probes)


def _device_verdict(requirement: DeviceRequirement, version: str) -> bool | None:
    try:
        return requirement.allows(version)
    except InvalidVersion:
        return None


def _npm_verdict(requirement: VersionRequirement, version: str) -> bool | None:
    try:
        return requirement.allows(version)
    except ValueError:
        return None


def lint_requirement(text: str, versions: Iterable[str] | None = None) -> list[LintWarning]:
    """Warn where the device (semver4j 3.1.0) reads ``text`` unlike npm's semver.

    A requirement both readers reject gets no warning: it is invalid, which
    :meth:`VersionRequirement.parse` and :func:`device_reading` report.

    Args:
        text: A ``VersionRequirement`` as written in a recipe or deployment.
        versions: Optionally, the versions to judge on (e.g. the component's
            available versions); versions either reader cannot read are skipped.

    Returns:
        At most one warning; none if the two readers agree.
    """
    try:
        npm: VersionRequirement | None = VersionRequirement.parse(text)
    except InvalidRequirement:
        npm = None
    try:
        stored = device_reading(text)
        device = DeviceRequirement.parse(stored)
    except InvalidRequirement as error:
        if npm is None:
            return []
        return [LintWarning("device-cannot-parse", f"{error}; npm's semver reads it")]
    if npm is None:
        return [
            LintWarning(
                "device-reads-differently",
                f"npm's semver rejects {text!r}, but the device reads it as {stored!r}",
                stored,
            )
        ]
    judged = list(versions) if versions is not None else _probe_versions(text)
    disagreements: list[tuple[str, bool, bool]] = []
    for version in judged:
        npm_says = _npm_verdict(npm, version)
        try:
            device_says = _device_verdict(device, version)
        except InvalidRequirement as error:
            return [LintWarning("device-cannot-parse", str(error), stored)]
        if npm_says is not None and device_says is not None and npm_says != device_says:
            disagreements.append((version, npm_says, device_says))
    if not disagreements:
        return []
    listed = ", ".join(
        f"{version} ({'accepted' if device_says else 'rejected'} by the device)"
        for version, _npm_says, device_says in disagreements[:_MAX_LISTED]
    )
    more = len(disagreements) - _MAX_LISTED
    if more > 0:
        listed += f" and {more} more"
    return [
        LintWarning(
            "device-reads-differently",
            f"the device reads {text!r} as {stored!r} and answers unlike npm for {listed}",
            stored,
            tuple(disagreements),
        )
    ]
