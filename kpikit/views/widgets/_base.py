"""What every trainer widget shares: live view in JupyterLab, static HTML in batch runs, findings as HTML."""

from __future__ import annotations

import html

import ipywidgets as w

from kpikit.core.i18n import check_lang, t

COLOURS = {"critical": "#c0392b", "warning": "#b9770e", "info": "#1f5f8b", "ok": "#3a9d5d"}
ICONS = {"critical": "✖", "warning": "⚠", "info": "ℹ", "ok": "✔"}
WIDE = {"description_width": "initial"}


class Live:
    """Base of the trainer widgets: displays as the live widget, with a static HTML view next to it.

    JupyterLab renders the widget view; where no widget can render (a papermill run, nbconvert, the
    offline HTML report), the ``text/html`` view of the current state stands in.

    Attributes
    ----------
    widget : ipywidgets.Widget
        The live widget (a box of controls and outputs).
    lang : {"de", "en"}
        Language of labels and messages.
    """

    widget: w.Widget
    lang: str

    def _set_lang(self, lang: str) -> None:
        self.lang = check_lang(lang)

    def _t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def static_html(self) -> str:  # pragma: no cover - overridden
        """The current state as self-contained HTML (batch view)."""
        raise NotImplementedError

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        bundle = dict(bundle)
        bundle["text/html"] = self.static_html()
        bundle["text/plain"] = f"<{type(self).__name__}>"
        return bundle

    def _batch_note(self, key: str) -> str:
        return f"<p><i>{html.escape(self._t(key))}</i></p>"


def banner(kind: str, text: str) -> str:
    """One coloured line: ✔ ok, ⚠ warning, ✖ critical, ℹ info."""
    return (f"<p style='color:{COLOURS[kind]};margin:4px 0'><b>{ICONS[kind]} {html.escape(text)}</b></p>")


def findings_html(findings, lang: str) -> str:
    """Findings as a list: severity icon, message and, in grey, the recommendation."""
    if not findings:
        return ""
    items = []
    for f in findings:
        items.append(f"<li style='margin-bottom:4px'><span style='color:{COLOURS[f.severity]}'>{ICONS[f.severity]} "
                     f"{html.escape(f.message(lang))}</span><br><span style='color:#5d6d7e'>→ "
                     f"{html.escape(f.recommendation(lang))}</span></li>")
    return "<ul style='list-style:none;padding-left:0;margin:4px 0'>" + "".join(items) + "</ul>"
