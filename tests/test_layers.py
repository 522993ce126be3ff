"""The package's layers: imports run one way, from a higher layer to a lower one, and form no circle.

The imports are read with ``ast`` from every module of ``kpikit/``, those inside functions and those
for type hints only (``if TYPE_CHECKING:``) included: a type that points up the layers, or round in a
circle, tangles the picture as much as an import that runs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kpikit"

# Lowest first. A module may import from its own layer and from the layers below it. The package facade
# (``kpikit/__init__.py``, the public API) stands between the command line and the exercises: only the
# exercises, written for learners in the public API, may import it.
LAYERS = ("core", "sources", "kpis", "company", "checks", "views", "plan", "cli", "exercises")
FACADE = LAYERS.index("exercises") - 0.5


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str | None:
    """The layer of a ``kpikit`` module; None for the package facade ``kpikit`` itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def rank(module: str) -> float:
    layer = layer_of(module)
    return FACADE if layer is None else LAYERS.index(layer)


def imports_of(path: Path, known: set[str]) -> list[tuple[int, str]]:
    """``(line, module)`` for each kpikit module that ``path`` imports, anywhere in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rsplit(".", 1)[0]
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend((child.lineno, a.name) for a in child.names if a.name.split(".")[0] == "kpikit")
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - child.level + 1]
                    module = ".".join([*base, *([child.module] if child.module else [])])
                else:
                    module = child.module or ""
                if module.split(".")[0] != "kpikit":
                    continue
                for alias in child.names:  # `from kpikit.views import plots` imports the module kpikit.views.plots
                    sub = f"{module}.{alias.name}"
                    found.append((child.lineno, sub if sub in known else module))
            visit(child)

    visit(tree)
    return found


def graph() -> dict[str, list[tuple[int, str]]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    known = {module_name(p) for p in paths}
    return {module_name(p): [(line, m) for line, m in imports_of(p, known) if m != module_name(p)] for p in paths}


def test_every_module_is_in_a_layer():
    strays = sorted(m for m in graph() if layer_of(m) is not None and layer_of(m) not in LAYERS)
    assert not strays, f"modules outside the layers {LAYERS}: {strays}; move them into a layer folder"


def offences(imports_by_module: dict[str, list[tuple[int, str]]]) -> list[str]:
    """Each import of a higher layer (or of the facade, below the exercises), named with its line."""
    found = []
    for module, imports in imports_by_module.items():
        for line, target in imports:
            if rank(target) > rank(module):
                theirs = layer_of(target) or "the package facade"
                found.append(f"{module} (line {line}) imports {target}: layer {layer_of(module)!r} is below {theirs!r}")
    return found


def cycles(imports_by_module: dict[str, list[tuple[int, str]]]) -> list[list[str]]:
    """Import circles; a module and its own package (``kpikit.cli`` and ``kpikit.cli.run``) do not count."""
    edges = {m: sorted({t for _, t in imports}) for m, imports in imports_by_module.items()}
    state: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def dfs(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in edges.get(node, []):
            if nxt == node or node.startswith(nxt + ".") or nxt.startswith(node + "."):
                continue
            if state.get(nxt) == 1:
                found.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                dfs(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            dfs(node)
    return found


def test_imports_follow_the_layer_order():
    found = offences(graph())
    assert not found, "imports against the layer order:\n" + "\n".join(found)


def test_no_import_cycle():
    found = cycles(graph())
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_checks_name_what_they_find():
    """The two checks above can fail, and say where."""
    fake = {
        "kpikit.core.fmt": [(12, "kpikit.kpis.registry")],  # upward
        "kpikit.kpis.registry": [(3, "kpikit.core.fmt")],  # closes a circle
        "kpikit.checks.goals": [(7, "kpikit")],  # the facade, from below the exercises
        "kpikit.exercises.ex01": [(1, "kpikit"), (2, "kpikit.views.phases")],  # allowed
    }
    assert offences(fake) == [
        "kpikit.core.fmt (line 12) imports kpikit.kpis.registry: layer 'core' is below 'kpis'",
        "kpikit.checks.goals (line 7) imports kpikit: layer 'checks' is below 'the package facade'",
    ]
    assert cycles(fake) == [["kpikit.core.fmt", "kpikit.kpis.registry", "kpikit.core.fmt"]]


@pytest.mark.parametrize(("source", "expected"), [
    ("from kpikit.views import report\n", [(1, "kpikit.views.report")]),
    ("def f():\n    from kpikit.plan import runner\n", [(2, "kpikit.plan.runner")]),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from kpikit.plan import runner\n",
     [(3, "kpikit.plan.runner")]),
    ("from ..views import plots\n", [(1, "kpikit.views.plots")]),
])
def test_the_import_reader_sees_what_runs(tmp_path, source, expected, monkeypatch):
    """The reader finds imports in functions, type-only and relative ones."""
    fake = tmp_path / "kpikit"
    (fake / "checks").mkdir(parents=True)
    path = fake / "checks" / "x.py"
    path.write_text(source, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.PACKAGE", fake)
    assert imports_of(path, {"kpikit.views.report", "kpikit.plan.runner", "kpikit.views.plots"}) == expected


# Message tables are data: one entry per message, however many there are.
LONG_ALLOWED = ("kpikit/core/messages/",)
MAX_LINES = 425  # "about 400"


def test_modules_stay_small():
    long = {str(p.relative_to(PACKAGE.parent)): n for p in sorted(PACKAGE.rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
            and not str(p.relative_to(PACKAGE.parent)).startswith(LONG_ALLOWED)}
    assert not long, f"modules over {MAX_LINES} lines (split them by what they do): {long}"
