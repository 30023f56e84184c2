"""Greengrass V1: create a core definition and a new version of it (create_core_definition_version).

Runs against moto's server (started here, on 127.0.0.1), since moto implements Greengrass V1;
pass --endpoint-url/--region to use a real account.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Iterator

from _local import parse_args

from greengrass_sdk import GreengrassClient
from greengrass_sdk.greengrass.models import Core

THING = "arn:aws:iot:{region}:123456789012:thing/line-3-core"
CERT = "arn:aws:iot:{region}:123456789012:cert/2f7c1b0e6d5a4c3b"


@contextlib.contextmanager
def moto_server() -> Iterator[str]:
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


async def run(endpoint: str | None, region: str, local: bool) -> None:
    key, secret = ("local", "local") if local else (None, None)  # None: the usual AWS sources
    async with GreengrassClient(
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
    ) as gg:
        definition = await gg.create_core_definition(
            name="line-3-cores", initial_version={"Cores": []}
        )
        assert definition.id is not None
        print(f"core definition {definition.id}")
        core = Core(
            id="line-3-core",
            thing_arn=THING.format(region=region),
            certificate_arn=CERT.format(region=region),
            sync_shadow=True,
        )
        version = await gg.create_core_definition_version(
            core_definition_id=definition.id, cores=[core]
        )
        request_id = version.response_metadata.request_id if version.response_metadata else None
        print(f"version {version.version} created (request id {request_id})")
        async for listed in gg.list_core_definition_versions(core_definition_id=definition.id):
            print(f"  version {listed.version} at {listed.creation_timestamp}")


def main() -> int:
    args = parse_args(__doc__ or "")
    if args.endpoint_url:
        asyncio.run(run(args.endpoint_url, args.region, local=False))
    else:
        with moto_server() as endpoint:
            asyncio.run(run(endpoint, args.region, local=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
