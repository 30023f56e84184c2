"""botocore's data loader, with the two costs of a cold start that it need not pay.

Opening the first client of a process loads botocore's data: the service model, its endpoint
rule set, and ``endpoints.json`` (1.2 MB). Measured on the first ``GreengrassV2Client`` of a
process, two costs stand out in botocore's ``Loader`` (botocore/loaders.py, 1.43):

* ``load_service_model`` first lists *every* service botocore ships, only to check that the one
  asked for is among them: about 430 directories listed and stat'ed, twice (once for the
  service model, once for its endpoint rule set), 7 ms each.
* JSON is decoded by the ``json`` module in Python (``endpoints.json`` alone takes 8 ms).
* ``endpoints.json`` describes about 400 services in each of 8 partitions, and a client looks up
  one of them; building all of it as Python objects takes 6.6 ms even with a Rust decoder.

:class:`SdkDataLoader` keeps botocore's behaviour and answers: it checks the one service's own
directory (in the same search paths, by the same rule: some API version directory holds the
file) and decodes JSON with pydantic-core's Rust parser, which also shares repeated strings.
From ``endpoints.json`` it builds everything but the partitions' ``services``, which are
:class:`PartitionServices` mappings: the SDK's own services (by endpoint prefix) are decoded at
once, and the first question about any other service, or about the whole mapping, decodes the
rest of the file (once, for all partitions), keeping the objects already handed out (botocore
writes into them). Anything else, including a service that is not there (and its
``UnknownServiceError`` with the list of known services), is botocore's own code. The SDK
installs it only on the session it creates and shares
(:func:`greengrass_sdk._core.transport.shared_session`); a session given by the caller keeps its
own loader. Tests load every file the SDK's services use with both loaders and compare the
results, and ask both endpoint resolvers the same questions.
"""

from __future__ import annotations

import copy
import gzip
import os
import threading
from collections.abc import Iterator, Mapping
from typing import Any, Final

import pydantic_core
from botocore.loaders import JSONFileLoader, Loader, instance_cache
from pydantic_core import core_schema

__all__ = [
    "SDK_ENDPOINT_PREFIXES",
    "NativeJsonFileLoader",
    "PartitionServices",
    "SdkDataLoader",
    "sdk_data_loader",
]

_EXTENSIONS: Final = (".json", ".json.gz")
"""Extensions tried, in botocore's order (the second one gzip-compressed)."""

SDK_ENDPOINT_PREFIXES: Final = frozenset({"greengrass", "iot"})
"""The keys of the SDK's services in ``endpoints.json``, which names services by endpoint prefix
(``greengrassv2`` and ``greengrass`` share one). A test checks them against the service models."""


def _read(full_path: str) -> bytes:
    if full_path.endswith(".gz"):
        with gzip.open(full_path, "rb") as compressed:
            return compressed.read()
    with open(full_path, "rb") as plain:
        return plain.read()


def _some_services_schema(names: frozenset[str]) -> core_schema.CoreSchema:
    """``endpoints.json`` with only the ``names`` services of each partition (others skipped)."""
    services = core_schema.typed_dict_schema(
        {
            name: core_schema.typed_dict_field(core_schema.any_schema(), required=False)
            for name in names
        },
        extra_behavior="ignore",
    )
    partition = core_schema.typed_dict_schema(
        {"services": core_schema.typed_dict_field(services, required=False)},
        extra_behavior="allow",
    )
    return core_schema.typed_dict_schema(
        {"partitions": core_schema.typed_dict_field(core_schema.list_schema(partition))},
        extra_behavior="allow",
    )


_some_services: pydantic_core.SchemaValidator | None = None


class _EndpointsFile:
    """The bytes of one ``endpoints.json`` and, once asked for, all of it decoded."""

    def __init__(self, raw: bytes) -> None:
        self._raw: bytes | None = raw
        self._lock = threading.Lock()
        self._partitions: list[Any] | None = None
        self.handed_out: list[PartitionServices] = []

    def everything(self, index: int) -> dict[str, Any]:
        """All services of partition ``index``, with the objects already handed out kept."""
        with self._lock:
            if self._partitions is None:
                assert self._raw is not None
                self._partitions = pydantic_core.from_json(self._raw)["partitions"]
                self._raw = None
                for known in self.handed_out:
                    # botocore writes into the service data it resolved (regions.py, _resolve):
                    # the objects it already has must stay the ones in the mapping.
                    self._partitions[known.index]["services"].update(known.decoded)
            services: dict[str, Any] = self._partitions[index]["services"]
            return services


class PartitionServices(Mapping[str, Any]):
    """The ``services`` of one partition of ``endpoints.json``, decoded on demand.

    The :data:`SDK_ENDPOINT_PREFIXES` services are decoded already; a question about any other
    name (``in``, ``[]``, ``get``), iteration or length decodes the whole file once. Answers are
    those of the plain dictionary botocore's own loader builds.
    """

    __slots__ = ("_all", "_file", "decoded", "index")

    def __init__(self, decoded: dict[str, Any], file: _EndpointsFile, index: int) -> None:
        self.decoded = decoded
        self.index = index
        self._file = file
        self._all: dict[str, Any] | None = None

    @property
    def is_complete(self) -> bool:
        """Whether every service of the partition has been decoded."""
        return self._all is not None

    def _everything(self) -> dict[str, Any]:
        if self._all is None:
            self._all = self._file.everything(self.index)
        return self._all

    def _answering(self, key: object) -> dict[str, Any]:
        """The dictionary that answers for ``key``: the SDK's services while the rest waits."""
        if self._all is None and key in SDK_ENDPOINT_PREFIXES:
            return self.decoded
        return self._everything()

    def __getitem__(self, key: str) -> Any:
        return self._answering(key)[key]

    def __contains__(self, key: object) -> bool:
        return key in self._answering(key)

    def get(self, key: str, default: Any = None) -> Any:
        """The service's data, or ``default``."""
        return self._answering(key).get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._everything())

    def __len__(self) -> int:
        return len(self._everything())

    def __repr__(self) -> str:
        return repr(self._everything())

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (self._everything(),))

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return copy.deepcopy(self._everything(), memo)


def _load_endpoints(raw: bytes) -> Any:
    """``endpoints.json`` decoded with :class:`PartitionServices`; as-is if not shaped so."""
    global _some_services
    if _some_services is None:
        _some_services = pydantic_core.SchemaValidator(_some_services_schema(SDK_ENDPOINT_PREFIXES))
    try:
        data = _some_services.validate_json(raw)
    except pydantic_core.ValidationError:
        return pydantic_core.from_json(raw)  # not the usual shape: as botocore would see it
    file = _EndpointsFile(raw)
    for index, partition in enumerate(data["partitions"]):
        if "services" in partition:
            services = PartitionServices(partition["services"], file, index)
            file.handed_out.append(services)
            partition["services"] = services
    return data


class NativeJsonFileLoader(JSONFileLoader):  # type: ignore[misc]
    """botocore's JSON file loader, decoding with pydantic-core instead of ``json``."""

    def load_file(self, file_path: str) -> Any:
        """The decoded ``file_path`` + ``.json`` (or ``.json.gz``), or None if neither exists.

        Args:
            file_path: The path without its extension, as botocore gives it.
        """
        raw = self._raw(file_path)
        return None if raw is None else pydantic_core.from_json(raw)

    def load_endpoints(self, file_path: str) -> Any:
        """Like :meth:`load_file`, for ``endpoints.json``: see :class:`PartitionServices`.

        Args:
            file_path: The path without its extension, as botocore gives it.
        """
        raw = self._raw(file_path)
        return None if raw is None else _load_endpoints(raw)

    @staticmethod
    def _raw(file_path: str) -> bytes | None:
        for extension in _EXTENSIONS:
            full_path = file_path + extension
            if os.path.isfile(full_path):
                return _read(full_path)
        return None


class SdkDataLoader(Loader):  # type: ignore[misc]
    """botocore's ``Loader``, checking only the asked-for service's directory; see the module."""

    FILE_LOADER_CLASS = NativeJsonFileLoader

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._vouched: tuple[str, str] | None = None

    def load_service_model(
        self, service_name: str, type_name: str, api_version: str | None = None
    ) -> Any:
        """Botocore's ``load_service_model``, without listing every service first.

        Args:
            service_name: The service, e.g. ``greengrassv2``.
            type_name: The model type, e.g. ``service-2``.
            api_version: The API version; None for the latest.
        """
        if not self._provides(service_name, type_name):
            return super().load_service_model(service_name, type_name, api_version)
        self._vouched = (service_name, type_name)
        try:
            return super().load_service_model(service_name, type_name, api_version)
        finally:
            self._vouched = None

    @instance_cache  # type: ignore[untyped-decorator]
    def load_data_with_path(self, name: str) -> tuple[Any, str]:
        """The data at ``name`` and its path; ``endpoints`` is decoded as the module says.

        Args:
            name: The data path, e.g. ``endpoints`` or ``greengrassv2/2020-11-30/service-2``.
        """
        if name != "endpoints":
            return super().load_data_with_path(name)  # type: ignore[no-any-return]
        for possible_path in self._potential_locations(name):
            found = self.file_loader.load_endpoints(possible_path)
            if found is not None:
                return found, possible_path
        return super().load_data_with_path(name)  # type: ignore[no-any-return]

    def list_available_services(self, type_name: str) -> list[str]:
        """Every service with a ``type_name`` model (botocore's scan), unless one was vouched for.

        While :meth:`load_service_model` runs for a service whose own directory holds the model,
        the check it makes against this list needs only that service.

        Args:
            type_name: The model type, e.g. ``service-2``.
        """
        vouched = self._vouched
        if vouched is not None and vouched[1] == type_name:
            return [vouched[0]]
        return super().list_available_services(type_name)  # type: ignore[no-any-return]

    def _provides(self, service_name: str, type_name: str) -> bool:
        """Whether some API version of ``service_name`` in the search paths has ``type_name``.

        botocore's rule (``list_available_services``), applied to one service's directory.
        """
        separators = [os.sep, os.altsep] if os.altsep else [os.sep]
        if (
            not service_name
            or service_name.startswith(".")
            or any(separator in service_name for separator in separators)
        ):
            return False  # not a directory name: botocore's own check answers
        for search_path in self.search_paths:
            directory = os.path.join(search_path, service_name)
            if not os.path.isdir(directory):
                continue
            for api_version in os.listdir(directory):
                path = os.path.join(directory, api_version, type_name)
                if self.file_loader.exists(path):
                    return True
        return False


def sdk_data_loader(data_path: str | None) -> SdkDataLoader:
    """The loader for a session whose ``data_path`` setting is ``data_path``.

    The same search paths as botocore's ``create_loader``: ``AWS_DATA_PATH`` entries (with
    ``~`` and variables expanded) first, then ``~/.aws/models`` and botocore's own data.

    Args:
        data_path: The session's ``data_path`` config variable (``AWS_DATA_PATH``).
    """
    if data_path is None:
        return SdkDataLoader()
    paths = [os.path.expanduser(os.path.expandvars(path)) for path in data_path.split(os.pathsep)]
    return SdkDataLoader(extra_search_paths=paths)
