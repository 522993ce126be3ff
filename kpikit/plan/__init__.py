"""Layer 6, the 30-day plan: the manifest of phase notebooks and the runner that executes them."""

from kpikit.plan.runner import PARAMETERS, PHASES, manifest, run_plan

__all__ = ["PARAMETERS", "PHASES", "manifest", "run_plan"]
