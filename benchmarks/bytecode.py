"""Byte-compile greengrass_sdk before fresh-process measurements, as installing it would.

pip compiles every module it installs, so aiobotocore, botocore and pydantic start from
``.pyc`` files in every fresh process. An editable checkout of this project does too, unless
the environment sets ``PYTHONDONTWRITEBYTECODE=1`` (some CI images and sandboxes do): then each
fresh process compiles every module of greengrass_sdk from source, a cost no installed copy
pays, which would be charged to the SDK alone in a cold-start comparison.
"""

from __future__ import annotations

import compileall
import sys
from pathlib import Path

import greengrass_sdk


def compile_sdk() -> str:
    """Write greengrass_sdk's ``__pycache__`` files; return a line saying what was done."""
    package = Path(greengrass_sdk.__file__).parent
    ok = compileall.compile_dir(str(package), quiet=1)
    flag = "set" if sys.flags.dont_write_bytecode else "not set"
    return (
        f"bytecode: greengrass_sdk compiled as pip installs it ({'ok' if ok else 'FAILED'}; "
        f"PYTHONDONTWRITEBYTECODE {flag})"
    )
