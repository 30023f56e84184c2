"""Import cost of greengrass_sdk next to aiobotocore's own, each in a fresh interpreter.

Prints the median wall time of each import over several runs, and its ratio to
``import aiobotocore.session`` (the baseline every user of this SDK pays anyway).
"""

from __future__ import annotations

import statistics
import subprocess
import sys

from bytecode import compile_sdk

RUNS = 7
CASES = {
    "import aiobotocore.session (baseline)": "import aiobotocore.session",
    "import greengrass_sdk": "import greengrass_sdk",
    "greengrassv2 models": "import greengrass_sdk.greengrassv2.models",
    "greengrass (V1) models": "import greengrass_sdk.greengrass.models",
    "iot models": "import greengrass_sdk.iot.models",
    "GreengrassV2Client": "from greengrass_sdk import GreengrassV2Client",
    "all three clients": (
        "from greengrass_sdk import GreengrassClient, GreengrassV2Client, IoTClient"
    ),
    "V2 client + first model build": (
        "from greengrass_sdk import GreengrassV2Client\n"
        "from greengrass_sdk.greengrassv2.models import CreateDeploymentRequest as R\n"
        "R(target_arn='arn:aws:iot:us-east-1:1:thinggroup/g')"
    ),
}
PROBE = "import time; t = time.perf_counter(); exec({code!r}); print(time.perf_counter() - t)"


def measure(code: str) -> float:
    samples = []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", PROBE.format(code=code)],
            capture_output=True,
            text=True,
            check=True,
        )
        samples.append(float(out.stdout))
    return statistics.median(samples)


def main() -> None:
    print(compile_sdk())
    results = {name: measure(code) for name, code in CASES.items()}
    baseline = results["import aiobotocore.session (baseline)"]
    print(f"import time, median of {RUNS} fresh interpreters")
    print(f"{'what':42} {'ms':>8} {'x baseline':>11}")
    for name, seconds in results.items():
        print(f"{name:42} {seconds * 1000:8.1f} {seconds / baseline:11.2f}")


if __name__ == "__main__":
    main()
