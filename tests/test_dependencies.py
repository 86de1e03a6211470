"""Every package the code imports directly is declared in pyproject.toml.

The package's imports (every `import` in zoom_mcp, also inside functions and under TYPE_CHECKING) must come
from the standard library, from zoom_mcp itself, or from a distribution listed in `[project] dependencies`;
the tests' imports may also come from the `dev` extra. A package that is only installed because something
else pulls it in (PyJWT via mcp, mcp-types via mcp, ...) fails here until it is declared.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> tuple[set[str], set[str]]:
    """(runtime dependencies, dev extra) as normalized distribution names."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def names(requirements: list[str]) -> set[str]:
        found = (_NAME.match(requirement) for requirement in requirements)
        return {normalized(match.group(1)) for match in found if match}

    return names(project["dependencies"]), names(project["optional-dependencies"]["dev"])


def top_level_imports(directory: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(directory.rglob("*.py")):
        if ".venv" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield alias.name.split(".")[0], path
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield node.module.split(".")[0], path


def undeclared(directory: Path, allowed: set[str], local: set[str]) -> list[str]:
    distributions = importlib.metadata.packages_distributions()
    problems: set[str] = set()
    seen: set[str] = set()
    for module, file in top_level_imports(directory):
        path = file.relative_to(directory.parent)
        if module in seen or module in sys.stdlib_module_names or module in local or module == "__future__":
            continue
        seen.add(module)
        providers = {normalized(name) for name in distributions.get(module, [])}
        if not providers:
            problems.add(f"{module} (imported by {path}) is not installed by any distribution")
        elif not providers & allowed:
            problems.add(
                f"{module} (imported by {path}) comes from {', '.join(sorted(providers))}, "
                "which pyproject.toml does not declare"
            )
    return sorted(problems)


def local_modules() -> set[str]:
    """Modules that are files of this checkout (the tests' and benchmarks' own helpers)."""
    names = {"zoom_mcp", "tests"}
    for directory in (ROOT / "tests", ROOT / "benchmarks"):
        names |= {path.stem for path in directory.rglob("*.py")}
        names |= {path.name for path in directory.rglob("*") if path.is_dir()}
    return names


def test_the_package_imports_only_declared_runtime_dependencies() -> None:
    runtime, _ = declared()
    assert undeclared(ROOT / "zoom_mcp", runtime, {"zoom_mcp"}) == []


def test_the_tests_import_only_declared_dependencies() -> None:
    runtime, dev = declared()
    assert undeclared(ROOT / "tests", runtime | dev, local_modules()) == []


def test_the_check_catches_an_undeclared_import(tmp_path: Path) -> None:
    (tmp_path / "module.py").write_text("import jwt\nimport mcp_types\nfrom yaml import safe_load\n")
    problems = undeclared(tmp_path, {"pyyaml"}, set())
    assert [p.split(" ")[0] for p in problems] == ["jwt", "mcp_types"]
