"""What a phase can show for the data at hand: the KPIs it picks, what is missing, and whether there are dates.

Every phase asks for a few KPIs (phase 5: leads, close rate, new customers, CAC); a company with only
some tables cannot produce all of them. ``choose_kpis`` keeps the computable ones (or, when none of
them is, the company's own computable KPIs), ``missing_note`` says once which are missing and what to
capture, and ``trend_note`` says once that a company without dates has no trends.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kpikit.checks import capture_advice
from kpikit.core.i18n import t
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.registry import KPIS

if TYPE_CHECKING:
    from kpikit.company.model import Company

# What phase 5 asks for: trends per month, and the KPIs split by channel.
TREND_KPIS = ("leads", "close_rate", "new_customers", "cac")
SEGMENT_KPIS = ("close_rate", "cac")


def _status(company: Company) -> dict[str, str | None]:
    """KPI id -> None when computable over the whole period, else what is missing (table, column or code).

    Computed once per company and set of undated tables: a phase asks several times (its trends, its
    segments, its note), and each answer is the whole catalogue over the whole period.
    """
    key = (id(company), undated_tables(company))
    hit = _STATUS.get(key)
    if hit is not None and hit[0]() is company:
        return hit[1]
    frame = compute_kpis(company, list(KPIS), period="all")
    status = {k: (m if isinstance(m, str) else None) for k, m in zip(frame["kpi"], frame["missing"], strict=True)}
    _STATUS[key] = (weakref.ref(company), status)
    while len(_STATUS) > 16:
        _STATUS.pop(next(iter(_STATUS)))
    return status


_STATUS: dict[tuple, tuple] = {}


def undated_tables(company: Company) -> tuple[str, ...]:
    """The company's tables that have no dates (``company.undated``; empty for older companies).

    >>> from kpikit import Company
    >>> undated_tables(Company.from_frames())
    ()
    """
    return tuple(getattr(company, "undated", ()) or ())


def dated(company: Company) -> bool:
    """Whether any loaded table of the company carries dates (else there are no periods, only ``all``).

    >>> from kpikit import Company
    >>> import pandas as pd
    >>> leads = pd.DataFrame({"lead_id": ["L1"], "created_at": ["2025-01-06"]})
    >>> company = Company.from_frames(leads=leads)
    >>> dated(company)
    True
    >>> company.undated = ("leads",)
    >>> dated(company)
    False
    """
    undated = set(undated_tables(company))
    return any(name not in undated for name in company.tables)


def choose_kpis(company: Company, wanted: Sequence[str], *, n: int | None = None) -> list[str]:
    """The KPIs of ``wanted`` the data can produce; when none, the company's own (or any) computable ones.

    Parameters
    ----------
    company : Company
        The company.
    wanted : sequence of str
        KPI ids the view would show, in order.
    n : int, optional
        At most this many (for the fallback: as many as ``wanted`` holds).

    Returns
    -------
    list of str
        KPI ids; empty when the data produces no KPI at all.

    Examples
    --------
    >>> from kpikit import Company
    >>> import pandas as pd
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2"], "created_at": ["2025-01-06", "2025-02-03"]})
    >>> choose_kpis(Company.from_frames(leads=leads), ["leads", "close_rate", "cac"])
    ['leads']
    >>> choose_kpis(Company.from_frames(leads=leads), ["close_rate", "cac"])
    ['leads']
    """
    status = _status(company)
    ok = [k for k in wanted if k in status and status[k] is None]
    if not ok:
        ok = [k for k in (*company.kpis, *KPIS) if status.get(k, "?") is None]
        ok = list(dict.fromkeys(ok))[:len(wanted) or 1]
    return ok[:n] if n is not None else ok


def missing_note(company: Company, wanted: Sequence[str], *, lang: str = "de") -> str:
    """One sentence (Markdown-safe text): which of ``wanted`` cannot be computed and what to capture for each.

    Parameters
    ----------
    company : Company
        The company.
    wanted : sequence of str
        KPI ids the view would show.
    lang : {"de", "en"}
        Language.

    Returns
    -------
    str
        The sentence; empty when every KPI of ``wanted`` is computable.

    Examples
    --------
    >>> from kpikit import Company
    >>> import pandas as pd
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2"], "created_at": ["2025-01-06", "2025-02-03"]})
    >>> missing_note(Company.from_frames(leads=leads), ["leads"], lang="en")
    ''
    >>> missing_note(Company.from_frames(leads=leads), ["leads", "close_rate"], lang="en")[:40]
    'These views are missing because their da'
    """
    status = _status(company)
    gone = [k for k in dict.fromkeys(wanted) if status.get(k) is not None]
    if not gone:
        return ""
    items = "; ".join(t("V_capture_item", lang, kpi=KPIS[k].name(lang), capture=capture_advice(status[k], lang))
                      for k in gone)
    if not any(status.get(k) is None for k in KPIS):
        return t("V_nothing_computable", lang, capture=items)
    return t("V_not_computable_here", lang, items=items)


def trend_note(company: Company, *, lang: str = "de") -> str:
    """Once per phase: the data has no dates, so trends are replaced by the whole period; empty with dates.

    >>> from kpikit import Company
    >>> import pandas as pd
    >>> company = Company.from_frames(leads=pd.DataFrame({"lead_id": ["L1"], "created_at": [pd.NaT]}))
    >>> trend_note(company, lang="en")
    ''
    >>> company.undated = ("leads",)
    >>> trend_note(company, lang="en")[:31]
    'This data has no dates (leads):'
    """
    undated = undated_tables(company)
    if not undated or dated(company):
        return ""
    return t("V_trends_need_dates", lang, tables=", ".join(undated))


__all__ = ["SEGMENT_KPIS", "TREND_KPIS", "choose_kpis", "dated", "missing_note", "trend_note", "undated_tables"]
