"""Errors of the fleet package that are not the service's."""

from __future__ import annotations

from greengrass_sdk._core.exceptions import GreengrassError

__all__ = ["UnknownDevice"]


class UnknownDevice(GreengrassError, KeyError):
    """A report was asked about a device its target does not reach (also a ``KeyError``).

    Args:
        thing_name: The device asked about.
        target: The deployment or target the report is about.
    """

    def __init__(self, thing_name: str, target: str) -> None:
        super().__init__(f"{thing_name} is not a core device of {target}")
        self.thing_name = thing_name
        self.target = target

    def __str__(self) -> str:
        return str(self.args[0])  # KeyError would quote the message
