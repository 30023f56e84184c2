"""Entry point for ``python -m greengrass_sdk.resolver``."""

from __future__ import annotations

import sys

from greengrass_sdk.resolver.cli import main

if __name__ == "__main__":
    sys.exit(main())
