"""Findings about the data itself: rows set aside, only won deals, blank amounts, tidied text values.

Rows set aside that would move a KPI, a close rate of 100 % that only won deals make, blanks in an
optional amount, and the placeholders and spellings that loading tidied (``kpikit.company.tidy``).

The checks of ``kpikit.checks.selection`` and ``window`` judge the setup; these judge the export: what
a KPI silently rests on unless someone says it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from kpikit.checks.findings import Finding
from kpikit.core.fmt import number
from kpikit.sources.schema import MONEY, TABLES

if TYPE_CHECKING:
    from kpikit.company.model import Company

SET_ASIDE_SHARE = 0.01  # rows set aside from a table above this share would move its KPIs
TIDY_CODES = ("TEXT_PLACEHOLDER", "TEXT_MERGED")


def check_data(company: Company) -> list[Finding]:
    """Findings about the export itself, in the order: set aside, only won deals, blank amounts, tidied text.

    Parameters
    ----------
    company : Company
        The loaded company (its tables, rejected rows and validation problems).

    Returns
    -------
    list of Finding
        ``ROWS_SET_ASIDE`` (warning) per table with more than 1 % of its rows set aside;
        ``ONLY_WON_DEALS`` (warning) when every closed deal is won; ``AMOUNT_BLANK`` (info) per optional
        amount column with blanks; ``TEXT_TIDIED`` (info) per column whose placeholders or spellings
        loading tidied.

    Examples
    --------
    >>> import pandas as pd
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["a", "b"], "status": ["won", "won"], "amount": ["100", None],
    ...                       "closed_at": ["2025-01-10", "2025-01-20"]})
    >>> [f.code for f in check_data(Company.from_frames(deals=deals))]
    ['ONLY_WON_DEALS', 'AMOUNT_BLANK']
    """
    return [*_set_aside(company), *_only_won(company), *_blank_amounts(company), *_tidied(company)]


def _pct(share: float) -> str:
    return f"{share * 100:.1f} %"


def _set_aside(company: Company) -> list[Finding]:
    rejected = company.rejected
    out = []
    for name, frame in company.tables.items():
        if rejected.empty:
            break
        aside = len(rejected.loc[rejected["table"] == name, ["file", "row"]].drop_duplicates())
        total = aside + len(frame)
        if not total or aside / total <= SET_ASIDE_SHARE:
            continue
        codes = rejected.loc[rejected["table"] == name, "code"].value_counts()
        reasons = ", ".join(f"{code} ({number(int(n))})" for code, n in codes.head(3).items())
        out.append(Finding("ROWS_SET_ASIDE", "warning", None,
                           {"table": name, "count": number(aside), "share": _pct(aside / total), "reasons": reasons},
                           {"table": name, "set_aside": aside, "loaded": len(frame), "share": aside / total,
                            "reasons": {str(k): int(v) for k, v in codes.items()}}))
    return out


def _only_won(company: Company) -> list[Finding]:
    deals = company.tables.get("deals")
    if deals is None or "status" not in deals:
        return []
    won, lost = int((deals["status"] == "won").sum()), int((deals["status"] == "lost").sum())
    if won == 0 or lost:
        return []
    return [Finding("ONLY_WON_DEALS", "warning", "close_rate", {"won": number(won)},
                    {"won": won, "lost": 0, "open": int((deals["status"] == "open").sum())})]


def _blank_amounts(company: Company) -> list[Finding]:
    out = []
    for name, frame in company.tables.items():
        for col in TABLES[name].columns:
            if col.kind != MONEY or col.required or col.name not in frame or not len(frame):
                continue
            # won deals make revenue; of other tables, every row counts
            rows = frame["status"] == "won" if name == "deals" and "status" in frame else pd.Series(True, frame.index)
            blank = int((frame[col.name].isna() & rows).sum())
            if blank:
                of = int(rows.sum())
                out.append(Finding("AMOUNT_BLANK", "info", None,
                                   {"column": f"{name}.{col.name}", "count": number(blank), "of": number(of)},
                                   {"table": name, "column": col.name, "blank": blank, "rows": of}))
    return out


def _tidied(company: Company) -> list[Finding]:
    out = []
    for p in company.problems:
        if p.code in TIDY_CODES:
            what = p.params.get("merges") or p.params.get("values", "")
            out.append(Finding(f"TIDY_{p.code}", "info", None,
                               {"column": f"{p.table}.{p.canonical}", "file": p.file,
                                "count": number(p.params["count"]), "what": what},
                               {"table": p.table, "column": p.canonical, "file": p.file, "rows": p.params["count"]}))
    return out
