"""Layer kpis: every KPI defined once with its function, and the engine that computes them per period and segment.

- ``definition``: what a KPI is (``KPI``) and the ``Family`` decorator that registers one with its function;
- ``sales`` (with ``leads``), ``marketing``, ``customers``, ``retention``, ``traffic``: the KPI families, one
  block per KPI (add a KPI here); ``cohorts``: the cohort table (``cohort_table``);
- ``registry``: ``KPIS`` (all families in catalogue order) and ``catalogue``;
- ``engine``: ``compute_kpis`` and the Wilson interval; ``context`` what a KPI function is given, made of
  ``grid`` (periods × segments, sums per cell), ``tables`` (tables, their date coverage, undated tables,
  the lead's channel inherited by deals, orders and customers), ``identity`` (customers, converted leads
  included, and their first purchase), ``spend`` (spend and costs); ``results`` what it returns;
- ``compare`` (previous period, last year, goal), ``stats`` (tests and trends), ``periods`` (complete periods,
  ``kpi_coverage``).
"""
