"""The shape of ``src/``: no import cycle anywhere (every import counts, at module level or inside a
function), and modules of one job (at most 600 lines each)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _graph() -> dict[str, set[str]]:
    paths = {}
    for path in (SRC / "afnor_ctin").rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        paths[".".join(parts)] = path
    graph: dict[str, set[str]] = {name: set() for name in paths}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    kept = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*kept, *([node.module] if node.module else [])])
                modules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in paths]
                targets = modules or [base]
            else:
                continue
            graph[name].update(t for t in targets if t in paths and t != name)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
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
            visit(v)
    return found


def test_the_graph_sees_the_imports() -> None:
    graph = _graph()
    assert "afnor_ctin.rules" in graph["afnor_ctin.model.records"]
    assert "afnor_ctin.display" in graph["afnor_ctin.dataset"]


def test_no_import_cycle() -> None:
    assert _cycles(_graph()) == []


def test_a_cycle_is_found() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_data_layers_import_nothing_above_them() -> None:
    graph = _graph()
    below = {
        "afnor_ctin.exceptions",
        "afnor_ctin.vocabulary",
        "afnor_ctin.issue_codes",
        "afnor_ctin.errors",
        "afnor_ctin.french",  # French numbers and wording, imports nothing of the package
    }
    for name in below | {"afnor_ctin.rules", "afnor_ctin.cascade", "afnor_ctin.columns"}:
        allowed = below | {"afnor_ctin.columns", "afnor_ctin.cascade"}
        assert {t for t in graph[name] if t.startswith("afnor_ctin.")} <= allowed, name
    for name in [n for n in graph if n.startswith("afnor_ctin.model")]:
        assert not any(t.startswith(("afnor_ctin.io", "afnor_ctin.dataset", "afnor_ctin.report")) for t in graph[name])


def test_every_module_has_at_most_600_lines() -> None:
    # One job per module: a module that grows past 600 lines is split along its responsibilities.
    sizes = {
        str(path.relative_to(SRC)): len(path.read_text(encoding="utf-8").splitlines())
        for path in (SRC / "afnor_ctin").rglob("*.py")
    }
    assert len(sizes) > 100  # the walk sees the package
    assert {name: n for name, n in sizes.items() if n > 600} == {}
