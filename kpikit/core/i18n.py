"""German/English message catalogue.

Every user-facing string of kpikit lives under a stable key in one of the area modules of
``kpikit.core.messages`` (formats, errors, sources, kpis, findings, views, report, cli, exercises),
German
and English side by side. German uses Swiss spelling ("ss", never the sharp s).
``t(key, lang, **params)`` renders one message.

>>> t("row", "de", row=12)
'Zeile 12'
>>> t("row", "en", row=12)
'row 12'
"""

from __future__ import annotations

import os

from kpikit.core.messages import cli, errors, exercises, findings, formats, kpis, report, sources, views

LANGS = ("de", "en")

_AREAS = (formats, errors, sources, kpis, findings, views, report, cli, exercises)
MESSAGES: dict[str, dict[str, str]] = {}
for _area in _AREAS:
    if MESSAGES.keys() & _area.MESSAGES.keys():
        raise RuntimeError(f"message keys in two areas: {sorted(MESSAGES.keys() & _area.MESSAGES.keys())}")
    MESSAGES.update(_area.MESSAGES)



def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise a ``ValueError`` naming the allowed values.

    >>> check_lang("en")
    'en'
    """
    if lang not in LANGS:
        raise ValueError(f"Got lang={lang!r}. Must be one of {list(LANGS)}.")
    return lang


def default_lang() -> str:
    """Language from the ``KPIKIT_LANG`` environment variable, German by default."""
    lang = os.environ.get("KPIKIT_LANG", "de")
    return lang if lang in LANGS else "de"


def t(key: str, lang: str = "de", /, **params: object) -> str:
    """Render the message ``key`` in ``lang`` with ``params``."""
    entry = MESSAGES[key]
    return entry[check_lang(lang)].format(**params)


def t_all(key: str, /, **params: object) -> dict[str, str]:
    """The message ``key`` rendered in every language, for text that is shown later in a language not known yet.

    >>> t_all("row", row=3)
    {'de': 'Zeile 3', 'en': 'row 3'}
    """
    return {lang: t(key, lang, **params) for lang in LANGS}


def has(key: str) -> bool:
    """Whether the catalogue holds ``key``."""
    return key in MESSAGES
