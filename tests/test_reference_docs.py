"""What ``help()``, IDEs and the reference pages tell a user about each operation's parameters."""

from __future__ import annotations

import inspect
import re
import typing
from pathlib import Path

import pytest

from greengrass_sdk import (
    GreengrassClient,
    GreengrassSyncClient,
    GreengrassV2Client,
    GreengrassV2SyncClient,
    IoTClient,
    IoTSyncClient,
)

DOCS = Path(__file__).resolve().parent.parent / "docs" / "reference"
CLIENTS = {
    "greengrassv2": (GreengrassV2Client, GreengrassV2SyncClient),
    "greengrass": (GreengrassClient, GreengrassSyncClient),
    "iot": (IoTClient, IoTSyncClient),
}
_NOT_FIELDS = {"self", "request", "max_items", "prefetch", "max_pages", "timeout"}


def _documented(doc: str) -> dict[str, str]:
    """Keyword Args entries of a docstring: name -> its text."""
    section = (
        doc.split("Keyword Args:\n", 1)[1].split("\n\nRaises:", 1)[0]
        if "Keyword Args:" in doc
        else ""
    )
    entries: dict[str, str] = {}
    for match in re.finditer(r"^    (\w+): (.*?)(?=^    \w+: |\Z)", section, re.M | re.S):
        entries[match.group(1)] = " ".join(match.group(2).split())
    return entries


def _operations(client: type) -> list[str]:
    return sorted(
        name
        for name, func in vars(client).items()
        if not name.startswith("_") and "API reference:" in (func.__doc__ or "")
    )


@pytest.mark.parametrize("package", sorted(CLIENTS))
def test_every_keyword_is_documented_with_its_facts(package: str) -> None:
    async_client, sync_client = CLIENTS[package]
    operations = _operations(async_client)
    assert operations and operations == _operations(sync_client)
    for name in operations:
        overloads = typing.get_overloads(getattr(async_client, name))
        keywords = inspect.signature(overloads[-1]).parameters
        fields = {k: p for k, p in keywords.items() if k not in _NOT_FIELDS}
        for client in (async_client, sync_client):
            documented = _documented(inspect.getdoc(getattr(client, name)) or "")
            assert set(documented) == set(fields), (client.__name__, name)
            for field, parameter in fields.items():
                required = parameter.default is inspect.Parameter.empty
                assert (", required" in documented[field]) == required, (name, field)


def test_create_deployment_says_what_the_model_enforces() -> None:
    doc = inspect.getdoc(GreengrassV2Client.create_deployment) or ""
    entries = _documented(doc)
    assert entries["target_arn"].startswith("``str``, required.")
    assert "Pattern ``arn:[^:]*:iot:[^:]*:[0-9]+:(thing|thinggroup)/.+``" in entries["target_arn"]
    assert entries["client_token"] == (
        "``str``, optional; generated once per call when omitted. "
        "Length 1 to 64 characters; pattern ``^[a-zA-Z0-9-]+$``."
    )
    raises = doc.split("Raises:\n", 1)[1]
    assert "ConflictException: HTTP 409" in raises
    assert "RequestValidationError: The input breaks a rule; nothing is sent." in raises
    assert inspect.getdoc(GreengrassV2SyncClient.create_deployment) is not None


def test_header_and_query_members_and_sensitive_values_are_marked() -> None:
    v1 = _documented(inspect.getdoc(GreengrassClient.create_group) or "")
    assert "sent in the header" in v1["amzn_client_token"]
    assert "generated once per call" in v1["amzn_client_token"]
    iot = _documented(inspect.getdoc(IoTClient.create_package_version) or "")
    assert "sent in the querystring" in iot["client_token"]
    assert "pattern ``\\S{36,64}``" in iot["client_token"]
    assert "sensitive" in iot["recipe"] and "sensitive" not in iot["package_name"]


@pytest.mark.parametrize("package", sorted(CLIENTS))
def test_a_reference_page_per_operation(package: str) -> None:
    async_client, _ = CLIENTS[package]
    index = (DOCS / package / "operations.md").read_text()
    for name in _operations(async_client):
        operation = "".join(part.title() for part in name.split("_"))
        pages = [
            p
            for p in (DOCS / package / "operations").glob("*.md")
            if p.stem.lower() == operation.lower()
        ]
        assert len(pages) == 1, name
        page = pages[0].read_text()
        assert f"](operations/{pages[0].name})" in index
        documented = set(_documented(inspect.getdoc(getattr(async_client, name)) or ""))
        rows = set(re.findall(r"^\| `(\w+)` \| `", page, re.M))
        assert rows == documented, name
