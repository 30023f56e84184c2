"""The one exception of ``greengrass_sdk.recipes``: :class:`RecipeError`."""

from __future__ import annotations

from greengrass_sdk._core.exceptions import GreengrassError

__all__ = ["RecipeError"]


class RecipeError(GreengrassError, ValueError):
    """A recipe Greengrass would refuse, or text that is not a recipe at all.

    Attributes:
        source: Where the recipe came from: a file path, ``name version`` of an
            online recipe, or ``<text>``.
        problems: ``(key path, rule)`` pairs, e.g. ``("Manifests[0].Artifacts[0].URI",
            "required")``; the key path is empty for problems with the whole document.
    """

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = list(problems)
        lines = [f"{path}: {rule}" if path else rule for path, rule in self.problems]
        super().__init__(f"{source}: " + "; ".join(lines))
