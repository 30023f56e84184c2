"""Typed Greengrass V2 component recipes: parse, validate, and write them.

Example:
    >>> recipe = load_recipe('{"RecipeFormatVersion": "2020-01-25",'
    ...                      ' "ComponentName": "com.example.Hello", "ComponentVersion": "1.0.0"}')
    >>> recipe.component_name
    'com.example.Hello'
"""

from __future__ import annotations

from greengrass_sdk.recipes.io import dump_recipe, load_recipe, load_recipe_file
from greengrass_sdk.recipes.models import (
    Artifact,
    ArtifactPermission,
    ComponentConfiguration,
    ComponentDependency,
    ComponentRecipe,
    LifecycleStep,
    Manifest,
    Platform,
)

__all__ = [
    "Artifact",
    "ArtifactPermission",
    "ComponentConfiguration",
    "ComponentDependency",
    "ComponentRecipe",
    "LifecycleStep",
    "Manifest",
    "Platform",
    "dump_recipe",
    "load_recipe",
    "load_recipe_file",
]
