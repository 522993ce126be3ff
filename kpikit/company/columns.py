"""From a file's columns to canonical columns: find them, map their values, read them as text, dates, numbers.

``resolve_columns`` finds each canonical column in the file (as mapped in company.yaml, else by its
own name), ``map_values`` applies value maps, ``with_date_order`` settles the day/month order of the
file's slash dates, and ``parse_column`` reads one column as its kind says.
"""

from __future__ import annotations

import difflib
import re

import numpy as np
import pandas as pd
import pyarrow as pa

from kpikit.company.collect import show
from kpikit.company.spec import SourceSpec
from kpikit.core.errors import DataError
from kpikit.core.text import near_miss
from kpikit.sources.parse import (
    DATE_ORDERS,
    SLASH_DATE,
    date_order_of,
    decisive_order,
    distinct,
    infer_date_format,
    order_of_format,
    parse_bools,
    parse_dates,
    parse_numbers,
)
from kpikit.sources.raw import Raw
from kpikit.sources.read import header_is_data
from kpikit.sources.schema import BOOL, COUNT, DATE, ID, MONEY, NO_DATES, ONE_PER_ROW, ROW_IDS, TEXT, Table


# --- one source -------------------------------------------------------------------------------------
def resolve_columns(spec: SourceSpec, raw: Raw, display: str, table: Table) -> dict[str, str]:
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
        if wanted in (ROW_IDS, NO_DATES):
            continue  # no file column: the loader numbers the rows, or leaves the dates empty
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
            fix = {ID: "MISSING_COLUMN_ID", DATE: "MISSING_COLUMN_DATE"}.get(col.kind, "MISSING_COLUMN")
            suggestion = id_near_miss(col.name, present) if col.kind == ID else near_miss(col.name, present)
            raise DataError("MISSING_COLUMN", file=display, column=col.name, table=table.name,
                            source_column=col.name, columns_present=[str(c) for c in raw.header],
                            suggestion=suggestion, fix_code=fix)
    return resolved


# Words that name a record id, in German and English exports ("Kundennr", "Order No.", "Deal-ID").
ID_WORDS = ("id", "nr", "no", "number", "nummer", "key", "code", "ref")
_ID_SUFFIXES = tuple(w for w in ID_WORDS if w != "no")  # "casino" is no number
CLOSE_MATCH = 0.85  # a name this close to the id column is a typo of it, whatever its words


def _is_id_like(name: str) -> bool:
    """Whether a column name contains a word that names an id.

    >>> [_is_id_like(n) for n in ("Kundennr", "Order No.", "dealId", "default", "contact", "pdays")]
    [True, True, True, False, False, False]
    """
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", str(name))
    words = [w for w in re.split(r"[^0-9a-zA-Z]+", text.casefold()) if w]
    return any(w in ID_WORDS or w.endswith(_ID_SUFFIXES) for w in words)


def id_near_miss(name: str, present: list) -> str | None:
    """The "did you mean" for a missing id column: only a column whose name says it is an id, or a typo.

    A bank export lacks ``deal_id``; its ``default`` (a credit-default flag) is near in letters, but no id.

    >>> id_near_miss("deal_id", ["age", "default", "housing", "loan", "y"]) is None
    True
    >>> id_near_miss("deal_id", ["Deal-Nr", "Betrag"]), id_near_miss("lead_id", ["leadid", "x"])
    ('Deal-Nr', 'leadid')
    """
    def norm(s: object) -> str:
        return "".join(ch for ch in str(s).casefold() if ch.isalnum())

    # among columns that say they are ids, the loose match of letters is enough ("Deal-Nr" for deal_id)
    ids = {norm(c): c for c in present if _is_id_like(str(c))}
    loose = difflib.get_close_matches(norm(name), list(ids), n=1, cutoff=0.6)
    if loose:
        return ids[loose[0]]
    close = difflib.get_close_matches(norm(name), [norm(c) for c in present], n=1, cutoff=CLOSE_MATCH)
    return next((c for c in present if close and norm(c) == close[0]), None)


def unmapped_column(spec: SourceSpec, table: Table, name: str, raw: Raw) -> pd.Series | None:
    """A canonical column that no file column feeds, as company.yaml or the schema fills it; else None.

    ``"@row"`` numbers the rows: each id is the row number messages name the row by ("2", "3", …, from 1
    in a file without a header), so a rejected row keeps its id. ``"@none"`` is a date column without
    dates (all NaT). A count of ``ONE_PER_ROW`` is 1.0 for each row (a session log: a row is a session).

    >>> raw = Raw(pd.DataFrame({"a": ["x", "y"]}), np.array([2, 3]), ["a"])
    >>> unmapped_column(SourceSpec("leads", "l.csv", columns={"lead_id": "@row"}), None, "lead_id", raw).tolist()
    ['2', '3']
    """
    wanted = spec.columns.get(name)
    n = len(raw.frame)
    if wanted == ROW_IDS:
        return pd.Series(np.asarray(raw.rows, dtype=np.int64).astype(str), dtype="str")
    if wanted == NO_DATES:
        return pd.Series(np.full(n, np.datetime64("NaT", "us")), dtype="datetime64[us]")
    if table is not None and name in ONE_PER_ROW.get(table.name, ()) and wanted is None:
        return pd.Series(np.ones(n), dtype="float64")
    return None


def map_values(text: pd.Series, mapping: dict[str, object], synonyms: dict[str, str] | None = None) -> pd.Series:
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
        taken = pa.array(out, type=pa.large_string()).take(pa.array(codes))
        return pd.Series(pd.array(taken, dtype="str"), index=text.index)
    return pd.Series(np.array(out, dtype=object)[codes], index=text.index, dtype="str")


def column_text(values: pd.Series, kind: str) -> pd.Series:
    """A column as stripped text, blanks missing; ids typed as numbers lose their ``.0`` (10023.0 -> "10023").

    >>> column_text(pd.Series([10023.0, None]), "id").tolist()
    ['10023', nan]
    """
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


def text_and_codes(values: pd.Series, kind: str) -> tuple[pd.Series, np.ndarray]:
    """An id column as text, and its factorisation (for the duplicate check)."""
    text = column_text(values, kind)
    return text, pd.factorize(text, use_na_sentinel=True)[0]


def with_date_order(spec: SourceSpec, table: Table, resolved: dict, frame: pd.DataFrame, display: str) -> dict:
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
        sample = column_text(_sample(values), TEXT)
        fmt, ambiguous = infer_date_format(sample)
        if order_of_format(fmt) and not date_order_of(fmt):
            continue  # dd.mm.yyyy and the like: the column's own order reads its slash dates too
        if not date_order_of(fmt):
            # ISO and the like: its slash dates (a few among 2025-01-31) need an order of their own
            if values.dtype == "str" and not values.str.contains("/", regex=False).any():
                continue  # a cheap look first: most ISO columns have none
            text = column_text(values, TEXT)
            slash = text[text.str.match(SLASH_DATE).fillna(False).to_numpy(dtype=bool)]
            if slash.empty:
                continue
            decided = decisive_order(slash)
            if decided:
                orders.add(decided)
            else:
                undecided.append((col.name, slash))
            continue
        text = column_text(values, TEXT)
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
        examples = ", ".join(text.dropna().drop_duplicates().iloc[:3].map(show))
        raise DataError("AMBIGUOUS_DATES", file=display, column=str(resolved[name]), examples=examples,
                        table=spec.table, columns=", ".join(str(resolved[u[0]]) for u in undecided))
    return read


def _sample(values: pd.Series, size: int = 2000) -> pd.Series:
    """The first ``size`` values and ``size`` more spread over the rest (cheap to test a format on)."""
    if len(values) <= 2 * size:
        return values
    return pd.concat([values.iloc[:size], values.iloc[size :: (len(values) - size) // size + 1]])


def parse_column(kind: str, values: pd.Series, read: dict, *,
                 flag_counts: bool = False) -> tuple[pd.Series, pd.Series | None]:
    """Read one column as its kind says.

    Parameters
    ----------
    kind : str
        The canonical column's kind (``kpikit.sources.schema``: date, money, count, id, text, enum, bool).
    values : Series
        The file's raw values.
    read : dict
        The source's read options (``date_format``, ``date_order``, ``decimal``, ``thousands``).
    flag_counts : bool
        For a count: a column of yes/no flags (``Yes``/``No``, ``TRUE``/``FALSE``) counts 1.0 or 0.0 per row.

    Returns
    -------
    (Series, Series of bool or None)
        The parsed values (a date column carries its format in ``attrs["date_format"]``; a flag is
        pandas ``"boolean"``), and the mask of values that could not be read; None for text, which always reads.
    """
    if kind == DATE:
        parsed, bad, fmt = parse_dates(values, date_format=read.get("date_format"), order=read.get("date_order"))
        parsed.attrs["date_format"] = fmt
        return parsed, bad
    if kind in (MONEY, COUNT):
        parsed, bad = parse_numbers(values, decimal=read.get("decimal"), thousands=read.get("thousands"))
        if flag_counts and bad.any():
            flags, not_flag = parse_bools(values)
            # a yes/no per row counts 1 or 0; a column mostly of flag words is one, its other values are bad
            words = bad & ~not_flag  # flags that are no number (TRUE, nein)
            if not not_flag.any() or (words.any() and (~not_flag).sum() >= (~bad).sum()):
                counts = flags.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
                out = pd.Series(counts, index=values.index, dtype="float64")
                out.attrs["flag"] = True
                return out, not_flag
        return parsed, bad
    if kind == BOOL:
        return parse_bools(values)
    return column_text(values, kind), None

