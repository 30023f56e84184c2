"""``python -m greengrass_sdk.testing``: the same as ``greengrass-sdk emulator serve``."""

from __future__ import annotations

import sys

from greengrass_sdk.testing.shell import main

if __name__ == "__main__":
    sys.exit(main())
