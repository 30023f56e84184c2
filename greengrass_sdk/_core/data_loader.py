"""botocore's data loader, with the two costs of a cold start that it need not pay.

Opening the first client of a process loads botocore's data: the service model, its endpoint
rule set, and ``endpoints.json`` (1.2 MB). Measured on the first ``GreengrassV2Client`` of a
process, two costs stand out in botocore's ``Loader`` (botocore/loaders.py, 1.43):

* ``load_service_model`` first lists *every* service botocore ships, only to check that the one
  asked for is among them: about 430 directories listed and stat'ed, twice (once for the
  service model, once for its endpoint rule set), 7 ms each.
* JSON is decoded by the ``json`` module in Python (``endpoints.json`` alone takes 8 ms).

:class:`SdkDataLoader` keeps botocore's behaviour and answers: it checks the one service's own
directory (in the same search paths, by the same rule: some API version directory holds the
file) and decodes JSON with pydantic-core's Rust parser, which also shares repeated strings.
Anything else, including a service that is not there (and its ``UnknownServiceError`` with
the list of known services), is botocore's own code. The SDK installs it only on the session
it creates and shares (:func:`greengrass_sdk._core.transport.shared_session`); a session
given by the caller keeps its own loader. A test loads every file the SDK's services use with
both loaders and compares the results.
"""

from __future__ import annotations

import gzip
import os
from typing import Any, Final

import pydantic_core
from botocore.loaders import JSONFileLoader, Loader

__all__ = ["NativeJsonFileLoader", "SdkDataLoader", "sdk_data_loader"]

_EXTENSIONS: Final = (".json", ".json.gz")
"""Extensions tried, in botocore's order (the second one gzip-compressed)."""


class NativeJsonFileLoader(JSONFileLoader):  # type: ignore[misc]
    """botocore's JSON file loader, decoding with pydantic-core instead of ``json``."""

    def load_file(self, file_path: str) -> Any:
        """The decoded ``file_path`` + ``.json`` (or ``.json.gz``), or None if neither exists.

        Args:
            file_path: The path without its extension, as botocore gives it.
        """
        for extension in _EXTENSIONS:
            full_path = file_path + extension
            if not os.path.isfile(full_path):
                continue
            if extension.endswith(".gz"):
                with gzip.open(full_path, "rb") as compressed:
                    return pydantic_core.from_json(compressed.read())
            with open(full_path, "rb") as plain:
                return pydantic_core.from_json(plain.read())
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
