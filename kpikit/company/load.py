"""Load a company folder into validated canonical tables.

``load_company(path)`` reads company.yaml and every source, maps columns and values, parses
numbers and dates, and checks each row. Rows that fail are set aside in ``Company.rejected``
with file, row, column and reason; rows read = rows loaded + rows rejected, always. Input that
cannot be used at all (missing file, missing required column, broken YAML, unknown KPI) raises
one ``KpikitError``.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kpikit.company.cache import cache_file, read_cache, write_cache
from kpikit.company.config import Config, Goal, SourceSpec, prepare_source, read_config
from kpikit.core import fmt as _format
from kpikit.core.errors import DataError, Problem
from kpikit.core.text import near_miss
from kpikit.sources.parse import (
    DATE_ORDERS,
    _as_text,
    date_order_of,
    decisive_order,
    distinct,
    infer_date_format,
    parse_dates,
    parse_numbers,
)
from kpikit.sources.read import Raw, header_is_data, read_raw
from kpikit.sources.schema import COUNT, DATE, ENUM, ID, MONEY, SYNONYMS, TABLES, TEXT, Table

REJECTED_COLUMNS = ["table", "file", "row", "column", "code", "value", "message", "fix", "record"]
PARALLEL_ROWS = 100_000  # from this many rows, text columns are prepared in threads (see _add_source)
MAX_CELL = 32_767  # Excel's limit for one cell; a longer text is a broken quote or pasted junk
# Dates of events that cannot lie ahead (an open deal's expected close date may).
EVENT_DATES = {"leads": ("created_at", "converted_at"), "deals": ("created_at", "closed_at"),
               "orders": ("ordered_at",), "campaigns": ("date",), "costs": ("date",)}


@dataclass
class SourceReport:
    """What happened to one source file."""

    table: str
    file: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    detected: dict = field(default_factory=dict)
    # lines the preset recognised as report totals or the report's footer: (row, "summary" | "footer", text).
    # They are not data, so not in rows_read, but they are listed so that nothing disappears unseen.
    skipped: list = field(default_factory=list)

    @property
    def rows_skipped(self) -> int:
        """Lines skipped as report totals or footer."""
        return len(self.skipped)


@dataclass
class Company:
    """A company's validated data, goals and KPI selection.

    Attributes
    ----------
    tables : dict of str to DataFrame
        Canonical tables by name (``leads``, ``deals``, ``orders``, ``campaigns``, ``costs``);
        a table without a source is absent.
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
        return sum(s.rows_rejected for s in self.sources)

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
        **frames: pd.DataFrame,
    ) -> Company:
        """Build a company from in-memory frames with canonical column names.

        The frames go through the same parsing and validation as files; messages name them
        ``<leads>``, ``<deals>`` and so on. Handy for tests, exercises and quick what-ifs.

        >>> deals = pd.DataFrame({"deal_id": ["a", "b"], "status": ["won", "lost"],
        ...                       "closed_at": ["01.02.2025", "2025-02-03"]})
        >>> Company.from_frames(deals=deals)
        Company('Beispiel AG', deals=2, rejected=0)
        """
        company = cls(name=name, currency=currency, language=language, goals=tuple(goals), kpis=tuple(kpis))
        for table, frame in frames.items():
            if table not in TABLES:
                raise ValueError(f"Got table {table!r}. Must be one of {list(TABLES)}.")
            display = f"<{table}>"
            raw = Raw(frame.reset_index(drop=True), np.arange(2, len(frame) + 2, dtype=np.int64),
                      [str(c) for c in frame.columns])
            spec = SourceSpec(table, display)
            _add_source(company, spec, raw, display, language)
        _finish(company, period)
        return company


def load_company(path: str | Path, *, lang: str | None = None) -> Company:
    """Read a company folder (company.yaml plus its exports) into a validated ``Company``.

    Parameters
    ----------
    path : str or Path
        The company folder, holding ``company.yaml``; or a YAML file of its own in that folder
        (e.g. a variant of the configuration), whose paths are relative to its folder.
    lang : {"de", "en"}, optional
        Language of the messages in ``rejected``; defaults to the company's language.

    Raises
    ------
    KpikitError
        When the input is unusable: one message naming the file, column, row and the fix.
    """
    folder, config_file = Path(path), None
    if folder.is_file() and folder.suffix in (".yaml", ".yml"):
        folder, config_file = folder.parent, folder
    elif not folder.is_dir():
        raise DataError("DIR_NOT_FOUND", file=str(folder), path=str(folder))
    config = read_config(folder, config_file)
    lang = lang or config.language
    cache = cache_file(folder, config, lang)
    cached = read_cache(cache)
    if cached is not None:
        return cached
    company = Company(
        name=config.name, currency=config.currency, language=config.language, goals=config.goals,
        kpis=config.kpis, path=folder,
    )
    for spec in config.sources:
        spec = _with_preset(spec)
        file = Path(spec.file)
        full = file if file.is_absolute() else folder / file
        display = spec.file
        if not full.is_file():
            raise DataError("FILE_NOT_FOUND", file=display, table=spec.table)
        options = dict(spec.read)
        options["_expect_columns"] = [v for v in spec.columns.values() if isinstance(v, str)] + [
            c for c in TABLES[spec.table].required if c not in spec.columns and c not in spec.constants
        ]
        raw = read_raw(full, display, options)
        spec, raw = prepare_source(spec, raw, display)  # column alternatives, report total rows
        _add_source(company, spec, raw, display, lang)
    _finish(company, _config_period(config))
    if cache is not None:
        write_cache(cache, company)
    return company


def _config_period(config: Config) -> tuple | None:
    start, end = config.period
    if start is None and end is None:
        return None
    return start, end


def _with_preset(spec: SourceSpec) -> SourceSpec:
    if not spec.preset:
        return spec
    from kpikit.sources.presets import PRESETS

    base = PRESETS[spec.preset]
    merged = {}
    for part in ("read", "columns", "values", "constants"):
        merged[part] = {**base.get(part, {}), **getattr(spec, part)}
    return SourceSpec(spec.table, spec.file, spec.preset, **merged)


# --- one source -------------------------------------------------------------------------------------
def _resolve_columns(spec: SourceSpec, raw: Raw, display: str, table: Table) -> dict[str, str]:
    """Canonical column → column of the file; raise for a missing required or mapped column."""
    present = list(raw.frame.columns)
    by_norm = {}
    for c in present:
        by_norm.setdefault(str(c).strip().casefold(), c)
    resolved = {}
    explicit = {str(v).strip() for v in spec.columns.values()} | {
        by_norm.get(str(v).strip().casefold()) for v in spec.columns.values()
    }
    for col in table.columns:
        if col.name in spec.constants:
            continue
        wanted = spec.columns.get(col.name)
        if wanted is not None:
            hit = wanted if wanted in present else by_norm.get(str(wanted).strip().casefold())
            if hit is None:
                header_is_data(raw, display, [str(v) for v in spec.columns.values()])
                raise DataError("MISSING_MAPPED_COLUMN", file=display, column=col.name, table=table.name,
                                source_column=wanted, columns_present=[str(c) for c in raw.header],
                                suggestion=near_miss(str(wanted), present), fix_code="MISSING_COLUMN")
            resolved[col.name] = hit
            continue
        hit = by_norm.get(col.name)
        if hit is not None and hit in explicit:
            hit = None  # that file column is already mapped to another canonical column
        if hit is not None:
            resolved[col.name] = hit
        elif col.required:
            header_is_data(raw, display, [col.name, *(str(v) for v in spec.columns.values())])
            raise DataError("MISSING_COLUMN", file=display, column=col.name, table=table.name,
                            source_column=col.name, columns_present=[str(c) for c in raw.header],
                            suggestion=near_miss(col.name, present))
    return resolved


def _map_values(text: pd.Series, mapping: dict[str, object], synonyms: dict[str, str] | None = None) -> pd.Series:
    """Apply a value map (exact, then case-insensitive; ``*`` maps everything else), then built-in synonyms.

    The map is applied to the distinct values only, so a million rows cost one factorisation.
    """
    shared = distinct(text, at_least=0)
    if shared is not None:
        codes, uniques = shared
    else:
        codes, uniques = pd.factorize(text, use_na_sentinel=True)
    folded = {str(k).strip().casefold(): v for k, v in mapping.items() if k != "*"}
    default = mapping.get("*")
    synonyms = synonyms or {}
    mapped = []
    for u in uniques:
        key = str(u).strip()
        if key in mapping and key != "*":
            value = mapping[key]
        elif key.casefold() in folded:
            value = folded[key.casefold()]
        elif default is not None:
            value = default
        else:
            value = u
        if value is not None:
            value = synonyms.get(str(value).strip().casefold(), value)
        mapped.append(value)
    out = [None if v is None else str(v) for v in mapped] + [None]
    if shared is not None:  # take in Arrow: no million Python strings
        import pyarrow as pa

        taken = pa.array(out, type=pa.large_string()).take(pa.array(codes))
        return pd.Series(pd.array(taken, dtype="str"), index=text.index)
    return pd.Series(np.array(out, dtype=object)[codes], index=text.index, dtype="str")


def _text(values: pd.Series, kind: str) -> pd.Series:
    if pd.api.types.is_float_dtype(values.dtype):
        # Ids typed as floats (parquet, workbooks): 10023.0 -> "10023".
        whole = values.notna() & (values % 1 == 0)
        text = values.astype("str").where(~whole, values.where(whole).astype("Int64").astype("str"))
        return text.mask(values.isna())
    if values.dtype == object:
        # Workbook ids typed as numbers: 10023.0 -> "10023".
        values = values.map(
            lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else v, na_action="ignore"
        )
    out = values.astype("str").str.strip() if values.dtype != "str" else values.str.strip()
    blank = (out == "").to_numpy(dtype=bool, na_value=False)
    if values.dtype == "str" and not blank.any():
        return out  # strip keeps missing values missing: nothing to mask (saves a copy per column)
    return out.mask(values.isna() | blank)


def _add_source(company: Company, spec: SourceSpec, raw: Raw, display: str, lang: str) -> None:
    table = TABLES[spec.table]
    resolved = _resolve_columns(spec, raw, display, table)
    frame, rows, n = raw.frame, raw.rows, len(raw.frame)
    out: dict[str, pd.Series] = {}
    problems: list[Problem] = []
    reject = np.zeros(n, dtype=bool)
    rejected_records: list[dict] = []
    unparseable: dict[str, np.ndarray] = {}

    def flag(mask: np.ndarray, code: str, column: str, values: pd.Series | None, **params: object) -> None:
        idx = np.flatnonzero(mask)
        for i in idx:
            value = None if values is None else _show(values.iloc[i])
            extra = {k: _scalar(v[i] if isinstance(v, np.ndarray | list) else v) for k, v in params.items()}
            p = Problem(code, "rejected", table.name, display, int(rows[i]), source_name.get(column, column),
                        value, extra, canonical=column)
            problems.append(p)
            rejected_records.append({"_i": int(i), "problem": p})
        reject[idx] = True

    source_name = {c: str(resolved.get(c, c)) for c in table.names}
    # Large files: text columns are stripped, and ids hashed, in two threads beside the parsing.
    pool = ThreadPoolExecutor(max_workers=2) if n >= PARALLEL_ROWS else None
    pending_codes: Future | None = None  # (ids, codes of the ids) from the pool
    read = _with_date_order(spec, table, resolved, frame, display)
    formula_cells: dict[str, list[tuple[int, str]]] = {}
    if raw.formulas:
        position = {int(r): i for i, r in enumerate(rows)}
        for row, column, formula in raw.formulas:
            formula_cells.setdefault(column, []).append((position[row], formula))
    for col in table.columns:
        if col.name in spec.constants:
            out[col.name] = pd.Series([spec.constants[col.name]] * n, dtype="str")
            if col.kind in (DATE, MONEY, COUNT):
                out[col.name] = _parse_column(col.kind, out[col.name], spec.read)[0]
            continue
        if col.name not in resolved:
            continue
        values = frame[resolved[col.name]].reset_index(drop=True)
        mapping = spec.values.get(col.name)
        if resolved[col.name] in formula_cells:
            # Formula cells without a saved result read as empty: say so instead of "missing".
            mask = np.zeros(n, dtype=bool)
            shown = values.astype(object).copy()
            for i, formula in formula_cells[resolved[col.name]]:
                mask[i] = True
                shown.iloc[i] = formula
            flag(mask, "FORMULA_WITHOUT_VALUE", col.name, shown)
            unparseable[col.name] = mask
        if col.kind in (ID, TEXT, ENUM):
            too_long = _too_long(values)
            if too_long is not None:
                flag(too_long, "VALUE_TOO_LONG", col.name, values, length=_lengths(values, too_long),
                     limit=f"{MAX_CELL:,}".replace(",", "'"))
                values = values.mask(pd.Series(too_long, index=values.index))
                unparseable[col.name] = unparseable.get(col.name, np.zeros(n, dtype=bool)) | too_long
        if col.kind == ENUM:
            text = _map_values(_text(values, col.kind), mapping or {}, SYNONYMS.get(col.name, {}))
            bad = text.notna().to_numpy() & ~text.isin(col.allowed).to_numpy()
            flag(bad, "INVALID_VALUE", col.name, values, allowed=", ".join(col.allowed),
                 example=col.allowed[0])
            unparseable[col.name] = unparseable.get(col.name, np.zeros(n, dtype=bool)) | bad
            out[col.name] = text.where(~bad)
            continue
        if mapping:
            values = _map_values(_text(values, TEXT), mapping)
        if pool is not None and col.kind in (ID, TEXT):
            # Plain text has nothing to flag: strip it (and hash the ids) on the second core, in Arrow,
            # without the GIL, while this thread parses the dates and amounts.
            if col.name == table.id_column:
                pending_codes = out[col.name] = pool.submit(_text_and_codes, values, col.kind)
            else:
                out[col.name] = pool.submit(_text, values, col.kind)
            continue
        parsed, bad = _parse_column(col.kind, values, read)
        if parsed.attrs.get("thousands_dot"):
            # 12.345 read as 12'345: right for a German export, but say so, with the way back
            i = int(np.flatnonzero(_as_text(values).str.contains(".", regex=False).fillna(False).to_numpy())[0])
            problems.append(Problem("THOUSANDS_DOT", "warning", table.name, display, int(rows[i]),
                                    source_name.get(col.name, col.name), _show(values.iloc[i]),
                                    {"number": _format.number(parsed.iloc[i])}, canonical=col.name))
        if bad is not None:
            bad = bad.to_numpy() & ~unparseable.get(col.name, np.zeros(n, dtype=bool))
            unparseable[col.name] = unparseable.get(col.name, np.zeros(n, dtype=bool)) | bad
            if col.kind == DATE and bad.any():
                serial, shown = _excel_serials(values, bad)
                if serial.any():
                    flag(serial, "EXCEL_SERIAL_DATE", col.name, values, date=shown)
                    bad = bad & ~serial
            flag(bad, "INVALID_DATE" if col.kind == DATE else "INVALID_NUMBER", col.name, values)
        out[col.name] = parsed
    if pool is not None:
        out = {k: (v.result()[0] if v is pending_codes else v.result()) if isinstance(v, Future) else v
               for k, v in out.items()}
        pool.shutdown()

    # Arrays, not Series: every column already has this row order, so no index alignment is needed.
    canon = pd.DataFrame({k: (v.array if isinstance(v, pd.Series) else v) for k, v in out.items()},
                         index=pd.RangeIndex(n))
    # Required values present.
    for name in table.required:
        if name == "closed_at" or name not in canon:
            continue
        flag(canon[name].isna().to_numpy() & ~unparseable.get(name, False), "MISSING_VALUE", name, None)
    # Money and counts are never negative.
    for col in table.columns:
        if col.kind in (MONEY, COUNT) and col.name in canon:
            neg = (canon[col.name] < 0).to_numpy()
            flag(neg, "NEGATIVE_VALUE", col.name, canon[col.name])
    # Events cannot lie ahead: a year typed 2205 for 2025 would stretch every period to the future.
    horizon = pd.Timestamp.now().normalize() + pd.Timedelta(days=2)  # a day's grace for time zones
    for name in EVENT_DATES.get(table.name, ()):
        if name in canon and name not in spec.constants:
            ahead = (canon[name] >= horizon).to_numpy()
            if name == "closed_at" and "status" in canon:
                ahead = ahead & canon["status"].isin(["won", "lost"]).to_numpy()
            if ahead.any():
                flag(ahead, "FUTURE_DATE", name, canon[name], today=_show(pd.Timestamp.now()))
    if table.name == "deals":
        closed = canon["status"].isin(["won", "lost"]).to_numpy()
        no_date = closed & canon["closed_at"].isna().to_numpy() & ~unparseable.get("closed_at", False)
        raw_status = frame[resolved["status"]].reset_index(drop=True) if "status" in resolved else canon["status"]
        flag(no_date, "MISSING_CLOSE_DATE", "closed_at", raw_status)
        if "created_at" in canon:
            before = (canon["closed_at"] < canon["created_at"]).to_numpy()
            flag(before, "CLOSED_BEFORE_CREATED", "closed_at", canon["closed_at"],
                 other=canon["created_at"].to_numpy())
    # Duplicate ids: the first occurrence stays, later ones are set aside.
    if table.id_column and table.id_column in canon:
        ids = canon[table.id_column]
        codes = pending_codes.result()[1] if pending_codes is not None else pd.factorize(ids, use_na_sentinel=True)[0]
        order = np.argsort(codes, kind="stable")
        starts = np.r_[True, codes[order][1:] != codes[order][:-1]] if n else np.zeros(0, dtype=bool)
        first_pos = np.empty(n, dtype=np.int64)
        first_pos[order] = order[np.maximum.accumulate(np.where(starts, np.arange(n), 0))] if n else order
        dup = (first_pos != np.arange(n)) & (codes >= 0) & ~reject
        if dup.any():
            flag(dup, "DUPLICATE_ID", table.id_column, ids, first_row=rows[first_pos])
        prev = company.tables.get(table.name)
        if prev is not None and table.id_column in prev:
            seen = ids.isin(prev[table.id_column].dropna()).to_numpy() & ids.notna().to_numpy() & ~reject
            files = ", ".join(s.file for s in company.sources if s.table == table.name)
            flag(seen, "DUPLICATE_ID_ACROSS_FILES", table.id_column, ids, files=files)
    elif n:
        exact = canon.duplicated(keep="first").to_numpy() & ~reject
        if exact.sum():
            dup_rows = [int(r) for r in rows[exact]]
            shown = ", ".join(map(str, dup_rows[:10])) + (", …" if len(dup_rows) > 10 else "")
            problems.append(Problem("DUPLICATE_ROWS", "warning", table.name, display, dup_rows[0], None, None,
                                    {"count": int(exact.sum()), "rows": shown}))
    for dupe in raw.duplicate_headers:
        problems.append(Problem("DUPLICATE_HEADER", "warning", table.name, display, None, dupe, dupe))
    for row, got, expected, _ in raw.ragged:
        problems.append(Problem("RAGGED_ROW", "rejected", table.name, display, row, None, None,
                                {"got": got, "expected": expected}))
    for row, opened, _ in raw.unclosed:
        problems.append(Problem("UNCLOSED_QUOTE", "rejected", table.name, display, row, None, None,
                                {"opened": opened}))
    broken = len(raw.ragged) + len(raw.unclosed)
    if n == 0 and not broken:
        problems.append(Problem("NO_ROWS", "warning", table.name, display, raw.header_row, None, None))

    loaded = _keep(canon, ~reject)
    prev = company.tables.get(table.name)
    if prev is not None:
        loaded = pd.concat([prev, loaded], ignore_index=True)
    company.tables[table.name] = loaded
    company.problems.extend(problems)
    if rejected_records or broken:
        company.rejected = pd.concat(
            [company.rejected, _rejected_frame(rejected_records, raw, rows, table.name, display, lang)],
            ignore_index=True,
        )
    company.sources.append(SourceReport(
        table.name, display, n + broken, int((~reject).sum()), int(reject.sum()) + broken,
        {k: v for k, v in {"encoding": raw.encoding, "sep": raw.sep, "skiprows": raw.skiprows,
                           "sheet": raw.sheet}.items() if v not in (None, 0)},
        list(raw.skipped),
    ))


def _keep(frame: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """The rows of ``frame`` where ``keep``, with a fresh index; Arrow columns filtered in Arrow.

    ``frame[keep]`` turns the mask into indices and takes each text column with them, which costs
    twice as much as Arrow's own filter on a million rows.
    """
    if keep.all():
        return frame.reset_index(drop=True)
    import pyarrow as pa
    import pyarrow.compute as pc

    mask = pa.array(keep)
    columns = {}
    for name in frame.columns:
        values = frame[name]
        arr = getattr(values.array, "_pa_array", None)
        if arr is not None and values.dtype == "str":
            columns[name] = pd.Series(pd.array(pc.filter(arr, mask), dtype=values.dtype))
        elif isinstance(values.dtype, np.dtype):
            columns[name] = pd.Series(values.to_numpy()[keep], dtype=values.dtype)
        else:  # nullable and other extension types
            columns[name] = values[keep].reset_index(drop=True)
    return pd.DataFrame(columns, index=pd.RangeIndex(int(keep.sum())))


def _text_and_codes(values: pd.Series, kind: str) -> tuple[pd.Series, np.ndarray]:
    """An id column as text, and its factorisation (for the duplicate check)."""
    text = _text(values, kind)
    return text, pd.factorize(text, use_na_sentinel=True)[0]


def _excel_serials(values: pd.Series, bad: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Which unparseable dates are Excel serial numbers (45678 = 21.01.2025), and the date each stands for.

    A cell that lost its date format in Excel shows the day count since 1899-12-30; 20000 to 80000
    covers 1954 to 2119, so an amount or an id is not mistaken for one.

    >>> _excel_serials(pd.Series(["45678", "31.02.2025", "45678.5"]), np.array([True, True, True]))
    (array([ True, False,  True]), ['21.01.2025', '', '21.01.2025'])
    """
    text = values.astype("str").str.strip()
    number = pd.to_numeric(text.where(text.str.fullmatch(r"\d{5}(?:[.,]\d+)?").fillna(False)).str.replace(",", "."),
                           errors="coerce")
    serial = bad & number.between(20000, 80000).fillna(False).to_numpy(dtype=bool)
    base = pd.Timestamp("1899-12-30")
    shown = [(base + pd.Timedelta(days=int(number.iloc[i]))).strftime("%d.%m.%Y") if serial[i] else ""
             for i in range(len(values))]
    return serial, shown


def _too_long(values: pd.Series) -> np.ndarray | None:
    """Mask of texts longer than ``MAX_CELL``, or None when there are none (the common, cheap case)."""
    if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_datetime64_any_dtype(values.dtype):
        return None
    arr = getattr(values.array, "_pa_array", None)
    if arr is not None:
        import pyarrow.compute as pc

        longest = pc.max(pc.binary_length(arr)).as_py()  # bytes >= characters; reads only the offsets
        if longest is None or longest <= MAX_CELL:
            return None
    lengths = values.map(lambda v: len(v) if isinstance(v, str) else 0, na_action="ignore")
    mask = (lengths.fillna(0) > MAX_CELL).to_numpy()
    return mask if mask.any() else None


def _lengths(values: pd.Series, mask: np.ndarray) -> np.ndarray:
    out = np.zeros(len(values), dtype=object)
    for i in np.flatnonzero(mask):
        out[i] = f"{len(values.iloc[i]):,}".replace(",", "'")
    return out


def _with_date_order(spec: SourceSpec, table: Table, resolved: dict, frame: pd.DataFrame, display: str) -> dict:
    """The read options, with the day/month order of slash dates settled for the whole file.

    ``01/02/2025`` is the 1st of February in Switzerland and the 2nd of January in a US export. One
    date such as ``13/02/2025`` in any date column of the file proves the order. When no date does,
    the order is not guessed: the file is refused until ``read.date_order`` (or ``date_format``) says it.
    """
    read = dict(spec.read)
    order = read.get("date_order")
    if order is not None:
        order = str(order).strip().lower()
        if order not in DATE_ORDERS:
            raise DataError("BAD_OPTION", file="company.yaml", name=f"sources.{spec.table}.read.date_order",
                            value=read["date_order"], allowed="dmy (31/01/2025), mdy (01/31/2025)")
        read["date_order"] = order
        return read
    if read.get("date_format"):
        return read
    undecided, orders = [], set()
    for col in table.columns:
        if col.kind != DATE or col.name not in resolved or col.name in spec.constants:
            continue
        values = frame[resolved[col.name]].reset_index(drop=True)
        sample = _text(_sample(values), TEXT)
        if not sample.str.contains("/", regex=False).any():
            continue  # no slash dates: no question of order
        fmt, ambiguous = infer_date_format(sample)
        if not date_order_of(fmt):
            continue  # ISO, dd.mm.yyyy and the like: no question of order
        text = _text(values, TEXT)
        if ambiguous:
            fmt, ambiguous = infer_date_format(text)
        decided = decisive_order(text) if ambiguous else date_order_of(fmt)
        if decided:
            orders.add(decided)
        else:
            undecided.append((col.name, text))
    if len(orders) == 1:
        read["date_order"] = orders.pop()
    elif undecided and not orders:
        position = {c: i for i, c in enumerate(frame.columns)}
        undecided.sort(key=lambda u: position.get(resolved[u[0]], 0))
        name, text = undecided[0]
        examples = ", ".join(text.dropna().drop_duplicates().iloc[:3].map(_show))
        raise DataError("AMBIGUOUS_DATES", file=display, column=str(resolved[name]), examples=examples,
                        table=spec.table, columns=", ".join(str(resolved[u[0]]) for u in undecided))
    return read


def _sample(values: pd.Series, size: int = 2000) -> pd.Series:
    """The first ``size`` values and ``size`` more spread over the rest (cheap to test a format on)."""
    if len(values) <= 2 * size:
        return values
    return pd.concat([values.iloc[:size], values.iloc[size :: (len(values) - size) // size + 1]])


def _parse_column(kind: str, values: pd.Series, read: dict) -> tuple[pd.Series, pd.Series | None]:
    if kind == DATE:
        parsed, bad, fmt = parse_dates(values, date_format=read.get("date_format"), order=read.get("date_order"))
        parsed.attrs["date_format"] = fmt
        return parsed, bad
    if kind in (MONEY, COUNT):
        parsed, bad = parse_numbers(values, decimal=read.get("decimal"), thousands=read.get("thousands"))
        return parsed, bad
    return _text(values, kind), None


def _scalar(value: object) -> object:
    """Row numbers and counts as plain ints in messages (2, not 2.0)."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return int(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.datetime64):
        return _show(pd.Timestamp(value))
    return value


def _show(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.strftime("%d.%m.%Y")
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _record_row(p: Problem, lang: str, record: str) -> dict:
    return {"table": p.table, "file": p.file, "row": p.row, "column": p.column, "code": p.code,
            "value": p.value, "message": p.message(lang), "fix": p.fix(lang), "record": record}


def _rejected_frame(records: list[dict], raw: Raw, rows: np.ndarray, table: str, display: str,
                    lang: str) -> pd.DataFrame:
    out = []
    for rec in records:
        i = rec["_i"]
        original = raw.frame.iloc[i]
        record = " | ".join(f"{k}={_show(v)}" for k, v in original.items() if _show(v))
        out.append(_record_row(rec["problem"], lang, record))
    for row, got, expected, text in raw.ragged:
        p = Problem("RAGGED_ROW", "rejected", table, display, row, None, None, {"got": got, "expected": expected})
        out.append(_record_row(p, lang, text))
    for row, opened, text in raw.unclosed:
        p = Problem("UNCLOSED_QUOTE", "rejected", table, display, row, None, None, {"opened": opened})
        out.append(_record_row(p, lang, _show(text)))
    return pd.DataFrame(out, columns=REJECTED_COLUMNS)


def _finish(company: Company, period: tuple | None) -> None:
    """Set the period: from company.yaml, else the span of the data."""
    start, end = period if period else (None, None)
    if start is None or end is None:
        lows, highs = [], []
        for name, frame in company.tables.items():
            for col in TABLES[name].columns:
                if col.kind == DATE and col.name in frame and frame[col.name].notna().any():
                    lows.append(frame[col.name].min())
                    highs.append(frame[col.name].max())
        start = start or (min(lows).normalize() if lows else None)
        end = end or (max(highs).normalize() if highs else None)
    company.period = (pd.Timestamp(start) if start is not None else None,
                      pd.Timestamp(end) if end is not None else None)
    if not company.rejected.empty:
        company.rejected = company.rejected.sort_values(["file", "row"], kind="stable").reset_index(drop=True)
    company.rejected["row"] = company.rejected["row"].astype("Int64")


__all__ = ["Company", "SourceReport", "load_company"]
