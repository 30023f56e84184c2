"""Errors raised by the resolver package."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from greengrass_sdk.errors import GreengrassError

if TYPE_CHECKING:
    from greengrass_sdk.resolver.failure import ResolutionFailure

__all__ = ["InvalidRequirement", "InvalidVersion", "ResolutionConflict", "unreadable_note"]


def unreadable_note(problems: Sequence[object]) -> str:
    """The sentence a failure's text ends with when unreadable recipes might matter ("" if not)."""
    if not problems:
        return ""
    lines = "".join(f"\n  - {problem}" for problem in problems)
    return (
        "\nThis answer may be wrong: recipes that could not be read might have allowed a "
        f"solution:{lines}"
    )


class InvalidRequirement(GreengrassError, ValueError):
    """A version requirement that the chosen reader (npm's semver or the device's) rejects."""


class InvalidVersion(GreengrassError, ValueError):
    """A version that the chosen reader (npm's semver or the device's) rejects."""


class ResolutionConflict(GreengrassError):
    """No choice of component versions satisfies every requirement.

    Args:
        reason: The structured failure (from the complete resolver), or a
            sentence (from the device replay).
        catalog_problems: With a sentence: the catalog's unreadable recipes about the
            components involved (a structured failure finds its own).

    Attributes:
        failure: The structured failure, if there is one: the facts and the
            derivation (see :class:`~greengrass_sdk.resolver.failure.ResolutionFailure`).
    """

    @property
    def catalog_problems(self) -> list[object]:
        """Unreadable recipes of the catalog about components in the conflict.

        E.g. :class:`~greengrass_sdk.recipes.CatalogProblem` s of a folder or online
        catalog; when there are any, :attr:`explanation` says the answer may be wrong.
        Empty without a structured failure.
        """
        return self._problems if self.failure is None else self.failure.catalog_problems

    def __init__(
        self, reason: str | ResolutionFailure, *, catalog_problems: Sequence[object] = ()
    ) -> None:
        super().__init__(reason)
        self.failure = None if isinstance(reason, str) else reason
        self._reason = reason
        self._problems = list(catalog_problems)

    @property
    def explanation(self) -> str:
        """The human-readable chain of requirements that clash (rendered on demand)."""
        if self.failure is not None:
            return str(self.failure)
        return str(self._reason) + unreadable_note(self._problems)

    def __str__(self) -> str:
        return self.explanation
