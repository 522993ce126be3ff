"""Read and check ``company.yaml`` (safe loader only; nothing in the config is ever executed)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kpikit.core.errors import ConfigError, DataError
from kpikit.core.text import near_miss
from kpikit.sources.read import READ_OPTIONS
from kpikit.sources.schema import TABLES

TOP_KEYS = ("name", "currency", "language", "period", "sources", "goals", "kpis")
SOURCE_KEYS = ("file", "preset", "read", "columns", "values", "constants")
GOAL_KEYS = ("id", "statement", "kpi", "target", "per", "deadline", "baseline", "segment", "by")
GRAINS = ("month", "quarter", "year")


@dataclass(frozen=True)
class SourceSpec:
    """One export file feeding one canonical table."""

    table: str
    file: str
    preset: str | None = None
    read: dict = field(default_factory=dict)
    columns: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    constants: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Goal:
    """A goal as written in company.yaml; SMART-ness is judged by the checks, not here."""

    id: str
    statement: str | None = None
    kpi: str | None = None
    target: float | None = None
    per: str | None = None
    deadline: dt.date | None = None
    baseline: float | None = None
    segment: str | None = None
    by: str | None = None


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


def _type_error(key: str, expected: str, got: Any) -> ConfigError:
    return ConfigError("CONFIG_TYPE", file="company.yaml", key=key, expected=expected, got=repr(got))


def _unknown(key: str, section: str, allowed: tuple[str, ...] | list[str]) -> ConfigError:
    return ConfigError(
        "CONFIG_UNKNOWN_KEY", file="company.yaml", key=key, section=section, allowed=", ".join(allowed),
        suggestion=near_miss(key, list(allowed)),
    )


def _date(value: Any, key: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                pass
    raise _type_error(key, "ein Datum wie 2025-06-30 / a date such as 2025-06-30", value)


def _number(value: Any, key: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise _type_error(key, "eine Zahl / a number", value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        import pandas as pd

        from kpikit.sources.parse import parse_numbers

        parsed, bad = parse_numbers(pd.Series([value.replace("%", "")], dtype="str"))
        if not bad.iloc[0]:
            number = float(parsed.iloc[0])
            return number / 100 if "%" in value else number
    raise _type_error(key, "eine Zahl / a number", value)


def read_config(folder: Path, config_file: Path | None = None) -> Config:
    """Parse ``folder/company.yaml`` (or ``config_file``) into a ``Config``; raise ``ConfigError`` when unusable."""
    from kpikit.kpis.registry import KPIS

    path = config_file or folder / "company.yaml"
    if not path.is_file():
        raise ConfigError("CONFIG_NOT_FOUND", file=str(path), path=str(folder))
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
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
        raise _type_error("company.yaml", "eine Zuordnung (key: value) / a mapping", type(raw).__name__)
    for key in raw:
        if key not in TOP_KEYS:
            raise _unknown(str(key), "company.yaml", TOP_KEYS)

    name = str(raw.get("name") or folder.resolve().name)
    currency = str(raw.get("currency") or "CHF")
    language = raw.get("language", "de")
    if language not in ("de", "en"):
        raise ConfigError("BAD_OPTION", file="company.yaml", name="language", value=language, allowed="de, en")

    period = raw.get("period") or {}
    if not isinstance(period, dict):
        raise _type_error("period", "{start: …, end: …}", period)
    for key in period:
        if key not in ("start", "end"):
            raise _unknown(str(key), "period", ("start", "end"))
    start, end = _date(period.get("start"), "period.start"), _date(period.get("end"), "period.end")

    sources = _sources(raw.get("sources"))
    kpis = raw.get("kpis") or []
    if not isinstance(kpis, list):
        raise _type_error("kpis", "eine Liste von KPI-IDs / a list of KPI ids", kpis)
    for k in kpis:
        if k not in KPIS:
            raise ConfigError("UNKNOWN_KPI", file="company.yaml", kpi=k, where="company.yaml, kpis",
                              allowed=", ".join(KPIS), suggestion=near_miss(str(k), list(KPIS)))
    goals = _goals(raw.get("goals"), KPIS)
    return Config(path, name, currency, language, (start, end), sources, goals, tuple(kpis))


def _sources(raw: Any) -> tuple[SourceSpec, ...]:
    from kpikit.sources.presets import PRESETS

    if not raw:
        raise ConfigError("NO_DATA", file="company.yaml")
    if not isinstance(raw, dict):
        raise _type_error("sources", "eine Zuordnung Tabelle → Quelle / a mapping table → source", raw)
    specs = []
    for table, entries in raw.items():
        if table not in TABLES:
            raise _unknown(str(table), "sources", tuple(TABLES))
        listed = isinstance(entries, list)
        for i, entry in enumerate(entries if listed else [entries]):
            key = f"sources.{table}[{i + 1}]" if listed else f"sources.{table}"  # counted from 1, as goals[1]
            if isinstance(entry, str):
                entry = {"file": entry}
            if not isinstance(entry, dict):
                raise _type_error(key, "{file: …}", entry)
            for k in entry:
                if k not in SOURCE_KEYS:
                    raise _unknown(str(k), key, SOURCE_KEYS)
            if not entry.get("file"):
                raise ConfigError("CONFIG_MISSING_KEY", file="company.yaml", key=f"{key}.file")
            preset = entry.get("preset")
            if preset is not None and preset not in PRESETS:
                raise ConfigError("UNKNOWN_PRESET", file="company.yaml", preset=preset, table=table,
                                  allowed=", ".join(sorted(PRESETS)) or "–",
                                  suggestion=near_miss(str(preset), list(PRESETS)))
            read = entry.get("read") or {}
            for part in ("read", "columns", "values", "constants"):
                if not isinstance(entry.get(part) or {}, dict):
                    raise _type_error(f"{key}.{part}", "eine Zuordnung / a mapping", entry.get(part))
            for k in read:
                if k not in READ_OPTIONS:
                    raise _unknown(str(k), f"{key}.read", READ_OPTIONS)
            columns = {str(k): _column_value(v, f"{key}.columns.{k}") for k, v in (entry.get("columns") or {}).items()}
            known = TABLES[table].names
            for k in list(columns) + list(entry.get("constants") or {}) + list(entry.get("values") or {}):
                if k not in known:
                    raise ConfigError("UNKNOWN_COLUMN", file="company.yaml", column=k, table=table,
                                      allowed=", ".join(known), suggestion=near_miss(k, known))
            values = entry.get("values") or {}
            for col, mapping in values.items():
                if not isinstance(mapping, dict):
                    raise _type_error(f"{key}.values.{col}", "eine Zuordnung / a mapping", mapping)
            spec = SourceSpec(table, str(entry["file"]), preset, dict(read), columns,
                              {c: {str(k): v for k, v in m.items()} for c, m in values.items()},
                              dict(entry.get("constants") or {}))
            specs.append(apply_preset(spec) if preset else spec)
    return tuple(specs)


# --- presets and column alternatives ------------------------------------------------------------------
def _column_value(value: Any, key: str) -> str | list[str] | None:
    """A column map entry: one column name, a list of alternatives, or null (not mapped)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # a header such as 2025
    if isinstance(value, list) and value and all(isinstance(v, str | int | float) for v in value):
        return [str(v) for v in value]
    raise _type_error(key, "ein Spaltenname oder eine Liste von Spaltennamen / a column name or a list of them",
                      value)


def apply_preset(spec: SourceSpec) -> SourceSpec:
    """``spec`` with its preset filled in; what company.yaml says wins.

    ``read``, ``columns`` and ``constants`` entries of company.yaml replace the preset's; value maps are
    merged entry by entry, so a company's own stage names extend the vendor's default pipeline.

    >>> s = apply_preset(SourceSpec("deals", "d.csv", "pipedrive_deals", columns={"owner": "Verkäufer"},
    ...                             values={"status": {"Storniert": "lost"}}))
    >>> s.columns["owner"], s.columns["deal_id"]
    ('Verkäufer', ['Deal - ID'])
    >>> s.values["status"]["Storniert"], s.values["status"]["won"]
    ('lost', 'won')
    """
    from kpikit.sources.presets import PRESETS

    base = PRESETS[spec.preset]
    if base["table"] != spec.table:
        raise ConfigError("PRESET_TABLE", file="company.yaml", preset=spec.preset, table=spec.table,
                          expected=base["table"])
    values = {col: dict(mapping) for col, mapping in base.get("values", {}).items()}
    for col, mapping in spec.values.items():
        values[col] = {**values.get(col, {}), **mapping}
    return SourceSpec(
        spec.table, spec.file, spec.preset,
        read={**base.get("read", {}), **spec.read},
        columns={**base.get("columns", {}), **spec.columns},
        values=values,
        constants={**base.get("constants", {}), **spec.constants},
    )


def match_column(wanted: str, present: list[str] | tuple[str, ...]) -> str | None:
    """The column of ``present`` that ``wanted`` names: exact, then ignoring case; ``*`` matches any text.

    >>> match_column("Ausgegebener Betrag (*)", ["Kampagnenname", "Ausgegebener Betrag (EUR)"])
    'Ausgegebener Betrag (EUR)'
    >>> match_column("deal stage", ["Record ID", "Deal Stage"])
    'Deal Stage'
    >>> match_column("Kosten", ["Kosten (CHF)"]) is None
    True
    """
    wanted = str(wanted).strip()
    if "*" in wanted:
        pattern = re.compile(".*".join(re.escape(part) for part in wanted.casefold().split("*")))
        return next((c for c in present if pattern.fullmatch(str(c).strip().casefold())), None)
    if wanted in present:
        return wanted
    folded = wanted.casefold()
    return next((c for c in present if str(c).strip().casefold() == folded), None)


def pick_column(alternatives: list[str] | str, present: list[str] | tuple[str, ...]) -> str | None:
    """The first of ``alternatives`` present in the file (see ``match_column``).

    >>> pick_column(["Deal Stage", "Deal-Phase"], ["Datensatz-ID", "Deal-Phase"])
    'Deal-Phase'
    """
    for wanted in [alternatives] if isinstance(alternatives, str) else alternatives:
        hit = match_column(wanted, present)
        if hit is not None:
            return hit
    return None


def prepare_source(spec: SourceSpec, raw: Any, display: str) -> tuple[SourceSpec, Any]:
    """Fit a source to the file just read: resolve column alternatives and skip report total rows.

    A list of alternatives (as presets write them) resolves to the first column present; when none is
    present, an optional column is left out and a required one raises ``DataError`` naming the
    alternatives, the columns present and the near miss. A single name with ``*`` is a pattern. Plain
    names stay as they are (the loader checks them). Rows of a preset's ``summary_rows`` are dropped.
    """
    from kpikit.sources.presets import PRESETS

    present = [str(c) for c in raw.frame.columns]
    table = TABLES[spec.table]
    columns: dict[str, Any] = {}
    for name, wanted in spec.columns.items():
        if not isinstance(wanted, list) and not (isinstance(wanted, str) and "*" in wanted):
            columns[name] = wanted
            continue
        hit = pick_column(wanted, present)
        if hit is not None:
            columns[name] = hit
            continue
        alternatives = [wanted] if isinstance(wanted, str) else wanted
        if name in spec.constants or name not in table.required:
            continue
        suggestion = next((m for m in (near_miss(a.replace("*", ""), present) for a in alternatives) if m), None)
        from kpikit.sources.read import header_is_data

        header_is_data(raw, display, [a.replace("*", "") for a in alternatives])
        raise DataError(
            "PRESET_COLUMN_MISSING", file=display, column=name, table=spec.table,
            preset=spec.preset or "company.yaml",
            alternatives=" | ".join(alternatives),
            columns_present=[str(c) for c in raw.header], suggestion=suggestion,
        )
    read = spec.read
    if spec.preset in PRESETS:
        prefixes = PRESETS[spec.preset].get("summary_rows")
        if prefixes and len(raw.frame):
            raw = _drop_summary_rows(raw, prefixes)
        markers = PRESETS[spec.preset].get("footer")
        if markers and raw.ragged:
            raw = _drop_footer(raw, markers)
        if markers and len(raw.frame):
            raw = _drop_footer_rows(raw, markers)
        if PRESETS[spec.preset].get("dates") == "month_first" and "date_format" not in read:
            fmt = _month_first_format(raw.frame, table, columns)
            if fmt:
                read = {**read, "date_format": fmt}
        if "decimal" not in read and _decimal_comma(raw.frame, table, columns):
            # A German-locale export (Google Ads de-DE: "2.438" impressions, "132,94" cost): read every number
            # of the file that way, so that "2.438" is two thousand and not two.
            read = {**read, "decimal": ",", "thousands": "."}
    return SourceSpec(spec.table, spec.file, spec.preset, read, columns, spec.values, spec.constants), raw


def _drop_footer(raw: Any, markers: tuple[str, ...]) -> Any:
    """``raw`` without a report's closing lines (Salesforce: "Confidential Information - Do Not Distribute", …).

    Only one-field lines count, from the first one that starts with a marker to the end of the file;
    anything else stays a ragged row, reported as such.
    """
    import dataclasses

    folded = tuple(m.casefold() for m in markers)
    start = next((row for row, got, _, text in raw.ragged
                  if got <= 1 and text.strip().strip('"').casefold().startswith(folded)), None)
    if start is None or (len(raw.rows) and raw.rows.max() > start):
        return raw
    tail = [r for r in raw.ragged if r[0] >= start]
    if any(got > 1 for _, got, _, _ in tail):
        return raw
    skipped = raw.skipped + [(row, "footer", text.strip().strip('"')) for row, _, _, text in tail]
    return dataclasses.replace(raw, ragged=[r for r in raw.ragged if r[0] < start], skipped=skipped)


def _drop_footer_rows(raw: Any, markers: tuple[str, ...]) -> Any:
    """The same for closing lines that the reader kept as short rows (one field filled, the rest empty).

    From the first row whose only filled field starts with a marker, every following row must have at
    most one filled field; otherwise nothing is dropped and validation reports the rows.
    """
    import dataclasses

    frame = raw.frame
    folded = tuple(m.casefold() for m in markers)
    text = frame.astype(object).where(frame.notna(), "").astype(str)
    filled = text.apply(lambda c: c.str.strip().ne(""))
    counts = filled.sum(axis=1).to_numpy()
    first = text.iloc[:, 0].str.strip().str.strip('"').str.casefold()
    hits = [i for i in range(len(frame)) if counts[i] <= 1 and first.iloc[i].startswith(folded)]
    if not hits:
        return raw
    start = hits[0]
    # the blank line before the footer belongs to it
    while start > 0 and counts[start - 1] == 0:
        start -= 1
    if (counts[start:] > 1).any():
        return raw
    skipped = raw.skipped + [(int(raw.rows[i]), "footer", " ".join(v.strip() for v in text.iloc[i] if v.strip()))
                             for i in range(start, len(frame)) if counts[i]]
    return dataclasses.replace(raw, frame=frame.iloc[:start].reset_index(drop=True), rows=raw.rows[:start],
                               skipped=skipped)


_US_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")


def _month_first_format(frame: Any, table: Any, columns: dict) -> str | None:
    """``%m/%d/%Y`` when every date of the file is written m/d/yyyy (LinkedIn), so short ranges are not misread.

    >>> import pandas as pd
    >>> t = TABLES["campaigns"]
    >>> _month_first_format(pd.DataFrame({"D": ["3/1/2025", "3/2/2025"]}), t, {"date": "D"})
    '%m/%d/%Y'
    >>> _month_first_format(pd.DataFrame({"D": ["2025-03-01"]}), t, {"date": "D"}) is None
    True
    """
    seen = False
    for col in table.columns:
        source = columns.get(col.name)
        if col.kind != "date" or not isinstance(source, str) or source not in frame:
            continue
        values = frame[source].dropna().astype("str").str.strip()
        values = values[values != ""]
        if len(values) and not values.map(lambda v: bool(_US_DATE.match(v))).all():
            return None
        seen = seen or bool(len(values))
    return "%m/%d/%Y" if seen else None


_COMMA_DECIMAL = re.compile(r"^[^\d]*-?\d{1,3}(?:\.\d{3})*,\d{1,2}\s*-?$")
_POINT_DECIMAL = re.compile(r"^[^\d]*-?[\d'’,]*\d\.\d{1,2}\s*-?$")


def _decimal_comma(frame: Any, table: Any, columns: dict) -> bool:
    """Whether the money columns of the file write decimals with a comma (and never with a point).

    >>> import pandas as pd
    >>> t = TABLES["campaigns"]
    >>> _decimal_comma(pd.DataFrame({"Kosten": ["132,94", "1.023,39"]}), t, {"spend": "Kosten"})
    True
    >>> _decimal_comma(pd.DataFrame({"Kosten": ["131.18", "1'022.00"]}), t, {"spend": "Kosten"})
    False
    """
    comma = False
    for col in table.columns:
        source = columns.get(col.name)
        if col.kind != "money" or not isinstance(source, str) or source not in frame:
            continue
        sample = frame[source].dropna().astype("str").head(500)
        if sample.map(lambda v: bool(_POINT_DECIMAL.match(v.strip()))).any():
            return False
        comma = comma or bool(sample.map(lambda v: bool(_COMMA_DECIMAL.match(v.strip()))).any())
    return comma


def _drop_summary_rows(raw: Any, prefixes: tuple[str, ...]) -> Any:
    """``raw`` without report total rows: rows whose first filled cell reads ``Gesamt: …`` / ``Total: …``."""
    import dataclasses

    import pandas as pd

    pattern = r"^\s*(?:" + "|".join(re.escape(p) for p in prefixes) + r")\s*:"
    first = None
    for col in raw.frame.columns:
        cell = raw.frame[col].astype("str").where(raw.frame[col].notna())
        first = cell if first is None else first.fillna(cell)
    total = first.fillna("").str.match(pattern, case=False).to_numpy(dtype=bool) if first is not None else None
    if total is None or not total.any():
        return raw
    frame = raw.frame[~total].reset_index(drop=True)
    skipped = raw.skipped + [(int(row), "summary", str(text).strip())
                             for row, text in zip(raw.rows[total], first[total], strict=True)]
    return dataclasses.replace(raw, frame=pd.DataFrame(frame), rows=raw.rows[~total], skipped=skipped)


def _goals(raw: Any, kpis: dict) -> tuple[Goal, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _type_error("goals", "eine Liste / a list", raw)
    goals = []
    for i, g in enumerate(raw):
        key = f"goals[{i + 1}]"
        if not isinstance(g, dict):
            raise _type_error(key, "{id: …, statement: …, kpi: …}", g)
        for k in g:
            if k not in GOAL_KEYS:
                raise _unknown(str(k), key, GOAL_KEYS)
        kpi = g.get("kpi")
        if kpi is not None and kpi not in kpis:
            named = f"company.yaml, {key}" + (f" «{g['id']}»" if g.get("id") else "")
            raise ConfigError("UNKNOWN_KPI", file="company.yaml", kpi=kpi, where=named,
                              allowed=", ".join(kpis), suggestion=near_miss(str(kpi), list(kpis)))
        per = g.get("per")
        if per is not None and per not in GRAINS:
            raise ConfigError("BAD_OPTION", file="company.yaml", name=f"{key}.per", value=per,
                              allowed=", ".join(GRAINS))
        goals.append(Goal(
            id=str(g.get("id") or f"ziel_{i + 1}"),
            statement=g.get("statement"),
            kpi=kpi,
            target=_number(g.get("target"), f"{key}.target"),
            per=per,
            deadline=_date(g.get("deadline"), f"{key}.deadline"),
            baseline=_number(g.get("baseline"), f"{key}.baseline"),
            segment=g.get("segment"),
            by=g.get("by"),
        ))
    return tuple(goals)
