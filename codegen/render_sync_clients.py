"""Render ``greengrass_sdk/<service>/sync_client.py``: the synchronous twin of each async client.

Every method of a sync client submits the async client's own coroutine to the sync client's loop
thread (``greengrass_sdk._core.sync``), so both clients share one pipeline. The constructor and the
waiters are rendered from the signatures of ``BaseClient.__init__`` and the hand-written waiter
mixins, so a parameter added there reaches the sync client at the next generator run.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import inspect
import re
from collections.abc import Callable, Iterable
from typing import Any

from codegen.render_clients import WAITER_MIXINS, ClientRenderer, _source_line, _std_imports
from codegen.render_models import HEADER
from codegen.services import ServiceScope

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _signature_imports(functions: Iterable[Callable[..., Any]]) -> list[str]:
    """``from X import Y`` lines for the names the methods' annotations use (``self``'s aside).

    Names are looked up where each function is defined, among its module's imports (those under
    ``TYPE_CHECKING`` included) and its own definitions; the generated module imports them for
    type checkers only, as its annotations are never evaluated.
    """
    wanted: dict[str, set[str]] = {}
    for func in functions:
        signature = inspect.signature(func)
        annotations = [p.annotation for p in list(signature.parameters.values())[1:]]
        origins = _import_origins(func)
        for annotation in [*annotations, signature.return_annotation]:
            if annotation is inspect.Parameter.empty:
                continue
            for name in _IDENTIFIER.findall(str(annotation)):
                if name in {"None", "Any"} or hasattr(builtins, name):  # Any: _std_imports
                    continue
                if name not in origins:
                    raise ValueError(f"cannot resolve {name!r} in {func.__qualname__}'s signature")
                wanted.setdefault(origins[name], set()).add(name)
    return [f"from {module} import {', '.join(sorted(names))}" for module, names in wanted.items()]


def _import_origins(func: Callable[..., Any]) -> dict[str, str]:
    """Name -> module it comes from, for the module that defines ``func``."""
    module = inspect.getmodule(func)
    assert module is not None
    origins = {
        name: module.__name__
        for name, value in vars(module).items()
        if getattr(value, "__module__", None) == module.__name__
    }
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                origins[alias.asname or alias.name] = node.module
    return origins


def _forwarding(func: Callable[..., Any], *, name: str, doc: bool = True) -> tuple[str, str]:
    """Signature text (without ``self``) and call arguments forwarding every parameter."""
    parameters = list(inspect.signature(func).parameters.values())[1:]
    params: list[str] = []
    args: list[str] = []
    star_done = False
    for parameter in parameters:
        text = f"{parameter.name}: {parameter.annotation}"
        if parameter.default is not inspect.Parameter.empty:
            text += f" = {parameter.default!r}"
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            if not star_done:
                params.append("*")
                star_done = True
            args.append(f"{parameter.name}={parameter.name}")
        elif parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD:
            args.append(parameter.name)
        else:
            raise ValueError(f"{name}: cannot forward parameter kind {parameter.kind}")
        params.append(text)
    return ", ".join(["self", *params]), ", ".join(args)


def _docstring(func: Callable[..., Any]) -> str:
    text = inspect.getdoc(func) or ""
    body = "\n".join(f"        {line}" if line else "" for line in text.splitlines()[1:])
    first = text.splitlines()[0] if text else ""
    return f'        """{first}\n{body}\n        """' if body.strip() else f'        """{first}"""'


class SyncClientRenderer(ClientRenderer):
    """Builds the sync client module of one service from the same operations."""

    constants_prefix = "_async."

    def call_parts(self, constant: str, returns: str) -> tuple[str, str, str]:
        """Keyword, body and summary of a non-paginated method."""
        body = f"return self._run(self._client._call({constant}, request, fields))"
        return "def", body, "Call ``{name}`` and return its typed response (blocking)."

    def pager_parts(self, constant: str, items: str, response: str) -> tuple[str, str, str, str]:
        """Return type, body, summary and iteration note of a paginated method."""
        return (
            f"SyncPager[{items}, {response}]",
            "return self._pager(self._client._paginate("
            f"{constant}, request, fields, max_items, prefetch, max_pages, timeout))",
            "List with ``{name}``: ``for`` yields every item across pages.",
            "``.pages()`` yields whole responses",
        )

    def _constructor(self) -> tuple[str, list[Callable[..., Any]]]:
        base = importlib.import_module("greengrass_sdk._core.client").BaseClient
        signature, args = _forwarding(base.__init__, name="__init__")
        client_class = self.scope.spec.client_class
        source = (
            f"    def __init__({signature}) -> None:\n"
            f'        """Create the client (arguments as for :class:`{client_class}`)."""\n'
            f"        super().__init__(_async.{client_class}({args}))\n"
        )
        return source, [base.__init__]

    def _waiters(self) -> tuple[str, list[Callable[..., Any]]]:
        mixin_path = WAITER_MIXINS.get(self.scope.spec.package)
        if mixin_path is None:
            return "", []
        mixin = getattr(importlib.import_module(mixin_path[0]), mixin_path[1])
        sources: list[str] = []
        functions: list[Callable[..., Any]] = []
        for name, func in sorted(vars(mixin).items()):
            if name.startswith("_") or not inspect.iscoroutinefunction(func):
                continue
            signature, args = _forwarding(func, name=name)
            returns = inspect.signature(func).return_annotation
            sources.append(
                f"\n    def {name}({signature}) -> {returns}:\n"
                f"{_docstring(func)}\n"
                f"        return self._run(self._client.{name}({args}))\n"
            )
            functions.append(func)
        return "".join(sources), functions

    def render(self) -> str:
        """Source of the whole sync client module."""
        spec = self.scope.spec
        base = spec.client_class[:-6]
        sync_class = f"{base}SyncClient"
        methods = "".join(self.method(name) for name in self.scope.operations)
        constructor, constructor_functions = self._constructor()
        waiters, waiter_functions = self._waiters()
        signature_imports = _signature_imports([*constructor_functions, *waiter_functions])
        return "\n".join(
            [
                HEADER,
                _source_line(self.scope),
                f'"""``{sync_class}``: the blocking twin of :class:`{spec.client_class}`."""',
                "",
                "from __future__ import annotations",
                "",
                *[
                    line.replace("import Any,", "import TYPE_CHECKING, Any,")
                    for line in _std_imports(methods)
                ],
                "",
                *(
                    ["from greengrass_sdk._core.models import EmptyResponse"]
                    if "EmptyResponse" in methods
                    else []
                ),
                *(
                    ["from greengrass_sdk._core.pagination import DEFAULT_MAX_PAGES"]
                    if "DEFAULT_MAX_PAGES" in methods
                    else []
                ),
                "from greengrass_sdk._core.sync import SyncBaseClient, SyncPager",
                f"from greengrass_sdk.{spec.package} import client as _async",
                f"from greengrass_sdk.{spec.package} import models as m",
                "",
                "if TYPE_CHECKING:",
                *[f"    {line}" for line in signature_imports],
                "",
                f'__all__ = ["{sync_class}"]',
                "",
                "",
                f"class {sync_class}(SyncBaseClient[_async.{spec.client_class}]):",
                f'    """Synchronous client for {spec.title} (botocore ``{spec.botocore_name}``).',
                "",
                f"    Same methods, models, errors, retries and client tokens as "
                f":class:`{spec.client_class}`",
                "    (every call runs the async client's pipeline on a private loop thread);",
                "    listings are plain iterators. Use as ``with ... as client:`` or call directly",
                "    (the client opens on first use) and ``close()`` when done.",
                '    """',
                "",
                f"    exceptions = _async.{base}Exceptions",
                "",
                constructor,
                methods,
                waiters,
            ]
        )


def render_sync_client(scope: ServiceScope) -> str:
    """Source text of ``greengrass_sdk/<package>/sync_client.py``."""
    return SyncClientRenderer(scope).render()
