"""The hand-over report of a plan run: one offline HTML file (the workbook is ``kpikit.views.workbook``).

The HTML report holds all phase notebooks with their code hidden, images embedded and its own
inline stylesheet: it loads nothing from the internet. It runs no script either: the outputs of the
notebooks pass an allow-list of elements and attributes (``kpikit.views.sanitize``), a failed cell
shows its error type and message but no traceback, no path of this machine is written, and a
Content-Security-Policy forbids scripts, frames and anything fetched from elsewhere. Workbook cells
that look like formulas are neutralised, so a client's data cannot smuggle a formula into Excel, and
control characters that Excel cannot hold are replaced (and counted, on a notes sheet).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kpikit.core.files import atomic_write
from kpikit.core.i18n import t
from kpikit.core.text import clean_control
from kpikit.core.version import __version__
from kpikit.views.markup import html_text
from kpikit.views.sanitize import local_roots, sanitize_html, scrub_paths
from kpikit.views.summary import Summary, summary
from kpikit.views.workbook import CLEANED_PROPERTY, cleaned_cells, write_workbook

if TYPE_CHECKING:
    from kpikit.company.model import Company

CSS = """
body { font-family: "Helvetica Neue", Arial, sans-serif; color: #1d2733; max-width: 1080px; margin: 0 auto;
       padding: 24px 32px 64px; line-height: 1.5; }
header { border-bottom: 3px solid #1f5f8b; margin-bottom: 24px; }
header h1 { margin-bottom: 4px; } header p { color: #5d6d7e; margin-top: 0; }
nav ul { columns: 2; list-style: none; padding-left: 0; } nav a { color: #1f5f8b; text-decoration: none; }
table.dataframe tbody th, table.dataframe thead tr th:first-child:empty { display: none; }
section.phase { border-top: 1px solid #d5dde5; padding-top: 12px; margin-top: 32px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0 16px; }
th, td { border: 1px solid #d5dde5; padding: 4px 8px; text-align: left !important; vertical-align: top; }
th { background: #eef3f7; }
img { max-width: 100%; }
a.anchor-link { visibility: hidden; text-decoration: none; margin-left: .3em; color: #8aa1b5; }
h1:hover > a.anchor-link, h2:hover > a.anchor-link, h3:hover > a.anchor-link { visibility: visible; }
pre { background: #f6f8fa; padding: 8px; overflow-x: auto; font-size: 12px; }
.jp-OutputArea-output pre { white-space: pre-wrap; }
.error { border-left: 4px solid #c0392b; padding-left: 8px; }
footer { color: #5d6d7e; font-size: 12px; margin-top: 48px; }
section.summary { page-break-after: always; break-after: page; margin-bottom: 32px; }
section.summary dl { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 8px 0 20px; }
section.summary dt { color: #5d6d7e; } section.summary dd { margin: 0; font-weight: 600; }
section.summary table { font-size: 14px; width: 100%; }
section.summary td.num { white-space: nowrap; }
.status, .severity { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px;
                     font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.status-achieved, .status-on_track { background: #d8f0de; color: #17602d; border-color: #8fcf9f; }
.status-at_risk, .severity-warning { background: #fdeccc; color: #7a4b00; border-color: #f0c36d; }
.status-off_track, .severity-critical { background: #f9d6d2; color: #8e1f14; border-color: #e59a91; }
.status-unknown, .status-no_goal, .severity-info { background: #eceff2; color: #46525e; border-color: #c5ccd3; }
ol.findings { padding-left: 20px; } ol.findings li { margin-bottom: 12px; }
ol.findings p { margin: 2px 0; } ol.findings .label { color: #5d6d7e; }
p.seen { color: #5d6d7e; font-style: italic; }
p.quality { border-top: 1px solid #d5dde5; padding-top: 8px; }
"""

# No script, frame, plugin, form or fetch: the page shows its own styles and embedded images only.
CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; "
       "form-action 'none'")
# The output formats a report shows; others (application/javascript, widget views, SVG) are dropped.
SHOWN_MIME = ("text/html", "text/markdown", "text/plain", "image/png", "image/jpeg")


def _notebook_body(path: Path, roots: list[str]) -> str:
    """The HTML of one executed notebook: outputs only, without stderr, scripts and live widget views.

    An error output shows its type and message, not its traceback; the HTML passes
    ``sanitize_html`` (allowed elements and attributes only, ``roots`` hidden).
    """
    import nbformat  # imported here: see ``_exporter``

    nb = nbformat.read(str(path), as_version=4)
    nb.metadata.pop("widgets", None)  # widget state is for live sessions; the report shows static views
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = [o for o in cell.get("outputs", []) if not (o.get("output_type") == "stream"
                                                                    and o.get("name") == "stderr")]
        for o in cell.outputs:
            if "data" in o:
                o["data"] = {k: v for k, v in o["data"].items() if k in SHOWN_MIME}
            if o.get("output_type") == "error":  # what went wrong, not where on this machine
                o["traceback"] = [scrub_paths(f"{o.get('ename', 'Error')}: {o.get('evalue', '')}", roots)]
    body, _ = _exporter().from_notebook_node(nb)
    return sanitize_html(body, roots=roots)[0]


@functools.cache
def _exporter():
    """The one nbconvert HTML exporter of this process (outputs only), made at the first report.

    Its templates are compiled once, not once per notebook (about 0.1 s each). nbconvert and nbformat
    take about a second to import (measured with -X importtime); only the HTML report needs them,
    not the workbook or ``import kpikit.views.report``.
    """
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


_TABLE = re.compile(r"<table\b.*?</table>", re.S)


def once(body: str, seen: dict[str, str], anchor: str, lang: str) -> str:
    r"""``body`` with each table that an earlier section showed replaced by a link back to it.

    ``seen`` maps a table's HTML (whitespace folded) to the anchor of the section that showed it
    first; tables new here are added with ``anchor``.

    >>> seen = {}
    >>> first = once("<table><tr><td>1</td></tr></table>", seen, "phase-1", "de")
    >>> once("<p>x</p><table><tr><td>1</td></tr>\n</table>", seen, "phase-6", "de")
    '<p>x</p><p class="seen">Diese Tabelle steht schon in <a href="#phase-1">Phase 1</a>.</p>'
    """

    def replace(m: re.Match) -> str:
        key = " ".join(m.group(0).split()).replace("> <", "><")
        first = seen.setdefault(key, anchor)
        if first == anchor:
            return m.group(0)
        link = html_text('<a href="#{a}">{text}</a>', a=first,
                         text=t("L_seen_table_link", lang, n=first.removeprefix("phase-")))
        return f'<p class="seen">{t("L_seen_table", lang, link=link)}</p>'

    return _TABLE.sub(replace, body)


def summary_html(page: Summary) -> str:
    """The first page of the report: company, period, cut-off, the chosen KPIs, the top findings, the data quality.

    Every text from the data or company.yaml is escaped (``markup.html_text``); a goal status and a
    severity are shown coloured and in words.

    >>> from kpikit import Company
    >>> html = summary_html(summary(Company.from_frames(name="<b>X</b> AG"), lang="en"))
    >>> html.startswith('<section class="summary" id="summary">'), "&lt;b&gt;X&lt;/b&gt; AG" in html
    (True, True)
    """
    label = page.label
    facts = "".join(html_text("<dt>{k}</dt><dd>{v}</dd>", k=label(k), v=v) for k, v in (
        ("company", page.company), ("period", page.period), ("cut_off", page.cut_off)))
    if page.kpis:
        head = "".join(html_text("<th>{h}</th>", h=label(h))
                       for h in ("kpi", "last_period", "value", "change", "target", "status"))
        rows = "".join(html_text(
            '<tr><td>{name}</td><td class="num">{period}</td><td class="num">{value}</td><td class="num">{change}'
            '</td><td>{target}</td><td><span class="status status-{status}">{word}</span></td></tr>',
            name=k.name, period=k.period, value=k.value, change=k.change, target=k.target, status=k.status,
            word=k.status_word) for k in page.kpis)
        kpis = f'<table class="kpis"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    else:
        kpis = html_text("<p>{text}</p>", text=label("no_kpis"))
    if page.findings:
        items = "".join(html_text(
            '<li><p><strong>{title}</strong> <span class="severity severity-{sev}">{sev_word}</span> '
            '<span class="label">{l_cert}:</span> {certainty}</p><p>{message}</p>'
            '<p><span class="label">{l_rec}:</span> {recommendation}</p></li>',
            title=f.title, sev=f.severity, sev_word=f.severity_word, message=f.message, l_cert=label("certainty"),
            certainty=f.certainty, l_rec=label("recommendation"), recommendation=f.recommendation)
            for f in page.findings)
        more = html_text("<p>{text}</p>", text=t("SUMMARY_findings_more", page.lang, shown=len(page.findings),
                                                  total=page.findings_total))
        findings = f'<ol class="findings">{items}</ol>{more}'
    else:
        findings = html_text("<p>{text}</p>", text=label("no_findings"))
    quality = html_text('<p class="quality"><strong>{l}:</strong> {line}</p>', l=label("quality"), line=page.quality)
    return (f'<section class="summary" id="summary"><h2>{html.escape(label("heading"))}</h2><dl>{facts}</dl>'
            f'<h3>{html.escape(label("kpis"))}</h3>{kpis}<h3>{html.escape(label("findings"))}</h3>{findings}'
            f"{quality}</section>")


def write_report(company: Company, notebooks: list[Path], out: Path, *, phases: Sequence = (),
                 lang: str = "de", as_of: object = None, page: Summary | None = None) -> Path:
    """Combine executed phase notebooks into one self-contained HTML file with code hidden.

    The first page, before the contents, is the client's summary (``summary_html``).

    Parameters
    ----------
    company : Company
        The company of the run; its name heads the report.
    notebooks : list of Path
        The executed notebooks, in order; a missing one gets a placeholder section.
    out : Path
        The HTML file to write, whole or not at all.
    phases : sequence of Phase
        The plan's phases (``kpikit.plan.PHASES``): a notebook named in one gets its number, title
        and days as its heading; any other notebook is headed by its file name.
    lang : {"de", "en"}
        Language of the headings.
    as_of : date-like, optional
        Cut-off date of the first page (``kpikit.views.summary``). Default: the end of the data.
    page : Summary, optional
        The first page, when the caller has computed it already (the runner, for report and workbook).

    Returns
    -------
    Path
        ``out``.
    """
    roots = local_roots([p for p in (company.path, Path(out).resolve().parent) if p is not None])
    sections, toc, seen = [], [], {}
    for path in notebooks:
        phase = next((p for p in phases if p.notebook == Path(path).name), None)
        heading = (f"{phase.number}. {phase.title(lang)} ({t('L_days', lang)} {phase.days})" if phase
                   else Path(path).stem)
        anchor = f"phase-{phase.number if phase else len(toc) + 1}"
        toc.append(f'<li><a href="#{anchor}">{html.escape(heading)}</a></li>')
        body = (once(_notebook_body(Path(path), roots), seen, anchor, lang) if Path(path).is_file()
                else "<p class='error'>–</p>")
        sections.append(f'<section class="phase" id="{anchor}">{body}</section>')
    first = sanitize_html(summary_html(page or summary(company, lang=lang, as_of=as_of)), roots=roots)[0]
    title = t("REPORT_title", lang)
    name = clean_control(company.name)
    created = t("REPORT_created", lang, date=dt.date.today().strftime("%d.%m.%Y"), version=__version__)
    page = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>{html.escape(name)} – {title}</title>
<style>{CSS}</style></head><body>
<header><h1>{html.escape(name)} – {title}</h1>
<p>{created}</p></header>
{first}
<nav><h2>{t("REPORT_contents", lang)}</h2><ul>{''.join(toc)}</ul></nav>
{''.join(sections)}
<footer>kpikit {__version__}</footer></body></html>"""
    return atomic_write(out, page.encode("utf-8"))


__all__ = ["CLEANED_PROPERTY", "cleaned_cells", "summary_html", "write_report", "write_workbook"]
