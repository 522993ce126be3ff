"""What a KPI is: its definition (names, formula, unit, direction, tables) together with its function.

A family module (``sales``, ``marketing``, ``customers``) registers each of its KPIs with one decorator,
as scikit-learn ties ``make_scorer(func, greater_is_better=...)`` to its scorer registry::

    SALES = Family("sales")

    @SALES.kpi("close_rate", unit=RATIO, direction=HIGHER, tables=("deals",), bounded=True,
               name_de="Abschlussrate", name_en="Close rate", ...)
    def close_rate(c: Context) -> Res: ...

``kpikit.kpis.registry.KPIS`` collects the families in catalogue order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kpikit.core import fmt
from kpikit.core.i18n import check_lang, t

if TYPE_CHECKING:
    from kpikit.kpis.context import Context
    from kpikit.kpis.results import Res

    KPIFunction = Callable[[Context], Res]

COUNT, CURRENCY, RATIO, DAYS, MONTHS = "count", "currency", "ratio", "days", "months"
HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True, kw_only=True)
class KPI:
    """One KPI: its definition and the function that computes it per cell.

    ``numerator`` and ``denominator`` name, in English, what the engine reports in those columns
    (``numerator_de``, ``denominator_de`` in German; no denominator for counts and sums);
    ``bounded`` marks fractions that must lie in [0, 1] and carry a Wilson interval; ``tables`` lists
    the tables the KPI needs, ``a|b`` for either of two; ``matures`` marks KPIs of a cohort by its start
    date whose outcome is counted to date (``lead_to_customer_rate``), whose young periods are immature.
    """

    id: str
    name_de: str
    name_en: str
    explain_de: str
    explain_en: str
    numerator: str
    numerator_de: str
    denominator: str | None = None
    denominator_de: str | None = None
    unit: str
    direction: str
    tables: tuple[str, ...]
    bounded: bool = False
    matures: bool = False  # counted by lead date, outcome to date: young periods are not yet judged
    function: KPIFunction = field(repr=False, compare=False)

    def name(self, lang: str = "de") -> str:
        """Display name in ``lang``."""
        return {"de": self.name_de, "en": self.name_en}[check_lang(lang)]

    def explain(self, lang: str = "de") -> str:
        """Plain-words explanation in ``lang``."""
        return {"de": self.explain_de, "en": self.explain_en}[check_lang(lang)]

    @property
    def formula(self) -> str:
        """``numerator / denominator`` in English, or the numerator alone for counts and sums."""
        return self.formula_text("en")

    def formula_text(self, lang: str = "de") -> str:
        """The formula in ``lang``; a sum is bracketed when it is divided.

        >>> from kpikit.kpis.registry import KPIS
        >>> KPIS["cac"].formula_text("de")
        '(Marketingausgaben + Vertriebskosten) / Neukunden'
        """
        num, den = {"de": (self.numerator_de, self.denominator_de),
                    "en": (self.numerator, self.denominator)}[check_lang(lang)]
        if not den:
            return num
        bracket = lambda part: f"({part})" if " + " in part or " - " in part else part  # noqa: E731
        return f"{bracket(num)} / {bracket(den)}"

    def unit_label(self, lang: str = "de") -> str:
        """The unit in words: Anzahl, Betrag, Anteil, Tage, Monate."""
        return t(f"KPI_UNIT_{self.unit.upper()}", lang)

    def direction_label(self, lang: str = "de") -> str:
        """Which way is better, in words."""
        return t(f"KPI_{self.direction.upper()}_IS_BETTER", lang)

    def show(self, value: float | None, currency: str = "CHF") -> str:
        """``value`` of this KPI for display: a percentage for a fraction, money with the currency.

        >>> from kpikit.kpis.registry import KPIS
        >>> KPIS["close_rate"].show(0.25), KPIS["ltv_cac_ratio"].show(1.433), KPIS["cac"].show(1234.4)
        ('25.0 %', '1.43', "CHF 1'234")
        """
        return fmt.value(value, self.unit, currency, bounded=self.bounded)

    def better(self, old: float, new: float) -> bool | None:
        """Whether ``new`` is better than ``old`` given the direction; None when equal or undefined.

        >>> from kpikit.kpis.registry import KPIS
        >>> KPIS["cac"].better(500, 400)
        True
        """
        if old != old or new != new or old == new:  # NaN-safe
            return None
        return (new > old) if self.direction == HIGHER else (new < old)


class Family:
    """The KPIs of one family, in the order they are registered; ``kpi`` is the decorator that registers one."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._kpis: list[KPI] = []

    def kpi(self, id: str, **definition: object) -> Callable[[KPIFunction], KPIFunction]:
        """Register the decorated function as KPI ``id`` with ``definition`` (the fields of ``KPI``).

        The function is returned unchanged: it takes the ``Context`` and returns a ``Res``.
        """

        def register(function: KPIFunction) -> KPIFunction:
            self._kpis.append(KPI(id=id, function=function, **definition))
            return function

        return register

    def __iter__(self) -> Iterator[KPI]:
        return iter(self._kpis)

    def __repr__(self) -> str:
        return f"Family({self.name!r}, {[k.id for k in self._kpis]})"
