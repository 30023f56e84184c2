"""Publish a version in the IoT software package catalog (seed operation: create_package_version).

Runs against the embedded emulator; pass --endpoint-url/--region to use a real account.
"""

from __future__ import annotations

import asyncio
import sys

from _local import parse_args, target

from greengrass_sdk import IoTClient
from greengrass_sdk.errors import ConflictException, RequestValidationError


async def main() -> int:
    args = parse_args(__doc__ or "")
    async with target(args) as where, IoTClient(**where.client_kwargs()) as iot:
        try:
            await iot.create_package(package_name="edge-gateway", description="Gateway firmware")
        except ConflictException:
            print("package edge-gateway already exists; adding a version to it")
        version = await iot.create_package_version(
            package_name="edge-gateway",
            version_name="2.1.0",
            description="Adds Modbus polling",
            attributes={"channel": "stable", "hardware": "rev-c"},
            artifact={"s3Location": {"bucket": "firmware-artifacts", "key": "gateway/2.1.0.bin"}},
        )
        print(f"created {version.package_version_arn} ({version.status})")

        await iot.update_package_version(
            package_name="edge-gateway", version_name="2.1.0", action="PUBLISH"
        )
        published = await iot.get_package_version(package_name="edge-gateway", version_name="2.1.0")
        print(f"now {published.status}; attributes {published.attributes}")

        try:
            await iot.create_package_version(
                package_name="edge-gateway", version_name="2.1.0", attributes={"": "x"}
            )
        except RequestValidationError as error:
            print(f"rejected before sending: {error.fields}")

        async for summary in iot.list_package_versions(package_name="edge-gateway"):
            print(f"  {summary.version_name:8} {summary.status}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
