"""Web analytics KPIs (the ``traffic`` table): sessions, and the share of sessions that convert.

Each KPI is one block: its definition in the ``TRAFFIC.kpi`` decorator and the function that computes it
per cell (period × segment) from the ``Context``. A traffic export without ``sessions`` has one row per
session (the loader fills the column with 1.0).
"""

from __future__ import annotations

import pandas as pd

from kpikit.kpis.context import Context
from kpikit.kpis.definition import COUNT, HIGHER, RATIO, Family
from kpikit.kpis.results import Res

TRAFFIC = Family("traffic")


def _sessions(c: Context) -> tuple[pd.DataFrame, pd.Series]:
    rows = c.tables.table("traffic")
    sessions = rows["sessions"] if "sessions" in rows else None
    if sessions is None or not sessions.notna().any():
        sessions = c.tables.need("traffic", "sessions")
    return rows, sessions


@TRAFFIC.kpi(
    "sessions", unit=COUNT, direction=HIGHER, tables=("traffic",),
    name_de="Sitzungen", name_en="Sessions",
    explain_de="Besuche (Sitzungen) der Website laut Web-Analyse im Zeitraum.",
    explain_en="Website visits (sessions) reported by web analytics in the period.",
    numerator_de="Sitzungen", numerator="sessions",
)
def sessions(c: Context) -> Res:
    """Sessions: the sum of ``traffic.sessions`` by ``date``; unknown where a channel's export has no rows.

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        The sum per cell as numerator.

    Examples
    --------
    >>> import types
    >>> import kpikit
    >>> web = pd.DataFrame({"date": pd.to_datetime(["2025-01-05", "2025-01-20", "2025-02-03"]),
    ...                     "channel": ["Organic", "Paid", "Organic"], "sessions": [100.0, 40.0, 80.0]})
    >>> company = types.SimpleNamespace(tables={"traffic": web}, period=(web["date"].min(), web["date"].max()))
    >>> kpikit.compute_kpis(company, "sessions", lang="en")["value"].tolist()
    [140.0, 80.0]
    """
    rows, values = _sessions(c)
    total = c.cells.bincount(c.cells.rows(rows, "date", values.notna().to_numpy()), values)
    return c.covered(Res(num=total, n=total), ("traffic",))


@TRAFFIC.kpi(
    "visit_conversion_rate", unit=RATIO, direction=HIGHER, tables=("traffic",), bounded=True,
    name_de="Besuchs-Conversion-Rate", name_en="Visit conversion rate",
    explain_de="Anteil der Sitzungen mit einer Conversion (Kauf, Anfrage) laut Web-Analyse.",
    explain_en="Share of sessions with a conversion (purchase, enquiry) reported by web analytics.",
    numerator_de="Conversions", numerator="conversions",
    denominator_de="Sitzungen", denominator="sessions",
)
def visit_conversion_rate(c: Context) -> Res:
    """Visit conversion rate: traffic conversions / sessions, over the rows that have both.

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        Conversions (numerator) and sessions (denominator and ``n``) per cell.

    Examples
    --------
    >>> import types
    >>> import kpikit
    >>> web = pd.DataFrame({"date": pd.to_datetime(["2025-01-05", "2025-01-06", "2025-01-20", "2025-01-21"]),
    ...                     "channel": ["Organic", "Organic", "Paid", "Paid"], "sessions": [1.0, 1.0, 1.0, 1.0],
    ...                     "conversions": [1.0, 0.0, 0.0, 0.0]})
    >>> company = types.SimpleNamespace(tables={"traffic": web}, period=(web["date"].min(), web["date"].max()))
    >>> kpikit.compute_kpis(company, "visit_conversion_rate", period="all")[["value", "n"]].values.tolist()
    [[0.25, 4.0]]
    """
    rows, values = _sessions(c)
    conv = c.tables.need("traffic", "conversions")
    cell = c.cells.rows(rows, "date", (values.notna() & conv.notna()).to_numpy())
    den = c.cells.bincount(cell, values)
    num = c.cells.bincount(cell, conv)
    return c.covered(Res(num=num, den=den, n=den, zero_reason="U_NO_SESSIONS"), ("traffic",))


__all__ = ["TRAFFIC", "sessions", "visit_conversion_rate"]
