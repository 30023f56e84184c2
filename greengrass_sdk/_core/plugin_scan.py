"""A quicker answer to pydantic's plugin lookup when no installed package offers a plugin.

The first model class pydantic completes in a process asks ``importlib.metadata`` for the
entry points of group ``pydantic`` (``pydantic/plugin/_loader.py``, ``get_plugins``). That
parses the ``entry_points.txt`` of every installed distribution into ``EntryPoint`` objects:
about 4 ms in a fresh process with 115 distributions, all of it on the SDK's first call
(issue #15, cold start).

:func:`settle_plugin_scan` reads the same files through the same distribution lookup and only
looks for the text ``pydantic`` in them. A group named ``pydantic`` cannot exist in a file that
does not contain that text, so when no file does, the lookup's answer is known to be "no
plugins", and it is stored where pydantic keeps its answer (its module-level cache, which it
fills once per process in the same way). When any file mentions ``pydantic``, or pydantic has
already looked, or plugins are switched off by ``PYDANTIC_DISABLE_PLUGINS``, nothing is
changed and pydantic does its own lookup as before. The cache is a private name of pydantic,
which is why pydantic's version is pinned exactly (see pyproject.toml).
"""

from __future__ import annotations

import importlib.metadata
import os

__all__ = ["settle_plugin_scan"]

_settled = False


def settle_plugin_scan() -> None:
    """Record "no pydantic plugins" for this process if no installed package can offer one."""
    global _settled
    if _settled:
        return
    _settled = True
    from pydantic.plugin import _loader  # only needed when the first model is built

    if _loader._plugins is not None or os.getenv("PYDANTIC_DISABLE_PLUGINS") is not None:
        return
    try:
        for distribution in importlib.metadata.distributions():
            text = distribution.read_text("entry_points.txt")
            if text and "pydantic" in text:
                return
    except Exception:  # an odd distribution: pydantic's own lookup decides
        return
    if _loader._plugins is None:
        _loader._plugins = {}
