"""GDK recipe templates: the placeholders the Greengrass Development Kit fills at build/publish.

Followed: aws-greengrass-gdk-cli ``gdk/commands/component/transformer/BuildRecipeTransformer.py``
(artifact URIs written as ``s3://BUCKET_NAME/COMPONENT_NAME/COMPONENT_VERSION/<file>``, and
``ComponentName``/``ComponentVersion``/``ComponentPublisher`` replaced from ``gdk-config.json``)
and ``PublishRecipeTransformer.py`` (``BUCKET_NAME`` etc. replaced by the bucket, name and version
published to). GDK's project templates write ``{COMPONENT_NAME}``, ``{COMPONENT_VERSION}``,
``{COMPONENT_PUBLISHER}``, ``{COMPONENT_AUTHOR}`` (and ``{BUCKET_NAME}``) in the recipe fields
themselves.
"""

from __future__ import annotations

import re

__all__ = ["find_placeholders", "render_recipe_template"]

_BRACED = re.compile(
    r"\{(COMPONENT_NAME|COMPONENT_VERSION|COMPONENT_PUBLISHER|COMPONENT_AUTHOR|BUCKET_NAME)\}"
)
# An S3 URI whose bucket, or first path segments, are GDK's bare placeholders.
_S3_TEMPLATE = re.compile(
    r"s3://(BUCKET_NAME|[^/\s\"']+)(?:/(COMPONENT_NAME))?(?:/(COMPONENT_VERSION))?(?=/|[\"'\s]|$)",
    re.MULTILINE,
)
_URI_PLACEHOLDERS = ("BUCKET_NAME", "COMPONENT_NAME", "COMPONENT_VERSION")


def find_placeholders(text: str) -> list[str]:
    """The GDK placeholders left in ``text``, each once, in order of appearance."""
    found: list[str] = []
    for match in _BRACED.finditer(text):
        found.append(match.group(0))
    for match in _S3_TEMPLATE.finditer(text):
        found.extend(group for group in match.groups() if group in _URI_PLACEHOLDERS)
    return list(dict.fromkeys(found))


def render_recipe_template(
    text: str,
    *,
    name: str | None = None,
    version: str | None = None,
    bucket: str | None = None,
    publisher: str | None = None,
) -> str:
    """Fill a GDK recipe template's placeholders.

    Args:
        text: The template (JSON or YAML), e.g. a GDK project's ``recipe.yaml``.
        name: The component name (``{COMPONENT_NAME}``, ``COMPONENT_NAME`` in S3 URIs).
        version: The component version (``{COMPONENT_VERSION}``, ``COMPONENT_VERSION`` in URIs).
        bucket: The artifact bucket (``{BUCKET_NAME}``, ``BUCKET_NAME`` in ``s3://`` URIs).
        publisher: ``{COMPONENT_PUBLISHER}`` / ``{COMPONENT_AUTHOR}``.

    Returns:
        The filled text; placeholders without a value given are left as they are, so
        ``load_recipe`` names them.
    """
    values: dict[str, str] = {}
    for key, value in (
        ("COMPONENT_NAME", name),
        ("COMPONENT_VERSION", version),
        ("BUCKET_NAME", bucket),
        ("COMPONENT_PUBLISHER", publisher),
        ("COMPONENT_AUTHOR", publisher),
    ):
        if value is not None:
            values[key] = value

    def braced(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    def s3(match: re.Match[str]) -> str:
        parts = [
            values.get(group, group) if group in _URI_PLACEHOLDERS else group
            for group in match.groups()
            if group
        ]
        return "s3://" + "/".join(parts)

    return _S3_TEMPLATE.sub(s3, _BRACED.sub(braced, text))
