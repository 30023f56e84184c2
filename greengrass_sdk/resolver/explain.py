"""Turning a failed resolution's derivation into sentences people can act on.

Each learned incompatibility was derived from two others; walking that tree
from the leaves gives numbered lines of the form "A, and B; so C.", where A
and B are either facts from recipes and deployments ("com.example.App 2.1.0
depends on com.example.Lib ^2.0.0", "thinggroup/Fleet requires
com.example.Lib ~1.4.0") or earlier conclusions, referred to by number.
"""

from __future__ import annotations

from greengrass_sdk.resolver.incompatibility import (
    ROOT,
    DependsOn,
    Derived,
    Incompatibility,
    RootIsSelected,
    RootRequires,
)
from greengrass_sdk.resolver.universe import Universe, describe_versions

__all__ = ["describe", "explain"]


def _positive(universe: Universe, name: str, mask: int) -> str:
    package = universe.package(name)
    if mask & package.versions_mask == package.versions_mask:
        return f"any version of {name}"
    return f"{name} {describe_versions(package, mask)}"


def _external(incompatibility: Incompatibility, universe: Universe) -> str | None:
    cause = incompatibility.cause
    if isinstance(cause, RootRequires):
        text = f"{cause.dependent} requires {cause.component} {cause.requirement}"
        return text + _no_match(universe, cause.component, cause.requirement)
    if isinstance(cause, DependsOn):
        versions = _positive(universe, cause.component, cause.versions_mask)
        text = f"{versions} depends on {cause.dependency} {cause.requirement}"
        return text + _no_match(universe, cause.dependency, cause.requirement)
    if isinstance(cause, RootIsSelected):
        return "the deployment is selected"
    return None


def _no_match(universe: Universe, name: str, requirement: str) -> str:
    package = universe.package(name)
    if not package.versions:
        return f" ({name} is not in the catalog)"
    if universe.semantics == "device" and universe.device_unparseable(requirement):
        return " (the device cannot parse this requirement)"
    if not universe.requirement_mask(name, requirement):
        return f" (no version of {name} in the catalog matches)"
    return ""


def describe(incompatibility: Incompatibility, universe: Universe) -> str:
    """One incompatibility as a clause (no trailing period).

    Args:
        incompatibility: The incompatibility.
        universe: The universe its masks refer to.

    Returns:
        A phrase such as ``"com.example.App 2.0.0 - 2.1.0 cannot be used"``.
    """
    external = _external(incompatibility, universe)
    if external is not None:
        return external
    terms = {name: mask for name, mask in incompatibility.terms.items() if name != ROOT}
    if not terms:
        return "no set of versions meets every requirement"
    positives = [(n, m) for n, m in terms.items() if not m & universe.package(n).absent_bit]
    negatives = [(n, m) for n, m in terms.items() if m & universe.package(n).absent_bit]
    if len(terms) == 1 and positives:
        name, mask = positives[0]
        return f"{_positive(universe, name, mask)} cannot be used"
    if len(terms) == 1:
        name, mask = negatives[0]
        package = universe.package(name)
        return f"{name} {describe_versions(package, ~mask & package.versions_mask)} is required"
    if len(positives) == 1 and len(negatives) == 1:
        (p_name, p_mask), (n_name, n_mask) = positives[0], negatives[0]
        package = universe.package(n_name)
        needed = describe_versions(package, ~n_mask & package.versions_mask)
        return f"{_positive(universe, p_name, p_mask)} requires {n_name} {needed}"
    parts = [_positive(universe, n, m) for n, m in positives]
    for name, mask in negatives:
        package = universe.package(name)
        parts.append(f"{name} outside {describe_versions(package, ~mask & package.versions_mask)}")
    return " and ".join(parts) + " cannot be used together"


def _count_references(root: Incompatibility) -> dict[int, int]:
    counts: dict[int, int] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if not isinstance(node.cause, Derived):
            continue
        for child in (node.cause.first, node.cause.second):
            counts[id(child)] = counts.get(id(child), 0) + 1
            if counts[id(child)] == 1:
                stack.append(child)
    return counts


class _Writer:
    """Writes numbered lines; a line that only continues the previous one says "And because"."""

    def __init__(self, universe: Universe, root: Incompatibility) -> None:
        self.universe = universe
        self.lines: list[str] = []
        self.numbers: dict[int, int] = {}
        self.references = _count_references(root)

    def reference(self, incompatibility: Incompatibility) -> str:
        text = describe(incompatibility, self.universe)
        if not isinstance(incompatibility.cause, Derived):
            return text
        number = self.numbers.get(id(incompatibility))
        if number is None:
            number = self.write(incompatibility)
        return f"{text} ({number})"

    def _conclusion(self, incompatibility: Incompatibility, pivot: str) -> str:
        if incompatibility.is_failure():
            return f"no version of {pivot or 'the deployment'} can be chosen"
        return describe(incompatibility, self.universe)

    def write(self, incompatibility: Incompatibility) -> int:
        cause = incompatibility.cause
        assert isinstance(cause, Derived)
        children = (cause.first, cause.second)
        derived = [c for c in children if isinstance(c.cause, Derived)]
        conclusion = self._conclusion(incompatibility, cause.pivot)
        if (
            len(derived) == 1
            and self.references.get(id(derived[0])) == 1
            and id(derived[0]) not in self.numbers
        ):
            self.write(derived[0])
            other = children[1] if children[0] is derived[0] else children[0]
            self.lines.append(f"And because {describe(other, self.universe)}, {conclusion}.")
        else:
            first, second = (self.reference(child) for child in children)
            self.lines.append(f"{first}, and {second}; so {conclusion}.")
        number = len(self.lines)
        self.numbers[id(incompatibility)] = number
        return number


def _chain_facts(incompatibility: Incompatibility) -> list[Incompatibility] | None:
    """The external facts of a derivation that is a simple chain, else None."""
    facts: list[Incompatibility] = []
    node = incompatibility
    while isinstance(node.cause, Derived):
        first, second = node.cause.first, node.cause.second
        derived = [c for c in (first, second) if isinstance(c.cause, Derived)]
        if len(derived) > 1:
            return None
        facts.extend(c for c in (first, second) if not isinstance(c.cause, Derived))
        if not derived:
            break
        node = derived[0]
    return facts


def _target(fact: Incompatibility) -> str:
    cause = fact.cause
    if isinstance(cause, RootRequires):
        return cause.component
    if isinstance(cause, DependsOn):
        return cause.dependency
    return ROOT


def _depths(facts: list[Incompatibility]) -> dict[str, int]:
    sources = {f.cause.component for f in facts if isinstance(f.cause, DependsOn)}
    roots = [_target(f) for f in facts if isinstance(f.cause, RootRequires)]
    depth = {name: 0 for name in roots if name in sources} or dict.fromkeys(roots, 0)
    for _ in facts:
        for fact in facts:
            cause = fact.cause
            if isinstance(cause, DependsOn) and cause.component in depth:
                depth.setdefault(cause.dependency, depth[cause.component] + 1)
    return depth


def _chain_sentence(facts: list[Incompatibility], universe: Universe) -> str:
    depths = _depths(facts)
    ordered = sorted(
        facts,
        key=lambda fact: (
            depths.get(_target(fact), len(facts)),
            isinstance(fact.cause, RootRequires),
        ),
    )
    texts = [describe(fact, universe) for fact in ordered]
    if len(texts) == 2:
        return f"{texts[0]}, and {texts[1]}; no version satisfies both."
    return ", ".join(texts[:-1]) + f", and {texts[-1]}; no set of versions satisfies all of these."


def explain(incompatibility: Incompatibility, universe: Universe) -> str:
    """Explain why resolution failed, from the final (failure) incompatibility.

    Args:
        incompatibility: The incompatibility proving that no solution exists.
        universe: The universe its masks refer to.

    Returns:
        One sentence when the derivation is a short chain of facts, otherwise
        numbered lines that refer to each other.
    """
    if not isinstance(incompatibility.cause, Derived):
        return describe(incompatibility, universe) + "; no version satisfies it."
    facts = _chain_facts(incompatibility)
    if facts is not None and len(facts) <= 4:
        return _chain_sentence(facts, universe)
    writer = _Writer(universe, incompatibility)
    writer.write(incompatibility)
    if len(writer.lines) == 1:
        return writer.lines[0]
    return "\n".join(f"({number}) {line}" for number, line in enumerate(writer.lines, 1))
