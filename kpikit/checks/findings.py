"""Findings: what the checks and diagnoses report, and how it is shown.

A ``Finding`` has a stable code, a severity (info, warning, critical), the KPI it concerns, the
parameters of its message and recommendation (``C_<code>`` and ``R_<code>`` in the catalogue
``kpikit.core.messages.findings``) and the evidence in numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kpikit.core.i18n import LANGS, check_lang, has, t
from kpikit.kpis.registry import KPIS
from kpikit.kpis.stats import confidence

SEVERITIES = ("info", "warning", "critical")
COLUMNS = ["code", "title", "severity", "kpi", "segment", "confidence", "p_value", "message", "recommendation",
           "evidence"]


@dataclass
class Finding:
    """One finding of the checks or diagnoses.

    ``params`` fill the message and recommendation templates ``C_<code>`` / ``R_<code>``; a param
    given as ``{"de": …, "en": …}`` is rendered in the language asked for.

    >>> f = Finding("GOAL_WITHOUT_KPI", "warning", None, {"goal": "wachstum"}, {"goal": "wachstum"})
    >>> f.message("en")
    "The goal 'wachstum' names no KPI to measure it by."
    >>> f.as_dict("en")["recommendation"]
    "Add 'kpi:' with a KPI from the catalogue to the goal."
    """

    code: str
    severity: str
    kpi: str | None = None
    params: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)
    segment: str | None = None
    p_value: float | None = None

    def _params(self, lang: str) -> dict:
        return {k: (v[lang] if isinstance(v, dict) and set(v) == {"de", "en"} else v) for k, v in self.params.items()}

    def title(self, lang: str = "de") -> str:
        """The finding's short name in ``lang`` (``T_<code>``), for tables and lists; the code where none exists.

        >>> Finding("CAC_RISING", "warning").title("de"), Finding("NEW_CODE", "info").title("en")
        ('CAC steigen', 'NEW_CODE')
        """
        key = f"T_{self.code}"
        return t(key, lang) if has(key) else self.code

    def message(self, lang: str = "de") -> str:
        """What is wrong, in ``lang``."""
        return t(f"C_{self.code}", lang, **self._params(lang))

    def recommendation(self, lang: str = "de") -> str:
        """What to do, in ``lang``."""
        return t(f"R_{self.code}", lang, **self._params(lang))

    @property
    def confidence(self) -> str | None:
        """very_high, high or moderate for diagnoses; None for configuration findings."""
        return None if self.p_value is None else confidence(self.p_value)

    def as_dict(self, lang: str = "de") -> dict:
        """The contract's JSON object: code, severity, kpi, message, evidence, recommendation (+ title, extras)."""
        return {"code": self.code, "title": self.title(lang), "severity": self.severity, "kpi": self.kpi,
                "message": self.message(lang),
                "evidence": _plain(self.evidence), "recommendation": self.recommendation(lang),
                "segment": self.segment, "confidence": self.confidence, "p_value": self.p_value}


def _plain(value):
    """Evidence as JSON-friendly Python values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def kpi_names(kpis: Iterable[str]) -> dict[str, str]:
    """The names of ``kpis`` in every language, joined by commas.

    >>> kpi_names(["cac", "close_rate"])["en"]
    'Customer acquisition cost (CAC), Close rate'
    """
    kpis = list(kpis)
    return {lang: ", ".join(KPIS[k].name(lang) for k in kpis) for lang in LANGS}


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """The findings sorted by severity, critical first; the order within a severity is kept.

    >>> [f.code for f in by_severity([Finding("A", "info"), Finding("B", "critical"), Finding("C", "info")])]
    ['B', 'A', 'C']
    """
    order = {s: i for i, s in enumerate(reversed(SEVERITIES))}
    return sorted(findings, key=lambda f: order[f.severity])


def findings_frame(findings: list[Finding], lang: str = "de") -> pd.DataFrame:
    """Findings as a table, one row per finding, in ``lang``.

    Parameters
    ----------
    findings : list of Finding
        As ``run_checks`` returns them.
    lang : {"de", "en"}
        Language of the message and the recommendation.

    Returns
    -------
    pandas.DataFrame
        Columns code, title, severity, kpi, segment, confidence, p_value, message, recommendation and
        evidence (a dict of plain Python values); no rows when there are no findings.

    Examples
    --------
    Five deals over three months, two KPIs selected and no goal:

    >>> import pandas as pd
    >>> from kpikit import Company
    >>> from kpikit.checks import run_checks
    >>> deals = pd.DataFrame({"deal_id": ["a", "b", "c", "d", "e"],
    ...                       "status": ["won", "lost", "won", "lost", "lost"],
    ...                       "closed_at": ["2025-01-10", "2025-01-20", "2025-02-11", "2025-03-12", "2025-03-20"]})
    >>> company = Company.from_frames(deals=deals, kpis=["close_rate", "new_customers"])
    >>> findings_frame(run_checks(company), "en")[["code", "severity", "kpi"]]
                       code severity            kpi
    0         KPI_COUNT_LOW  warning            NaN
    1      KPI_WITHOUT_GOAL  warning     close_rate
    2      KPI_WITHOUT_GOAL  warning  new_customers
    3      WINDOW_TOO_SHORT  warning            NaN
    4  TOO_FEW_OBSERVATIONS     info     close_rate
    5   CHANGE_WITHIN_NOISE     info     close_rate
    """
    check_lang(lang)
    return pd.DataFrame([f.as_dict(lang) for f in findings], columns=COLUMNS)
