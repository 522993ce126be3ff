"""The canonical tables: their columns, types and allowed values (see DESIGN.md)."""

from __future__ import annotations

from dataclasses import dataclass

# Column kinds: "id" and "text" are strings, "date" is datetime64, "money" and "count" are float64,
# "enum" is a string restricted to ``allowed``.
ID, TEXT, DATE, MONEY, COUNT, ENUM = "id", "text", "date", "money", "count", "enum"


@dataclass(frozen=True)
class Column:
    """One canonical column."""

    name: str
    kind: str
    required: bool = False
    allowed: tuple[str, ...] = ()


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
            Column("order_id", ID),
            Column("channel", TEXT),
            Column("product", TEXT),
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
