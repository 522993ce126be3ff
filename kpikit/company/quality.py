"""Counts over a whole company that must not count a file row twice (one file may feed two tables)."""

from __future__ import annotations

from typing import Protocol

import pandas as pd


class _Loaded(Protocol):
    rejected: pd.DataFrame
    sources: list


def rows_rejected(company: _Loaded) -> int:
    """File rows set aside, each counted once: however many problems it has and however many tables it feeds.

    A funnel export mapped to both ``leads`` and ``deals`` has one report per table; a row set aside
    from both is still one row of the file.

    Parameters
    ----------
    company : Company
        The loaded company; its ``rejected`` frame (one row per problem, with ``file`` and ``row``).

    Returns
    -------
    int
        Distinct (file, row) pairs among the rejected rows.
    """
    rejected = company.rejected
    if rejected.empty:
        return 0
    return len(rejected[["file", "row"]].drop_duplicates())
