"""The ``sources:`` of company.yaml, checked and parsed into ``SourceSpec`` entries, presets applied.

A preset (``kpikit.sources.presets``) is merged in one place, ``apply_preset``; column alternatives
are matched against a file by ``match_column`` and ``pick_column``.
"""

from __future__ import annotations

import re
from typing import Any

from kpikit.company.spec import SourceSpec, text_value, type_error, unknown_key
from kpikit.core.errors import ConfigError
from kpikit.core.text import near_miss
from kpikit.sources.presets import PRESETS
from kpikit.sources.read import READ_OPTIONS
from kpikit.sources.schema import DATE, NO_DATES, ROW_IDS, TABLES

SOURCE_KEYS = ("file", "preset", "read", "columns", "values", "constants")


def parse_sources(raw: Any) -> tuple[SourceSpec, ...]:
    """The sources of company.yaml (table -> one entry or a list of them), each with its preset applied.

    Parameters
    ----------
    raw : dict or None
        The ``sources:`` entry as YAML read it.

    Returns
    -------
    tuple of SourceSpec

    Raises
    ------
    ConfigError
        For no sources at all, an unknown table, key, column or preset, or an entry of the wrong type.
    """
    if not raw:
        raise ConfigError("NO_DATA", file="company.yaml")
    if not isinstance(raw, dict):
        raise type_error("sources", "eine Zuordnung Tabelle → Quelle / a mapping table → source", raw)
    specs = []
    for table, entries in raw.items():
        if table not in TABLES:
            raise unknown_key(str(table), "sources", tuple(TABLES))
        listed = isinstance(entries, list)
        for i, entry in enumerate(entries if listed else [entries]):
            key = f"sources.{table}[{i + 1}]" if listed else f"sources.{table}"  # counted from 1, as goals[1]
            if isinstance(entry, str):
                entry = {"file": entry}
            if not isinstance(entry, dict):
                raise type_error(key, "{file: …}", entry)
            for k in entry:
                if k not in SOURCE_KEYS:
                    raise unknown_key(str(k), key, SOURCE_KEYS)
            if not entry.get("file"):
                raise ConfigError("CONFIG_MISSING_KEY", file="company.yaml", key=f"{key}.file")
            text_value(entry["file"], f"{key}.file")
            preset = text_value(entry.get("preset"), f"{key}.preset")
            if preset is not None and preset not in PRESETS:
                raise ConfigError("UNKNOWN_PRESET", file="company.yaml", preset=preset, table=table,
                                  allowed=", ".join(sorted(PRESETS)) or "–",
                                  suggestion=near_miss(str(preset), list(PRESETS)))
            for part in ("read", "columns", "values", "constants"):
                if not isinstance(entry.get(part) or {}, dict):
                    raise type_error(f"{key}.{part}", "eine Zuordnung / a mapping", entry.get(part))
            read = dict(entry.get("read") or {})
            row_ids = _row_ids_option(read, table, key)
            for k, v in read.items():
                if k not in READ_OPTIONS:
                    raise unknown_key(str(k), f"{key}.read", READ_OPTIONS)
                _check_read_value(str(k), v, f"{key}.read.{k}")
            columns = {str(k): column_value(v, f"{key}.columns.{k}") for k, v in (entry.get("columns") or {}).items()}
            if row_ids:
                columns[row_ids] = ROW_IDS
            known = TABLES[table].names
            for k in list(columns) + list(entry.get("constants") or {}) + list(entry.get("values") or {}):
                if k not in known:
                    raise ConfigError("UNKNOWN_COLUMN", file="company.yaml", column=k, table=table,
                                      allowed=", ".join(known), suggestion=near_miss(k, known))
            _check_special_columns(columns, table)
            values = entry.get("values") or {}
            for col, mapping in values.items():
                if not isinstance(mapping, dict):
                    raise type_error(f"{key}.values.{col}", "eine Zuordnung / a mapping", mapping)
            spec = SourceSpec(table, str(entry["file"]), preset, dict(read), columns,
                              {c: {str(k): v for k, v in m.items()} for c, m in values.items()},
                              dict(entry.get("constants") or {}))
            specs.append(apply_preset(spec) if preset else spec)
    return tuple(specs)


def _row_ids_option(read: dict, table: str, key: str) -> str | None:
    """Take ``id: row`` out of ``read``: the id column to number by rows (``columns: {lead_id: "@row"}``)."""
    if "id" not in read:
        return None
    value = read.pop("id")
    id_column = TABLES[table].id_column
    if id_column is None:
        raise unknown_key("id", f"{key}.read", READ_OPTIONS)
    if str(value).strip().casefold() != "row":
        raise ConfigError("BAD_OPTION", file="company.yaml", name=f"{key}.read.id", value=value,
                          allowed="row")
    return id_column


def _check_special_columns(columns: dict, table: str) -> None:
    """``"@row"`` only for the table's id column, ``"@none"`` only for a date column."""
    schema = TABLES[table]
    for name, value in columns.items():
        if value == ROW_IDS and name != schema.id_column:
            allowed = schema.id_column or "–"
        elif value == NO_DATES and name in schema.names and schema.column(name).kind != DATE:
            allowed = ", ".join(c.name for c in schema.columns if c.kind == DATE) or "–"
        else:
            continue
        raise ConfigError("SPECIAL_COLUMN", file="company.yaml", column=name, table=table, value=value,
                          allowed=allowed)


# read options that are a text ("sep", "date_format", …); the others are checked below
_TEXT_READ = ("sep", "encoding", "decimal", "thousands", "date_format", "date_order")


def _check_read_value(option: str, value: Any, key: str) -> None:
    """Raise ``CONFIG_TYPE`` for a ``read`` option of the wrong kind (a list as ``date_format``)."""
    if value is None:
        return
    if option in _TEXT_READ:
        if not isinstance(value, str):
            raise type_error(key, "ein Text / a text", value)
    elif option in ("sheet",):
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise type_error(key, "ein Blattname oder eine Nummer ab 0 / a sheet name or a number from 0", value)
    elif option in ("skiprows", "max_mb", "max_cells"):
        if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).replace("'", "").isdigit():
            raise type_error(key, "eine ganze Zahl / a whole number", value)
    elif option == "names" and not (isinstance(value, list) and all(isinstance(v, str | int) for v in value)):
        raise type_error(key, "eine Liste von Spaltennamen / a list of column names", value)


def column_value(value: Any, key: str) -> str | list[str] | None:
    """A column map entry: one column name, a list of alternatives, or null (not mapped)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # a header such as 2025
    if isinstance(value, list) and value and all(isinstance(v, str | int | float) for v in value):
        return [str(v) for v in value]
    raise type_error(key, "ein Spaltenname oder eine Liste von Spaltennamen / a column name or a list of them",
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

