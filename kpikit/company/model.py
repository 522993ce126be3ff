"""The ``Company`` type: a company's validated tables, rejected rows, goals and KPI selection.

``load_company`` (in ``kpikit.company.load``) builds one from a company folder, ``Company.from_frames``
from frames in memory; both go through the same parsing and validation (``kpikit.company.ingest``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kpikit.company.collect import REJECTED_COLUMNS, SourceReport
from kpikit.company.ingest import add_source, set_period
from kpikit.company.quality import rows_rejected
from kpikit.company.spec import Goal, SourceSpec
from kpikit.core.errors import Problem
from kpikit.sources.raw import Raw
from kpikit.sources.schema import TABLES


@dataclass
class Company:
    """A company's validated data, goals and KPI selection.

    Attributes
    ----------
    tables : dict of str to DataFrame
        Canonical tables by name (``leads``, ``deals``, ``orders``, ``campaigns``, ``costs``,
        ``customers``, ``traffic``); a table without a source is absent.
    undated : tuple of str
        The tables loaded from an export without dates (``created_at: "@none"`` in company.yaml): their
        required date column is all NaT, so their KPIs have no trend, only the grain ``all``.
    conversion_window_days : int or None
        Days a lead gets to become a customer before its period is judged (company.yaml); None: the
        median lead-to-win time of the data (``kpikit.kpis.maturity``).
    rejected : DataFrame
        One row per problem of a rejected row: ``table, file, row, column, code, value, message,
        fix, record``.
    problems : list of Problem
        Every finding of validation, rejected rows and file-level warnings alike.
    checked : dict of str to list of Finding
        The findings of ``kpikit.run_checks`` per cut-off date, kept so that they are computed once
        (the plan runner computes them before the notebooks run and caches them with the company);
        a copy made with ``dataclasses.replace`` starts without them.
    """

    name: str
    currency: str = "CHF"
    language: str = "de"
    period: tuple[pd.Timestamp | None, pd.Timestamp | None] = (None, None)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    goals: tuple[Goal, ...] = ()
    kpis: tuple[str, ...] = ()
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECTED_COLUMNS))
    problems: list[Problem] = field(default_factory=list)
    sources: list[SourceReport] = field(default_factory=list)
    path: Path | None = None
    undated: tuple[str, ...] = ()
    conversion_window_days: int | None = None
    checked: dict[str, list] = field(default_factory=dict, init=False, repr=False, compare=False)

    def table(self, name: str) -> pd.DataFrame | None:
        """The canonical table ``name``, or None when the company has no such data."""
        if name not in TABLES:
            raise ValueError(f"Got table={name!r}. Must be one of {list(TABLES)}.")
        return self.tables.get(name)

    @property
    def leads(self) -> pd.DataFrame | None:
        """Leads table or None."""
        return self.tables.get("leads")

    @property
    def deals(self) -> pd.DataFrame | None:
        """Deals table or None."""
        return self.tables.get("deals")

    @property
    def orders(self) -> pd.DataFrame | None:
        """Orders table or None."""
        return self.tables.get("orders")

    @property
    def campaigns(self) -> pd.DataFrame | None:
        """Campaigns table or None."""
        return self.tables.get("campaigns")

    @property
    def costs(self) -> pd.DataFrame | None:
        """Costs table or None."""
        return self.tables.get("costs")

    @property
    def customers(self) -> pd.DataFrame | None:
        """Customers table (a customer list, e.g. with a churn flag) or None."""
        return self.tables.get("customers")

    @property
    def traffic(self) -> pd.DataFrame | None:
        """Traffic table (web analytics: sessions per day and channel, or one row per session) or None."""
        return self.tables.get("traffic")

    @property
    def rows_read(self) -> int:
        """Data rows read over all sources."""
        return sum(s.rows_read for s in self.sources)

    @property
    def rows_loaded(self) -> int:
        """Rows that passed validation."""
        return sum(s.rows_loaded for s in self.sources)

    @property
    def rows_rejected(self) -> int:
        """Rows set aside, each counted once however many problems it has."""
        return rows_rejected(self)

    @property
    def warnings(self) -> list[Problem]:
        """File-level warnings (rows loaded, but worth a look)."""
        return [p for p in self.problems if p.severity == "warning"]

    def __repr__(self) -> str:
        tables = ", ".join(f"{k}={len(v)}" for k, v in self.tables.items())
        return f"Company({self.name!r}, {tables}, rejected={self.rows_rejected})"


    @classmethod
    def from_frames(
        cls,
        *,
        name: str = "Beispiel AG",
        currency: str = "CHF",
        language: str = "de",
        period: tuple | None = None,
        goals: tuple[Goal, ...] | list[Goal] = (),
        kpis: tuple[str, ...] | list[str] = (),
        conversion_window_days: int | None = None,
        **frames: pd.DataFrame,
    ) -> Company:
        """Build a company from in-memory frames with canonical column names.

        The frames go through the same parsing and validation as files; messages name them
        ``<leads>``, ``<deals>`` and so on. Handy for tests, exercises and quick what-ifs.

        Parameters
        ----------
        name, currency, language : str
            As in company.yaml.
        period : (start, end), optional
            The period of the data; by default the span of its dates.
        goals : sequence of Goal
            The company's goals.
        kpis : sequence of str
            The selected KPI ids.
        conversion_window_days : int, optional
            As in company.yaml: leads younger than this many days are not yet judged (default: the
            median lead-to-win time).
        **frames : DataFrame
            One frame per canonical table (``leads=…``, ``deals=…``), with canonical column names.

        Returns
        -------
        Company
            The validated company; rows that fail a rule are in ``rejected``.

        Raises
        ------
        ValueError
            For a keyword that names no canonical table.
        KpikitError
            For a frame that lacks a required column.

        >>> deals = pd.DataFrame({"deal_id": ["a", "b"], "status": ["won", "lost"],
        ...                       "closed_at": ["01.02.2025", "2025-02-03"]})
        >>> Company.from_frames(deals=deals)
        Company('Beispiel AG', deals=2, rejected=0)
        """
        company = cls(name=name, currency=currency, language=language, goals=tuple(goals), kpis=tuple(kpis),
                      conversion_window_days=conversion_window_days)
        for table, frame in frames.items():
            if table not in TABLES:
                raise ValueError(f"Got table {table!r}. Must be one of {list(TABLES)}.")
            display = f"<{table}>"
            raw = Raw(frame.reset_index(drop=True), np.arange(2, len(frame) + 2, dtype=np.int64),
                      [str(c) for c in frame.columns])
            spec = SourceSpec(table, display)
            add_source(company, spec, raw, display, language)
        set_period(company, period)
        return company


__all__ = ["Company"]
