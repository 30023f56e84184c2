"""Component recipes as Greengrass itself reads them: parse, check, write, and catalogs of them.

Example:
    >>> recipe = load_recipe('{"RecipeFormatVersion": "2020-01-25",'
    ...                      ' "componentName": "com.example.Hello", "ComponentVersion": "1.0.0"}')
    >>> recipe.component_name
    'com.example.Hello'
"""

from __future__ import annotations

from greengrass_sdk.recipes.catalogs import (
    CatalogProblem,
    CatalogWarning,
    OnlineCatalog,
    RecipeCatalog,
    catalog_from_recipes,
    folder_catalog,
)
from greengrass_sdk.recipes.errors import RecipeError
from greengrass_sdk.recipes.io import (
    RecipeReading,
    dump_recipe,
    load_recipe,
    load_recipe_file,
    read_recipe,
    read_recipe_file,
    recipe_document,
)
from greengrass_sdk.recipes.lint import lint_recipe
from greengrass_sdk.recipes.models import (
    Artifact,
    ArtifactPermission,
    ComponentConfiguration,
    ComponentDependency,
    ComponentRecipe,
    Manifest,
)
from greengrass_sdk.recipes.templates import find_placeholders, render_recipe_template

__all__ = [
    "Artifact",
    "ArtifactPermission",
    "CatalogProblem",
    "CatalogWarning",
    "ComponentConfiguration",
    "ComponentDependency",
    "ComponentRecipe",
    "Manifest",
    "OnlineCatalog",
    "RecipeCatalog",
    "RecipeError",
    "RecipeReading",
    "catalog_from_recipes",
    "dump_recipe",
    "find_placeholders",
    "folder_catalog",
    "lint_recipe",
    "load_recipe",
    "load_recipe_file",
    "read_recipe",
    "read_recipe_file",
    "recipe_document",
    "render_recipe_template",
]
