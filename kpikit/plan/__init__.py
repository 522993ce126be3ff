"""Layer 6, the 30-day plan: the manifest of phase notebooks and the runner that executes them.

- ``phases``: the seven phases, their notebooks and parameters (``PHASES``, ``PARAMETERS``, ``manifest``);
- ``kernels``: the kernels the notebooks run in, started with their own environment, ahead when warm;
- ``pool``: the worker processes that run the notebooks, one pipe per worker;
- ``folders``: the run folders, each its own, published whole, the ``latest`` link, the cache folder;
- ``runner``: ``run_plan``, the report, the workbook and ``run.json``.
"""

from kpikit.plan.phases import PARAMETERS, PHASES, manifest
from kpikit.plan.runner import run_plan

__all__ = ["PARAMETERS", "PHASES", "manifest", "run_plan"]
