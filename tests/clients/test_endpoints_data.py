"""``endpoints.json`` as the SDK's loader decodes it, against botocore's own ``Loader``.

The SDK decodes its own services' entries at once and the rest on first need
(``PartitionServices``); botocore's ``EndpointResolver`` must not be able to tell.
"""

from __future__ import annotations

import copy
import gzip
import itertools
import json
import pickle
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import botocore
import pytest
from aiobotocore.session import AioSession
from botocore.loaders import Loader
from botocore.regions import EndpointResolver

from greengrass_sdk._core.data_loader import (
    SDK_ENDPOINT_PREFIXES,
    PartitionServices,
    SdkDataLoader,
    sdk_data_loader,
)
from greengrass_sdk._core.transport import shared_session

DATA = Path(botocore.__file__).parent / "data"
CREDENTIALS = {"aws_access_key_id": "k", "aws_secret_access_key": "s"}


def _outcome(call: Callable[[], Any]) -> Any:
    try:
        return ("ok", call())
    except Exception as exc:
        return (type(exc).__name__, str(exc))


def _partitions(data: Any) -> list[PartitionServices]:
    return [partition["services"] for partition in data["partitions"]]


def _questions(resolver: EndpointResolver, services: list[str], regions: list[str]) -> list[Any]:
    """Every question botocore's resolver answers from the data, for these names."""
    partitions = resolver.get_available_partitions()
    calls: list[Callable[[], Any]] = [
        partial(resolver.get_partition_for_region, region) for region in regions
    ]
    for service in services:
        for region in [*regions, None]:
            for dualstack, fips in itertools.product((False, True), repeat=2):
                calls.append(
                    partial(resolver.construct_endpoint, service, region, None, dualstack, fips)
                )
            for partition in [*partitions, "nope"]:
                calls.append(partial(resolver.construct_endpoint, service, region, partition))
        for partition in [*partitions, "nope"]:
            calls.append(partial(resolver.get_service_endpoints_data, service, partition))
            for tags in (None, ["fips"], ["dualstack"]):
                calls.append(
                    partial(
                        resolver.get_available_endpoints,
                        service,
                        partition,
                        True,
                        endpoint_variant_tags=tags,
                    )
                )
    for partition in [*partitions, "nope"]:
        calls.append(partial(resolver.get_partition_dns_suffix, partition, ["dualstack"]))
    return [partitions, *(_outcome(call) for call in calls)]


def _regions(data: Any) -> list[str]:
    regions = [region for partition in data["partitions"] for region in partition["regions"]]
    return [*regions, "us-east-99", "aws-global", "not a region"]


def test_the_sdks_services_are_resolved_as_botocore_does_without_decoding_the_rest() -> None:
    ours, theirs = SdkDataLoader().load_data("endpoints"), Loader().load_data("endpoints")
    regions = _regions(theirs)
    services = sorted(SDK_ENDPOINT_PREFIXES)
    assert _questions(EndpointResolver(ours), services, regions) == _questions(
        EndpointResolver(theirs), services, regions
    )
    assert not any(services.is_complete for services in _partitions(ours))


def test_any_other_service_is_resolved_as_botocore_does() -> None:
    ours, theirs = SdkDataLoader().load_data("endpoints"), Loader().load_data("endpoints")
    regions = ["us-east-1", "cn-north-1", "us-gov-west-1", "eu-isoe-west-1", "us-east-99"]
    services = ["s3", "sts", "iam", "ec2", "cloudfront", "route53", "no-such-service"]
    assert _questions(EndpointResolver(ours), services, regions) == _questions(
        EndpointResolver(theirs), services, regions
    )
    assert _questions(EndpointResolver(ours), sorted(SDK_ENDPOINT_PREFIXES), regions) == (
        _questions(EndpointResolver(theirs), sorted(SDK_ENDPOINT_PREFIXES), regions)
    )


def test_the_whole_file_reads_the_same() -> None:
    ours, theirs = SdkDataLoader().load_data("endpoints"), Loader().load_data("endpoints")
    assert len(theirs["partitions"]) == len(ours["partitions"]) > 1
    assert ours == theirs
    for mine, botocores in zip(ours["partitions"], theirs["partitions"], strict=True):
        assert dict(mine["services"]) == botocores["services"]
        assert sorted(mine["services"]) == sorted(botocores["services"])
        assert len(mine["services"]) == len(botocores["services"])
    fresh = SdkDataLoader().load_data("endpoints")
    assert pickle.loads(pickle.dumps(fresh)) == theirs
    assert copy.deepcopy(SdkDataLoader().load_data("endpoints")) == theirs


def test_what_botocore_wrote_into_survives_decoding_the_rest() -> None:
    """botocore's resolver adds keys to the endpoint data it resolved (regions.py, ``_resolve``)."""
    ours = SdkDataLoader().load_data("endpoints")
    resolver = EndpointResolver(ours)
    first = resolver.construct_endpoint("iot", "eu-west-1")
    aws = ours["partitions"][0]["services"]
    before = aws["iot"]
    assert not aws.is_complete
    assert resolver.construct_endpoint("s3", "eu-west-1") is not None  # decodes the rest
    assert aws.is_complete
    assert aws["iot"] is before
    assert resolver.construct_endpoint("iot", "eu-west-1") == first
    assert before["endpoints"]["eu-west-1"]["endpointName"] == "eu-west-1"


def test_the_sdk_endpoint_prefixes_are_those_of_its_services() -> None:
    loader = Loader()
    prefixes = {
        loader.load_service_model(service, "service-2")["metadata"]["endpointPrefix"]
        for service in ("greengrassv2", "greengrass", "iot")
    }
    assert prefixes == SDK_ENDPOINT_PREFIXES


@pytest.mark.parametrize(
    ("region", "settings"),
    [
        ("us-east-1", {}),
        ("eu-central-1", {"use_fips_endpoint": True}),
        ("cn-north-1", {}),
        ("us-gov-west-1", {"use_fips_endpoint": True}),
        ("ap-southeast-2", {"use_dualstack_endpoint": True}),
    ],
)
async def test_clients_of_the_shared_session_call_the_endpoints_botocore_picks(
    region: str, settings: dict[str, bool]
) -> None:
    from aiobotocore.config import AioConfig

    session = shared_session()
    for service in ("greengrassv2", "greengrass", "iot"):
        config = AioConfig(**settings)
        async with (
            session.create_client(service, region, config=config, **CREDENTIALS) as ours,
            AioSession().create_client(service, region, config=config, **CREDENTIALS) as theirs,
        ):
            assert ours.meta.endpoint_url == theirs.meta.endpoint_url
            for signer in ("region_name", "signing_name", "signature_version"):
                assert getattr(ours._request_signer, signer) == getattr(
                    theirs._request_signer, signer
                )
    loader = session.get_component("data_loader")
    endpoints = loader.load_data("endpoints")
    assert not any(services.is_complete for services in _partitions(endpoints))


def test_a_file_of_another_shape_is_decoded_whole_as_botocore_does(tmp_path: Path) -> None:
    (tmp_path / "endpoints.json").write_text(json.dumps({"partitions": [{"services": [1, 2]}]}))
    ours = sdk_data_loader(str(tmp_path)).load_data("endpoints")
    assert ours == Loader(extra_search_paths=[str(tmp_path)]).load_data("endpoints")
    assert ours["partitions"][0]["services"] == [1, 2]
    (tmp_path / "endpoints.json").write_text(json.dumps({"version": 3}))
    assert (
        _outcome(lambda: EndpointResolver(sdk_data_loader(str(tmp_path)).load_data("endpoints")))[0]
        == "ValueError"
    )


def test_a_compressed_override_in_the_data_path_is_used(tmp_path: Path) -> None:
    shipped = Loader().load_data("endpoints")
    shipped["partitions"][0]["services"]["greengrass"]["endpoints"]["us-east-1"] = {
        "hostname": "greengrass.example.test"
    }
    (tmp_path / "endpoints.json.gz").write_bytes(gzip.compress(json.dumps(shipped).encode()))
    ours = sdk_data_loader(str(tmp_path)).load_data_with_path("endpoints")
    theirs = Loader(extra_search_paths=[str(tmp_path)]).load_data_with_path("endpoints")
    assert ours[1] == theirs[1] == str(tmp_path / "endpoints")
    assert EndpointResolver(ours[0]).construct_endpoint("greengrass", "us-east-1") == (
        EndpointResolver(theirs[0]).construct_endpoint("greengrass", "us-east-1")
    )
    assert (
        EndpointResolver(ours[0]).construct_endpoint("greengrass", "us-east-1")["hostname"]
        == "greengrass.example.test"
    )
