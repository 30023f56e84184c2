"""The exception handlers raise to produce a modelled AWS error response."""

from __future__ import annotations

from typing import Any

__all__ = ["ServiceError", "not_found", "validation_error"]


class ServiceError(Exception):
    """An error the emulator answers with, shaped like the service's own error.

    Args:
        code: The error code, normally the name of a modelled error shape
            (``ResourceNotFoundException``); it becomes the ``x-amzn-ErrorType`` header.
        message: Human-readable text placed in the body's ``message`` member.
        status: HTTP status; ``None`` takes the status the service model gives the shape.
        fields: Extra modelled members of the error shape, by member name.
        retry_after: Seconds placed in a ``Retry-After`` header, when given.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int | None = None,
        fields: dict[str, Any] | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.fields = dict(fields or {})
        self.retry_after = retry_after


def validation_error(message: str, field: str | None = None) -> ServiceError:
    """Build a ``ValidationException`` naming the offending field.

    Args:
        message: What is wrong.
        field: The member path that failed, if there is one.

    Returns:
        The error, with ``reason``/``fields`` set (members unknown to a service are dropped
        when the response is serialized).
    """
    fields: dict[str, Any] = {"reason": "FIELD_VALIDATION_FAILED" if field else "OTHER"}
    if field:
        fields["fields"] = [{"name": field, "message": message}]
    return ServiceError("ValidationException", message, fields=fields)


def not_found(resource_type: str, resource_id: str, message: str | None = None) -> ServiceError:
    """Build a ``ResourceNotFoundException`` carrying ``resourceId`` and ``resourceType``.

    Args:
        resource_type: Kind of resource, e.g. ``component``.
        resource_id: The id or ARN that was looked up.
        message: Override for the default message.

    Returns:
        The error.
    """
    return ServiceError(
        "ResourceNotFoundException",
        message or f"The {resource_type} {resource_id} doesn't exist.",
        fields={"resourceId": resource_id, "resourceType": resource_type},
    )
