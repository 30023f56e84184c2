"""Matching HTTP requests to operations, from the ``http`` traits of botocore service models.

Works for any rest-json (or rest-xml) model: a ``requestUri`` such as
``/greengrass/v2/components/{arn}/artifacts/{artifactName+}?list`` becomes a regular
expression on the *raw* (still percent-encoded) path, because botocore encodes ``/`` inside
non-greedy labels as ``%2F`` and decoding first would split such a label in two.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from botocore.model import OperationModel, ServiceModel

__all__ = ["Route", "RouteMatch", "Router", "ServiceSpec"]

_LABEL = re.compile(r"\{([^}]+)\}")


@dataclass(frozen=True)
class ServiceSpec:
    """A service the emulator serves, optionally limited to some of its operations.

    Attributes:
        model: The botocore service model.
        include: Predicate on operation names; ``None`` serves every operation.
    """

    model: ServiceModel
    include: Callable[[str], bool] | None = None

    def operations(self) -> Iterable[OperationModel]:
        """Yield the served operation models."""
        for name in self.model.operation_names:
            if self.include is None or self.include(name):
                yield self.model.operation_model(name)


@dataclass(frozen=True)
class Route:
    """One operation's compiled HTTP binding."""

    service: str
    signing_name: str
    operation: OperationModel
    method: str
    pattern: re.Pattern[str]
    labels: tuple[str, ...]
    query_literals: tuple[tuple[str, str | None], ...]
    literal_chars: int


@dataclass(frozen=True)
class RouteMatch:
    """A request matched to an operation, with its decoded URI labels."""

    route: Route
    uri_params: dict[str, str]


def _compile(service: str, signing_name: str, operation: OperationModel) -> Route:
    uri = str(operation.http["requestUri"])
    path, _, query = uri.partition("?")
    regex = ["^"]
    labels: list[str] = []
    literal_chars = 0
    position = 0
    for found in _LABEL.finditer(path):
        literal = path[position : found.start()]
        regex.append(re.escape(literal))
        literal_chars += len(literal)
        name = found.group(1)
        greedy = name.endswith("+")
        labels.append(name.rstrip("+"))
        regex.append(f"(?P<g{len(labels)}>.+)" if greedy else f"(?P<g{len(labels)}>[^/]+)")
        position = found.end()
    tail = path[position:]
    literal_chars += len(tail)
    regex.append(re.escape(tail.rstrip("/")) + "/?$")
    literals: list[tuple[str, str | None]] = []
    for part in filter(None, query.split("&")):
        key, eq, value = part.partition("=")
        literals.append((key, value if eq else None))
    return Route(
        service=service,
        signing_name=signing_name,
        operation=operation,
        method=str(operation.http["method"]).upper(),
        pattern=re.compile("".join(regex)),
        labels=tuple(labels),
        query_literals=tuple(literals),
        literal_chars=literal_chars + len(literals),
    )


def _is_v1_greengrass_arn(match: RouteMatch) -> bool:
    return any(":/greengrass/" in value for value in match.uri_params.values())


class Router:
    """Finds the operation a request is for, across several services.

    When two services bind the same method and path (Greengrass V1 and V2 share
    ``/greengrass/servicerole``, ``/greengrass/things/{thingName}/connectivityInfo`` and
    ``/tags/{arn}``), the service listed first wins, except that a path carrying a V1
    resource ARN (``arn:aws:greengrass:…:/greengrass/…``) goes to ``greengrass``.

    Args:
        services: The services to route to, in order of preference.
    """

    def __init__(self, services: Sequence[ServiceSpec]) -> None:
        routes: list[tuple[int, Route]] = []
        for index, spec in enumerate(services):
            for operation in spec.operations():
                routes.append(
                    (index, _compile(spec.model.service_name, spec.model.signing_name, operation))
                )
        # Most specific template first; among equals, the preferred service first.
        routes.sort(key=lambda item: (-item[1].literal_chars, len(item[1].labels), item[0]))
        self._routes = [route for _, route in routes]

    @property
    def routes(self) -> Sequence[Route]:
        """All compiled routes, most specific first."""
        return tuple(self._routes)

    def match(
        self,
        method: str,
        raw_path: str,
        query: Mapping[str, list[str]],
        signing_name: str | None = None,
    ) -> RouteMatch | None:
        """Find the operation for a request.

        Args:
            method: HTTP method.
            raw_path: The path as sent, still percent-encoded, without the query.
            query: Decoded query parameters.
            signing_name: Service name from the SigV4 credential scope, if any; when given,
                only services signing with that name are considered.

        Returns:
            The match, or ``None`` when no operation binds this request.
        """
        found: list[RouteMatch] = []
        for route in self._routes:
            if route.method != method.upper():
                continue
            if signing_name and route.signing_name != signing_name:
                continue
            hit = route.pattern.match(raw_path)
            if hit is None or not _query_literals_present(route, query):
                continue
            params = {
                label: unquote(hit.group(f"g{i + 1}")) for i, label in enumerate(route.labels)
            }
            found.append(RouteMatch(route, params))
            if len(found) > 1 and found[-1].route.literal_chars < found[0].route.literal_chars:
                break
        if not found:
            return None
        best = [m for m in found if m.route.literal_chars == found[0].route.literal_chars]
        for candidate in best:
            if candidate.route.service == "greengrass" and _is_v1_greengrass_arn(candidate):
                return candidate
        return best[0]


def _query_literals_present(route: Route, query: Mapping[str, list[str]]) -> bool:
    for key, value in route.query_literals:
        if key not in query:
            return False
        if value is not None and value not in query[key]:
            return False
    return True
