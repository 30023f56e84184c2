"""The SDK's data loader against botocore's own ``Loader``: same data, same errors, same paths."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

import botocore
import pytest
from botocore.exceptions import DataNotFoundError, UnknownServiceError
from botocore.loaders import JSONFileLoader, Loader

from greengrass_sdk._core.data_loader import NativeJsonFileLoader, SdkDataLoader, sdk_data_loader
from greengrass_sdk._core.transport import shared_session

SERVICES = ["greengrassv2", "greengrass", "iot"]
TYPES = ["service-2", "endpoint-rule-set-1", "paginators-1", "waiters-2"]
DATA = Path(botocore.__file__).parent / "data"


def _outcome(call: Any) -> Any:
    try:
        return ("ok", call())
    except (UnknownServiceError, DataNotFoundError) as exc:
        return (type(exc).__name__, str(exc))


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("type_name", TYPES)
def test_service_data_is_what_botocore_loads(service: str, type_name: str) -> None:
    ours, theirs = SdkDataLoader(), Loader()
    latest = _outcome(lambda: theirs.load_service_model(service, type_name))
    assert _outcome(lambda: ours.load_service_model(service, type_name)) == latest
    for version in sorted(p.name for p in (DATA / service).iterdir()):
        assert _outcome(lambda v=version: ours.load_service_model(service, type_name, v)) == (
            _outcome(lambda v=version: theirs.load_service_model(service, type_name, v))
        )
    if type_name == "service-2":
        assert latest[0] == "ok"


def test_every_file_the_sdk_services_use_decodes_the_same() -> None:
    native, plain = NativeJsonFileLoader(), JSONFileLoader()
    files = [DATA / name for name in ("endpoints", "partitions", "sdk-default-configuration")]
    for service in SERVICES:
        files += [
            path.parent / path.name.split(".json")[0] for path in (DATA / service).rglob("*.json*")
        ]
    files.append(DATA / "_retry")
    assert len(files) > 10
    for path in files:
        assert native.load_file(str(path)) == plain.load_file(str(path)), path
    assert native.load_file(str(DATA / "no-such-file")) is None


@pytest.mark.parametrize("name", ["nope", "../greengrassv2", "greengrassv2/2020-11-30", ".", ""])
def test_a_service_that_is_not_there_fails_as_in_botocore(name: str) -> None:
    ours = _outcome(lambda: SdkDataLoader().load_service_model(name, "service-2"))
    assert ours[0] in ("UnknownServiceError", "DataNotFoundError")
    assert ours == _outcome(lambda: Loader().load_service_model(name, "service-2"))


def test_the_full_list_of_services_is_still_botocores() -> None:
    ours, theirs = SdkDataLoader(), Loader()
    ours.load_service_model("greengrassv2", "service-2")  # the check in there needed one name
    assert ours.list_available_services("service-2") == theirs.list_available_services("service-2")
    assert len(ours.list_available_services("service-2")) > 300


def _write_model(root: Path, service: str, version: str, doc: str, compress: bool) -> None:
    shipped = DATA / "greengrassv2" / "2020-11-30" / "service-2.json.gz"
    model = json.loads(gzip.decompress(shipped.read_bytes()))
    model["documentation"] = doc
    directory = root / service / version
    directory.mkdir(parents=True)
    text = json.dumps(model).encode()
    if compress:
        (directory / "service-2.json.gz").write_bytes(gzip.compress(text))
    else:
        (directory / "service-2.json").write_bytes(text)


def test_extra_search_paths_win_as_in_botocore(tmp_path: Path) -> None:
    """``AWS_DATA_PATH`` models: a new service, and a newer version of a shipped one."""
    _write_model(tmp_path, "mygreengrass", "2030-01-01", "private copy", compress=True)
    _write_model(tmp_path, "greengrassv2", "2099-01-01", "newer", compress=False)
    ours = sdk_data_loader(str(tmp_path))
    theirs = Loader(extra_search_paths=[str(tmp_path)])
    for service in ("mygreengrass", "greengrassv2"):
        loaded = ours.load_service_model(service, "service-2")
        assert loaded == theirs.load_service_model(service, "service-2")
    assert ours.load_service_model("mygreengrass", "service-2")["documentation"] == "private copy"
    assert ours.load_service_model("greengrassv2", "service-2")["documentation"] == "newer"
    assert ours.search_paths == theirs.search_paths


def test_a_session_given_by_the_caller_keeps_its_loader() -> None:
    from aiobotocore.session import AioSession

    assert type(AioSession().get_component("data_loader")) is Loader


def test_only_the_sdks_own_session_gets_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DATA_PATH", "/nonexistent-greengrass-sdk-test")
    session = shared_session()
    loader = session.get_component("data_loader")
    assert isinstance(loader, SdkDataLoader)
    assert loader.search_paths[0] == "/nonexistent-greengrass-sdk-test"


def test_an_unreadable_service_directory_is_left_to_botocore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A directory that cannot be listed (permissions): both loaders end the same way.

    Tests run as root here, which reads any directory, so listing it is made to fail as it
    would for a user without the permission, for both loaders alike.
    """
    _write_model(tmp_path, "locked", "2030-01-01", "x", compress=False)
    locked = str(tmp_path / "locked")
    real_listdir = os.listdir

    def listdir(path: Any = ".") -> list[str]:
        if str(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    ours = _outcome_or_error(
        lambda: sdk_data_loader(str(tmp_path)).load_service_model("locked", "service-2")
    )
    theirs = _outcome_or_error(
        lambda: Loader(extra_search_paths=[str(tmp_path)]).load_service_model("locked", "service-2")
    )
    assert ours[0] == "PermissionError"
    assert ours == theirs


def _outcome_or_error(call: Any) -> Any:
    try:
        return ("ok", call())
    except Exception as exc:
        return (type(exc).__name__, str(exc))
