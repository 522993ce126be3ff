"""The 30-day plan: notebooks against the manifest, real papermill runs, report, workbook, failures."""

import json
import re
import shutil
import zipfile
from pathlib import Path

import nbformat
import openpyxl
import papermill
import pytest
from tiny_notebooks import tiny_notebook

from kpikit.cli import main
from kpikit.plan import PARAMETERS, PHASES, manifest, run_plan
from kpikit.plan.phases import Phase

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
pytestmark = pytest.mark.slow


def test_seven_notebooks_named_in_order():
    assert [p.name for p in NOTEBOOKS] == [p.notebook for p in PHASES]
    assert [p.name[:3] for p in NOTEBOOKS] == [f"0{i}_" for i in range(1, 8)]


@pytest.mark.parametrize("entry", manifest(), ids=lambda e: e["notebook"])
def test_manifest_matches_papermill(entry):
    params = papermill.inspect_notebook(str(ROOT / entry["notebook"]))
    assert set(params) == set(entry["parameters"]) == set(PARAMETERS)
    for name, info in params.items():
        assert info["inferred_type_name"] == PARAMETERS[name][0].__name__
        assert info["help"], f"{name} has no comment"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_one_parameters_cell_and_no_logic_in_notebooks(path):
    nb = nbformat.read(str(path), as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert not re.search(r"^\s*(def|class) ", code, flags=re.M), "logic belongs in kpikit"
    assert "import pandas" not in code and "lambda" not in code
    assert "ß" not in "\n".join(c.source for c in nb.cells)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    # The demo company in German and the minimal company (deals and campaigns only) in English.
    out = tmp_path_factory.mktemp("reports")
    result = run_plan([ROOT / "datasets" / "demo"], out=out, jobs=2, progress=False)
    result += run_plan([ROOT / "tests" / "data" / "minimal"], out=out, jobs=2, progress=False,
                       parameters={"lang": "en"}, warm_kernels=True)
    return out, result


def test_plan_runs_on_demo_and_minimal_company(runs):
    out, result = runs
    assert [r.status for r in result] == ["ok", "ok"], [(n.notebook, n.error) for r in result for n in r.notebooks]
    for r in result:
        folder = Path(r.out_dir)
        assert folder.parent.parent == out
        names = {p.name for p in folder.iterdir()}
        assert {p.notebook for p in PHASES} | {"bericht.html", "kpis.xlsx", "run.json"} <= names
        assert (folder.parent / "latest").resolve() == folder.resolve(), "latest names the newest run"
    assert not list(out.rglob("*.tmp")), "no half-written folders remain"


def test_run_json_records_parameters_versions_hashes_durations(runs):
    _, result = runs
    record = json.loads((Path(result[0].out_dir) / "run.json").read_text())
    assert record["status"] == "ok" and record["kpikit_version"]
    assert record["parameters"]["company_dir"].endswith("datasets/demo")
    assert record["parameters"]["as_of"] is None and record["as_of_effective"] == "2026-09-30"  # end of the data
    assert "exports/crm-deals.csv" in record["inputs_sha256"]
    assert len(record["inputs_sha256"]["company.yaml"]) == 64
    assert [n["phase"] for n in record["notebooks"]] == list(range(1, 8))
    assert all(n["seconds"] > 0 for n in record["notebooks"])


def test_report_is_offline_self_contained_and_hides_code(runs):
    _, result = runs
    html = (Path(result[0].out_dir) / "bericht.html").read_text()
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']?(https?:)?//""", html), "nothing from the web"
    assert "cdn" not in re.sub(r"data:[^\"')]+", "", html).lower()
    assert html.count('<section class="phase"') == 7
    assert "phases.snapshot(" not in html and "kp.load_company(" not in html, "code is hidden"
    assert "data:image/png;base64" in html
    for phase in PHASES:
        assert phase.title("de") in html
    assert "LinkedIn Ads" in html and "2026-Q2" in html  # the diagnoses made it into the report
    assert "Traceback" not in html


def test_minimal_company_explains_what_it_cannot_show(runs):
    _, result = runs
    html = (Path(result[1].out_dir) / "bericht.html").read_text()
    assert "not computable" in html
    assert "Traceback" not in html


def _headings(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>|¶", "", h).strip() for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", html, re.S)]


def test_english_run_has_no_german_headings(runs):
    _, result = runs
    headings = _headings((Path(result[1].out_dir) / "bericht.html").read_text())
    german, english = set(), set()

    def titles(text):
        return {line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")}

    for path in NOTEBOOKS:
        for cell in nbformat.read(str(path), as_version=4).cells:
            if cell.cell_type == "markdown":
                assert cell.metadata["kpikit"]["en"], "every Markdown cell carries its English text"
                german |= titles(cell.source)
                english |= titles(cell.metadata["kpikit"]["en"])
    german -= english  # words such as "Quiz" are the same in both languages
    assert len(headings) > 25
    assert not german & set(headings), german & set(headings)
    assert "30-day plan report" in headings[0]
    assert not re.search(r"\b(und|der|die|das|Ziele|Kanal|Abschlussrate)\b", " ".join(headings))


def test_workbook_has_kpis_and_findings(runs):
    _, result = runs
    book = openpyxl.load_workbook(Path(result[0].out_dir) / "kpis.xlsx", read_only=True)
    assert {"KPIs Quartal", "KPIs Monat", "KPIs Kanal", "Ziele", "Befunde", "Abgewiesen"} <= set(book.sheetnames)
    rows = list(book["Befunde"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Code", "Befund", "Schwere", "KPI-ID")
    assert any(r[0] == "CAC_RISING" and r[1] == "CAC steigen" and r[2] == "kritisch" for r in rows[1:])
    evidence = next(r[-1] for r in rows[1:] if r[0] == "CAC_RISING")
    assert "{" not in evidence and "ratio" not in evidence, "evidence is words, not JSON with English keys"
    assert re.search(r"Verhältnis: [12]\.\d\d", evidence), evidence
    book.close()
    book = openpyxl.load_workbook(Path(result[0].out_dir) / "kpis.xlsx")
    sheet = book["KPIs Quartal"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["KPI-ID", "Periode", "Segment", "Wert"] and sheet.auto_filter.ref
    formats = {sheet.cell(row=i, column=1).value: sheet.cell(row=i, column=4).number_format
               for i in range(2, sheet.max_row + 1)}
    assert formats["close_rate"] == "0.0%" and formats["cac"] == "#,##0.00" and formats["leads"] == "#,##0"
    assert formats["ltv_cac_ratio"] == "0.00"
    assert len(list(book["Abgewiesen"].iter_rows(values_only=True))) == 5  # header + 4 planted rows


def test_failed_notebook_keeps_its_output_and_others_still_run(tmp_path, capsys):
    good = tiny_notebook(tmp_path / "01_gut.ipynb", "print('ok', company_dir)")
    bad = tiny_notebook(tmp_path / "02_kaputt.ipynb", "raise RuntimeError('absichtlich kaputt')")
    result = run_plan([ROOT / "tests" / "data" / "minimal", ROOT / "datasets" / "demo-control"],
                      out=tmp_path / "out", jobs=2, progress=False, notebooks=[good, bad])
    assert [r.status for r in result] == ["failed", "failed"]
    for r in result:
        folder = Path(r.out_dir)
        statuses = {n.notebook: n.status for n in r.notebooks}
        assert statuses == {"01_gut.ipynb": "ok", "02_kaputt.ipynb": "failed"}
        executed = (folder / "02_kaputt.ipynb").read_text()
        assert "absichtlich kaputt" in executed and "RuntimeError" in executed
        assert json.loads((folder / "run.json").read_text())["status"] == "failed"
        assert (folder / "bericht.html").is_file()


def test_unusable_company_does_not_stop_the_others(tmp_path):
    good = tiny_notebook(tmp_path / "01_gut.ipynb", "print('ok')")
    result = run_plan([tmp_path / "gibt-es-nicht", ROOT / "tests" / "data" / "minimal"], out=tmp_path / "out",
                      jobs=1, progress=False, notebooks=[good])
    assert result[0].status == "failed" and "gibt-es-nicht" in result[0].error
    assert result[1].status == "ok"
    # the unusable company still has its run folder, whose run.json says why
    record = json.loads((Path(result[0].out_dir) / "run.json").read_text())
    assert Path(result[0].out_dir).parent.name == "gibt-es-nicht"
    assert record["status"] == "failed" and record["error"] == result[0].error and record["notebooks"] == []


def test_unknown_parameter_is_an_error(tmp_path, capsys):
    with pytest.raises(ValueError, match="colour"):
        run_plan([ROOT / "datasets" / "demo"], out=tmp_path, parameters={"colour": "blau"}, progress=False)
    assert main(["run", str(ROOT / "datasets" / "demo"), "--out", str(tmp_path), "-p", "colour", "blau"]) == 2
    err = capsys.readouterr().err
    assert "colour" in err and "Traceback" not in err
    assert not any(tmp_path.iterdir()), "nothing is written for a refused run"


def test_cli_run_exit_status_on_failure(tmp_path, capsys, monkeypatch):
    bad = tiny_notebook(tmp_path / "01_kaputt.ipynb", "1 / 0")
    monkeypatch.setattr("kpikit.plan.phases.NOTEBOOKS", tmp_path)
    monkeypatch.setattr("kpikit.plan.phases.PHASES", (Phase(1, "1–3", "REPORT_phase_1", bad.name),))
    status = main(["run", str(ROOT / "tests" / "data" / "minimal"), "--out", str(tmp_path / "out"), "--quiet"])
    assert status == 1
    captured = capsys.readouterr()
    assert "ZeroDivisionError" in captured.err and "Traceback" not in captured.err


def test_workbook_neutralises_formula_injection(tmp_path):
    from kpikit import load_company
    from kpikit.views.report import write_workbook

    folder = tmp_path / "evil"
    shutil.copytree(ROOT / "tests" / "data" / "minimal", folder)
    deals = (folder / "exports" / "deals.csv").read_text().replace("Messe", "=HYPERLINK(\"http://x\")")
    (folder / "exports" / "deals.csv").write_text(deals)
    out = write_workbook(load_company(folder), tmp_path / "k.xlsx")
    with zipfile.ZipFile(out) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/"))
    assert "<f>" not in xml, "no formula cells"
    book = openpyxl.load_workbook(out)
    values = [c.value for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(v.startswith("'=HYPERLINK") for v in values)
    assert not any(v.startswith("=") for v in values)


@pytest.mark.skipif(shutil.which("chromium") is None and shutil.which("chromium-browser") is None,
                    reason="needs Debian's chromium (apt-get install chromium)")
def test_report_renders_offline_in_headless_chromium(runs, tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from PIL import Image
    from report_screenshot import main as screenshot

    report = Path(runs[1][0].out_dir) / "bericht.html"
    png = tmp_path / "bericht.png"
    assert screenshot([str(report), "--out", str(png), "--height", "3000"]) == 0
    image = Image.open(png).convert("L")
    assert image.size == (1280, 3000)
    lo, hi = image.getextrema()
    assert hi - lo > 100, "the page is not blank"
    # dark text and chart lines across the page, not just a header
    rows_with_ink = sum(1 for y in range(0, 3000, 50) if image.crop((0, y, 1280, y + 50)).getextrema()[0] < 100)
    assert rows_with_ink > 40


def _outputs(path: Path) -> list:
    """What a reader sees of an executed notebook: per code cell its count and its outputs without images."""
    nb = nbformat.read(str(path), as_version=4)
    seen = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outs = []
        for o in cell.outputs:
            data = {k: v for k, v in o.get("data", {}).items() if not k.startswith("image/")}
            images = sorted(k for k in o.get("data", {}) if k.startswith("image/"))
            # widget model ids and figure addresses differ from run to run
            text = re.sub(r"[0-9a-f]{32}|0x[0-9a-f]+", "…", json.dumps([o.get("text"), data], sort_keys=True))
            outs.append((o["output_type"], text, images))
        seen.append((cell.execution_count, outs))
    return seen


def test_warm_kernels_give_the_same_notebooks_as_cold_ones(tmp_path, runs):
    # The English minimal company ran with warm kernels in the fixture; run it again starting
    # each kernel only when its notebook begins, and compare what every notebook shows.
    _, result = runs
    cold = run_plan([ROOT / "tests" / "data" / "minimal"], out=tmp_path, jobs=2, progress=False,
                    parameters={"lang": "en"}, warm_kernels=False)
    assert cold[0].ok
    for phase in PHASES:
        warm_nb, cold_nb = Path(result[1].out_dir) / phase.notebook, Path(cold[0].out_dir) / phase.notebook
        assert _outputs(warm_nb) == _outputs(cold_nb), phase.notebook
    images = sum(len(i) for _, outs in _outputs(Path(result[1].out_dir) / PHASES[4].notebook) for *_, i in outs)
    assert images >= 3, "charts are drawn in warm kernels"


def test_warm_kernel_preload_binds_no_names(tmp_path):
    # The preloaded modules are imported, but a notebook that forgot its import still fails.
    nb = tiny_notebook(tmp_path / "01_vergessen.ipynb",
                        "import sys\nassert 'pandas' in sys.modules  # preloaded for the next cell\n"
                        "import pandas as pd\ndel pd\nprint(sorted(k for k in globals() if not k.startswith('_')))\n"
                        "json.dumps({})")
    result = run_plan([ROOT / "tests" / "data" / "minimal"], out=tmp_path / "out", jobs=1, progress=False,
                      notebooks=[nb], warm_kernels=True)
    run = result[0].notebooks[0]
    assert run.status == "failed" and run.error.startswith("NameError") and "json" in run.error
    executed = (Path(result[0].out_dir) / nb.name).read_text()
    assert "'In', 'Out', 'as_of', 'company_dir', 'exit', 'get_ipython', 'lang', 'open', 'quit', 'sys'" in executed


def test_a_dying_worker_fails_its_notebooks_and_the_run_ends(tmp_path):
    good = tiny_notebook(tmp_path / "01_gut.ipynb", "print('ok')")
    killer = tiny_notebook(tmp_path / "02_toedlich.ipynb",
                            "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)  # the worker process")
    after = tiny_notebook(tmp_path / "03_danach.ipynb", "print('ok')")
    result = run_plan([ROOT / "tests" / "data" / "minimal"], out=tmp_path / "out", jobs=1, progress=False,
                      notebooks=[good, killer, after], warm_kernels=True)
    statuses = {n.notebook: (n.status, n.error) for n in result[0].notebooks}
    assert statuses["01_gut.ipynb"] == ("ok", None)
    assert statuses["02_toedlich.ipynb"][0] == "failed" and "WorkerDied" in statuses["02_toedlich.ipynb"][1]
    assert statuses["03_danach.ipynb"] == ("ok", None), "a new worker runs what the dead one had only taken"
    assert result[0].status == "failed" and (Path(result[0].out_dir) / "run.json").is_file()


def test_swiss_as_of_reaches_the_notebooks_as_iso_date(tmp_path):
    nb = tiny_notebook(tmp_path / "01_stichtag.ipynb", "import kpikit as kp\nprint('as_of:', kp.parse_as_of(as_of))")
    result = run_plan([ROOT / "tests" / "data" / "minimal"], out=tmp_path / "out", jobs=1, progress=False,
                      notebooks=[nb], parameters={"as_of": "30.6.2025"})
    folder = Path(result[0].out_dir)
    assert "as_of: 2025-06-30" in (folder / nb.name).read_text()
    record = json.loads((folder / "run.json").read_text())
    assert record["parameters"]["as_of"] == record["as_of_effective"] == "2025-06-30"
    with pytest.raises(ValueError, match=r"TT\.MM\.JJJJ"):
        run_plan([ROOT / "tests" / "data" / "minimal"], out=tmp_path / "out2", notebooks=[nb],
                 parameters={"as_of": "06/30/2025"}, progress=False)


def test_cli_run_names_the_unusable_company_and_its_run_json(tmp_path, capsys):
    status = main(["run", str(tmp_path / "gibt-es-nicht"), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert status == 1 and "FEHLER" in err and "gibt-es-nicht" in err and "Traceback" not in err
    assert "run.json" in err and (tmp_path / "out" / "gibt-es-nicht" / "latest" / "run.json").is_file()


def test_warm_kernels_leave_no_sockets_behind_in_the_worker(tmp_path):
    # papermill does not close the client of a kernel it did not start: the runner must, or every
    # notebook leaves ~14 file descriptors and 3 threads in its worker (too many open files later)
    probe = "import os\nprint('fds', len(os.listdir(f'/proc/{os.getppid()}/fd')))"
    books = [tiny_notebook(tmp_path / f"{i:02d}_fds.ipynb", probe) for i in range(1, 7)]
    result = run_plan([ROOT / "tests" / "data" / "minimal"], out=tmp_path / "out", jobs=1, progress=False,
                      notebooks=books, warm_kernels=True)
    counts = [int(re.search(r"fds (\d+)", (Path(result[0].out_dir) / b.name).read_text()).group(1)) for b in books]
    assert counts[-1] - counts[1] < 10, counts


def test_a_worker_killed_while_idle_blocks_nobody(tmp_path):
    # A worker waiting for a task is killed, then the worker running the killer with the task it took
    # ahead. The run must go on: nothing the dead held (a queue lock, a task) may block the others.
    # The notebook waits until the other worker is idle (no live kernel of its own), then kills it.
    killer = tiny_notebook(tmp_path / "01_nachbar.ipynb", (
        "import os, signal, time\n"
        "def stat(pid):\n"
        "    fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()\n"
        "    return fields[0], int(fields[1])  # state, parent\n"
        "def children(parent):\n"
        "    out = []\n"
        "    for p in [int(p) for p in os.listdir('/proc') if p.isdigit()]:\n"
        "        try:\n"
        "            state, ppid = stat(p)\n"
        "        except (FileNotFoundError, ProcessLookupError):\n"
        "            continue\n"
        "        if ppid == parent and state != 'Z':\n"
        "            out.append(p)\n"
        "    return out\n"
        "worker = os.getppid()\nmain = stat(worker)[1]\ncmd = open(f'/proc/{main}/cmdline').read()\n"
        "for _ in range(300):\n"
        "    idle = [p for p in children(main) if p != worker and open(f'/proc/{p}/cmdline').read() == cmd\n"
        "            and not children(p)]\n"
        "    if idle:\n"
        "        os.kill(idle[0], signal.SIGKILL); print('killed', idle[0], flush=True); break\n"
        "    time.sleep(0.1)\n"
        "time.sleep(0.5)\nos.kill(worker, signal.SIGKILL)  # and its own worker, with the task it took ahead"))
    after = tiny_notebook(tmp_path / "02_danach.ipynb", "print('ok')")
    later = tiny_notebook(tmp_path / "03_spaeter.ipynb", "print('ok')")  # still to be handed out
    import threading

    box = []
    thread = threading.Thread(target=lambda: box.append(run_plan(
        [ROOT / "tests" / "data" / "minimal"], out=tmp_path / "out", jobs=2, progress=False,
        notebooks=[killer, after, later], warm_kernels=True)), daemon=True)
    thread.start()
    thread.join(timeout=120)
    assert box, "run_plan hung after a worker died"
    runs = {n.notebook: (n.status, n.error) for n in box[0][0].notebooks}
    assert runs["01_nachbar.ipynb"][0] == "failed" and "WorkerDied" in runs["01_nachbar.ipynb"][1], runs
    assert runs["02_danach.ipynb"] == runs["03_spaeter.ipynb"] == ("ok", None), runs
    assert "killed" in (Path(box[0][0].out_dir) / killer.name).read_text()
