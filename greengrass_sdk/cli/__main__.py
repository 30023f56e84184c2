"""Entry point for ``python -m greengrass_sdk.cli`` (the same as ``greengrass-sdk``)."""

from __future__ import annotations

import sys

from greengrass_sdk.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
