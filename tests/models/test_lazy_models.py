"""Model classes created on first access: what importing costs, and that nothing else changes.

The generated ``models.py`` builds each class when it is first read; ``models.pyi`` holds the
same class statements at module level for type checkers. These tests check the promise both
ways: importing a client creates no model class, and the classes a program reads are the ones
the stub describes, whatever order they are read in, from however many threads.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import json
import pickle
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import BaseModel

from greengrass_sdk._core.lazy_models import lazy_models, model_ref

SERVICES = ["greengrassv2", "greengrass", "iot"]
ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> Any:
    """Run ``code`` in a fresh interpreter; return what it printed, as JSON."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(result.stdout)


def _without_addresses(value: object) -> str:
    """``repr`` without object addresses (each module has its own constraint functions)."""
    return re.sub(r" at 0x[0-9a-f]+", "", repr(value))


@pytest.mark.parametrize("service", SERVICES)
def test_importing_a_client_creates_no_model_class(service: str) -> None:
    built = _run(
        f"""
        import json, importlib
        importlib.import_module("greengrass_sdk.{service}.client")
        importlib.import_module("greengrass_sdk.{service}.sync_client")
        errors = importlib.import_module("greengrass_sdk.{service}.errors")
        models = importlib.import_module("greengrass_sdk.{service}.models")
        before = sorted(n for n, v in vars(models).items()
                        if isinstance(v, type) and v.__module__ == models.__name__)
        shapes = [cls.shape.__name__ for cls in errors.ERRORS.values()]
        after = sorted(n for n, v in vars(models).items()
                       if isinstance(v, type) and v.__module__ == models.__name__)
        print(json.dumps([before, shapes, after]))
        """
    )
    before, shapes, after = built
    assert before == []
    # An error's shape is created when the error class is first asked for it, with the
    # classes its members use (e.g. ``ValidationExceptionField``) and nothing else.
    assert shapes and set(shapes) <= set(after)
    models = importlib.import_module(f"greengrass_sdk.{service}.models")
    used = {
        repr(info.annotation)
        for shape in shapes
        for info in getattr(models, shape).model_fields.values()
    }
    for extra in set(after) - set(shapes):
        assert any(extra in annotation for annotation in used), extra


def test_first_access_builds_the_class_and_what_it_names_only() -> None:
    built = _run(
        """
        import json
        from greengrass_sdk.greengrassv2 import models
        models.ListComponentsResponse
        print(json.dumps(sorted(n for n, v in vars(models).items()
                                if isinstance(v, type) and v.__module__ == models.__name__)))
        """
    )
    assert built == [
        "Component",
        "ComponentLatestVersion",
        "ComponentPlatform",
        "ListComponentsResponse",
    ]


def test_concurrent_first_access_creates_one_class() -> None:
    same = _run(
        """
        import json, sys, threading
        from greengrass_sdk.greengrass import models
        sys.setswitchinterval(1e-6)  # switch threads as often as possible: provoke the race
        barrier = threading.Barrier(8)
        seen = []
        def read():
            barrier.wait()
            seen.append(models.GetGroupVersionResponse)
        threads = [threading.Thread(target=read) for _ in range(8)]
        for t in threads: t.start()
        for t in threads: t.join()
        body = {"Definition": {"CoreDefinitionVersionArn": "a"}}
        nested = models.GetGroupVersionResponse.model_validate(body)
        one = len({id(c) for c in seen})
        print(json.dumps([one, type(nested.definition) is models.GroupVersion]))
        """
    )
    assert same == [1, True]


@pytest.mark.parametrize("service", SERVICES)
def test_every_class_matches_its_stub(service: str) -> None:
    """The runtime classes and the stub's classes validate and describe the same data.

    The stub is executed as an ordinary module (it is valid Python), so each of its classes is
    created eagerly at module level; the runtime classes are created lazily, in name order,
    which is not dependency order. Same members, aliases, requiredness, constraints, docs.
    """
    runtime = importlib.import_module(f"greengrass_sdk.{service}.models")
    path = ROOT / "greengrass_sdk" / service / "models.pyi"
    loader = importlib.machinery.SourceFileLoader(f"_stub_of_{service}", str(path))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    stub = importlib.util.module_from_spec(spec)
    sys.modules[loader.name] = stub
    try:
        loader.exec_module(stub)
        assert stub.__all__ == runtime.__all__
        classes = [n for n in runtime.__all__ if isinstance(getattr(stub, n), type)]
        assert len(classes) > 50
        for name in classes:
            ours, theirs = getattr(runtime, name), getattr(stub, name)
            assert issubclass(ours, BaseModel)
            assert ours.__qualname__ == name and ours.__module__ == runtime.__name__
            assert ours.__mro__[1] is theirs.__mro__[1], name
            assert inspect.getdoc(ours) == inspect.getdoc(theirs), name
            assert ours.model_json_schema() == theirs.model_json_schema(), name
            assert ours.model_fields.keys() == theirs.model_fields.keys(), name
            for field, info in ours.model_fields.items():
                other = theirs.model_fields[field]
                assert (info.alias, info.is_required()) == (other.alias, other.is_required())
                assert _without_addresses(info.metadata) == _without_addresses(other.metadata)
        for name in runtime.__all__:
            if name not in classes:  # a type alias: the very same object expression
                assert _without_addresses(getattr(runtime, name)) == _without_addresses(
                    getattr(stub, name)
                )
    finally:
        del sys.modules[loader.name]


def test_classes_keep_their_names_for_pickle_repr_and_star_import() -> None:
    from greengrass_sdk.greengrassv2 import models

    component = models.Component(arn="a", latest_version={"componentVersion": "1.0.0"})
    assert pickle.loads(pickle.dumps(component)) == component
    assert repr(models.Component) == "<class 'greengrass_sdk.greengrassv2.models.Component'>"
    assert set(models.__all__) <= set(dir(models))
    namespace: dict[str, Any] = {}
    exec("from greengrass_sdk.greengrassv2.models import *", namespace)
    assert namespace["ComponentPlatform"] is models.ComponentPlatform
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        _ = models.Nope


def test_classes_naming_each_other_are_complete_whichever_is_read_first() -> None:
    """No shape in scope is recursive today; the builder still has to handle a cycle."""
    for first in ("Node", "Edge"):
        module = ModuleType(f"_cycle_{first}")
        sys.modules[module.__name__] = module
        try:
            exec(
                textwrap.dedent(
                    """
                    from __future__ import annotations
                    from pydantic import BaseModel
                    def _Node():
                        class Node(BaseModel):
                            name: str
                            edges: list[Edge] = []
                        return Node
                    def _Edge():
                        class Edge(BaseModel):
                            to: Node | None = None
                        return Edge
                    """
                ),
                vars(module),
            )
            getter, _ = lazy_models(
                vars(module),
                {
                    "Node": (vars(module)["_Node"], ("Edge",)),
                    "Edge": (vars(module)["_Edge"], ("Node",)),
                },
            )
            vars(module)["__getattr__"] = getter
            getattr(module, first)
            node = module.Node.model_validate({"name": "a", "edges": [{"to": {"name": "b"}}]})
            assert isinstance(node.edges[0], module.Edge)
            assert isinstance(node.edges[0].to, module.Node)
            assert node.edges[0].to.name == "b"
        finally:
            del sys.modules[module.__name__]


def test_model_ref_reads_as_the_class_on_the_class_and_on_instances() -> None:
    loads: list[int] = []

    class Shape(BaseModel):
        x: int = 0

    def load() -> type[Shape]:
        loads.append(1)
        return Shape

    class Holder:
        shape = model_ref(load)

    assert loads == []
    assert Holder.shape is Shape
    assert Holder().shape is Shape
    assert loads == [1]
