"""Where the device will read a recipe's requirements unlike what their author meant."""

from __future__ import annotations

from functools import lru_cache

from greengrass_sdk.recipes.models import ComponentRecipe
from greengrass_sdk.resolver.lint import LintWarning, lint_requirement

__all__ = ["lint_recipe"]


@lru_cache(maxsize=4096)
def _requirement_warnings(requirement: str) -> tuple[LintWarning, ...]:
    # The lint probes a few hundred versions (~0.4 ms); a folder or an account repeats the same
    # few requirement texts many times, so each text is linted once per process.
    return tuple(lint_requirement(requirement))


def lint_recipe(recipe: ComponentRecipe) -> list[tuple[str, str]]:
    """The resolver's requirement lint, applied to every dependency of a recipe.

    AWS documents ``VersionRequirement`` as npm-style, but the nucleus reads it with semver4j
    (see :func:`greengrass_sdk.resolver.lint_requirement`); each difference is reported with the
    key path of the requirement. :func:`~greengrass_sdk.recipes.read_recipe` includes these in
    its warnings.

    Args:
        recipe: The recipe.

    Returns:
        ``(key path, message)`` pairs, empty when the device reads every requirement as npm does;
        each message starts with the lint's code (``device-reads-differently: ...``).
    """
    found: list[tuple[str, str]] = []
    for name, dependency in (recipe.component_dependencies or {}).items():
        if dependency is None:
            continue
        path = f"ComponentDependencies.{name}.VersionRequirement"
        for warning in _requirement_warnings(dependency.version_requirement):
            found.append((path, str(warning)))
    return found
