"""The import layers that keep pure data and pure logic apart from I/O: ``wizard.spec`` (pure
data) imports nothing else of ``wizard``; ``wizard.core`` (pure logic) imports only itself and
``wizard.spec``; ``wizard.detect`` reads the environment without the OpenClaw or provider I/O
layers; the headless replay does not import the CLI's status/doctor module; the backends form
no import cycle. Read from the source, deferred imports included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "wizard"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "wizard":
            found.update(f"wizard.{a.name}" for a in node.names)  # from wizard import children
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m == "wizard" or m.startswith("wizard.")}


MODULES = {module_name(p): imports_of(p) for p in ROOT.rglob("*.py")}


def under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


@pytest.mark.parametrize(("package", "allowed"), [
    ("wizard.spec", ("wizard.spec",)),
    ("wizard.core", ("wizard.core", "wizard.spec")),
    ("wizard.detect", ("wizard.detect", "wizard.core", "wizard.spec", "wizard.errors",
                       "wizard.children")),
])
def test_a_layer_imports_only_what_lies_below_it(package: str, allowed: tuple[str, ...]) -> None:
    upward = sorted(f"{m} -> {i}" for m, found in MODULES.items() if under(m, package)
                    for i in found if not any(under(i, a) for a in allowed))
    assert upward == []


def test_the_replay_does_not_import_the_other_commands() -> None:
    found = MODULES["wizard.commands.replay"]
    assert not {"wizard.commands.status", "wizard.commands.doctor"} & set(found)


def test_no_import_cycle_among_openclaw_modules() -> None:
    graph = {m: {i for i in found if i in MODULES and under(i, "wizard.openclaw")}
             for m, found in MODULES.items() if under(m, "wizard.openclaw")}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    assert sorted(m for m in graph if reaches(m, m, {m})) == []
