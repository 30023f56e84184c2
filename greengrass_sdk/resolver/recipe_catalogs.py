"""Moved to :mod:`greengrass_sdk.recipes.catalogs`; this name is kept for old imports."""

from __future__ import annotations

from greengrass_sdk.recipes.catalogs import (
    ComponentLister,
    OnlineCatalog,
    catalog_from_recipes,
    folder_catalog,
)

__all__ = ["ComponentLister", "OnlineCatalog", "catalog_from_recipes", "folder_catalog"]
