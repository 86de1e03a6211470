"""No import circles inside the zoom_mcp package.

Every module is read with `ast` (nothing is imported); every `import` statement anywhere in it counts:
module level, inside functions (lazy imports hide a circle, they do not remove it) and under
`if TYPE_CHECKING:`. Relative imports are resolved against the module's package; `from x import y`
points at the submodule `x.y` when there is one, else at `x` itself. A package's `__init__` is not an
implicit dependency of its submodules (Python runs it first either way; only what it imports counts).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import zoom_mcp

PACKAGE_DIR: Final = Path(zoom_mcp.__file__).resolve().parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE_DIR.rglob("*.py"))}


def _resolve_relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    base = module.split(".") if is_package else module.split(".")[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, *([target] if target else [])])


def imported_modules(module: str, path: Path, known: set[str] | dict[str, Path]) -> Iterator[str]:
    """The zoom_mcp modules that `module` imports, anywhere in its source."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known:
                    yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _resolve_relative(module, is_package, node.level, node.module) if node.level else (node.module or "")
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in known:
                    yield submodule
                elif base in known:
                    yield base


def import_graph() -> dict[str, set[str]]:
    modules = package_modules()
    return {
        name: {target for target in imported_modules(name, path, modules) if target != name}
        for name, path in modules.items()
    }


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_the_graph_sees_every_kind_of_import(tmp_path: Path) -> None:
    known = {"zoom_mcp.a", "zoom_mcp.a.b", "zoom_mcp.c", "zoom_mcp.d", "zoom_mcp.e", "zoom_mcp.f"}
    source = tmp_path / "b.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "import zoom_mcp.c\n"
        "from .. import d\n"
        "from ..e import something\n"
        "if TYPE_CHECKING:\n"
        "    from zoom_mcp.f import Thing\n"
        "def lazy():\n"
        "    from zoom_mcp import a\n",
        encoding="utf-8",
    )
    found = set(imported_modules("zoom_mcp.a.b", source, known))
    assert found == {"zoom_mcp.c", "zoom_mcp.d", "zoom_mcp.e", "zoom_mcp.f", "zoom_mcp.a"}


def test_cycle_finder_reports_circles_and_only_circles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert find_cycles(graph) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_zoom_mcp_has_no_import_circles() -> None:
    graph = import_graph()
    assert len(graph) > 100 and "zoom_mcp.server.app" in graph  # the walk really covered the package
    cycles = find_cycles(graph)
    assert cycles == [], "import circles (break them: the lower module must not import the higher one):\n" + "\n".join(
        " <-> ".join(cycle) for cycle in cycles
    )
