"""The KPI catalogue: every KPI by id, in catalogue order (sales, marketing, customers, retention, traffic).

Naming rule (as in scikit-learn's metrics): ``*_rate`` and ``ctr`` are fractions from 0 to 1,
``*_days`` are durations, ``cost_*``, ``cac`` and money KPIs are amounts in the company's
currency, and plain nouns (``leads``, ``new_customers``) are counts.

A KPI is one block in its family module (``kpikit.kpis.sales``, ``marketing``, ``customers``,
``retention``): the definition in the family's ``kpi`` decorator on the function that computes it.

>>> KPIS.names()[:3]
['active_customers', 'avg_deal_size', 'cac']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import pandas as pd

from kpikit.core.text import near_miss
from kpikit.kpis import customers, leads, marketing, retention, sales, traffic  # noqa: F401 (leads registers in SALES)
from kpikit.kpis.definition import KPI, Family


class Registry(Mapping[str, KPI]):
    """The KPIs of some families by id, in the order they were registered."""

    def __init__(self, families: Iterable[Family]) -> None:
        self._kpis: dict[str, KPI] = {}
        for family in families:
            for kpi in family:
                if kpi.id in self._kpis:
                    raise ValueError(f"KPI {kpi.id!r} is registered twice (in {family.name!r} again)")
                self._kpis[kpi.id] = kpi

    def __getitem__(self, kpi: str) -> KPI:
        return self._kpis[kpi]

    def __contains__(self, kpi: object) -> bool:
        return kpi in self._kpis

    def __iter__(self) -> Iterator[str]:
        return iter(self._kpis)

    def __len__(self) -> int:
        return len(self._kpis)

    def __repr__(self) -> str:
        return f"Registry({list(self._kpis)})"

    def names(self) -> list[str]:
        """The KPI ids, sorted."""
        return sorted(self._kpis)

    def check(self, kpi: str) -> KPI:
        """The KPI ``kpi``; a ``ValueError`` naming the ids there are (and a near miss) for any other.

        >>> KPIS.check("closerate")
        Traceback (most recent call last):
        ...
        ValueError: Got kpi='closerate'. Must be one of [...]. Did you mean 'close_rate'?
        """
        if kpi not in self._kpis:
            hint = near_miss(kpi, list(self._kpis))
            raise ValueError(f"Got kpi={kpi!r}. Must be one of {list(self._kpis)}."
                             + (f" Did you mean {hint!r}?" if hint else ""))
        return self._kpis[kpi]


KPIS = Registry([sales.SALES, marketing.MARKETING, customers.CUSTOMERS, retention.RETENTION, traffic.TRAFFIC])


def catalogue(lang: str = "de") -> pd.DataFrame:
    """The catalogue as a frame: one row per KPI with name, formula, unit, direction and tables.

    >>> catalogue("en").loc["close_rate", "formula"]
    'won deals / (won + lost deals)'
    >>> catalogue("de").loc["close_rate", "formula"]
    'gewonnene Deals / (gewonnene + verlorene Deals)'
    """
    rows = [
        {"kpi": k.id, "name": k.name(lang), "explanation": k.explain(lang), "formula": k.formula_text(lang),
         "unit": k.unit, "direction": k.direction, "tables": ", ".join(k.tables)}
        for k in KPIS.values()
    ]
    return pd.DataFrame(rows).set_index("kpi")
