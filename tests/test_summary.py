"""The client's first page (bericht.html, before the contents) and the workbook's summary sheet, de and en."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from kpikit.checks.evidence import evidence_text
from kpikit.views.report import once, summary_html
from kpikit.views.summary import summary
from kpikit.views.workbook import write_workbook

STATUS_WORDS = {"de": {"erreicht", "auf Kurs", "gefährdet", "nicht auf Kurs", "kein Ziel", "unbekannt"},
                "en": {"achieved", "on track", "at risk", "off track", "no goal", "unknown"}}


class _Text(HTMLParser):
    """Text of a page in order, with the position of the first <nav> and the class of each span."""

    def __init__(self):
        super().__init__()
        self.parts, self.nav_at, self.spans, self._span = [], None, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "nav" and self.nav_at is None:
            self.nav_at = len(self.parts)
        if tag == "span":
            self._span = dict(attrs).get("class", "")

    def handle_data(self, data):
        if data.strip():
            self.parts.append(data.strip())
            if self._span is not None:
                self.spans.append((self._span, data.strip()))
                self._span = None


def _parsed(html: str) -> _Text:
    p = _Text()
    p.feed(html)
    return p


@pytest.fixture(scope="module", params=["de", "en"])
def page(request, demo_company):
    return summary(demo_company, lang=request.param)


def test_first_page_holds_what_a_client_reads_first(page):
    lang = page.lang
    text = " ".join(_parsed(summary_html(page)).parts)
    assert "Bürokafi Muster AG" in text
    assert "01.10.2024 – 30.09.2026" in text and "30.09.2026" in page.cut_off
    assert 3 <= len(page.kpis) <= 5
    for k in page.kpis:
        assert k.name in text and k.value in text and k.period == "2026-Q3"
        assert k.status_word in STATUS_WORDS[lang], k
    # the three goals are off track, in words and as a coloured class (not colour alone)
    spans = _parsed(summary_html(page)).spans
    off = "nicht auf Kurs" if lang == "de" else "off track"
    assert sum(1 for cls, word in spans if cls == "status status-off_track" and word == off) == 3
    assert len(page.findings) == 3 and page.findings_total == 10  # story C (retention) is the fourth critical
    codes = [f.code for f in page.findings]
    assert codes == ["CLOSE_RATE_FALLING_LEADS_FLAT", "CAC_RISING", "CAC_RISING"]  # the two stories, most severe first
    for f in page.findings:
        assert f.title in text and f.recommendation in text and f.certainty in text
        assert not re.fullmatch(r"[A-Z_]+", f.title), "a title, not a code"
    rows = ("Zeilen gelesen" if lang == "de" else "rows read")
    # 18'707 rows before issue 16, less 238 orders after story C's churn, plus 4'677 rows of the GA4 report
    assert rows in page.quality and "23'146" in page.quality and page.rows_read == 23_146
    assert page.rows_read == page.rows_loaded + page.rows_rejected


def test_first_page_comes_before_the_contents_in_the_report(runs_demo_report):
    html = runs_demo_report.read_text(encoding="utf-8")
    parsed = _parsed(html)
    before = " ".join(parsed.parts[:parsed.nav_at])
    assert parsed.nav_at is not None
    assert "Auf einen Blick" in before and "Die wichtigsten Befunde" in before and "Datenqualität" in before
    assert html.index('id="summary"') < html.index("<nav")


def test_each_table_of_the_report_appears_once(runs_demo_report):
    html = runs_demo_report.read_text(encoding="utf-8")
    tables = [" ".join(m.group(0).split()) for m in re.finditer(r"<table\b.*?</table>", html, re.S)]
    assert len(tables) == len(set(tables)), "a table is repeated"
    # phase 6 and 7 refer back instead of repeating the goals and the findings
    sections = dict(re.findall(r'<section class="phase" id="(phase-\d)">(.*?)</section>', html, re.S))
    assert 'href="#phase-1"' in sections["phase-6"] and 'href="#phase-6"' in sections["phase-7"]
    # findings tables show titles in the report's language, not codes
    assert "CLOSE_RATE_FALLING_LEADS_FLAT" not in html and "Abschlussrate sinkt bei gleich vielen Leads" in html


def test_a_repeated_table_becomes_a_link_to_its_first_place():
    seen: dict[str, str] = {}
    table = "<table><tr><td>4'391</td></tr></table>"
    assert once(f"<p>a</p>{table}", seen, "phase-1", "en") == f"<p>a</p>{table}"
    assert once(table.replace("><", ">\n <"), seen, "phase-3", "en") == (
        '<p class="seen">This table is already in <a href="#phase-1">phase 1</a>.</p>')
    assert once("<table><tr><td>other</td></tr></table>", seen, "phase-3", "en").startswith("<table>")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_summary_sheet_is_first_and_the_sheets_read_as_the_report(demo_company, tmp_path, lang):
    out = write_workbook(demo_company, tmp_path / "kpis.xlsx", lang=lang)
    book = openpyxl.load_workbook(out)
    first = book.worksheets[0]
    assert first.title == ("Übersicht" if lang == "de" else "Summary")
    cells = [c for row in first.iter_rows() for c in row if c.value is not None]
    values = [str(c.value) for c in cells]
    page = summary(demo_company, lang=lang)
    for k in page.kpis:
        assert k.name in values and k.status_word in values
    for f in page.findings:
        assert f.title in values and f.recommendation in values
    assert page.quality in values
    cut_off = next(c for c in cells if isinstance(c.value, dt.datetime))
    assert cut_off.value.date() == dt.date(2026, 9, 30) and cut_off.number_format == "dd.mm.yyyy"
    # the other sheets: period labels, dates as dates, numbers rounded, grains and evidence in words
    quarter = book.worksheets[1]
    periods = {r[1] for r in quarter.iter_rows(min_row=2, values_only=True)}
    assert "2026-Q3" in periods and not any(re.fullmatch(r"\d{4}-\d\d-\d\d.*", str(p)) for p in periods)
    goals = book["Ziele" if lang == "de" else "Goals"]
    header = [c.value for c in goals[1]]
    rows = list(goals.iter_rows(min_row=2))
    deadline = rows[0][header.index("Termin" if lang == "de" else "Deadline")]
    assert isinstance(deadline.value, dt.datetime) and deadline.number_format == "dd.mm.yyyy"
    grain = rows[0][header.index("Raster" if lang == "de" else "Grain")].value
    assert grain == ("Quartal" if lang == "de" else "quarter")
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, float):
                    assert len(repr(v).split(".")[-1].split("e")[0]) <= 6 or "e" in repr(v), (sheet.title, v)
    findings = book["Befunde" if lang == "de" else "Findings"]
    evidence = [r[-1] for r in findings.iter_rows(min_row=2, values_only=True)]
    assert all("{" not in e and "typical_n" not in e for e in evidence if e)
    assert any(("Zeitfenster: 2026-Q2" if lang == "de" else "window: 2026-Q2") in e for e in evidence if e)


def test_evidence_reads_as_words_in_the_report_language():
    evidence = {"kpi": "new_customers", "goals": [], "typical_n_per_period": 1487.0, "leads_flat": True,
                "drop_points": 0.142, "baseline_period": "2024-10-01", "per": "quarter", "p_value": 0.0042}
    de, en = evidence_text(evidence, "de"), evidence_text(evidence, "en")
    assert de == ("KPI: new_customers; typische Anzahl je Periode: 1'487; Leads gleich geblieben: ja; "
                  "Rückgang: +14.2 Pkt.; Periode Ausgangswert: 2024-Q4; Raster: Quartal; p-Wert: 0.004")
    assert en.startswith("KPI: new_customers; typical count per period: 1'487; leads flat: yes; drop: +14.2 pts")
    assert "=" not in de and "goals" not in de  # empty values left out, no key=value


@pytest.fixture(scope="module")
def runs_demo_report(tmp_path_factory, demo_dir):
    from kpikit.plan import run_plan

    out = tmp_path_factory.mktemp("report")
    result = run_plan([demo_dir], out=out, jobs=2, progress=False)
    return Path(result[0].out_dir) / "bericht.html"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_explorer_formula_in_the_report_language(demo_company, lang):
    from kpikit.kpis.registry import KPIS
    from kpikit.views.widgets import kpi_explorer

    shown = kpi_explorer(demo_company, lang=lang).static_html()
    other = "en" if lang == "de" else "de"
    assert KPIS["new_customers"].formula_text(lang) in shown
    assert KPIS["new_customers"].formula_text(other) not in shown
