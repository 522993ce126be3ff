"""Read and check ``company.yaml`` (safe loader only; nothing in the config is ever executed).

YAML aliases (``&anchor`` … ``*anchor``, ``<<: *base``) are refused: nine nested aliases in 800 bytes
expand to a billion values (the "billion laughs"), and company.yaml never needs them.

The sources are parsed by ``kpikit.company.config_sources``, the goals by
``kpikit.company.config_goals``; the entries they make are in ``kpikit.company.spec``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from kpikit.company.config_goals import parse_goals
from kpikit.company.config_sources import parse_sources
from kpikit.company.spec import Goal, SourceSpec, parse_date, text_value, type_error, unknown_key
from kpikit.core.errors import ConfigError
from kpikit.core.text import near_miss
from kpikit.kpis.registry import KPIS
from kpikit.sources.kind import check_file

TOP_KEYS = ("name", "currency", "language", "period", "sources", "goals", "kpis", "conversion_window_days")


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses every alias, before it is resolved (so nothing is ever expanded)."""

    def compose_node(self, parent, index):  # PyYAML's hook
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ConfigError("YAML_ALIAS", file="company.yaml", row=event.start_mark.line + 1, alias=event.anchor)
        return super().compose_node(parent, index)


@dataclass(frozen=True)
class Config:
    """The parsed company.yaml."""

    path: Path
    name: str
    currency: str
    language: str
    period: tuple[dt.date | None, dt.date | None]
    sources: tuple[SourceSpec, ...]
    goals: tuple[Goal, ...]
    kpis: tuple[str, ...]
    conversion_window_days: int | None = None  # leads younger than this are not yet judged (default: median)



def read_config(folder: Path, config_file: Path | None = None) -> Config:
    """Parse ``folder/company.yaml`` (or ``config_file``) into a ``Config``.

    Parameters
    ----------
    folder : Path
        The company folder; names the company when company.yaml does not.
    config_file : Path, optional
        A YAML file of its own instead of ``folder/company.yaml``.

    Returns
    -------
    Config
        The parsed configuration, presets applied to its sources.

    Raises
    ------
    ConfigError
        When the file is missing, is no valid YAML, or holds an unknown key, KPI, preset or a value of the
        wrong type.
    """
    path = config_file or folder / "company.yaml"
    if not path.is_file():
        raise ConfigError("CONFIG_NOT_FOUND", file=str(path), path=str(folder))
    try:
        raw = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_NoAliasLoader)  # noqa: S506 (a SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        raise ConfigError(
            "YAML_SYNTAX", file="company.yaml", row=mark.line + 1 if mark else None, problem=str(err.problem),
        ) from err
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise ConfigError("YAML_SYNTAX", file="company.yaml", problem=str(err).splitlines()[0]) from err
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise type_error("company.yaml", "eine Zuordnung (key: value) / a mapping", type(raw).__name__)
    for key in raw:
        if key not in TOP_KEYS:
            raise unknown_key(str(key), "company.yaml", TOP_KEYS)

    name = text_value(raw.get("name"), "name") or folder.resolve().name
    currency = text_value(raw.get("currency"), "currency") or "CHF"
    language = raw.get("language", "de")
    if language not in ("de", "en"):
        raise ConfigError("BAD_OPTION", file="company.yaml", name="language", value=language, allowed="de, en")

    period = raw.get("period") or {}
    if not isinstance(period, dict):
        raise type_error("period", "{start: …, end: …}", period)
    for key in period:
        if key not in ("start", "end"):
            raise unknown_key(str(key), "period", ("start", "end"))
    start, end = parse_date(period.get("start"), "period.start"), parse_date(period.get("end"), "period.end")

    sources = parse_sources(raw.get("sources"))
    for spec in sources:  # a folder, a pipe, a device or /proc is named now; a missing file by the loader
        file = Path(spec.file)
        check_file(file if file.is_absolute() else folder / file, spec.file, spec.table)
    kpis = raw.get("kpis") or []
    if not isinstance(kpis, list):
        raise type_error("kpis", "eine Liste von KPI-IDs / a list of KPI ids", kpis)
    for i, k in enumerate(kpis):
        if not isinstance(k, str):
            raise type_error(f"kpis[{i + 1}]", "eine KPI-ID wie close_rate / a KPI id such as close_rate", k)
        if k not in KPIS:
            raise ConfigError("UNKNOWN_KPI", file="company.yaml", kpi=k, where="company.yaml, kpis",
                              allowed=", ".join(KPIS), suggestion=near_miss(str(k), list(KPIS)))
    goals = parse_goals(raw.get("goals"), KPIS)
    window = raw.get("conversion_window_days")
    if window is not None and (isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= 3650):
        raise ConfigError("BAD_OPTION", file="company.yaml", name="conversion_window_days", value=window,
                          allowed="1 … 3650 (Tage / days)")
    return Config(path, name, currency, language, (start, end), sources, goals, tuple(kpis), window)
