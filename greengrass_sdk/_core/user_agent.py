"""The User-Agent header of a client the SDK owns, built once per set of features.

botocore assembles the header from about twenty components on every request, and twice per
request: ``BaseClient._convert_to_request_dict`` builds it, then the ``request-created``
handler ``UserAgentString.rebuild_and_replace_user_agent_handler`` builds it again (about 30 us
each on the benchmark machine, a tenth of a local ``GetDeployment``).

What the string depends on (botocore/useragent.py, ``UserAgentString.to_string``): the
session's name, version and extra, the platform and execution environment read when the session
was created, the client's config, and the feature ids of ``_build_feature_metadata`` — the
client's own plus those the current request registered in botocore's context
(``botocore.context.get_context().features``). Only the last part changes between requests, so
the string is remembered per (client features, request features) and is the same text botocore
would have built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from botocore.context import get_context

__all__ = ["memoize_user_agent"]

_MAX_VARIANTS: Final = 64
"""Distinct feature sets remembered per client (a handful occur in practice)."""


def memoize_user_agent(client: Any) -> bool:
    """Make ``client``'s User-Agent builder remember its strings; False if it has none.

    The builder object is shared by both places botocore builds the header, so replacing its
    ``to_string`` on that one instance covers both.
    """
    creator = getattr(client, "_user_agent_creator", None)
    build: Callable[[], str] | None = getattr(creator, "to_string", None)
    if creator is None or build is None or getattr(build, "_memoized", False):
        return False
    cache: dict[tuple[frozenset[str], frozenset[str]], str] = {}

    def to_string() -> str:
        context = get_context()
        request_features = frozenset(context.features) if context is not None else frozenset()
        client_features = frozenset(getattr(creator, "_client_features", None) or ())
        key = (client_features, request_features)
        text = cache.get(key)
        if text is None:
            if len(cache) >= _MAX_VARIANTS:
                cache.clear()
            text = cache[key] = build()
        return text

    to_string._memoized = True  # type: ignore[attr-defined]
    creator.to_string = to_string
    return True
