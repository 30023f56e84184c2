"""Render ``greengrass_sdk/<service>/client.py`` and ``errors.py``, and the shared error names."""

from __future__ import annotations

import textwrap
from typing import Any

from botocore import xform_name

from codegen import parameter_facts
from codegen.naming import alias_name, field_name
from codegen.render_models import HEADER, MODEL_SCALARS
from codegen.services import ServiceScope, botocore_version, paginators

_SCALARS = {**MODEL_SCALARS, "blob": "bytes | str", "timestamp": "datetime"}
"""Scalar annotations of method parameters: blobs also accept text, timestamps are datetimes."""

WAITER_MIXINS = {"greengrassv2": ("greengrass_sdk.waiters", "GreengrassV2Waiters")}
"""Hand-written mixins that add methods to a generated client."""


def _source_line(scope: ServiceScope) -> str:
    return f"# Source: botocore {botocore_version()}, service model {scope.spec.botocore_name!r}."


def error_shapes(scope: ServiceScope) -> list[str]:
    """Exception shapes of the service that in-scope operations can return."""
    names = {e["shape"] for op in scope.operations.values() for e in op.get("errors", [])}
    if scope.spec.all_structures:
        names |= {n for n, s in scope.shapes.items() if s.get("exception")}
    return sorted(names)


def error_code(scope: ServiceScope, shape: str) -> str:
    """The code a service sends for an error shape."""
    return str(scope.shapes[shape].get("error", {}).get("code", shape))


def signature_type(scope: ServiceScope, shape_name: str) -> str:
    """A keyword argument's annotation: what a caller may pass (models or plain mappings)."""
    shape = scope.shapes[shape_name]
    kind = shape["type"]
    if kind == "structure":
        return f"m.{shape_name} | Mapping[str, Any]"
    if kind == "string" and "enum" in shape:
        return f"m.{alias_name(shape_name)}"
    if kind in _SCALARS:
        return _SCALARS[kind]
    if kind == "list":
        return f"Sequence[{signature_type(scope, shape['member']['shape'])}]"
    if kind == "map":
        key = signature_type(scope, shape["key"]["shape"])
        return f"Mapping[{key}, {signature_type(scope, shape['value']['shape'])}]"
    raise ValueError(f"unsupported shape type {kind}")


def item_type(scope: ServiceScope, output_shape: str, result_key: str) -> str:
    """Type of one item of a paginated result list."""
    list_shape = scope.shapes[scope.shapes[output_shape]["members"][result_key]["shape"]]
    member = scope.shapes[list_shape["member"]["shape"]]
    if member["type"] == "structure":
        return f"m.{list_shape['member']['shape']}"
    return _SCALARS.get(member["type"], "Any")


class ClientRenderer:
    """Builds the client module of one service."""

    constants_prefix = ""
    """Where the method bodies find the ``OperationSpec`` constants (the async module: here)."""

    def __init__(self, scope: ServiceScope) -> None:
        self.scope = scope
        self.paginators = paginators(scope)

    def token_field(self, op: dict[str, Any]) -> str | None:
        """snake_case name of the operation's client-token field, if any."""
        members = self.scope.shapes[op["input"]["shape"]].get("members", {})
        for member, ref in members.items():
            if ref.get("idempotencyToken") or member == "AmznClientToken":
                return field_name(member)
        return None

    def spec_constant(self, name: str) -> str:
        """Source of the module-level ``OperationSpec`` of one operation."""
        op = self.scope.operations[name]
        output = f"m.{op['output']['shape']}" if "output" in op else "EmptyResponse"
        parts = [
            f"    name={name!r}",
            f"    method={xform_name(name)!r}",
            f"    input=lambda: m.{op['input']['shape']}",
            f"    output=lambda: {output}",
        ]
        token = self.token_field(op)
        if token:
            parts.append(f"    token_field={token!r}")
        pager = self.paginators.get(name)
        if pager:
            limit = pager.get("limit_key")
            parts.append(
                "    paginator=PaginatorSpec("
                f"input_token={field_name(pager['input_token'])!r}, "
                f"output_token={field_name(pager['output_token'])!r}, "
                f"result_key={field_name(pager['result_key'])!r}, "
                f"limit_key={field_name(limit) if limit else None!r})"
            )
        return f"_{xform_name(name).upper()} = OperationSpec(\n" + ",\n".join(parts) + ",\n)"

    def keyword_parameters(self, op: dict[str, Any]) -> list[str]:
        """Keyword parameters of the method: required fields first, then optional ones."""
        shape = self.scope.shapes[op["input"]["shape"]]
        required = set(shape.get("required", []))
        params: list[str] = []
        for member, ref in shape.get("members", {}).items():
            annotation = signature_type(self.scope, ref["shape"])
            if member in required:
                params.append(f"{field_name(member)}: {annotation}")
        for member, ref in shape.get("members", {}).items():
            annotation = signature_type(self.scope, ref["shape"])
            if member not in required:
                params.append(f"{field_name(member)}: {annotation} | None = None")
        return params

    def call_parts(self, constant: str, returns: str) -> tuple[str, str, str]:
        """Keyword, body and summary of a non-paginated method."""
        body = f"return await self._call({constant}, request, fields)"
        return "async def", body, "Call ``{name}`` and return its typed response."

    def pager_parts(self, constant: str, items: str, response: str) -> tuple[str, str, str, str]:
        """Return type, body, summary and iteration note of a paginated method."""
        return (
            f"AsyncPager[{items}, {response}]",
            f"return self._paginate({constant}, request, fields, max_items, prefetch, max_pages, "
            "timeout)",
            "List with ``{name}``: ``async for`` yields every item across pages.",
            "``.pages()`` yields whole responses",
        )

    def method(self, name: str) -> str:
        """Source of the overloaded method for one operation."""
        op = self.scope.operations[name]
        spec = self.scope.spec
        method = xform_name(name)
        constant = f"{self.constants_prefix}_{method.upper()}"
        request = f"m.{op['input']['shape']}"
        response = f"m.{op['output']['shape']}" if "output" in op else "EmptyResponse"
        pager = self.paginators.get(name)
        link = (
            f"{spec.api_reference}API_{name}.html"
            if spec.package != "greengrass"
            else (spec.api_reference)
        )
        token = self.token_field(op)
        token_note = (
            f"\n\n        A client token (``{token}``) is generated once per call when none is "
            "given,\n        so retries never create a duplicate."
            if token
            else ""
        )
        params = self.keyword_parameters(op)
        if pager:
            items = item_type(self.scope, op["output"]["shape"], pager["result_key"])
            returns, body, summary, pages_note = self.pager_parts(constant, items, response)
            extra = [
                "max_items: int | None = None",
                "prefetch: bool = False",
                "max_pages: int = DEFAULT_MAX_PAGES",
                "timeout: float | None = None",
            ]
            kw_sig = ", ".join(["self", "*", *params, *extra])
            req_sig = ", ".join(["self", "*", f"request: {request}", *extra])
            impl_sig = ", ".join(
                ["self", "*", f"request: {request} | None = None", *extra, "**fields: Any"]
            )
            detail = (
                f"\n\n        {pages_note}; ``max_items`` caps the items and"
                "\n        stops fetching; ``prefetch=True`` fetches the next page while the caller"
                "\n        works on the current one; ``max_pages`` (default 10,000) and ``timeout``"
                "\n        (seconds for the whole walk) bound it, raising"
                "\n        :class:`~greengrass_sdk.errors.PaginationError`. Bad input is reported"
                "\n        here, at the call."
            )
            prefix = "def"
        else:
            returns = response
            kw_sig = ", ".join(["self", "*", *params]) if params else "self"
            req_sig = f"self, *, request: {request}"
            impl_sig = f"self, *, request: {request} | None = None, **fields: Any"
            prefix, body, summary = self.call_parts(constant, returns)
            detail = ""
        summary = summary.format(name=name)
        sections = self.docstring_sections(name, paginated=pager is not None)
        quote = 'r"""' if "\\" in sections else '"""'  # patterns may hold backslashes
        model_path = request.replace("m.", f"greengrass_sdk.{spec.package}.models.")
        invalid = ":class:`~greengrass_sdk.errors.RequestValidationError`"
        return f'''
    @overload
    {prefix} {method}({req_sig}) -> {returns}: ...

    @overload
    {prefix} {method}({kw_sig}) -> {returns}: ...

    {prefix} {method}({impl_sig}) -> {returns}:
        {quote}{summary}

        Keyword arguments are the fields of :class:`{model_path}`
        (snake_case), or pass a built ``request=``. Bad input raises
        {invalid} before anything is sent.{detail}{token_note}

        API reference: {link}{sections}
        """
        {body}
'''

    def docstring_sections(self, name: str, *, paginated: bool) -> str:
        """``Args:``, ``Keyword Args:`` and ``Raises:`` of a method's docstring, from the model."""
        lines = ["", "Args:"]
        lines += _wrapped("request: A built request model, instead of keyword arguments.")
        if paginated:
            lines += _wrapped("max_items: Stop after this many items (None: all of them).")
            lines += _wrapped("prefetch: Fetch the next page while the caller works on this one.")
            lines += _wrapped("max_pages: Raise PaginationError past this many pages.")
            lines += _wrapped("timeout: Seconds for the whole walk, then PaginationError.")
        lines += _wrapped("**fields: The request's fields, as keyword arguments (below).")
        facts = parameter_facts.parameters(self.scope, name)
        if facts:
            lines += ["", "Keyword Args:"]
            for fact in facts:
                lines += _wrapped(f"{fact.name}: {fact.summary()}", "    ", "        ")
        lines += ["", "Raises:"]
        lines += _wrapped("RequestValidationError: The input breaks a rule; nothing is sent.")
        for error in parameter_facts.errors(self.scope, name):
            status = f"HTTP {error.status}" if error.status else "No HTTP status in the model"
            lines += _wrapped(f"{error.name}: {status}; the service's fields in ``details``.")
        return "".join(f"\n        {line}" if line else "\n" for line in lines)

    def render(self) -> str:
        """Source of the whole client module."""
        spec = self.scope.spec
        mixin = WAITER_MIXINS.get(spec.package)
        bases = f"{mixin[1]}, BaseClient" if mixin else "BaseClient"
        mixin_import = [f"from {mixin[0]} import {mixin[1]}"] if mixin else []
        methods = "".join(self.method(name) for name in self.scope.operations)
        constants = "\n\n".join(self.spec_constant(name) for name in self.scope.operations)
        errors = error_shapes(self.scope)
        exc_attrs = "\n".join(f"    {n} = errors.{n}" for n in errors)
        return "\n".join(
            [
                HEADER,
                _source_line(self.scope),
                f'"""``{spec.client_class}``: each {spec.title} operation as a typed method."""',
                "",
                "from __future__ import annotations",
                "",
                *_std_imports(methods + constants),
                "",
                "from greengrass_sdk._core.client import BaseClient",
                "from greengrass_sdk._core.exceptions import ServiceError",
                *(
                    ["from greengrass_sdk._core.models import EmptyResponse"]
                    if "EmptyResponse" in methods
                    else []
                ),
                "from greengrass_sdk._core.operation import (",
                "    OperationSpec,",
                "    PaginatorSpec,",
                "    ServiceSpec,",
                ")",
                "from greengrass_sdk._core.pagination import DEFAULT_MAX_PAGES, AsyncPager",
                f"from greengrass_sdk.{spec.package} import errors",
                f"from greengrass_sdk.{spec.package} import models as m",
                f"from greengrass_sdk.{spec.package}.wire_checks import CHECKS",
                *mixin_import,
                "",
                f'__all__ = ["{spec.client_class}", "{spec.client_class[:-6]}Exceptions"]',
                "",
                f"_SERVICE = ServiceSpec({spec.botocore_name!r}, errors.ERRORS, CHECKS)",
                "",
                constants,
                "",
                "",
                f"class {spec.client_class[:-6]}Exceptions:",
                f'    """The error classes of {spec.title}, as ``client.exceptions.<Name>``."""',
                "",
                "    ServiceError = ServiceError",
                exc_attrs,
                "",
                "",
                f"class {spec.client_class}({bases}):",
                f'    """Async client for {spec.title} (botocore ``{spec.botocore_name}``).',
                "",
                "    Constructor arguments: see :class:`greengrass_sdk._core.client.BaseClient`.",
                '    """',
                "",
                "    _service = _SERVICE",
                f"    exceptions = {spec.client_class[:-6]}Exceptions",
                methods,
            ]
        )


def _wrapped(text: str, first: str = "    ", rest: str = "        ") -> list[str]:
    """Docstring lines of one section entry, wrapped to fit the generated code's width."""
    return textwrap.wrap(
        text,
        width=92,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _std_imports(body: str) -> list[str]:
    abc = [name for name in ("Mapping", "Sequence") if f"{name}[" in body]
    lines = [f"from collections.abc import {', '.join(abc)}"] if abc else []
    if "datetime" in body:
        lines.append("from datetime import datetime")
    lines.append("from typing import Any, overload")
    return lines


def render_client(scope: ServiceScope) -> str:
    """Source text of ``greengrass_sdk/<package>/client.py``."""
    return ClientRenderer(scope).render()


def render_errors(scope: ServiceScope) -> str:
    """Source text of ``greengrass_sdk/<package>/errors.py``."""
    spec = scope.spec
    names = error_shapes(scope)
    classes = []
    for name in names:
        status = scope.shapes[name].get("error", {}).get("httpStatusCode")
        classes.append(
            f"class {name}(_shared.{name}):\n"
            f'    """``{name}`` from {spec.title} (HTTP {status}); members in ``details``."""\n\n'
            f"    shape = model_ref(lambda: m.{name})\n"
            f"    details: m.{name} | None\n"
        )
    registry = "\n".join(f"    {error_code(scope, n)!r}: {n}," for n in names)
    return "\n".join(
        [
            HEADER,
            _source_line(scope),
            f'"""The modelled errors of {spec.title}, one class per error shape."""',
            "",
            "from __future__ import annotations",
            "",
            "from greengrass_sdk import _modeled_errors as _shared",
            "from greengrass_sdk._core.exceptions import ServiceError",
            "from greengrass_sdk._core.lazy_models import model_ref",
            f"from greengrass_sdk.{spec.package} import models as m",
            "",
            "__all__ = [",
            *[f"    {n!r}," for n in sorted([*names, "ERRORS"])],
            "]",
            "",
            "",
            *[c + "\n" for c in classes],
            "ERRORS: dict[str, type[ServiceError]] = {",
            registry,
            "}",
            '"""Error code -> class, used to raise the right class for a service error."""',
            "",
        ]
    )


def render_shared_errors(scopes: list[ServiceScope]) -> str:
    """Source of ``greengrass_sdk/_modeled_errors.py``: one base per error name, any service."""
    names = sorted({n for scope in scopes for n in error_shapes(scope)})
    classes = [
        f'class {n}(ServiceError):\n    """``{n}``, whichever service sent it."""\n' for n in names
    ]
    return "\n".join(
        [
            HEADER,
            '"""Error classes shared by name across services (bases of the per-service ones)."""',
            "",
            "from __future__ import annotations",
            "",
            "from greengrass_sdk._core.exceptions import ServiceError",
            "",
            "__all__ = [",
            *[f"    {n!r}," for n in names],
            "]",
            "",
            "",
            *[c + "\n" for c in classes],
        ]
    )
