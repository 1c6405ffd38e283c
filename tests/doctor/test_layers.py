"""The doctor package is pure logic over core: it imports no CLI, TUI or command module, has
no import cycle, and no import hides inside a function."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import wizard

ROOT = Path(wizard.__file__).parent
ALLOWED = ("wizard.core", "wizard.doctor", "wizard.spec")


def _module(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _imports(tree: ast.AST) -> list[tuple[str, ast.AST]]:
    out: list[tuple[str, ast.AST]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out += [(node.module, node)]
            out += [(f"{node.module}.{a.name}", node) for a in node.names]
        elif isinstance(node, ast.Import):
            out += [(a.name, node) for a in node.names]
    return out


def _graph(package: str) -> dict[str, set[str]]:
    files = sorted((ROOT.parent / package.replace(".", "/")).rglob("*.py"))
    mods = {_module(p): p for p in files}
    return {m: {name for name, _ in _imports(ast.parse(p.read_text())) if name in mods}
            for m, p in mods.items()}


def test_doctor_imports_only_core_and_data() -> None:
    for path in sorted((ROOT / "doctor").rglob("*.py")):
        for name, _ in _imports(ast.parse(path.read_text())):
            if name.startswith("wizard"):
                assert name.startswith(ALLOWED), f"{path.name} imports {name}"


def test_no_import_inside_a_function() -> None:
    for path in sorted((ROOT / "doctor").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = [n for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom))]
                assert not inner, f"{path.name}: {node.name} imports inside"


def test_no_cycle_in_the_doctor() -> None:
    graph = _graph("wizard.doctor")
    state: dict[str, int] = {}

    def visit(m: str, trail: list[str]) -> None:
        state[m] = 1
        for n in graph[m]:
            assert state.get(n) != 1, " -> ".join([*trail, m, n])
            if n not in state:
                visit(n, [*trail, m])
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m, [])


def test_core_does_not_import_the_doctor() -> None:
    for path in sorted((ROOT / "core").rglob("*.py")):
        for name, _ in _imports(ast.parse(path.read_text())):
            assert not name.startswith(("wizard.doctor", "wizard.views", "wizard.tui",
                                        "wizard.commands", "wizard.cli")), (path.name, name)


def test_the_doctor_view_needs_no_textual() -> None:
    code = ("import sys, wizard.views.doctor_view, wizard.doctor.engine, wizard.doctor.fixes; "
            "sys.exit('textual' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
