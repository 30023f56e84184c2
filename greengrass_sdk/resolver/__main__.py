"""``python -m greengrass_sdk.resolver``: the same as ``greengrass-sdk resolve``."""

from __future__ import annotations

import sys

from greengrass_sdk.cli.main import main

if __name__ == "__main__":
    sys.exit(main(["resolve", *sys.argv[1:]]))
