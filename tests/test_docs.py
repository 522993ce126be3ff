"""Every public KPI, check and view function says what it computes and shows it on a small example."""

from __future__ import annotations

import importlib
import inspect
import re
import shlex
from pathlib import Path

import pytest

from kpikit.kpis.registry import KPIS

PUBLIC = ("kpikit.checks", "kpikit.views.phases", "kpikit.views.plots", "kpikit.views.widgets")


@pytest.mark.parametrize("kpi", list(KPIS))
def test_every_kpi_function_has_its_formula_and_an_example(kpi):
    doc = inspect.getdoc(KPIS[kpi].function) or ""
    assert ">>>" in doc, f"{kpi}: the function {KPIS[kpi].function.__qualname__} has no doctest"
    assert "Returns" in doc or "Parameters" in doc, f"{kpi}: no numpy sections in its docstring"


@pytest.mark.parametrize("module", PUBLIC)
def test_public_functions_have_an_example(module):
    mod = importlib.import_module(module)
    bare = [name for name in mod.__all__
            if inspect.isfunction(getattr(mod, name)) and ">>>" not in (inspect.getdoc(getattr(mod, name)) or "")]
    assert not bare, f"{module}: public functions without a doctest: {bare}"


# --- the README and the command line ------------------------------------------------------------------------------
README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_says_how_to_reach_the_kpikit_command():
    text = README.read_text(encoding="utf-8")
    section = text.split("### Den Befehl `kpikit` aufrufen / Running the `kpikit` command", 1)[1].split("\n## ", 1)[0]
    section = re.sub(r"[ \n]+", " ", section)
    assert ". .venv/bin/activate" in section  # activate the environment …
    assert ".venv/bin/kpikit " in section  # … or the full path (make demo prints it) …
    assert 'make cli ARGS="' in section  # … or through make
    assert "command not found" in section and "make demo" in section and "--lang en" in section


def _readme_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith("kpikit ")]


def test_readme_kpikit_examples_parse(capsys):
    from kpikit.cli import _parser

    commands = _readme_commands()
    assert any("--include-incomplete" in c for c in commands) and len(commands) >= 8
    for command in commands:
        try:
            _parser("en").parse_args(shlex.split(command)[1:])
        except SystemExit as stop:  # --help prints and stops with 0; a wrong option stops with 2
            assert stop.code == 0, (command, capsys.readouterr().err)


def test_readme_lists_this_issues_changes():
    text = README.read_text(encoding="utf-8")
    head = "## Änderungen / Changes in 0.x (issue 17)"
    assert head in text
    changes = text.split(head, 1)[1].split("\n## ", 1)[0]
    for item in ("--include-incomplete", "KPIKIT_LANG", "--version", "make cli", ".ipynb_checkpoints", "hint()"):
        assert item in changes, item
