"""Where the device will read a recipe's requirements unlike what their author meant."""

from __future__ import annotations

from greengrass_sdk.recipes.models import ComponentRecipe
from greengrass_sdk.resolver.lint import lint_requirement

__all__ = ["lint_recipe"]


def lint_recipe(recipe: ComponentRecipe) -> list[tuple[str, str]]:
    """The resolver's requirement lint, applied to every dependency of a recipe.

    AWS documents ``VersionRequirement`` as npm-style, but the nucleus reads it with semver4j
    (see :func:`greengrass_sdk.resolver.lint_requirement`); each difference is reported with the
    key path of the requirement.

    Args:
        recipe: The recipe.

    Returns:
        ``(key path, message)`` pairs, empty when the device reads every requirement as npm does.
    """
    found: list[tuple[str, str]] = []
    for name, dependency in (recipe.component_dependencies or {}).items():
        if dependency is None:
            continue
        path = f"ComponentDependencies.{name}.VersionRequirement"
        for warning in lint_requirement(dependency.version_requirement):
            found.append((path, f"{warning.code}: {warning.message}"))
    return found
