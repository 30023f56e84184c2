"""The emulator's in-memory state, one :class:`RegionState` per account and region."""

from __future__ import annotations

import collections
import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from greengrass_sdk.greengrassv2.models import DeploymentStatus
from greengrass_sdk.testing.clock import SimulatedClock
from greengrass_sdk.testing.device_behaviours import DeviceBehaviour
from greengrass_sdk.testing.iot_state import Job, Thing, ThingGroup
from greengrass_sdk.testing.sorted_index import SortedIndex
from greengrass_sdk.testing.versions import version_key

if TYPE_CHECKING:
    from greengrass_sdk.testing.artifact_checks import ArtifactChecks

__all__ = [
    "ComponentVersion",
    "CoreDevice",
    "Deployment",
    "Package",
    "PackageVersion",
    "RegionState",
    "StateStore",
    "utcnow",
]


def utcnow() -> dt.datetime:
    """The current time, UTC, at millisecond precision (what the wire carries)."""
    now = dt.datetime.now(dt.UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


@dataclass
class ComponentVersion:
    """A component version, created from a recipe: private, or public (AWS-provided, seeded)."""

    name: str
    version: str
    arn: str
    recipe: dict[str, Any]
    created: dt.datetime
    platforms: list[dict[str, Any]]
    state: str = "DEPLOYABLE"
    message: str = "NONE"
    errors: dict[str, str] = field(default_factory=dict)
    public: bool = False

    @property
    def description(self) -> str | None:
        """The recipe's ``ComponentDescription``."""
        value = self.recipe.get("ComponentDescription")
        return str(value) if value else None

    @property
    def publisher(self) -> str | None:
        """The recipe's ``ComponentPublisher``."""
        value = self.recipe.get("ComponentPublisher")
        return str(value) if value else None


@dataclass
class Deployment:
    """A deployment to a thing or thing group."""

    deployment_id: str
    arn: str
    target_arn: str
    revision_id: str
    name: str | None
    components: dict[str, Any]
    policies: dict[str, Any] | None
    job_configuration: dict[str, Any] | None
    parent_target_arn: str | None
    created: dt.datetime
    sequence: int
    status: DeploymentStatus = "ACTIVE"
    is_latest: bool = True

    @property
    def iot_job_id(self) -> str:
        """Id of the IoT job that carries the deployment."""
        return f"job-{self.deployment_id}"


@dataclass
class CoreDevice:
    """A Greengrass core device, registered through the testing API."""

    thing_name: str
    thing_groups: list[str]
    platform: str
    architecture: str
    runtime: str
    core_version: str
    status: str
    last_status_update: dt.datetime
    installed: dict[str, dict[str, Any]] = field(default_factory=dict)
    effective: dict[str, dict[str, Any]] = field(default_factory=dict)
    # What the nucleus keeps under DeploymentService's GROUP_TO_ROOT_COMPONENTS: for each group
    # it applied (``thinggroup/NAME`` or ``thing/NAME``), that deployment's root components and
    # their versions (see testing/device_simulation.py).
    group_roots: dict[str, dict[str, str]] = field(default_factory=dict)
    client_devices: SortedIndex[dict[str, Any]] = field(default_factory=SortedIndex)


@dataclass
class PackageVersion:
    """A version in the IoT software package catalog."""

    package_name: str
    version_name: str
    arn: str
    created: dt.datetime
    modified: dt.datetime
    description: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    artifact: dict[str, Any] | None = None
    recipe: str | None = None
    status: str = "DRAFT"
    sbom: dict[str, Any] | None = None
    sbom_status: str | None = None


@dataclass
class Package:
    """A package in the IoT software package catalog."""

    name: str
    arn: str
    created: dt.datetime
    modified: dt.datetime
    description: str | None = None
    default_version: str | None = None
    versions: SortedIndex[PackageVersion] = field(default_factory=SortedIndex)


@dataclass
class TokenRecord:
    """A request made with a client token, and the answer it got."""

    fingerprint: str
    output: dict[str, Any]


class RegionState:
    """Everything one account holds in one region.

    Args:
        account_id: The account.
        region: The region.
        clock: The emulator's clock; a clock of its own when omitted.
        artifact_checks: Where new component versions' artifacts are checked (None: not).
    """

    def __init__(
        self,
        account_id: str,
        region: str,
        clock: SimulatedClock | None = None,
        artifact_checks: ArtifactChecks | None = None,
    ) -> None:
        self.account_id = account_id
        self.region = region
        self.clock = clock or SimulatedClock()
        self.artifact_checks = artifact_checks
        self.components: dict[str, SortedIndex[ComponentVersion]] = {}
        self.component_names: SortedIndex[str] = SortedIndex()
        # Public components (the PUBLIC scope: aws.greengrass.Nucleus ...), owned by "aws".
        self.public_component_names: SortedIndex[str] = SortedIndex()
        self.deployments: dict[str, Deployment] = {}
        self.deployment_index: SortedIndex[Deployment] = SortedIndex(descending=True)
        self.latest_deployments: dict[str, Deployment] = {}
        """The latest deployment (``is_latest``) of each target ARN: CreateDeployment looks
        the previous one up here instead of scanning every deployment."""
        self.revisions: dict[str, int] = {}
        self.core_devices: dict[str, CoreDevice] = {}
        self.core_device_index: SortedIndex[CoreDevice] = SortedIndex()
        self.connectivity: dict[str, list[dict[str, Any]]] = {}
        self.service_role: tuple[str, str] | None = None
        self.tags: dict[str, dict[str, str]] = {}
        self.packages: dict[str, Package] = {}
        self.package_index: SortedIndex[Package] = SortedIndex()
        self.package_configuration: dict[str, Any] = {"enabled": False}
        self.tokens: dict[tuple[str, str], TokenRecord] = {}
        self.things: dict[str, Thing] = {}
        self.thing_index: SortedIndex[Thing] = SortedIndex()
        self.thing_groups: dict[str, ThingGroup] = {}
        self.thing_group_index: SortedIndex[ThingGroup] = SortedIndex()
        self.jobs: dict[str, Job] = {}
        self.job_index: SortedIndex[Job] = SortedIndex(descending=True)
        self.executions_per_thing: collections.Counter[str] = collections.Counter()
        """How many jobs have an execution for each thing (its next execution number)."""
        self.behaviours: dict[str, DeviceBehaviour] = {}
        self.timeline: list[tuple[dt.datetime, int, str, str, str]] = []
        self._sequence = itertools.count(1)

    def next_sequence(self) -> int:
        """A number that grows with every call, to order things by creation."""
        return next(self._sequence)

    def arn(self, service: str, resource: str) -> str:
        """An ARN in this account and region."""
        return f"arn:aws:{service}:{self.region}:{self.account_id}:{resource}"

    def component_arn(self, name: str, version: str | None = None, *, public: bool = False) -> str:
        """The ARN of a component, or of one of its versions (account ``aws`` when public)."""
        suffix = f":versions:{version}" if version else ""
        if public:
            return f"arn:aws:greengrass:{self.region}:aws:components:{name}{suffix}"
        return self.arn("greengrass", f"components:{name}{suffix}")

    def add_component_version(self, component: ComponentVersion) -> None:
        """Index a new component version."""
        versions = self.components.get(component.name)
        if versions is None:
            versions = self.components[component.name] = SortedIndex(descending=True)
            names = self.public_component_names if component.public else self.component_names
            names.put((component.name,), component.name)
        versions.put(version_key(component.version), component)

    def remove_component_version(self, component: ComponentVersion) -> None:
        """Forget a component version (and the component when it was the last)."""
        versions = self.components[component.name]
        versions.remove(version_key(component.version))
        self.tags.pop(component.arn, None)
        if not len(versions):
            del self.components[component.name]
            names = self.public_component_names if component.public else self.component_names
            names.remove((component.name,))

    def find_component_version(self, name: str, version: str) -> ComponentVersion | None:
        """The component version, or ``None``."""
        versions = self.components.get(name)
        return versions.get(version_key(version)) if versions else None


class StateStore:
    """All :class:`RegionState` objects, created on first use, sharing one clock.

    Args:
        clock: The clock of every region; a running real-time clock when omitted.
        artifact_checks: Where new component versions' artifacts are checked (None: not).
    """

    def __init__(
        self, clock: SimulatedClock | None = None, artifact_checks: ArtifactChecks | None = None
    ) -> None:
        self.clock = clock or SimulatedClock()
        self._regions: dict[tuple[str, str], RegionState] = {}
        self.artifact_checks = artifact_checks

    def region(self, account_id: str, region: str) -> RegionState:
        """The state of ``account_id`` in ``region``."""
        key = (account_id, region)
        state = self._regions.get(key)
        if state is None:
            state = self._regions[key] = RegionState(
                account_id, region, self.clock, self.artifact_checks
            )
        return state

    def regions(self) -> list[RegionState]:
        """Every region state created so far."""
        return list(self._regions.values())

    def reset(self) -> None:
        """Forget everything."""
        self._regions.clear()
