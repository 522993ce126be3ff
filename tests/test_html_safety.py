"""No script in the hand-over (#14): a hostile company's texts reach every view, report and workbook as text.

One real plan run (module-scoped) on a small company whose name, currency, goal, channels, owners
and products carry HTML, Markdown, ``$…$`` and control characters, plus one notebook that fails
with a local path in its error. Every test then reads what that run wrote.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path

import nbformat
import openpyxl
import pytest

from kpikit.plan.phases import phase_notebooks
from kpikit.plan.runner import run_plan

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from chromium import find_chromium, render  # noqa: E402

NAME = "Evil <script>document.title=31337</script> AG *Söhne* <Muster> [x](javascript:alert(1))"
CONFIG = f"""\
    name: '{NAME}'
    currency: "<i>CHF</i>"
    language: de
    sources:
      deals:
        file: exports/deals.csv
        read: {{sep: ";"}}
        columns: {{deal_id: Id, status: Stage, created_at: Created, closed_at: Close Date, amount: Amount,
                  channel: Channel, owner: Owner, product: Dealname}}
      campaigns:
        file: exports/google-ads.csv
        columns: {{date: Tag, spend: Kosten, impressions: Impr., clicks: Klicks}}
        constants: {{channel: "<img src=x onerror=document.title=31338> $x^2$"}}
    goals:
      - id: "<script>document.title=31339</script>"
        statement: "<b onmouseover=alert(1)>Abschluss</b> [klick](javascript:alert(2)) $a$"
        kpi: close_rate
        target: 0.45
        per: quarter
        deadline: 2025-12-31
    kpis: [close_rate, new_customers, cac]
    """
CHANNELS = ("<script>document.title=31340</script> Messe", "Messe\x0bWest $\\undefinedmacro{x}$", "Google Ads")
TAG = re.compile(r"<[a-zA-Z][^>]*>")  # a tag, as a browser reads one; escaped text (&lt;…) is none
LIVE = re.compile(r"^<(script|iframe|object|embed|svg|math|form|meta|base|link)\b|\son\w+\s*=|"
                  r"\b(href|src|action)\s*=\s*[\"']?\s*(javascript|vbscript|data:text):", re.I)


def live_markup(page: str) -> list[str]:
    """The tags of ``page`` that could run something: scripts, frames, handlers, script URLs."""
    return [tag for tag in TAG.findall(page) if LIVE.search(tag)]


def _deals() -> str:
    rows = (ROOT / "tests" / "data" / "minimal" / "exports" / "deals.csv").read_text(encoding="utf-8").splitlines()
    out = [rows[0] + ";Owner;Dealname"]
    for i, row in enumerate(r for r in rows[1:] if r.count(";") == 5):
        fields = row.split(";")
        fields[5] = CHANNELS[i % 3]
        owner = "Meier\x0b<u>x</u>" if i % 2 else "Müller"
        out.append(";".join([*fields, owner, f"Deal\x0b{i} <script>document.title=31341</script>"]))
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, write_company):
    base = tmp_path_factory.mktemp("hostile")
    folder = write_company(base / "evil", textwrap.dedent(CONFIG), {
        "exports/deals.csv": _deals(),
        "exports/google-ads.csv": (ROOT / "tests" / "data" / "minimal" / "exports" / "google-ads.csv").read_bytes()})
    failing = nbformat.v4.new_notebook()  # fails inside pandas, with the company's folder in its message
    failing.cells = [nbformat.v4.new_code_cell('company_dir: str = ""\nlang: str = "de"\nas_of: str = ""',
                                               metadata={"tags": ["parameters"]}),
                     nbformat.v4.new_code_cell("import pandas as pd\npd.read_csv(company_dir + '/fehlt.csv')")]
    failing.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(failing, str(base / "99_kaputt.ipynb"))
    (run,) = run_plan([folder], out=base / "out", jobs=2, progress=False,
                      notebooks=[*phase_notebooks(), base / "99_kaputt.ipynb"])
    out = Path(run.out_dir)
    return {"run": run, "folder": folder, "out": out, "html": (out / "bericht.html").read_text(encoding="utf-8")}


def test_every_phase_runs_on_the_hostile_company(hostile):
    status = {n.notebook: n.status for n in hostile["run"].notebooks}
    # phase 5 draws channels named "$\undefinedmacro{x}$": drawn as text, not parsed as mathtext
    assert all(status[p.name] == "ok" for p in phase_notebooks()), [
        (n.notebook, n.error) for n in hostile["run"].notebooks if n.status != "ok"]
    assert status["99_kaputt.ipynb"] == "failed"


def test_report_holds_the_texts_as_text_and_no_markup_from_data(hostile):
    page = hostile["html"]
    body = page[page.index("<body>"):]
    assert [tag for tag in live_markup(page) if not tag.startswith(("<meta charset", "<meta http-equiv"))] == []
    shown = "&lt;script&gt;document.title=31337&lt;/script&gt; AG *Söhne* &lt;Muster&gt; [x](javascript:alert(1))"
    assert body.count(shown) >= 8, "in the heading and under each phase's title, as text"
    assert "<em>Söhne</em>" not in page and "<muster>" not in page.lower()
    assert "&lt;script&gt;document.title=31339&lt;/script&gt;" in body  # the goal id, in the goals table
    assert "&lt;i&gt;CHF&lt;/i&gt;" in body and "<i>CHF</i>" not in body
    assert 'http-equiv="Content-Security-Policy"' in page and "default-src 'none'" in page


def test_report_shows_no_local_path_and_no_traceback(hostile):
    page = hostile["html"]
    assert "FileNotFoundError" in page, "the failed cell still says what went wrong"
    for local in (str(hostile["folder"]), str(hostile["out"].parent), sys.prefix, str(Path.home()), str(ROOT)):
        assert local not in page, local
    assert "site-packages" not in page and "Traceback" not in page and "most recent call last" not in page


def test_workbook_is_written_with_control_characters_replaced_and_counted(hostile):
    path = hostile["out"] / "kpis.xlsx"
    assert path.is_file(), (hostile["out"] / "workbook-error.txt").read_text()[-300:]
    from kpikit.views.report import cleaned_cells

    book = openpyxl.load_workbook(path)
    cells = [c.value for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Messe\ufffdWest" in v for v in cells)
    assert not any(re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", v) for v in cells)
    n = cleaned_cells(path)
    assert n and n > 0
    assert f"{n} Zellen enthielten Steuerzeichen" in book.worksheets[-1]["A2"].value
    assert json.loads((hostile["out"] / "run.json").read_text())["workbook_cells_cleaned"] == n


@pytest.mark.skipif(find_chromium() is None, reason="no Chromium on this machine (apt-get install chromium, "
                                                    "or set $CHROMIUM): the payload is not run in a browser")
def test_payload_does_not_run_in_headless_chromium(hostile, tmp_path):
    dom = render(hostile["out"] / "bericht.html", dump_dom=True, budget_ms=2000)
    title = re.search(r"<title>(.*?)</title>", dom, flags=re.S).group(1)
    assert title.startswith("Evil &lt;script&gt;document.title=31337"), title  # the scripts did not set it
    assert not re.search(r"<title>\s*3133\d", dom)
    # the second wall: a script that got into the page anyway is blocked by the Content-Security-Policy
    planted = tmp_path / "planted.html"
    planted.write_text(hostile["html"].replace("<body>", "<body><script>document.title='31342'</script>"
                                               "<img src=x onerror=\"document.title='31343'\">", 1), encoding="utf-8")
    dom = render(planted, dump_dom=True, budget_ms=2000)
    assert "<title>3134" not in dom, re.search(r"<title>.*?</title>", dom).group(0)
    control = tmp_path / "control.html"  # and without the policy, the same page would run it: the test can fail
    control.write_text(planted.read_text(encoding="utf-8").replace("Content-Security-Policy", "X-None"),
                       encoding="utf-8")
    assert "<title>3134" in render(control, dump_dom=True, budget_ms=2000)


def test_report_still_reads_right_in_chromium(hostile, tmp_path):
    if find_chromium() is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium, or set $CHROMIUM)")
    from PIL import Image

    png = tmp_path / "r.png"
    render(hostile["out"] / "bericht.html", screenshot=png, height=2400)  # with its policy: styles, images
    image = Image.open(png).convert("L")
    lo, hi = image.getextrema()
    assert hi - lo > 100, "the page is not blank"


# --- the mechanisms one by one ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fragment", [
    "<script>alert(1)</script>", "<SCRIPT SRC=//x></SCRIPT>", "<iframe srcdoc='<script>x</script>'></iframe>",
    "<object data=x></object>", "<embed src=x>", "<img src=x onerror=alert(1)>", "<p onclick=alert(1)>x</p>",
    "<a href='javascript:alert(1)'>x</a>", "<a href=' JaVa&#x09;ScRiPt:alert(1)'>x</a>",
    "<a href='&#106;avascript:alert(1)'>x</a>", "<img src='data:text/html,<script>x</script>'>",
    "<svg onload=alert(1)><script>x</script></svg>", "<math><mtext><script>x</script></mtext></math>",
    "<form action=javascript:x><button>x</button></form>", "<meta http-equiv=refresh content='0;url=javascript:x'>",
    "<base href=javascript:x>", "<link rel=import href=x>", "<style>@import 'x';</style>",
    "<div style='background:url(javascript:x)'>x</div>", "<!--<script>x</script>-->", "<scr<script>ipt>x</script>",
    "<details open ontoggle=alert(1)>x</details>",
])
def test_sanitize_drops_script_and_keeps_no_markup_that_could_run(fragment):
    from kpikit.views.sanitize import sanitize_html

    clean, removed = sanitize_html(fragment, roots=[])
    assert removed >= 1
    assert live_markup(clean) == [], clean
    assert not re.search(r"<(iframe|object|embed|svg|math|form|meta|base|link|button)\b|@import|url\(", clean, re.I)


def test_sanitize_keeps_what_the_kit_emits():
    from kpikit.views.sanitize import sanitize_html

    kit = ('<table class="dataframe" border="1"><thead><tr style="text-align: right;"><th>Kanal</th></tr></thead>'
           '<tbody><tr><td>&lt;b&gt; Messe</td></tr></tbody></table><details><summary>Antwort</summary><p>40 %</p>'
           '</details><img src="data:image/png;base64,iVBORw0KGgo=" alt="CAC"><a href="#phase-1">1</a>')
    assert sanitize_html(kit, roots=[]) == (kit, 0)
    quoted = sanitize_html("<p title='\"><script>x</script>'>y</p>", roots=[])[0]
    assert quoted == '<p title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">y</p>'


def test_markdown_helper_renders_every_parameter_literally():
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    from kpikit.views.markup import md_text

    value = "*Söhne* <Muster> [x](javascript:alert(1)) $a$ `c` _d_ ~~e~~ | f \\ # g"
    shown = markdown2html_mistune(md_text("**{v}** · {v}", v=value))
    assert "<em>" not in shown.replace("<strong>", "") and "<a " not in shown and "<code>" not in shown
    assert "<del>" not in shown and "<muster>" not in shown.lower()
    assert shown.count("*Söhne* &lt;Muster&gt; [x](javascript:alert(1)) $a$ `c` _d_ ~~e~~ | f \\ # g") == 2
    for start in ("# Titel", "- Liste", "1. Liste", "+ x", "=== x"):
        assert markdown2html_mistune(md_text("{v}", v=start)) == f"<p>{start}</p>\n"


def test_notebooks_format_no_data_into_markup():
    for path in phase_notebooks():
        code = "\n".join(c.source for c in nbformat.read(str(path), as_version=4).cells if c.cell_type == "code")
        assert not re.search(r"(Markdown|HTML)\(\s*f[\"']", code), f"{path.name}: data formatted into markup"


def test_views_escape_the_hostile_texts(hostile):
    from kpikit import load_company
    from kpikit.views import phases
    from kpikit.views.widgets import goal_builder, kpi_explorer, kpi_picker, what_if

    company = load_company(hostile["folder"])
    frames = [phases.snapshot(company), phases.goals_table(company), phases.channel_comparison(company),
              phases.rejected_summary(company), phases.diagnoses(company), phases.next_30_days(company),
              phases.baselines(company), phases.catalogue_fit(company)]
    views = [f.to_html() for f in frames] + [f._repr_html_() for f in frames]
    views += [phases.quiz_html(company), phases.explain_markdown(company)]
    views += [w.static_html() for w in (goal_builder(company), kpi_picker(company), what_if(company),
                                        kpi_explorer(company, channel=CHANNELS[0]))]
    for view in views:
        assert live_markup(view) == [], view
        assert "<i>CHF" not in view and "<u>x" not in view


def test_chart_labels_with_dollars_draw_as_text():
    import matplotlib

    matplotlib.use("Agg")
    import pandas as pd

    from kpikit import Company
    from kpikit.views import plots

    deals = pd.DataFrame({"deal_id": [f"D{i}" for i in range(8)], "status": ["won", "lost"] * 4,
                          "channel": ["Promo $\\undefinedmacro{x}$", "US$ 5 $"] * 4,
                          "closed_at": pd.to_datetime(["2025-02-03", "2025-02-17", "2025-05-12", "2025-06-02"] * 2),
                          "amount": [1000.0] * 8, "customer_id": [f"K{i}" for i in range(8)]})
    company = Company.from_frames(deals=deals, currency="$", period=(pd.Timestamp("2025-01-01"),
                                                                       pd.Timestamp("2025-06-30")))
    for fig in (plots.kpi_by_segment(company, "close_rate", lang="en"), plots.channel_bars(company, "close_rate"),
                plots.kpi_trend(company, "avg_deal_size")):
        fig.canvas.draw()  # raises on a label read as mathtext
        texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
        assert not [t for t in texts if t.count("$") != t.count("\\$")], texts
    plots.plt.close("all")
