"""Exceptions and the per-row problem record.

A ``KpikitError`` is raised for unusable input: it carries a stable code, where the problem
is (file, column, row) and how to fix it, in German and English. Row-level problems do not
raise; they become ``Problem`` records and the rows go to ``Company.rejected``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from kpikit.core.i18n import MESSAGES, default_lang, has, t


class KpikitError(Exception):
    """Unusable input: one clear message naming the file, column, row and the fix.

    Parameters
    ----------
    code : str
        Stable reason code, e.g. ``"MISSING_COLUMN"``. The message is looked up as ``E_<code>``
        and the fix as ``F_<code>`` unless ``fix_code`` is given.
    file, column, row : optional
        Where the problem is.
    suggestion : str, optional
        A near-miss name ("did you mean ...").
    columns_present : list of str, optional
        Columns found in the file, listed in the message.
    **params
        Values for the message template.
    """

    def __init__(
        self,
        code: str,
        *,
        file: str | None = None,
        column: str | None = None,
        row: int | None = None,
        suggestion: str | None = None,
        columns_present: list[str] | None = None,
        fix_code: str | None = None,
        **params: object,
    ) -> None:
        self.code = code
        self.file = file
        self.column = column
        self.row = row
        self.suggestion = suggestion
        self.columns_present = columns_present
        self.fix_code = fix_code or code
        self.params = {"file": file, "column": column, "row": row, **params}
        super().__init__(self.message(default_lang()))

    def message(self, lang: str = "de") -> str:
        """The whole message as one paragraph in ``lang``; what came from a file is quoted short.

        A cell, a line or a header from an export can be megabytes long: each text parameter is cut to
        ``MAX_PARAM`` characters, each column name to ``MAX_NAME``, and at most ``MAX_NAMES`` columns are listed.
        """
        params = {k: _short(v[lang] if isinstance(v, dict) and lang in v else v, MAX_PARAM)
                  for k, v in self.params.items()}
        parts = [t(f"E_{self.code}", lang, **params)]
        if self.row is not None and "{row}" not in _raw(f"E_{self.code}", lang):
            parts.append(t("row", lang, row=self.row).capitalize() + ".")
        if self.columns_present is not None:
            names = [t("quoted", lang, name=_short(str(c), MAX_NAME)) for c in self.columns_present[:MAX_NAMES]]
            if len(self.columns_present) > MAX_NAMES:
                names.append(t("SRC_MORE_COLUMNS", lang, count=len(self.columns_present) - MAX_NAMES))
            shown = ", ".join(names)
            parts.append(t("columns_present", lang, columns=shown or "–"))
        if self.suggestion:
            parts.append(t("did_you_mean", lang, name=self.suggestion))
        if has(f"F_{self.fix_code}"):
            parts.append(t("fix", lang, fix=t(f"F_{self.fix_code}", lang, **params)))
        return " ".join(parts)


MAX_PARAM = 1000  # characters of one text in a message (the KPI catalogue's ids fit)
MAX_NAME = 60  # characters of one column name in a message
MAX_NAMES = 40  # column names listed in a message


def _short(value: object, limit: int) -> object:
    """A text cut to ``limit`` characters (with "…"); anything else as it is.

    >>> _short("x" * 10, 4), _short(12, 1)
    ('xxx…', 12)
    """
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    return value


def _raw(key: str, lang: str) -> str:
    return MESSAGES[key][lang]


class ConfigError(KpikitError):
    """company.yaml is missing, malformed or refers to something unknown."""


class DataError(KpikitError):
    """An export file is missing, unreadable or lacks a required column."""


def yaml_key(value: object) -> str:
    r"""``value`` as a YAML mapping key that pastes into company.yaml as it is: double-quoted, escaped.

    >>> print(yaml_key("Vertrag unterschrieben"), yaml_key('Zu "klären"'), yaml_key(None))
    "Vertrag unterschrieben" "Zu \"klären\"" ""
    """
    return json.dumps("" if value is None else str(value), ensure_ascii=False)


@dataclass(frozen=True)
class Problem:
    """One finding of validation: a rejected row or a file-level warning.

    ``severity`` is ``"rejected"`` (the row was set aside) or ``"warning"`` (loaded, but look).
    ``params`` fill the message templates ``P_<code>`` / ``PF_<code>`` (or ``W_`` / ``WF_``).
    """

    code: str
    severity: str
    table: str
    file: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: dict = field(default_factory=dict, compare=False)
    canonical: str | None = None  # the canonical column (``column`` is the file's column name)

    def _prefix(self) -> str:
        return "P" if self.severity == "rejected" else "W"

    def message(self, lang: str = "de") -> str:
        """What is wrong, in ``lang``."""
        return t(f"{self._prefix()}_{self.code}", lang, value=self.value, **self.params)

    def fix(self, lang: str = "de") -> str:
        """How to fix it, in ``lang``."""
        return t(f"{self._prefix()}F_{self.code}", lang, value=self.value, table=self.table,
                 column=self.canonical or self.column, yaml_value=yaml_key(self.value), **self.params)

    def where(self, lang: str = "de") -> str:
        """File, row and column as one phrase."""
        parts = [self.file]
        if self.row is not None:
            parts.append(t("row", lang, row=self.row))
        if self.column is not None:
            parts.append(t("column", lang, column=self.column))
        return ", ".join(parts)
