"""The import graph of ``afnor_ctin`` has no cycle, lazy imports inside functions included.

The graph is built from the source with :mod:`ast`: every ``import`` and ``from … import`` anywhere
in a module (at module level or inside a function) is an edge, except those under
``if TYPE_CHECKING:``, which never run. ``from package import name`` is an edge to the submodule
``package.name`` when there is one, else to ``package``.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "afnor_ctin"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _type_checking_only(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool) -> list[tuple[str, str | None]]:
    """``(imported module, imported name)`` pairs, TYPE_CHECKING blocks skipped."""
    found: list[tuple[str, str | None]] = []

    def visit(node: ast.AST) -> None:
        if _type_checking_only(node):
            for child in node.orelse:  # type: ignore[attr-defined]
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            found.extend((base, alias.name) for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the package modules it imports."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for base, imported in _imports(tree, name, path.name == "__init__.py"):
            if imported is not None and f"{base}.{imported}" in modules:
                target = f"{base}.{imported}"
            elif base in modules:
                target = base
            else:
                continue
            if target != name:
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def strong(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return sorted(found)


#: Modules of the compute, catalogue, results and presentation layers: never part of a cycle.
LAYERED = (
    "afnor_ctin.compute",
    "afnor_ctin.catalog",
    "afnor_ctin.indicators",
    "afnor_ctin.results",
    "afnor_ctin.referential",
    "afnor_ctin.evaluate",
    "afnor_ctin.report",
    "afnor_ctin.cli",
)


def _layered(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in LAYERED)


def test_the_graph_sees_lazy_imports_and_skips_type_checking_blocks():
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from afnor_ctin.b import X\n"
        "def f():\n    from afnor_ctin.c import Y\n    from . import d\n"
    )
    pairs = _imports(ast.parse(source), "afnor_ctin.a", False)
    assert ("afnor_ctin.c", "Y") in pairs
    assert ("afnor_ctin", "d") in pairs
    assert all(base != "afnor_ctin.b" for base, _ in pairs)
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_cycle_goes_through_the_layered_modules():
    graph = import_graph()
    assert "afnor_ctin.compute.conventions" in graph["afnor_ctin.compute.offer"]
    offending = [c for c in cycles(graph) if any(_layered(m) for m in c)]
    assert offending == []


def test_the_compute_layer_imports_nothing_above_it():
    above = ("afnor_ctin.catalog", "afnor_ctin.indicators", "afnor_ctin.evaluate", "afnor_ctin.report", "afnor_ctin.io")
    for module, targets in import_graph().items():
        if module.startswith("afnor_ctin.compute"):
            assert not [t for t in targets if t.startswith(above)], module


def test_no_import_cycle_anywhere():
    assert cycles(import_graph()) == []
