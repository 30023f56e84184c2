"""Stateful operation handlers, registered by service and operation name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from greengrass_sdk.testing.state import RegionState

__all__ = ["Call", "HANDLERS", "Handler", "handles"]


@dataclass
class Call:
    """What a handler gets: the caller's state and the validated input, by member name."""

    state: RegionState
    params: dict[str, Any]


Handler = Callable[[Call], dict[str, Any]]

HANDLERS: dict[tuple[str, str], Handler] = {}


def handles(service: str, operation: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of ``service``/``operation``."""

    def register(handler: Handler) -> Handler:
        HANDLERS[(service, operation)] = handler
        return handler

    return register
