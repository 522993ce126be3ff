"""kpikit: steer marketing and sales with a few well-chosen KPIs.

Load a company folder, compute KPIs per period and segment, and check the common mistakes.

>>> import kpikit
>>> sorted(kpikit.KPIS)[:3]
['active_customers', 'avg_deal_size', 'cac']

Naming rule for KPI ids: ``*_rate`` and ``ctr`` are fractions from 0 to 1, ``*_days`` are
durations, ``cost_*``, ``cac`` and the money KPIs are amounts in the company's currency, and
plain nouns (``leads``, ``new_customers``, ``reach``) are counts.

Plotting, widgets and the notebook runner load lazily, so ``import kpikit`` stays fast.
"""

from importlib import import_module

from kpikit.core.version import __version__

# Public names and the private modules behind them; pandas-heavy modules load on first use so
# that ``import kpikit`` stays well under half a second.
_LAZY = {
    "KPI": "kpikit.kpis.definition",
    "KPIS": "kpikit.kpis.registry",
    "catalogue": "kpikit.kpis.registry",
    "Goal": "kpikit.company.spec",
    "demo_path": "kpikit.core.paths",
    "resolve_company_dir": "kpikit.core.paths",
    "run_checks": "kpikit.checks.run",
    "goal_statuses": "kpikit.checks.goals",
    "run_plan": "kpikit.plan.runner",
    "add_comparisons": "kpikit.kpis.compare",
    "compute_kpis": "kpikit.kpis.engine",
    "cohort_table": "kpikit.kpis.cohorts",
    "wilson": "kpikit.kpis.engine",
    "ConfigError": "kpikit.core.errors",
    "DataError": "kpikit.core.errors",
    "KpikitError": "kpikit.core.errors",
    "Problem": "kpikit.core.errors",
    "Company": "kpikit.company.model",
    "SourceReport": "kpikit.company.collect",
    "load_company": "kpikit.company.load",
    "parse_as_of": "kpikit.core.fmt",
}


# Public submodules, imported on first attribute access (``kpikit.plan.manifest()`` after ``import kpikit``):
# the layers, and the three modules trainers call from their notebooks by their short names.
_SUBMODULES = {
    **{layer: f"kpikit.{layer}" for layer in
       ("core", "sources", "kpis", "company", "checks", "views", "plan", "cli", "exercises")},
    "phases": "kpikit.views.phases",
    "plots": "kpikit.views.plots",
    "widgets": "kpikit.views.widgets",
}


def __getattr__(name: str):
    if name in _SUBMODULES:
        return import_module(_SUBMODULES[name])
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kpikit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | set(_SUBMODULES))



__all__ = [
    "KPI",
    "KPIS",
    "Company",
    "ConfigError",
    "DataError",
    "Goal",
    "KpikitError",
    "Problem",
    "SourceReport",
    "__version__",
    "add_comparisons",
    "catalogue",
    "cohort_table",
    "compute_kpis",
    "demo_path",
    "goal_statuses",
    "load_company",
    "parse_as_of",
    "resolve_company_dir",
    "run_checks",
    "run_plan",
    "wilson",
]
