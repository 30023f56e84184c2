"""Model classes created on first use, for the generated models modules.

Creating a pydantic model class costs about 0.25 ms (field collection and annotation
evaluation run even with ``defer_build``). A service has 100 to 230 classes and a program
touches a handful, so creating all of them at import was most of the SDK's cold start above
raw aiobotocore. A generated ``models.py`` therefore holds one small function per class that
runs its ``class`` statement, and installs the module ``__getattr__`` and ``__dir__`` made
here (PEP 562). The static face of the module, for type checkers, IDEs and the reference
docs, is the generated ``models.pyi`` beside it, with the same class bodies.

The first access of a name (``models.Component``, ``from ... import Component``, a pickle
load) builds that class. pydantic resolves the names in a class's annotations through the
module's namespace (a plain dictionary lookup, which does not reach ``__getattr__``), so the
classes a class names are built first and every class is stored in the module as soon as it
exists; later accesses are ordinary attribute lookups. Classes that name each other (a cycle)
still end up complete: pydantic leaves a name it cannot resolve yet for the rebuild it does
on the first validation, by which time the whole cycle exists. A lock makes concurrent first
accesses from several threads build a class once, so ``isinstance`` never sees two versions.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar, cast

from greengrass_sdk._core.plugin_scan import settle_plugin_scan

__all__ = ["Builder", "lazy_models", "model_ref"]

ModelT = TypeVar("ModelT", bound=type)

Builder = tuple[Callable[[], type], tuple[str, ...]]
"""How to create one class: the function that runs its ``class`` statement, and the names of
the classes its annotations use."""


def lazy_models(
    namespace: dict[str, Any], builders: Mapping[str, Builder]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a models module whose classes are built lazily.

    Args:
        namespace: The module's ``globals()``; each class is stored there once built.
        builders: For each class name, its builder and the class names it depends on.

    Returns:
        The module-level ``__getattr__`` and ``__dir__`` functions.
    """
    module = namespace["__name__"]
    lock = threading.RLock()
    in_progress: set[str] = set()

    def build(name: str) -> type:
        built = namespace.get(name)
        if built is not None:
            return built  # type: ignore[no-any-return]
        create, needs = builders[name]
        in_progress.add(name)
        try:
            for dependency in needs:
                if dependency not in namespace and dependency not in in_progress:
                    build(dependency)
            cls = create()
        finally:
            in_progress.discard(name)
        # Defined inside its builder, the class would be named ``_Name.<locals>.Name``;
        # pickling and reprs look it up by its module-level name.
        cls.__qualname__ = name
        namespace[name] = cls
        return cls

    def __getattr__(name: str) -> Any:
        if name not in builders:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        settle_plugin_scan()  # before pydantic's own, slower lookup on the first validation
        with lock:
            return build(name)

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(builders))

    return __getattr__, __dir__


class _ModelRef(Generic[ModelT]):
    """A class attribute holding a model class that is looked up on its first read."""

    def __init__(self, load: Callable[[], ModelT]) -> None:
        self._load = load
        self._model: ModelT | None = None

    def __get__(self, instance: object, owner: type | None = None) -> ModelT:
        model = self._model
        if model is None:
            model = self._model = self._load()
        return model


def model_ref(load: Callable[[], ModelT]) -> ModelT:
    """A class attribute that reads as the model ``load`` returns, looked up on first read.

    The generated error classes use it for ``shape`` (``shape = model_ref(lambda: m.X)``), so
    that importing a client does not create the error shapes' classes. Reading the attribute,
    on the class or on an instance, gives the model class itself.
    """
    return cast("ModelT", _ModelRef(load))
