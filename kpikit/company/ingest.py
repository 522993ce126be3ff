"""One source into the company: find its columns, parse them, run the rules, keep what passes.

``add_source`` is the loader's one way in, for files (``load_company``) and frames
(``Company.from_frames``) alike: rows read = rows loaded + rows rejected, always.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kpikit.company.collect import Collector, SourceReport, show
from kpikit.company.columns import (
    column_text,
    map_values,
    parse_column,
    resolve_columns,
    text_and_codes,
    unmapped_column,
    with_date_order,
)
from kpikit.company.parsing import collect_parse_failures, implausible_numbers
from kpikit.company.rules import Cell, Reason, Source, apply_cell_rules, apply_rules
from kpikit.company.spec import SourceSpec
from kpikit.company.tidy import tidy_text
from kpikit.core.errors import Problem
from kpikit.core.fmt import number
from kpikit.sources.parse import as_text
from kpikit.sources.raw import Raw
from kpikit.sources.schema import COUNT, DATE, ENUM, ID, MONEY, NO_DATES, ROW_IDS, SYNONYMS, TABLES, TEXT, Table


class Target(Protocol):
    """What sources are added to: a ``Company`` (``kpikit.company.model``), which loads itself through here."""

    tables: dict[str, pd.DataFrame]
    rejected: pd.DataFrame
    problems: list[Problem]
    sources: list[SourceReport]
    period: tuple
    undated: tuple[str, ...]

PARALLEL_ROWS = 100_000  # from this many rows, text columns are prepared in threads (see add_source)


def add_source(company: Target, spec: SourceSpec, raw: Raw, display: str, lang: str) -> None:
    """Validate one source and add it to ``company``: its rows, its rejected rows, its problems, its report.

    Parameters
    ----------
    company : Company
        The company being loaded; its table ``spec.table`` grows by the rows that pass.
    spec : SourceSpec
        The source as company.yaml describes it (presets applied, column alternatives resolved).
    raw : Raw
        The file's raw values, as read by ``kpikit.sources.read.read_raw``.
    display : str
        How messages name the file.
    lang : {"de", "en"}
        Language of the messages in ``company.rejected``.

    Raises
    ------
    DataError
        For a required or mapped column the file lacks, or slash dates whose day/month order no date decides.
    """
    table = TABLES[spec.table]
    resolved = resolve_columns(spec, raw, display, table)
    n = len(raw.frame)
    collected = Collector(table.name, display, raw.rows, {c: str(resolved.get(c, c)) for c in table.names})
    no_dates = [c for c in table.names if spec.columns.get(c) == NO_DATES]
    for name in no_dates:  # no date to judge: no row is "missing" it
        collected.mark_unreadable(name, np.ones(n, dtype=bool))
    out, id_codes = _parse_columns(spec, raw, display, table, resolved, collected)
    # Arrays, not Series: every column already has this row order, so no index alignment is needed.
    canon = pd.DataFrame({k: (v.array if isinstance(v, pd.Series) else v) for k, v in out.items()},
                         index=pd.RangeIndex(n))
    tidy_text(canon, table, collected)
    previous = company.tables.get(table.name)
    generated = table.id_column is not None and spec.columns.get(table.id_column) == ROW_IDS
    if generated and previous is not None:
        # the second file's row 2 is another record than the first file's: "2:2", "3:2", … for later files
        nth = 1 + sum(s.table == table.name for s in company.sources)
        canon[table.id_column] = pd.Series(f"{nth}:" + canon[table.id_column].astype("str"), dtype="str").array
    source = Source(
        table, display, raw, canon, spec.constants, collected,
        raw_status=(raw.frame[resolved["status"]].reset_index(drop=True) if "status" in resolved
                    else canon.get("status")),
        id_codes=None if generated else id_codes, previous=previous, generated_ids=generated,
        previous_files=", ".join(s.file for s in company.sources if s.table == table.name),
    )
    apply_rules(source)

    reject = collected.reject
    broken = len(raw.ragged) + len(raw.unclosed)
    loaded = keep_rows(canon, ~reject)
    if previous is not None:
        loaded = pd.concat([previous, loaded], ignore_index=True)
    company.tables[table.name] = loaded
    if no_dates and table.name not in company.undated:
        company.undated = (*company.undated, table.name)
    company.problems.extend(collected.problems)
    if collected.has_records or broken:
        company.rejected = pd.concat([company.rejected, collected.rejected_frame(raw, lang)], ignore_index=True)
    company.sources.append(SourceReport(
        table.name, display, n + broken, int((~reject).sum()), int(reject.sum()) + broken,
        {k: v for k, v in {"encoding": raw.encoding, "sep": raw.sep, "skiprows": raw.skiprows, "sheet": raw.sheet,
                           "generated_ids": next((c for c, v in spec.columns.items() if v == ROW_IDS), None),
                           "no_dates": ", ".join(no_dates) or None}.items() if v not in (None, 0)},
        list(raw.skipped),
        {c: v for c, v in resolved.items() if isinstance(v, str)},
    ))


def _parse_columns(spec: SourceSpec, raw: Raw, display: str, table: Table, resolved: dict[str, str],
                   collected: Collector) -> tuple[dict[str, pd.Series], np.ndarray | None]:
    """Every canonical column of the source, parsed, and the factorised ids (when threads computed them).

    Cell rules and parse failures go to ``collected``. Large files: text columns are stripped, and ids
    hashed, in two threads beside the parsing.
    """
    frame, n = raw.frame, len(raw.frame)
    out: dict[str, pd.Series | Future] = {}
    pool = ThreadPoolExecutor(max_workers=2) if n >= PARALLEL_ROWS else None
    pending_codes: Future | None = None  # (ids, codes of the ids) from the pool
    read = with_date_order(spec, table, resolved, frame, display)
    formula_cells: dict[str, list[tuple[int, str]]] = {}
    if raw.formulas:
        position = {int(r): i for i, r in enumerate(raw.rows)}
        for row, column, formula in raw.formulas:
            formula_cells.setdefault(column, []).append((position[row], formula))
    for col in table.columns:
        if col.name in spec.constants:
            out[col.name] = pd.Series([spec.constants[col.name]] * n, dtype="str")
            if col.kind in (DATE, MONEY, COUNT):
                out[col.name] = parse_column(col.kind, out[col.name], spec.read)[0]
            continue
        if col.name not in resolved:
            filled = unmapped_column(spec, table, col.name, raw)  # "@row", "@none", one session per row
            if filled is not None:
                out[col.name] = filled
            continue
        values = frame[resolved[col.name]].reset_index(drop=True)
        mapping = spec.values.get(col.name)
        values = apply_cell_rules(Cell(col, values, formula_cells.get(resolved[col.name], [])), collected)
        if col.kind == ENUM:
            text = map_values(column_text(values, col.kind), mapping or {}, SYNONYMS.get(col.name, {}))
            bad = text.notna().to_numpy() & ~text.isin(col.allowed).to_numpy()
            collected.collect_error(bad, Reason.INVALID_VALUE, col.name, values, allowed=", ".join(col.allowed),
                                    example=col.allowed[0])
            collected.mark_unreadable(col.name, bad)
            out[col.name] = text.where(~bad)
            continue
        if mapping:
            values = map_values(column_text(values, TEXT), mapping)
        if pool is not None and col.kind in (ID, TEXT):
            # Plain text has nothing to flag: strip it (and hash the ids) on the second core, in Arrow,
            # without the GIL, while this thread parses the dates and amounts.
            if col.name == table.id_column:
                pending_codes = out[col.name] = pool.submit(text_and_codes, values, col.kind)
            else:
                out[col.name] = pool.submit(column_text, values, col.kind)
            continue
        parsed, bad = parse_column(col.kind, values, read, flag_counts=col.flag_counts)
        if parsed.attrs.get("thousands_dot"):
            # 12.345 read as 12'345: right for a German export, but say so, with the way back
            i = int(np.flatnonzero(as_text(values).str.contains(".", regex=False).fillna(False).to_numpy())[0])
            collected.warn(Problem(Reason.THOUSANDS_DOT.value, "warning", table.name, display, int(raw.rows[i]),
                                   collected.source_name.get(col.name, col.name), show(values.iloc[i]),
                                   {"number": number(parsed.iloc[i])}, canonical=col.name))
        if bad is not None:
            collect_parse_failures(collected, col, values, bad, parsed)
        out[col.name] = implausible_numbers(collected, col, values, parsed)
    id_codes = None
    if pool is not None:
        id_codes = pending_codes.result()[1] if pending_codes is not None else None
        out = {k: (v.result()[0] if v is pending_codes else v.result()) if isinstance(v, Future) else v
               for k, v in out.items()}
        pool.shutdown()
    return out, id_codes


def keep_rows(frame: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """The rows of ``frame`` where ``keep``, with a fresh index; Arrow columns filtered in Arrow.

    ``frame[keep]`` turns the mask into indices and takes each text column with them, which costs
    twice as much as Arrow's own filter on a million rows.

    >>> keep_rows(pd.DataFrame({"a": ["x", "y", "z"]}, dtype="str"), np.array([True, False, True]))["a"].tolist()
    ['x', 'z']
    """
    if keep.all():
        return frame.reset_index(drop=True)
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


def set_period(company: Target, period: tuple | None) -> None:
    """Set the company's period: ``period`` where given, else the span of the data; sort ``rejected``.

    Parameters
    ----------
    company : Company
        The company, with all its sources added.
    period : (start, end) or None
        From company.yaml; a missing end (or start) is taken from the data's dates.
    """
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
