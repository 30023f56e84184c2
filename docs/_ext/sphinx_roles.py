"""Griffe extension: turn the Sphinx roles of our docstrings into mkdocs cross-references.

The code's docstrings write references the Sphinx way (``:class:`~greengrass_sdk.errors.X```),
which mkdocstrings would print literally. Once the package is loaded, each role becomes an
autorefs link (``[`X`][greengrass_sdk.errors.X]``) when its target resolves inside
``greengrass_sdk``, and inline code otherwise (e.g. ``:mod:`re```). Only the rendered docstrings
change; the source files are untouched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|func|meth|mod|data|attr|exc|obj):`(~?)([^`]+)`")


def _walk(obj: griffe.Object) -> Iterator[griffe.Object]:
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _walk(member)  # type: ignore[arg-type]


def _target(obj: griffe.Object, name: str) -> str | None:
    """Full path of ``name`` as seen from ``obj``, if it is one of ours."""
    if name.startswith("greengrass_sdk."):
        return name
    head, _, rest = name.partition(".")
    scope: griffe.Object | None = obj if obj.is_module or obj.is_class else obj.parent
    try:
        resolved = scope.resolve(head) if scope is not None else None
    except griffe.NameResolutionError:
        return None
    if resolved is None or not resolved.startswith("greengrass_sdk."):
        return None
    return f"{resolved}.{rest}" if rest else resolved


def _rewrite(obj: griffe.Object, text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        short, raw = match.group(1), match.group(2)
        name = raw.removesuffix("()")
        shown = name.rsplit(".", 1)[-1] if short else name
        shown += raw[len(name) :]
        target = _target(obj, name)
        return f"[`{shown}`][{target}]" if target else f"`{shown}`"

    return _ROLE.sub(replace, text)


class SphinxRoles(griffe.Extension):
    """Rewrite Sphinx roles in every docstring of a loaded package."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Rewrite once the whole package is loaded, so that names resolve."""
        for obj in _walk(pkg):
            if obj.docstring is not None and ":" in obj.docstring.value:
                obj.docstring.value = _rewrite(obj, obj.docstring.value)
