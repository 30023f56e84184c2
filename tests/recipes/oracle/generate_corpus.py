# ruff: noqa: E501, RUF001  (recipe texts are data: long literal lines, non-ASCII digits on purpose)
"""Write the recipe corpus that the Greengrass recipe library judged (``corpus.jsonl``).

Every row is one recipe text: a handful of valid base recipes, and variants of them that change one
thing each (key case and spelling, enum case, YAML scalar forms, empty values, lifecycle forms, and
each rule of the library broken once). ``RecipeOracle.java`` records the library's verdict on each
row in ``verdicts.jsonl``; see ``README.md`` for how to regenerate both.

Run: ``python tests/recipes/oracle/generate_corpus.py > tests/recipes/oracle/corpus.jsonl``.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any

import yaml

Recipe = dict[str, Any]

MINIMAL: Recipe = {
    "RecipeFormatVersion": "2020-01-25",
    "ComponentName": "com.example.Minimal",
    "ComponentVersion": "1.0.0",
}

FULL: Recipe = {
    "RecipeFormatVersion": "2020-01-25",
    "ComponentName": "com.example.Full",
    "ComponentVersion": "2.3.4",
    "ComponentType": "aws.greengrass.generic",
    "ComponentDescription": "A component with every section.",
    "ComponentPublisher": "Example Corp",
    "ComponentConfiguration": {
        "DefaultConfiguration": {"Message": "hello", "Port": 8080, "Nested": {"List": [1, "two"]}}
    },
    "ComponentDependencies": {
        "aws.greengrass.Nucleus": {
            "VersionRequirement": ">=2.0.0 <3.0.0",
            "DependencyType": "SOFT",
        },
        "com.example.Lib": {"VersionRequirement": "^1.2.0", "DependencyType": "HARD"},
    },
    "Manifests": [
        {
            "Platform": {"os": "linux", "architecture": "aarch64"},
            "Name": "Linux arm",
            "Lifecycle": {
                "Install": {
                    "Script": "pip3 install -r requirements.txt",
                    "RequiresPrivilege": True,
                },
                "Run": "python3 -u {artifacts:path}/main.py",
            },
            "Artifacts": [
                {
                    "URI": "s3://bucket/com.example.Full/2.3.4/main.zip",
                    "Unarchive": "ZIP",
                    "Permission": {"Read": "ALL", "Execute": "OWNER"},
                    "Digest": "q1w2e3",
                    "Algorithm": "SHA-256",
                }
            ],
        },
        {"Platform": {"os": "windows"}, "Lifecycle": {"Run": "python -u main.py"}},
    ],
}

SELECTIONS: Recipe = {
    "RecipeFormatVersion": "2020-01-25",
    "ComponentName": "com.example.Selections",
    "ComponentVersion": "0.1.0",
    "Manifests": [
        {"Platform": {"os": "linux"}, "Selections": ["linux"]},
        {"Platform": {"os": "/windows|darwin/"}, "Selections": ["other"]},
    ],
    "Lifecycle": {
        "linux": {"Run": "./run.sh"},
        "other": {"Run": "run.cmd"},
    },
}

BASES = {"minimal": MINIMAL, "full": FULL, "selections": SELECTIONS}


def _json(recipe: Any) -> str:
    return json.dumps(recipe, indent=2, ensure_ascii=False)


def _yaml(recipe: Any) -> str:
    return yaml.safe_dump(recipe, sort_keys=False, allow_unicode=True)


def _with(base: Recipe, change: Callable[[Recipe], object]) -> Recipe:
    recipe = copy.deepcopy(base)
    change(recipe)
    return recipe


def _set(path: tuple[Any, ...], value: Any) -> Callable[[Recipe], object]:
    def change(recipe: Recipe) -> None:
        target: Any = recipe
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path: tuple[Any, ...]) -> Callable[[Recipe], object]:
    def change(recipe: Recipe) -> None:
        target: Any = recipe
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


def _rename(path: tuple[Any, ...], new: str) -> Callable[[Recipe], object]:
    """Rename the key at ``path`` to ``new``, keeping its position."""

    def change(recipe: Recipe) -> None:
        target: Any = recipe
        for key in path[:-1]:
            target = target[key]
        items = list(target.items())
        target.clear()
        for key, value in items:
            target[new if key == path[-1] else key] = value

    return change


def structured() -> Iterator[tuple[str, Recipe]]:
    """Variants built as data; each is written as JSON and as YAML."""
    for name, base in BASES.items():
        yield f"base/{name}", base
    # Key spelling: each top-level key in other cases.
    for key in FULL:
        for spelled in dict.fromkeys(
            (key.lower(), key.upper(), key[0].lower() + key[1:], key.swapcase())
        ):
            yield f"key-case/{key}/{spelled}", _with(FULL, _rename((key,), spelled))
    nested = [
        (("ComponentConfiguration", "DefaultConfiguration"), None),
        (("ComponentDependencies", "com.example.Lib", "VersionRequirement"), None),
        (("ComponentDependencies", "com.example.Lib", "DependencyType"), None),
        (("Manifests", 0, "Platform"), None),
        (("Manifests", 0, "Name"), None),
        (("Manifests", 0, "Lifecycle"), None),
        (("Manifests", 0, "Artifacts"), None),
        (("Manifests", 0, "Artifacts", 0, "Unarchive"), None),
        (("Manifests", 0, "Artifacts", 0, "Permission"), None),
        (("Manifests", 0, "Artifacts", 0, "Permission", "Read"), None),
        (("Manifests", 0, "Artifacts", 0, "Digest"), None),
        (("Manifests", 0, "Artifacts", 0, "Algorithm"), None),
    ]
    for path, _ in nested:
        key = str(path[-1])
        for spelled in dict.fromkeys((key.lower(), key.upper(), key[0].lower() + key[1:])):
            yield (
                f"key-case/{'.'.join(map(str, path))}/{spelled}",
                _with(FULL, _rename(path, spelled)),
            )
    uri = ("Manifests", 0, "Artifacts", 0, "URI")
    for spelled in ("Uri", "uri", "URi", "uRI", "Url", "Location"):
        yield f"uri-spelling/{spelled}", _with(FULL, _rename(uri, spelled))
    yield (
        "selections-key/selections",
        _with(SELECTIONS, _rename(("Manifests", 0, "Selections"), "selections")),
    )
    yield "platform-key/os-upper", _with(FULL, _rename(("Manifests", 0, "Platform", "os"), "OS"))
    # Enum values in other cases, and values outside the enum.
    enums = {
        ("ComponentDependencies", "com.example.Lib", "DependencyType"): (
            "hard",
            "Hard",
            "soft",
            "SOFT",
            "sOfT",
            "MEDIUM",
            "",
            1,
            True,
        ),
        ("Manifests", 0, "Artifacts", 0, "Unarchive"): (
            "zip",
            "Zip",
            "none",
            "NONE",
            "TAR",
            "",
            None,
        ),
        ("Manifests", 0, "Artifacts", 0, "Permission", "Read"): (
            "all",
            "All",
            "owner",
            "none",
            "NONE",
            "EVERYONE",
            "",
            None,
        ),
        ("Manifests", 0, "Artifacts", 0, "Permission", "Execute"): ("all", "owner", "Root", None),
        ("ComponentType",): (
            "aws.greengrass.lambda",
            "aws.greengrass.plugin",
            "aws.greengrass.nucleus",
            "AWS.GREENGRASS.GENERIC",
            "Aws.Greengrass.Lambda",
            "GENERIC",
            "generic",
            "LAMBDA",
            "aws.greengrass.docker",
            "",
            None,
        ),
        ("RecipeFormatVersion",): (
            "2020-01-25",
            "2020-1-25",
            "2021-01-25",
            "2020-01-25 ",
            "JAN_25_2020",
            "jan_25_2020",
            "",
            None,
        ),
    }
    for path, values in enums.items():
        for value in values:
            yield f"enum/{'.'.join(map(str, path))}/{value!r}", _with(FULL, _set(path, value))
    # Component names.
    for name in (
        "a",
        "A-b_c.d",
        "com.example.x" + "y" * 114,
        "com.example.x" + "y" * 115,
        "",
        " com.example.A",
        "com.example.A ",
        "com example",
        "com/example",
        "com:example",
        "com@example",
        "compañía",
        "com.example.Ünïcode",
        "-leading",
        ".leading",
        "_",
        "com..double",
        "aws.greengrass.Nucleus",
        "名前",
        "a\tb",
        123,
        1.5,
        True,
        None,
        ["a"],
        {"a": 1},
    ):
        yield f"name/{name!r}", _with(MINIMAL, _set(("ComponentName",), name))
    yield "name/missing", _with(MINIMAL, _delete(("ComponentName",)))
    # Component versions.
    for version in (
        "0.0.0",
        "1.0.0-beta",
        "1.0.0-beta.1",
        "1.0.0-1",
        "1.0.0+build.5",
        "1.0.0-rc.1+b7",
        "999999.999999.999999",
        "1000000.0.0",
        "0.1000000.0",
        "0.0.1000000",
        "2147483647.0.0",
        "2147483648.0.0",
        "1.0",
        "1",
        "1.0.0.0",
        "1.2.3.4.5",
        "01.02.03",
        "v1.0.0",
        "V1.0.0",
        " 1.0.0",
        "1.0.0 ",
        "1.0.0-",
        "1.0.0+",
        "1.0.0++",
        "1.0.0-a+b+c",
        "-1.0.0",
        "+1.0.0",
        "1.+2.3",
        "1..0",
        "1.0.x",
        "1.x.0",
        "x.0.0",
        "1.0.0-" + "a" * 58,
        "1.0.0-" + "a" * 59,
        "1.0.0-é",
        "1.0.0 -beta",
        "",
        "latest",
        "١.٢.٣",
        1,
        1.0,
        None,
        ["1.0.0"],
    ):
        yield f"version/{version!r}", _with(MINIMAL, _set(("ComponentVersion",), version))
    yield "version/missing", _with(MINIMAL, _delete(("ComponentVersion",)))
    yield "format/missing", _with(MINIMAL, _delete(("RecipeFormatVersion",)))
    # Version requirements.
    for requirement in (
        "*",
        "1.0.0",
        "=1.0.0",
        ">=1.0.0",
        ">1.0.0 <2.0.0",
        ">=1.0.0 <2.0.0 || >=3.0.0",
        "^1.2.0",
        "~1.2.0",
        "1.0.0 - 2.0.0",
        "1.x",
        "1.2.x",
        ">=1.x",
        "~>1.2.0",
        "v1.0.0",
        ">= 1.0.0",
        "latest",
        "",
        " ",
        "x",
        "1.0.0-beta",
        ">=1.0.0-1",
        "||",
        "abc",
        "<=",
        1,
        1.5,
        None,
    ):
        yield (
            f"requirement/{requirement!r}",
            _with(
                FULL,
                _set(
                    ("ComponentDependencies", "com.example.Lib", "VersionRequirement"), requirement
                ),
            ),
        )
    yield (
        "requirement/missing",
        _with(FULL, _delete(("ComponentDependencies", "com.example.Lib", "VersionRequirement"))),
    )
    yield (
        "dependency/only-type",
        _with(FULL, _set(("ComponentDependencies", "com.example.Lib"), {"DependencyType": "SOFT"})),
    )
    yield (
        "dependency/no-type",
        _with(
            FULL,
            _set(("ComponentDependencies", "com.example.Lib"), {"VersionRequirement": "^1.0.0"}),
        ),
    )
    for value in (None, {}, "^1.0.0", ["^1.0.0"]):
        yield (
            f"dependency/value/{value!r}",
            _with(FULL, _set(("ComponentDependencies", "com.example.Lib"), value)),
        )
    for name in ("", "bad/name", "com.example.Lib@1"):
        yield (
            f"dependency/name/{name!r}",
            _with(FULL, _set(("ComponentDependencies", name), {"VersionRequirement": "*"})),
        )
    for value in (None, {}, [], "x"):
        yield f"dependencies/{value!r}", _with(FULL, _set(("ComponentDependencies",), value))
    # Unknown keys, everywhere.
    yield (
        "unknown/top",
        _with(FULL, _set(("ComponentSource",), "arn:aws:lambda:us-east-1:1:function:f")),
    )
    yield "unknown/top-other", _with(FULL, _set(("FutureKey",), {"x": [1, 2]}))
    yield (
        "unknown/dependency",
        _with(FULL, _set(("ComponentDependencies", "com.example.Lib", "Optional"), True)),
    )
    yield "unknown/manifest", _with(FULL, _set(("Manifests", 0, "Priority"), 1))
    yield "unknown/artifact", _with(FULL, _set(("Manifests", 0, "Artifacts", 0, "Size"), 10))
    yield (
        "unknown/permission",
        _with(FULL, _set(("Manifests", 0, "Artifacts", 0, "Permission", "Write"), "ALL")),
    )
    yield "unknown/configuration", _with(FULL, _set(("ComponentConfiguration", "Schema"), {}))
    # Empty and null values.
    for path in (
        ("ComponentDescription",),
        ("ComponentPublisher",),
        ("ComponentConfiguration",),
        ("ComponentConfiguration", "DefaultConfiguration"),
        ("Manifests",),
        ("Lifecycle",),
        ("Manifests", 0, "Platform"),
        ("Manifests", 0, "Name"),
        ("Manifests", 0, "Lifecycle"),
        ("Manifests", 0, "Artifacts"),
        ("Manifests", 0, "Lifecycle", "Run"),
        ("Manifests", 0, "Artifacts", 0, "URI"),
        ("Manifests", 0, "Artifacts", 0, "Digest"),
        ("Manifests", 0, "Artifacts", 0, "Permission"),
        ("Manifests", 0, "Platform", "os"),
        ("ComponentDependencies", "com.example.Lib", "DependencyType"),
    ):
        yield f"null/{'.'.join(map(str, path))}", _with(FULL, _set(path, None))
    for path in (
        ("ComponentDescription",),
        ("Manifests", 0, "Platform", "os"),
        ("Manifests", 0, "Name"),
        ("Manifests", 0, "Lifecycle", "Run"),
        ("Manifests", 0, "Artifacts", 0, "URI"),
        ("Manifests", 0, "Artifacts", 0, "Digest"),
    ):
        yield f"empty-string/{'.'.join(map(str, path))}", _with(FULL, _set(path, ""))
    for path, value in (
        (("Manifests",), []),
        (("Manifests", 0, "Artifacts"), []),
        (("Manifests", 0, "Platform"), {}),
        (("Manifests", 0, "Lifecycle"), {}),
        (("Lifecycle",), {}),
        (("ComponentConfiguration",), {}),
        (("ComponentConfiguration", "DefaultConfiguration"), {}),
        (("Manifests", 0, "Selections"), []),
        (("Manifests", 0, "Artifacts", 0, "Permission"), {}),
    ):
        yield f"empty/{'.'.join(map(str, path))}", _with(FULL, _set(path, value))
    yield "null-element/manifests", _with(FULL, _set(("Manifests", 1), None))
    yield "null-element/artifacts", _with(FULL, _set(("Manifests", 0, "Artifacts"), [None]))
    # Wrong shapes.
    for path, value in (
        (("Manifests",), {"Platform": {"os": "linux"}}),
        (("Manifests",), "linux"),
        (("Manifests", 0), "linux"),
        (("Manifests", 0, "Platform"), "linux"),
        (("Manifests", 0, "Platform"), ["linux"]),
        (("Manifests", 0, "Platform", "os"), 1),
        (("Manifests", 0, "Platform", "os"), True),
        (("Manifests", 0, "Platform", "os"), ["linux"]),
        (("Manifests", 0, "Platform", "os"), {"name": "linux"}),
        (("Manifests", 0, "Platform", "os"), "*"),
        (("Manifests", 0, "Platform", "os"), "/linux|darwin/"),
        (("Manifests", 0, "Platform", "os"), "/[/"),
        (("Manifests", 0, "Platform", "os"), "all"),
        (("Manifests", 0, "Platform", "runtime"), "aws_nucleus_lite"),
        (("Manifests", 0, "Platform", "custom"), "x"),
        (("Manifests", 0, "Name"), 7),
        (("Manifests", 0, "Name"), ["a"]),
        (("Manifests", 0, "Lifecycle"), "run.sh"),
        (("Manifests", 0, "Lifecycle"), ["run.sh"]),
        (("Lifecycle",), "run.sh"),
        (("Lifecycle",), ["x"]),
        (("Manifests", 0, "Artifacts"), {"URI": "s3://b/k"}),
        (("Manifests", 0, "Artifacts", 0), "s3://b/k"),
        (("Manifests", 0, "Selections"), "linux"),
        (("Manifests", 0, "Selections"), [1, None]),
        (("Manifests", 0, "Selections"), [["x"]]),
        (("ComponentConfiguration",), "x"),
        (("ComponentConfiguration", "DefaultConfiguration"), "text"),
        (("ComponentConfiguration", "DefaultConfiguration"), [1, 2]),
        (("ComponentConfiguration", "DefaultConfiguration"), 5),
        (("ComponentDescription",), 5),
        (("ComponentDescription",), ["a"]),
        (("ComponentDescription",), {"a": 1}),
        (("ComponentPublisher",), True),
        (("Manifests", 0, "Artifacts", 0, "Permission"), "ALL"),
        (("Manifests", 0, "Artifacts", 0, "Digest"), 5),
        (("Manifests", 0, "Artifacts", 0, "Algorithm"), ["x"]),
    ):
        yield f"shape/{'.'.join(map(str, path))}/{value!r}", _with(FULL, _set(path, value))
    # Artifact URIs.
    for value in (
        "s3://bucket/key",
        "s3://bucket/dir/file.zip",
        "docker:amazon/aws-cli:latest",
        "greengrass:artifact.zip",
        "https://example.com/a.zip",
        "file.zip",
        "/abs/path",
        "s3://bucket/with space",
        "s3://bucket/%20",
        "s3://bücket/k",
        "s3://",
        "s3:",
        ":nothing",
        "a b",
        "http://[::1",
        "C:\\path",
        "s3://bucket/key#frag",
        "s3://bucket/key?q=1",
        "{COMPONENT_NAME}/x",
        "s3://BUCKET_NAME/x",
        5,
        ["s3://b/k"],
    ):
        yield f"uri/{value!r}", _with(FULL, _set(("Manifests", 0, "Artifacts", 0, "URI"), value))
    yield "uri/missing", _with(FULL, _delete(("Manifests", 0, "Artifacts", 0, "URI")))
    yield (
        "uri/both-spellings",
        _with(FULL, _set(("Manifests", 0, "Artifacts", 0, "Uri"), "s3://other/k")),
    )
    yield "digest/algorithm-only", _with(FULL, _delete(("Manifests", 0, "Artifacts", 0, "Digest")))
    yield "digest/digest-only", _with(FULL, _delete(("Manifests", 0, "Artifacts", 0, "Algorithm")))
    # Lifecycle forms: free-form to the library; the nucleus interprets them later.
    lifecycles: list[tuple[str, Any]] = [
        ("uninstall", {"Uninstall": "rm -rf x", "Run": "x"}),
        (
            "bootstrap-on-rollback",
            {"BootstrapOnRollback": "x", "Bootstrap": {"Script": "y", "RequiresPrivilege": "true"}},
        ),
        ("legacy-start", {"Start": "x"}),
        ("run-and-startup", {"Run": "x", "Startup": "y"}),
        ("skipif-mapping", {"Install": {"Skipif": {"onpath": "python3"}, "Script": "x"}}),
        ("skipif-string", {"Install": {"Skipif": "exists /tmp/x", "Script": "x"}}),
        ("platform-keyed", {"linux": {"Run": "x"}, "windows": {"Run": "y"}}),
        ("setenv", {"Setenv": {"A": "1", "B": 2}, "Run": "x"}),
        ("timeout-string", {"Run": {"Script": "x", "Timeout": "sixty"}}),
        ("timeout-negative", {"Run": {"Script": "x", "Timeout": -5}}),
        ("requires-privilege-text", {"Run": {"Script": "x", "RequiresPrivilege": "maybe"}}),
        ("lower-keys", {"install": {"script": "x", "requiresPrivilege": True}, "run": "y"}),
        ("unknown-step", {"Frobnicate": "x"}),
        ("null-step", {"Run": None}),
        ("list-step", {"Run": ["a", "b"]}),
        ("number-step", {"Run": 5}),
        ("nested-deep", {"Run": {"Script": "x", "Extra": {"a": [{"b": None}]}}}),
    ]
    for name, lifecycle in lifecycles:
        yield (
            f"lifecycle/manifest/{name}",
            _with(FULL, _set(("Manifests", 0, "Lifecycle"), lifecycle)),
        )
        yield f"lifecycle/top/{name}", _with(MINIMAL, _set(("Lifecycle",), lifecycle))
    # Configuration documents.
    for value in (
        {"a": None},
        {"a": [None, True, 1.5, "x"]},
        {"": 1},
        {"deep": {"deeper": {"deepest": {}}}},
    ):
        yield (
            f"configuration/{value!r}",
            _with(FULL, _set(("ComponentConfiguration", "DefaultConfiguration"), value)),
        )
    # Case-insensitive duplicates: the last spelling wins.
    yield "duplicate-case/name", _with(MINIMAL, _set(("componentname",), "com.example.Other"))
    yield "duplicate-case/version", _with(MINIMAL, _set(("COMPONENTVERSION",), "bad version"))


def textual() -> Iterator[tuple[str, str, str]]:
    """Variants that only exist as text: YAML scalar forms and malformed documents."""
    head = "RecipeFormatVersion: '2020-01-25'\nComponentName: com.example.Text\n"
    yield (
        "yaml/unquoted-date",
        "yaml",
        "RecipeFormatVersion: 2020-01-25\nComponentName: a\nComponentVersion: 1.0.0\n",
    )
    yield (
        "yaml/date-time",
        "yaml",
        "RecipeFormatVersion: 2020-01-25T00:00:00Z\nComponentName: a\nComponentVersion: 1.0.0\n",
    )
    yield (
        "yaml/explicit-str-date",
        "yaml",
        "RecipeFormatVersion: !!str 2020-01-25\nComponentName: a\nComponentVersion: 1.0.0\n",
    )
    yield (
        "yaml/double-quoted",
        "yaml",
        'RecipeFormatVersion: "2020-01-25"\nComponentName: "a"\nComponentVersion: "1.0.0"\n',
    )
    for version in (
        "1.0",
        "1",
        "1.0.0",
        "1e3",
        "0x10",
        "010",
        "1_0.0.0",
        "true",
        "null",
        "~",
        "1.0.0 # comment",
    ):
        yield f"yaml/version-plain/{version}", "yaml", head + f"ComponentVersion: {version}\n"
    for name in (
        "yes",
        "no",
        "on",
        "off",
        "y",
        "n",
        "true",
        "True",
        "null",
        "~",
        "1.5",
        "0o17",
        "2020-01-25",
        "'quoted'",
        "12345",
    ):
        yield (
            f"yaml/name-plain/{name}",
            "yaml",
            f"{head.splitlines()[0]}\nComponentName: {name}\nComponentVersion: 1.0.0\n",
        )
    scalars = (
        "yes",
        "No",
        "ON",
        "off",
        "y",
        "n",
        "true",
        "FALSE",
        "True",
        "null",
        "Null",
        "~",
        "",
        "1",
        "-1",
        "+1",
        "007",
        "0x1F",
        "0o17",
        "0b101",
        "1_000",
        "1:30",
        "1.5",
        "-1.5",
        "1.",
        ".5",
        "1e3",
        "1.0e+3",
        "6.8523015e+5",
        "685.230_15e+03",
        ".inf",
        "-.Inf",
        ".nan",
        "2001-12-14",
        "2001-12-14t21:59:43.10-05:00",
        "=",
        "<<",
        "'yes'",
        '"1"',
        "!!str 1",
        "!!int '3'",
        "!!bool 'yes'",
        "!!float '1'",
        "!!null ''",
        "12345678901234567890",
        "99999999999",
        "0",
        "-0",
        "0.0",
        "+.inf",
        "hello world",
        "a: b",
        "[1, 2]",
        "{a: 1}",
        "'multi\n    line'",
        "|\n      block\n      text",
        ">\n      folded\n      text",
    )
    for scalar in scalars:
        text = (
            head
            + "ComponentVersion: 1.0.0\nLifecycle:\n  Run:\n    Script: x\n    Value: "
            + scalar
            + "\n"
        )
        yield f"yaml/scalar/{scalar!r}", "yaml", text
        text = head + "ComponentVersion: 1.0.0\nManifests:\n- Platform:\n    os: " + scalar + "\n"
        yield f"yaml/platform-scalar/{scalar!r}", "yaml", text
        text = head + "ComponentVersion: 1.0.0\nComponentDescription: " + scalar + "\n"
        yield f"yaml/description-scalar/{scalar!r}", "yaml", text
    for key in ("1", "true", "null", "~", "1.5", "'quoted'", "yes", "2020-01-25"):
        text = head + "ComponentVersion: 1.0.0\nLifecycle:\n  " + key + ": value\n"
        yield f"yaml/key-scalar/{key}", "yaml", text
    yield (
        "yaml/complex-key",
        "yaml",
        head + "ComponentVersion: 1.0.0\nLifecycle:\n  ? [a, b]\n  : value\n",
    )
    yield (
        "yaml/anchor-alias",
        "yaml",
        head + "ComponentVersion: 1.0.0\nLifecycle:\n  Install: &s echo hi\n  Run: *s\n",
    )
    yield (
        "yaml/anchor-mapping",
        "yaml",
        head + "ComponentVersion: 1.0.0\nLifecycle:\n  Install: &s {Script: x}\n  Run: *s\n",
    )
    yield (
        "yaml/merge-key",
        "yaml",
        head
        + "ComponentVersion: 1.0.0\nLifecycle:\n  Install: &s {Script: x}\n  Run:\n    <<: *s\n    Timeout: 5\n",
    )
    yield (
        "yaml/two-documents",
        "yaml",
        "RecipeFormatVersion: '2020-01-25'\nComponentName: a\nComponentVersion: 1.0.0\n---\nComponentName: b\n",
    )
    yield (
        "yaml/second-document-broken",
        "yaml",
        "RecipeFormatVersion: '2020-01-25'\nComponentName: a\nComponentVersion: 1.0.0\n---\n: : [\n",
    )
    yield (
        "yaml/document-start",
        "yaml",
        "---\nRecipeFormatVersion: '2020-01-25'\nComponentName: a\nComponentVersion: 1.0.0\n...\n",
    )
    yield (
        "yaml/bom",
        "yaml",
        "\ufeffRecipeFormatVersion: '2020-01-25'\nComponentName: a\nComponentVersion: 1.0.0\n",
    )
    yield (
        "yaml/comments",
        "yaml",
        "# header\nRecipeFormatVersion: '2020-01-25' # trailing\nComponentName: a\nComponentVersion: 1.0.0\n",
    )
    yield (
        "yaml/tab-indent",
        "yaml",
        "RecipeFormatVersion: '2020-01-25'\nComponentName: a\nComponentVersion: 1.0.0\nLifecycle:\n\tRun: x\n",
    )
    yield (
        "yaml/bad-indent",
        "yaml",
        "RecipeFormatVersion: '2020-01-25'\n ComponentName: a\nComponentVersion: 1.0.0\n",
    )
    yield (
        "yaml/unclosed-quote",
        "yaml",
        "RecipeFormatVersion: '2020-01-25\nComponentName: a\nComponentVersion: 1.0.0\n",
    )
    yield (
        "yaml/duplicate-key",
        "yaml",
        "RecipeFormatVersion: '2020-01-25'\nComponentName: a\nComponentName: b\nComponentVersion: 1.0.0\n",
    )
    yield (
        "yaml/flow",
        "yaml",
        "{RecipeFormatVersion: '2020-01-25', ComponentName: a, ComponentVersion: 1.0.0}\n",
    )
    yield (
        "yaml/unknown-tag",
        "yaml",
        head + "ComponentVersion: 1.0.0\nLifecycle:\n  Run: !custom x\n",
    )
    yield (
        "yaml/binary-tag",
        "yaml",
        head + "ComponentVersion: 1.0.0\nLifecycle:\n  Run: !!binary aGVsbG8=\n",
    )
    yield (
        "yaml/set-tag",
        "yaml",
        head + "ComponentVersion: 1.0.0\nLifecycle:\n  Run: !!set {a, b}\n",
    )
    yield (
        "yaml/long-string",
        "yaml",
        head + "ComponentVersion: 1.0.0\nComponentDescription: " + "x" * 5000 + "\n",
    )
    yield "doc/empty", "yaml", ""
    yield "doc/whitespace", "yaml", "  \n\n"
    yield "doc/comment-only", "yaml", "# nothing\n"
    yield "doc/null", "yaml", "null\n"
    yield "doc/scalar", "yaml", "hello\n"
    yield "doc/list", "yaml", "- a\n- b\n"
    yield "doc/number", "json", "42"
    yield "doc/json-list", "json", "[]"
    yield "doc/json-empty-object", "json", "{}"
    yield (
        "json/trailing-comma",
        "json",
        '{"RecipeFormatVersion": "2020-01-25", "ComponentName": "a", "ComponentVersion": "1.0.0",}',
    )
    yield (
        "json/trailing-garbage",
        "json",
        '{"RecipeFormatVersion": "2020-01-25", "ComponentName": "a", "ComponentVersion": "1.0.0"} x',
    )
    yield (
        "json/tabs",
        "json",
        '{\t"RecipeFormatVersion":\t"2020-01-25",\n\t"ComponentName": "a",\n\t"ComponentVersion": "1.0.0"\n}',
    )
    yield (
        "json/unicode-escape",
        "json",
        '{"RecipeFormatVersion": "2020-01-25", "ComponentName": "\\u0061", "ComponentVersion": "1.0.0"}',
    )
    yield (
        "json/number-version",
        "json",
        '{"RecipeFormatVersion": "2020-01-25", "ComponentName": "a", "ComponentVersion": 1.0}',
    )
    yield (
        "json/duplicate-key",
        "json",
        '{"RecipeFormatVersion": "2020-01-25", "ComponentName": "a", "ComponentName": "b", "ComponentVersion": "1.0.0"}',
    )
    yield (
        "json/single-quotes",
        "json",
        "{'RecipeFormatVersion': '2020-01-25', 'ComponentName': 'a', 'ComponentVersion': '1.0.0'}",
    )
    yield (
        "json/comment",
        "json",
        '{"RecipeFormatVersion": "2020-01-25", /* c */ "ComponentName": "a", "ComponentVersion": "1.0.0"}',
    )
    yield (
        "json/big-number",
        "json",
        '{"RecipeFormatVersion": "2020-01-25", "ComponentName": "a", "ComponentVersion": "1.0.0", "Lifecycle": {"Run": {"Timeout": 123456789012345678901234567890}}}',
    )
    yield (
        "json/float-forms",
        "json",
        '{"RecipeFormatVersion": "2020-01-25", "ComponentName": "a", "ComponentVersion": "1.0.0", "Lifecycle": {"Run": {"A": 1.0, "B": 1e3, "C": -0.5, "D": 0}}}',
    )
    yield "text/not-a-recipe", "yaml", "this is : not : a recipe"
    yield "text/binary-ish", "yaml", "\x00\x01\x02"


def rows() -> Iterator[dict[str, str]]:
    """Every corpus row: id, format and text."""
    for name, recipe in structured():
        yield {"id": f"{name}#json", "format": "json", "text": _json(recipe)}
        yield {"id": f"{name}#yaml", "format": "yaml", "text": _yaml(recipe)}
    for name, form, text in textual():
        yield {"id": name, "format": form, "text": text}


def main() -> None:
    """Write the corpus as JSON lines on standard output."""
    seen: set[str] = set()
    for row in rows():
        if row["id"] in seen:
            raise SystemExit(f"duplicate corpus id {row['id']}")
        seen.add(row["id"])
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
