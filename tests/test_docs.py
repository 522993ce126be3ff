"""Every public KPI, check and view function says what it computes and shows it on a small example."""

from __future__ import annotations

import importlib
import inspect

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
