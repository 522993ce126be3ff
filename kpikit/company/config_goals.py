"""The ``goals:`` of company.yaml, checked and parsed into ``Goal`` entries."""

from __future__ import annotations

from typing import Any

from kpikit.company.spec import Goal, parse_date, parse_number, text_value, type_error, unknown_key
from kpikit.core.errors import ConfigError
from kpikit.core.text import near_miss

GOAL_KEYS = ("id", "statement", "kpi", "target", "per", "deadline", "baseline", "segment", "by")
GRAINS = ("month", "quarter", "year")


def parse_goals(raw: Any, kpis: dict) -> tuple[Goal, ...]:
    """The goals of company.yaml (a list of mappings); ``kpis`` are the known KPI ids.

    Parameters
    ----------
    raw : list of dict or None
        The ``goals:`` entry as YAML read it.
    kpis : dict
        The KPI registry, to check each goal's ``kpi``.

    Returns
    -------
    tuple of Goal

    Raises
    ------
    ConfigError
        For a goal that is not a mapping, an unknown key, KPI or ``per``, or a target that is no number.
    """
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise type_error("goals", "eine Liste / a list", raw)
    goals = []
    for i, g in enumerate(raw):
        key = f"goals[{i + 1}]"
        if not isinstance(g, dict):
            raise type_error(key, "{id: …, statement: …, kpi: …}", g)
        for k in g:
            if k not in GOAL_KEYS:
                raise unknown_key(str(k), key, GOAL_KEYS)
        kpi = text_value(g.get("kpi"), f"{key}.kpi")
        if kpi is not None and kpi not in kpis:
            named = f"company.yaml, {key}" + (f" «{g['id']}»" if g.get("id") else "")
            raise ConfigError("UNKNOWN_KPI", file="company.yaml", kpi=kpi, where=named,
                              allowed=", ".join(kpis), suggestion=near_miss(str(kpi), list(kpis)))
        per = text_value(g.get("per"), f"{key}.per")
        if per is not None and per not in GRAINS:
            raise ConfigError("BAD_OPTION", file="company.yaml", name=f"{key}.per", value=per,
                              allowed=", ".join(GRAINS))
        goals.append(Goal(
            id=text_value(g.get("id"), f"{key}.id") or f"ziel_{i + 1}",
            statement=text_value(g.get("statement"), f"{key}.statement"),
            kpi=kpi,
            target=parse_number(g.get("target"), f"{key}.target"),
            per=per,
            deadline=parse_date(g.get("deadline"), f"{key}.deadline"),
            baseline=parse_number(g.get("baseline"), f"{key}.baseline"),
            segment=text_value(g.get("segment"), f"{key}.segment"),
            by=text_value(g.get("by"), f"{key}.by"),
        ))
    return tuple(goals)
