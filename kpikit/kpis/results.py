"""What a KPI function returns: per-cell arrays (``Res``), or ``NotComputable`` when the data cannot give it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


class NotComputable(Exception):
    """Raised inside a KPI function: the KPI cannot be computed from the data at hand.

    ``key`` is a message of ``kpikit.core.messages.kpis`` (``N_NO_TABLE``, ``N_NO_COLUMN``...), ``params``
    fill it in; a ``table`` and ``column`` among them name what is missing.
    """

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass
class Res:
    """Per-cell arrays of one KPI (one cell per period × segment).

    Without ``value`` the engine divides ``num`` by ``den`` (or shows ``num`` alone when there is no
    denominator); ``zero_reason`` is the note where the denominator is 0.
    """

    num: np.ndarray
    den: np.ndarray | None = None
    value: np.ndarray | None = None
    n: np.ndarray | None = None
    median: np.ndarray | None = None
    zero_reason: str | None = None  # note key when the denominator is 0
    notes: list | None = None  # per-cell note overrides (None = default)
    note_all: str | None = None  # a note for every cell (e.g. "reach is an upper bound")
    note_params: dict | None = None
