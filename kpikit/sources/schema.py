"""The canonical tables: their columns, types and allowed values (see DESIGN.md)."""

from __future__ import annotations

from dataclasses import dataclass

# Column kinds: "id" and "text" are strings, "date" is datetime64, "money" and "count" are float64,
# "enum" is a string restricted to ``allowed``, "bool" a yes/no flag (pandas "boolean": True/False/NA).
ID, TEXT, DATE, MONEY, COUNT, ENUM, BOOL = "id", "text", "date", "money", "count", "enum", "bool"

# What ``columns:`` of company.yaml may name instead of a file column: the row numbers as ids
# (``lead_id: "@row"``), or no dates at all (``created_at: "@none"``, a snapshot export).
ROW_IDS, NO_DATES = "@row", "@none"


@dataclass(frozen=True)
class Column:
    """One canonical column."""

    name: str
    kind: str
    required: bool = False
    allowed: tuple[str, ...] = ()
    flag_counts: bool = False  # a count that an export may write as a yes/no flag per row (1.0 / 0.0)


@dataclass(frozen=True)
class Table:
    """One canonical table."""

    name: str
    columns: tuple[Column, ...]
    id_column: str | None = None

    @property
    def names(self) -> list[str]:
        """All column names, required first."""
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        """Names of the required columns."""
        return [c.name for c in self.columns if c.required]

    @property
    def required_dates(self) -> list[str]:
        """Names of the required date columns (``"@none"`` may stand for them in an export without dates)."""
        return [c.name for c in self.columns if c.required and c.kind == DATE]

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


STATUS = ("won", "lost", "open")
CATEGORY = ("marketing", "sales")

TABLES: dict[str, Table] = {
    "leads": Table(
        "leads",
        (
            Column("lead_id", ID, True),
            Column("created_at", DATE, True),
            Column("channel", TEXT),
            Column("campaign", TEXT),
            Column("converted_at", DATE),
            Column("customer_id", ID),
            Column("owner", TEXT),
            Column("converted", BOOL),  # True: this lead became a customer
        ),
        id_column="lead_id",
    ),
    "deals": Table(
        "deals",
        (
            Column("deal_id", ID, True),
            Column("status", ENUM, True, STATUS),
            Column("closed_at", DATE, True),
            Column("created_at", DATE),
            Column("amount", MONEY),
            Column("customer_id", ID),
            Column("lead_id", ID),
            Column("channel", TEXT),
            Column("owner", TEXT),
            Column("product", TEXT),
            Column("region", TEXT),
        ),
        id_column="deal_id",
    ),
    "orders": Table(
        "orders",
        (
            Column("customer_id", ID, True),
            Column("ordered_at", DATE, True),
            Column("revenue", MONEY, True),
            Column("order_id", ID),  # repeated: the lines of one order (a shop's line items)
            Column("channel", TEXT),
            Column("product", TEXT),
            Column("quantity", COUNT),  # units of the line (kept as given; revenue is the line's amount)
            Column("order_total", MONEY),  # the order's total, on one line or repeated: counted once per order
        ),
        id_column="order_id",
    ),
    "campaigns": Table(
        "campaigns",
        (
            Column("date", DATE, True),
            Column("channel", TEXT, True),
            Column("spend", MONEY, True),
            Column("campaign", TEXT),
            Column("impressions", COUNT),
            Column("reach", COUNT),
            Column("clicks", COUNT),
            Column("leads", COUNT),
            Column("conversions", COUNT),
        ),
    ),
    "costs": Table(
        "costs",
        (
            Column("date", DATE, True),
            Column("category", ENUM, True, CATEGORY),
            Column("amount", MONEY, True),
            Column("note", TEXT),
        ),
    ),
    "customers": Table(
        "customers",
        (
            Column("customer_id", ID, True),
            Column("created_at", DATE),
            Column("churned_at", DATE),
            Column("churned", BOOL),  # True: this customer left
            Column("status", TEXT),
            Column("channel", TEXT),
            Column("product", TEXT),
            Column("region", TEXT),
            Column("mrr", MONEY),
        ),
        id_column="customer_id",
    ),
    "traffic": Table(
        "traffic",
        (
            Column("date", DATE, True),
            Column("channel", TEXT, True),
            Column("sessions", COUNT),  # not mapped: every row is one session
            Column("users", COUNT),
            Column("pageviews", COUNT),
            Column("conversions", COUNT, flag_counts=True),
            Column("revenue", MONEY),
            Column("campaign", TEXT),
            Column("landing_page", TEXT),
        ),
    ),
}

# Counts that are 1.0 per row when the export has no column for them (a session log: one row, one session).
ONE_PER_ROW: dict[str, tuple[str, ...]] = {"traffic": ("sessions",)}

# Yes/no flags understood without a value map (compared case-insensitively, after trimming).
BOOL_VALUES: dict[str, bool] = {
    **dict.fromkeys(("1", "1.0", "true", "yes", "y", "ja", "j", "wahr"), True),
    **dict.fromkeys(("0", "0.0", "false", "no", "n", "nein", "falsch"), False),
}

# Values understood without a value map (compared case-insensitively, after trimming).
SYNONYMS: dict[str, dict[str, str]] = {
    "status": {
        "won": "won", "gewonnen": "won", "closed won": "won", "abgeschlossen und gewonnen": "won",
        "lost": "lost", "verloren": "lost", "closed lost": "lost", "abgeschlossen und verloren": "lost",
        "open": "open", "offen": "open",
    },
    "category": {"marketing": "marketing", "sales": "sales", "vertrieb": "sales", "verkauf": "sales"},
}

DIMENSIONS = ("channel", "owner", "product", "region", "campaign")
