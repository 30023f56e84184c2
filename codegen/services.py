"""Which services the SDK covers, and which of their operations and shapes are in scope."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import botocore
import botocore.session

Side = Literal["request", "response", "shared"]


@dataclass(frozen=True)
class ServiceSpec:
    """One service of the SDK.

    Attributes:
        botocore_name: Name of the service model in botocore.
        package: Sub-package of greengrass_sdk that holds its generated modules.
        title: Human name used in docstrings.
        api_reference: Base URL of the AWS API reference.
        client_class: Name of the generated client class.
        operation_filter: Keeps an operation name in scope.
        all_structures: Generate every structure shape, reachable or not.
        json_document_members: ``(structure, member)`` pairs whose string holds a JSON document
            (the service model says so only in prose): request models also take a mapping and
            send it serialised.
    """

    botocore_name: str
    package: str
    title: str
    api_reference: str
    client_class: str
    operation_filter: Callable[[str], bool] = lambda _name: True
    all_structures: bool = True
    json_document_members: frozenset[tuple[str, str]] = frozenset()


IOT_OPERATIONS: frozenset[str] = frozenset(
    {
        # The software package catalog.
        "AssociateSbomWithPackageVersion",
        "CreatePackage",
        "CreatePackageVersion",
        "DeletePackage",
        "DeletePackageVersion",
        "DisassociateSbomFromPackageVersion",
        "GetPackage",
        "GetPackageConfiguration",
        "GetPackageVersion",
        "ListPackageVersions",
        "ListPackages",
        "ListSbomValidationResults",
        "UpdatePackage",
        "UpdatePackageConfiguration",
        "UpdatePackageVersion",
        # Things and thing groups: the targets of Greengrass deployments.
        "AddThingToThingGroup",
        "CreateThing",
        "CreateThingGroup",
        "DeleteThing",
        "DeleteThingGroup",
        "DescribeThing",
        "DescribeThingGroup",
        "ListThingGroups",
        "ListThingGroupsForThing",
        "ListThings",
        "ListThingsInThingGroup",
        "RemoveThingFromThingGroup",
        "UpdateThingGroup",
        # Jobs: every Greengrass V2 deployment runs as one IoT job.
        "CancelJob",
        "CancelJobExecution",
        "DescribeJob",
        "DescribeJobExecution",
        "ListJobExecutionsForJob",
        "ListJobExecutionsForThing",
        "ListJobs",
    }
)
"""The IoT operations the SDK covers, by name: an explicit list, so that a new botocore release
adding an operation whose name happens to match changes nothing without a deliberate edit."""


SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec(
        "greengrassv2",
        "greengrassv2",
        "AWS IoT Greengrass V2",
        "https://docs.aws.amazon.com/greengrass/v2/APIReference/",
        "GreengrassV2Client",
        # A deployment's configuration merge is a JSON object sent as a string.
        json_document_members=frozenset({("ComponentConfigurationUpdate", "merge")}),
    ),
    ServiceSpec(
        "greengrass",
        "greengrass",
        "AWS IoT Greengrass V1",
        "https://docs.aws.amazon.com/greengrass/v1/apireference/",
        "GreengrassClient",
    ),
    ServiceSpec(
        "iot",
        "iot",
        "AWS IoT (package catalog, things, thing groups, jobs)",
        "https://docs.aws.amazon.com/iot/latest/apireference/",
        "IoTClient",
        operation_filter=IOT_OPERATIONS.__contains__,
        all_structures=False,
    ),
)


@functools.cache
def _raw_model(botocore_name: str, kind: str) -> dict[str, Any]:
    loader = botocore.session.get_session().get_component("data_loader")
    model: dict[str, Any] = loader.load_service_model(botocore_name, kind)
    return model


def botocore_version() -> str:
    """Version of the botocore whose models are read."""
    return str(botocore.__version__)


@dataclass
class ServiceScope:
    """The operations and shapes of one service that the SDK mirrors."""

    spec: ServiceSpec
    model: dict[str, Any] = field(init=False)
    operations: dict[str, dict[str, Any]] = field(init=False)
    shapes: dict[str, dict[str, Any]] = field(init=False)
    input_shapes: set[str] = field(init=False)
    output_shapes: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.model = _raw_model(self.spec.botocore_name, "service-2")
        self.shapes = self.model["shapes"]
        self.operations = {
            name: op
            for name, op in sorted(self.model["operations"].items())
            if self.spec.operation_filter(name)
        }
        self.input_shapes = set()
        self.output_shapes = set()
        for op in self.operations.values():
            if "input" in op:
                self._reach(op["input"]["shape"], self.input_shapes)
            if "output" in op:
                self._reach(op["output"]["shape"], self.output_shapes)
            for error in op.get("errors", []):
                self._reach(error["shape"], self.output_shapes)

    def _reach(self, name: str, seen: set[str]) -> None:
        if name in seen:
            return
        seen.add(name)
        for child in self.children(name):
            self._reach(child, seen)

    def children(self, name: str) -> Iterator[str]:
        """Shapes directly referenced by a shape."""
        shape = self.shapes[name]
        for member in shape.get("members", {}).values():
            yield member["shape"]
        for key in ("member", "key", "value"):
            if key in shape:
                yield shape[key]["shape"]

    @property
    def structures(self) -> list[str]:
        """Structure shapes in scope, sorted by name."""
        if self.spec.all_structures:
            names = {n for n, s in self.shapes.items() if s["type"] == "structure"}
        else:
            names = {
                n
                for n in self.input_shapes | self.output_shapes
                if self.shapes[n]["type"] == "structure"
            }
        return sorted(names)

    @property
    def reachable(self) -> set[str]:
        """Every shape reachable from an in-scope operation."""
        return self.input_shapes | self.output_shapes

    def side(self, name: str) -> Side:
        """Where a shape travels: only sent, only received, or both.

        Shapes no operation reaches (a few in Greengrass V1) are treated as shared: strict when
        a caller builds one, lenient when parsed.
        """
        sent = name in self.input_shapes
        received = name in self.output_shapes
        if sent and not received:
            return "request"
        if received and not sent:
            return "response"
        return "shared"

    @functools.cached_property
    def operation_for_io_shape(self) -> dict[str, tuple[str, str]]:
        """Map an operation's input/output shape name to (operation, "input"|"output")."""
        found: dict[str, tuple[str, str]] = {}
        for op_name, op in self.operations.items():
            for direction in ("input", "output"):
                if direction in op:
                    found[op[direction]["shape"]] = (op_name, direction)
        return found


def paginators(scope: ServiceScope) -> dict[str, dict[str, str]]:
    """Botocore's paginator configs of the in-scope operations."""
    config: dict[str, dict[str, str]] = _raw_model(scope.spec.botocore_name, "paginators-1")[
        "pagination"
    ]
    return {name: dict(cfg) for name, cfg in config.items() if name in scope.operations}


def scopes() -> list[ServiceScope]:
    """Scopes of every service, in the order of :data:`SERVICES`."""
    return [ServiceScope(spec) for spec in SERVICES]
