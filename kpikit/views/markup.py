"""Markdown and HTML for notebooks from a template whose parameters are escaped.

A company name, currency, channel or goal comes from a client's data or company.yaml; put into a
``Markdown(f"…")`` as it is, ``<script>`` in it runs in the hand-over report, ``[x](javascript:…)``
becomes a live link and ``*Söhne*`` turns italic. The notebooks therefore never format data into
markup themselves: ``md`` and ``html`` take the markup as a template (written by the kit) and the
data as parameters, and escape every parameter.

    display(markup.md("**{name}** · {currency}", name=company.name, currency=company.currency))
"""

from __future__ import annotations

import html as _html
import string
from typing import Any

from kpikit.core.text import clean_control, escape_markdown


class _Escaping(string.Formatter):
    """``str.format`` that escapes each formatted field with ``escape``; the template stays as it is."""

    def __init__(self, escape) -> None:
        self.escape = escape

    def format_field(self, value: Any, format_spec: str) -> str:
        return self.escape(super().format_field(value, format_spec))


_MD = _Escaping(escape_markdown)
_HTML = _Escaping(lambda s: _html.escape(clean_control(s), quote=True))


def md_text(template: str, /, **params: Any) -> str:
    r"""The Markdown source of ``template`` with its ``{fields}`` filled in, each escaped.

    Parameters
    ----------
    template : str
        Markdown written by the kit, with ``str.format`` fields (``{name}``, ``{start:%d.%m.%Y}``).
        Fields must not sit inside a code span (entities would show there).
    **params
        The values of the fields; formatted with their format spec, then escaped for HTML and
        Markdown (``kpikit.core.text.escape_markdown``).

    Returns
    -------
    str
        Markdown in which every parameter renders literally.

    Examples
    --------
    >>> print(md_text("**{name}** · {cur}", name="Evil <script>x</script> *AG*", cur="CHF"))
    **Evil &lt;script&gt;x&lt;/script&gt; \*AG\*** · CHF
    """
    return _MD.format(template, **params)


def html_text(template: str, /, **params: Any) -> str:
    """The HTML of ``template`` with its ``{fields}`` filled in, each HTML-escaped.

    Parameters
    ----------
    template : str
        HTML written by the kit, with ``str.format`` fields.
    **params
        The values of the fields; formatted with their format spec, then escaped (quotes too, so a
        field may sit in an attribute value).

    Returns
    -------
    str
        HTML in which every parameter is text.

    Examples
    --------
    >>> html_text("<b>{name}</b>", name="<img src=x onerror=alert(1)>")
    '<b>&lt;img src=x onerror=alert(1)&gt;</b>'
    """
    return _HTML.format(template, **params)


def md(template: str, /, **params: Any):
    """``md_text`` as a displayable ``IPython.display.Markdown`` (what notebooks show).

    Parameters
    ----------
    template : str
        Markdown written by the kit, with ``str.format`` fields.
    **params
        The values of the fields, escaped.

    Returns
    -------
    IPython.display.Markdown

    Examples
    --------
    >>> md("*{x}*", x="<b>").data
    '*&lt;b&gt;*'
    """
    from IPython.display import Markdown

    return Markdown(md_text(template, **params))


def html(template: str, /, **params: Any):
    """``html_text`` as a displayable ``IPython.display.HTML``.

    Parameters
    ----------
    template : str
        HTML written by the kit, with ``str.format`` fields.
    **params
        The values of the fields, escaped.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> html("<i>{x}</i>", x="<b>").data
    '<i>&lt;b&gt;</i>'
    """
    from IPython.display import HTML

    return HTML(html_text(template, **params))


def company_line(company) -> object:
    """The line under each notebook's title: company, currency and period, escaped.

    Parameters
    ----------
    company : Company
        The company; its ``name``, ``currency`` and ``period``.

    Returns
    -------
    IPython.display.Markdown
        ``**name** · currency · dd.mm.yyyy – dd.mm.yyyy`` (the period left out when there is none).

    Examples
    --------
    >>> from kpikit import Company
    >>> company_line(Company.from_frames(name="<Muster> AG")).data
    '**&lt;Muster&gt; AG** · CHF'
    """
    start, end = company.period
    if start is None or end is None:
        return md("**{name}** · {currency}", name=company.name, currency=company.currency)
    return md("**{name}** · {currency} · {start:%d.%m.%Y} – {end:%d.%m.%Y}", name=company.name,
              currency=company.currency, start=start, end=end)


__all__ = ["company_line", "html", "html_text", "md", "md_text"]
