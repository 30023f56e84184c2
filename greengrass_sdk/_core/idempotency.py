"""Client tokens: generated once per logical call, before the retry loop."""

from __future__ import annotations

import uuid
from typing import TypeVar

from greengrass_sdk._core.models import RequestModel

__all__ = ["new_client_token", "with_client_token"]

RequestT = TypeVar("RequestT", bound=RequestModel)


def new_client_token() -> str:
    r"""A fresh token: a UUID4 string (36 characters of hex digits and dashes).

    It satisfies every token rule in scope: V2 ``^[a-zA-Z0-9-]+$`` (1-64), IoT ``\S{36,64}``, and
    V1's unconstrained ``X-Amzn-Client-Token``.
    """
    return str(uuid.uuid4())


def with_client_token(request: RequestT, token_field: str | None) -> RequestT:
    """Return the request with its client token set; a caller's own token is kept."""
    if token_field is None or getattr(request, token_field) is not None:
        return request
    return request.model_copy(update={token_field: new_client_token()})
