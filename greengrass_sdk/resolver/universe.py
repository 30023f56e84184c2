"""The finite universe the solver works in: each component's versions as bits.

A set of versions of one component is an ``int`` bit mask: bit ``i`` is the
``i``-th oldest version and one extra bit, :attr:`Package.absent_bit`, stands
for "not selected at all". PubGrub's terms become masks: a positive term has
no absent bit, a negative term ("not in S") is the complement of S and has it.
Intersection, union and subset tests of terms are then exact integer
operations, and requirements are turned into masks once per (component,
requirement) pair.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from greengrass_sdk.resolver.catalog import Catalog
from greengrass_sdk.resolver.device_semver import (
    DeviceRequirement,
    DeviceVersion,
    device_reading,
    parse_device_version,
)
from greengrass_sdk.resolver.errors import InvalidRequirement, InvalidVersion
from greengrass_sdk.resolver.requirements import Span, VersionRequirement
from greengrass_sdk.resolver.versions import VersionKey, parse_version, version_key

__all__ = ["Package", "Semantics", "Universe", "describe_versions", "parse_requirement"]

Semantics = Literal["device", "npm"]
"""Whose reading of requirements: the device's (semver4j) or npm's ``semver``."""


def parse_requirement(text: str, semantics: Semantics) -> None:
    """Check that ``text`` is a requirement the chosen reader can parse.

    Raises:
        InvalidRequirement: If it cannot, or if ``semantics`` is neither
            ``"device"`` nor ``"npm"``.
    """
    if semantics == "device":
        DeviceRequirement.parse(device_reading(text))
    elif semantics == "npm":
        VersionRequirement.parse(text)
    else:
        raise InvalidRequirement(f"semantics must be 'device' or 'npm', not {semantics!r}")


@dataclass
class Package:
    """One component's versions, oldest first, with their masks."""

    name: str
    versions: list[str]
    index: dict[str, int] = field(init=False)
    versions_mask: int = field(init=False)
    absent_bit: int = field(init=False)
    full: int = field(init=False)

    def __post_init__(self) -> None:
        self.index = {version: i for i, version in enumerate(self.versions)}
        self.versions_mask = (1 << len(self.versions)) - 1
        self.absent_bit = 1 << len(self.versions)
        self.full = self.versions_mask | self.absent_bit

    def bits(self, mask: int) -> list[int]:
        """Indices of the versions in ``mask``, oldest first."""
        return [i for i in range(len(self.versions)) if mask >> i & 1]


class Universe:
    """Packages, requirement masks and grouped dependencies, computed lazily from a catalog.

    Args:
        catalog: Where versions and dependencies come from.
        semantics: ``"device"``: a requirement allows the versions the device
            (semver4j, via the stored form) accepts, and a requirement the device
            cannot parse allows none, so that no version declaring it is chosen;
            ``"npm"``: npm's ``semver``.
    """

    def __init__(self, catalog: Catalog, semantics: Semantics = "device") -> None:
        parse_requirement("*", semantics)
        self.semantics: Semantics = semantics
        self._catalog = catalog
        self._version_tuples: dict[str, tuple[str, ...]] = {}
        self._packages: dict[str, Package] = {}
        self._keys: dict[str, list[VersionKey]] = {}
        self._requirement_masks: dict[tuple[str, str], int] = {}
        self._dependency_groups: dict[str, dict[tuple[str, int], tuple[int, str]]] = {}

    @property
    def catalog(self) -> Catalog:
        """The catalog the packages come from."""
        return self._catalog

    def package(self, name: str) -> Package:
        """The package called ``name`` (with no versions if the catalog has none)."""
        found = self._packages.get(name)
        if found is None:
            keyed = sorted(
                (version_key(parse_version(text)), text) for text in self._catalog.versions(name)
            )
            found = self._packages[name] = Package(name, [text for _key, text in keyed])
            self._keys[name] = [key for key, _text in keyed]
        return found

    def requirement_mask(self, name: str, requirement: str) -> int:
        """The mask of ``name``'s versions that ``requirement`` allows."""
        cache_key = (name, requirement)
        mask = self._requirement_masks.get(cache_key)
        if mask is None:
            package = self.package(name)
            if self.semantics == "device":
                mask = self._device_mask(package, requirement)
            else:
                mask = 0
                for span in VersionRequirement.parse(requirement).spans:
                    mask |= _span_mask(span, self._keys[name])
            self._requirement_masks[cache_key] = mask
        return mask

    def device_unparseable(self, requirement: str) -> bool:
        """Whether the device cannot parse ``requirement`` (so it allows nothing)."""
        try:
            DeviceRequirement.parse(device_reading(requirement))
        except InvalidRequirement:
            return True
        return False

    def _device_mask(self, package: Package, requirement: str) -> int:
        versions = self._version_tuples.get(package.name)
        if versions is None:
            versions = self._version_tuples[package.name] = tuple(package.versions)
        return _device_mask(requirement, versions)

    def dependency_groups(self, name: str) -> dict[tuple[str, int], tuple[int, str]]:
        """How ``name``'s versions depend on others, grouped for PubGrub.

        Versions whose requirement on a dependency allows the same catalog
        versions share one group, even if written differently (``^5.0.0`` and
        ``>=5.0.0 <6``), so that one incompatibility covers them all.

        Returns:
            ``(dependency, allowed mask)`` to ``(mask of name's versions,
            requirement text)``; differing texts are joined with ``||``,
            which allows the same versions.
        """
        groups = self._dependency_groups.get(name)
        if groups is None:
            found: dict[tuple[str, int], tuple[int, list[str]]] = {}
            package = self.package(name)
            for i, version in enumerate(package.versions):
                # Sorted, so that results never depend on the order recipes list them.
                for dep_name, dep in sorted(self._catalog.dependencies(name, version).items()):
                    key = (dep_name, self.requirement_mask(dep_name, dep.requirement))
                    versions, texts = found.get(key, (0, []))
                    if dep.requirement not in texts:
                        texts.append(dep.requirement)
                    found[key] = (versions | 1 << i, texts)
            groups = {key: (mask, " || ".join(texts)) for key, (mask, texts) in found.items()}
            self._dependency_groups[name] = groups
        return groups

    def dependencies_of(self, name: str, version: str) -> dict[str, str]:
        """Dependency name to requirement for one version."""
        deps = self._catalog.dependencies(name, version)
        return {dep_name: dep.requirement for dep_name, dep in deps.items()}


@lru_cache(maxsize=65536)
def _device_mask(requirement: str, versions: tuple[str, ...]) -> int:
    """The versions (bit ``i`` for ``versions[i]``) the device accepts for ``requirement``.

    Cached on the text and the version list: catalogs repeat both across
    components, so each pair is evaluated once.
    """
    try:
        parsed = DeviceRequirement.parse(device_reading(requirement))
    except InvalidRequirement:
        return 0
    mask = 0
    for index, text in enumerate(versions):
        version = _device_version(text)
        if version is None:
            continue
        try:
            if parsed.allows(version):
                mask |= 1 << index
        except InvalidRequirement:
            continue  # the device throws comparing: never a version it picks
    return mask


@lru_cache(maxsize=65536)
def _device_version(text: str) -> DeviceVersion | None:
    try:
        return parse_device_version(text)
    except InvalidVersion:
        return None


def _span_mask(span: Span, keys: list[VersionKey]) -> int:
    """The versions (given by their sorted keys) in a span, found by bisection.

    The span's interval is a contiguous run of the sorted versions; from it
    only the pre-releases of triples the span does not admit are removed.
    """
    low, high = 0, len(keys)
    if span.lower is not None:
        key, inclusive = span.lower
        low = bisect_left(keys, key) if inclusive else bisect_right(keys, key)
    if span.upper is not None:
        key, inclusive = span.upper
        high = bisect_right(keys, key) if inclusive else bisect_left(keys, key)
    mask = 0
    for i in range(low, high):
        key = keys[i]
        if key[3] == 1 or key[:3] in span.prerelease_triples:
            mask |= 1 << i
    return mask


def describe_versions(package: Package, mask: int) -> str:
    """Render a set of versions compactly, as an npm range over the catalog's versions.

    Consecutive versions (in the catalog's order) are shown as ``a - b``; runs
    are joined with ``||``.

    Args:
        package: The package the mask belongs to.
        mask: Version bits (the absent bit is ignored).

    Returns:
        For example ``"1.0.0 - 1.4.2 || 2.0.0"``, or ``"(no versions)"``.
    """
    indices = package.bits(mask & package.versions_mask)
    if not indices:
        return "(no versions)"
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    parts = []
    for start, end in runs:
        low, high = package.versions[start], package.versions[end]
        parts.append(low if start == end else f"{low} - {high}")
    return " || ".join(parts)
