"""Nothing lost, nothing mixed (issue 14): run folders of their own, one bad company alone, output faults
named, and a stop by Ctrl-C or SIGTERM that leaves nothing behind.

Real papermill runs, real CLI processes, real signals and, where this machine lets us mount, real
read-only and full file systems (tmpfs).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from tiny_notebooks import tiny_notebook

import kpikit
from kpikit.cli import main
from kpikit.plan import run_plan
from kpikit.plan.phases import Phase

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal"
pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _german(monkeypatch):
    monkeypatch.setenv("KPIKIT_LANG", "de")


def _env(**extra: str) -> dict[str, str]:
    """The environment of a CLI process: the kpikit under test, German messages."""
    return {**os.environ, "PYTHONPATH": str(Path(kpikit.__file__).parents[1]), "KPIKIT_LANG": "de", **extra}


def _cli(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kpikit.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def _runs(folder: Path) -> list[Path]:
    """The published run folders of one company (not ``latest``, not hidden)."""
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))


# --- run folders never collide --------------------------------------------------------------------------------


def test_two_companies_of_one_name_in_one_call_get_two_complete_folders(tmp_path):
    # `kpikit run datasets/demo datasets/demo/company-zu-viele-kpis.yaml`: one name, one second. Before the
    # fix both were written into one folder, and the report of the first had empty sections.
    firma = tmp_path / "firma"
    shutil.copytree(MINIMAL, firma)
    shutil.copy(firma / "company.yaml", firma / "company-variante.yaml")
    # the report hides local paths, so the notebook prints the last part of its company_dir only
    nb = tiny_notebook(tmp_path / "01_wer.ipynb", "import pathlib; print('Firma:', pathlib.Path(company_dir).name)")
    result = run_plan([firma, firma / "company-variante.yaml"], out=tmp_path / "out", jobs=2, progress=False,
                      notebooks=[nb])
    assert [r.status for r in result] == ["ok", "ok"]
    folders = [Path(r.out_dir) for r in result]
    assert folders[0] != folders[1] and folders[0].parent == folders[1].parent
    assert _runs(folders[0].parent) == sorted(folders)
    for r, folder in zip(result, folders, strict=True):
        own = Path(r.company_dir).name  # firma, company-variante.yaml
        assert f"Firma: {own}" in (folder / nb.name).read_text()
        assert f"Firma: {own}\n" in (folder / "bericht.html").read_text()
        assert json.loads((folder / "run.json").read_text())["company_dir"] == r.company_dir
    assert (folders[0].parent / "latest").resolve() in folders
    assert not list((tmp_path / "out").rglob("*.tmp"))


def test_a_published_run_is_never_entered_replaced_or_deleted(tmp_path):
    from kpikit.plan.folders import make_temp, point_latest, publish

    company = tmp_path / "muster-ag"
    old = company / "20260101-120000"
    old.mkdir(parents=True)
    (old / "run.json").write_text("alt")
    (company / "20260101-120000-2").mkdir()  # an empty folder is somebody's too
    tmp = make_temp(company, "20260101-120000")
    (tmp / "run.json").write_text("neu")
    target = publish(tmp, "20260101-120000")
    assert target.name == "20260101-120000-3" and (target / "run.json").read_text() == "neu"
    assert (old / "run.json").read_text() == "alt" and not any((company / "20260101-120000-2").iterdir())
    assert not tmp.exists()
    # latest is switched by a rename over the old link; a real folder called latest is left alone
    point_latest(old)
    point_latest(target)
    assert os.readlink(company / "latest") == target.name
    assert sorted(p.name for p in company.iterdir() if p.name.startswith(".")) == []
    other = tmp_path / "other"
    (other / "latest").mkdir(parents=True)
    (other / "latest" / "x").write_text("x")
    (other / "r1").mkdir()
    point_latest(other / "r1")
    assert (other / "latest" / "x").read_text() == "x"


def test_temporary_folders_are_created_exclusively(tmp_path):
    from kpikit.plan.folders import make_temp

    folders = {make_temp(tmp_path, "20260101-120000") for _ in range(50)}
    assert len(folders) == 50 and all(f.is_dir() and f.name.endswith(".tmp") for f in folders)


def test_two_concurrent_runs_in_two_languages_publish_two_unmixed_folders(tmp_path):
    # One `kpikit run --lang en` and one `--lang de` of the same company into the same --out, started
    # together (the same second). Before the fix they shared one folder: German and English notebooks
    # mixed in a folder marked ok.
    out = tmp_path / "out"
    procs = {lang: _cli("run", str(MINIMAL), "--out", str(out), "--lang", lang, "--jobs", "1", "--quiet",
                        env=_env()) for lang in ("en", "de")}
    for lang, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, (lang, stdout, stderr)
    folders = _runs(out / "minimal-gmbh")
    assert len(folders) == 2
    langs = set()
    for folder in folders:
        record = json.loads((folder / "run.json").read_text())
        assert record["status"] == "ok"
        lang = record["parameters"]["lang"]
        langs.add(lang)
        notebooks = sorted(folder.glob("0*.ipynb"))
        assert len(notebooks) == 7
        for path in notebooks:
            assert nbformat.read(str(path), as_version=4).metadata["papermill"]["parameters"]["lang"] == lang
        assert f'<html lang="{lang}">' in (folder / "bericht.html").read_text()
    assert langs == {"en", "de"}
    assert (out / "minimal-gmbh" / "latest").resolve() in folders
    assert not list(out.rglob("*.tmp"))


# --- one bad company never stops the others ------------------------------------------------------------------


def test_symlink_loop_and_too_long_names_fail_alone(tmp_path):
    loop = tmp_path / "schleife"
    loop.symlink_to(loop)
    too_long = tmp_path / ("x" * 300)  # a name longer than the file system allows
    long_name = tmp_path / "langer-name"
    shutil.copytree(MINIMAL, long_name)
    config = (long_name / "company.yaml").read_text().replace("name: Minimal GmbH", f"name: {'Sehr ' * 80}AG")
    (long_name / "company.yaml").write_text(config)
    nb = tiny_notebook(tmp_path / "01_gut.ipynb", "print('ok')")
    result = run_plan([loop, too_long, long_name, MINIMAL], out=tmp_path / "out", jobs=2, progress=False,
                      notebooks=[nb])
    assert [r.status for r in result] == ["failed", "failed", "ok", "ok"]
    assert "Link-Schleife" in result[0].error and "schleife" in result[0].error
    assert "zu lang" in result[1].error and "Lösung" in result[1].error
    for r in result[:2]:  # each has its run folder, whose run.json says why
        record = json.loads((Path(r.out_dir) / "run.json").read_text())
        assert record["status"] == "failed" and record["error"] == r.error and record["notebooks"] == []
    # a long company name gets a bounded folder name (cut, with a hash to keep it apart)
    assert len(Path(result[2].out_dir).parent.name) <= 60
    assert (Path(result[2].out_dir) / "bericht.html").is_file()


def test_cli_names_the_loop_and_the_long_path(tmp_path):
    loop = tmp_path / "schleife"
    loop.symlink_to(loop)
    proc = _cli("run", str(loop), str(tmp_path / ("x" * 300)), "--out", str(tmp_path / "out"), "--quiet",
                env=_env())
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert "Link-Schleife" in err and "zu lang" in err and err.count("run.json") == 2
    assert "Interner Fehler" not in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["validate", "check", "kpis"])
def test_every_command_names_a_symlink_loop(tmp_path, command):
    loop = tmp_path / "schleife"
    loop.symlink_to(loop)
    proc = _cli(command, str(loop), env=_env())
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert "Link-Schleife" in err and "existiert nicht" not in err and "Traceback" not in err


def test_slugs_are_bounded_and_keep_long_names_apart():
    from kpikit.plan.folders import SLUG_MAX, slug

    a, b = slug("Sehr " * 80 + "AG"), slug("Sehr " * 80 + "GmbH")
    assert len(a) <= SLUG_MAX and len(b) <= SLUG_MAX and a != b
    assert slug("Bürokafi Muster AG") == "buerokafi-muster-ag" and slug("<>") == "firma"


# --- output faults are named -----------------------------------------------------------------------------------


def _mount_tmpfs(folder: Path, options: str) -> None:
    """Mount a tmpfs with ``options`` on ``folder``, or skip the test saying why."""
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("no mount command here")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}): needs root or CAP_SYS_ADMIN")


@pytest.fixture
def mounts():
    mounted: list[Path] = []

    def mount(folder: Path, options: str) -> Path:
        _mount_tmpfs(folder, options)
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)


@pytest.fixture
def readonly(tmp_path, mounts):
    """A folder nothing can be written in: chmod 555, or as root (whom chmod does not stop) a read-only tmpfs."""
    folder = tmp_path / "nur-lesen"
    if os.geteuid() != 0:
        folder.mkdir()
        folder.chmod(0o555)
        yield folder, "Schreibrechte"
        folder.chmod(0o755)
        return
    yield mounts(folder, "ro,size=64k"), "schreibgeschützt"


@pytest.fixture
def own_tmp(tmp_path, monkeypatch):
    """The system's temporary folder of this test (where the run's cache goes), to see it is left empty."""
    folder = tmp_path / "systemtmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.parametrize("below", ["", "neu/tiefer"], ids=["out", "below-out"])
def test_read_only_out_is_named_with_the_fix(readonly, below, own_tmp, capsys):
    folder, why = readonly
    out = folder / below if below else folder
    assert main(["run", str(MINIMAL), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert re.search(rf"Ausgabeordner {re.escape(str(out))}[ .]", err), err
    assert why in err and "--out" in err and "Lösung" in err
    assert "Interner Fehler" not in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not any(folder.iterdir()) and not any(own_tmp.iterdir())


def test_out_below_a_regular_file_is_named(tmp_path, own_tmp, capsys):
    (tmp_path / "notizen.txt").write_text("x")
    assert main(["run", str(MINIMAL), "--out", str(tmp_path / "notizen.txt" / "reports"), "--quiet",
                 "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'notizen.txt'} is a file, not a folder" in err and "--out" in err
    assert "Internal error" not in err and not any(own_tmp.iterdir())


@pytest.mark.parametrize("size", [300_000, 120_000], ids=["notebook-too-big", "report-too-big"])
def test_full_out_is_named_and_leaves_nothing(tmp_path, mounts, own_tmp, size):
    out = mounts(tmp_path / "voll", "size=200k")
    # a notebook whose output does not fit, or fits and leaves no room for the report
    nb = tiny_notebook(tmp_path / "01_gross.ipynb", f"print('x' * {size})")
    result = run_plan([MINIMAL], out=out, jobs=1, progress=False, notebooks=[nb])
    assert result[0].status == "failed" and result[0].out_dir is None
    assert "Kein Platz mehr" in result[0].error and str(out / "minimal-gmbh") in result[0].error
    assert "Lösung" in result[0].error
    assert [p for p in out.rglob("*") if not p.is_dir()] == [], "no partial report, no empty error file"
    assert not list(out.rglob("*.tmp")) and not any(own_tmp.iterdir())


def test_cli_full_out_one_line_per_company(tmp_path, mounts, own_tmp, capsys, monkeypatch):
    out = mounts(tmp_path / "voll", "size=200k")
    big = tiny_notebook(tmp_path / "01_gross.ipynb", "print('x' * 300_000)")
    monkeypatch.setattr("kpikit.plan.phases.NOTEBOOKS", tmp_path)
    monkeypatch.setattr("kpikit.plan.phases.PHASES", (Phase(1, "1–3", "REPORT_phase_1", big.name),))
    assert main(["run", str(MINIMAL), "--out", str(out), "--quiet", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert f"FAILED  {MINIMAL}: No space left in the output folder {out / 'minimal-gmbh'}" in err
    assert "Free some space" in err and "Internal error" not in err and "Traceback" not in err
    assert [p for p in out.rglob("*") if not p.is_dir()] == []


def test_cache_folders_of_killed_runs_are_removed(own_tmp):
    from kpikit.plan.folders import CACHE_PREFIX, make_cache

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    stale = own_tmp / f"{CACHE_PREFIX}{gone.pid}-abcd"
    stale.mkdir()
    (stale / "company-x.pkl").write_bytes(b"client data")
    alive = own_tmp / f"{CACHE_PREFIX}{os.getpid()}-efgh"  # a run of a live process keeps its cache
    alive.mkdir()
    cache = make_cache()
    assert not stale.exists() and alive.is_dir() and cache.parent == own_tmp
    assert oct(cache.stat().st_mode & 0o777) == "0o700"


# --- Ctrl-C and SIGTERM ----------------------------------------------------------------------------------------


def _marked(mark: str, exclude: int) -> list[int]:
    """Live processes (not zombies) whose environment carries ``mark``: the run's workers and kernels."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == exclude:
            continue
        try:
            if mark.encode() not in (entry / "environ").read_bytes():
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            found.append(int(entry.name))
    return found


def _kernels(pids: list[int]) -> list[int]:
    out = []
    for pid in pids:
        try:
            if b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes():
                out.append(pid)
        except OSError:
            continue
    return out


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find the run's processes")
@pytest.mark.parametrize(("name", "to_group", "code"), [("SIGINT", True, 130), ("SIGTERM", False, 143)],
                         ids=["ctrl-c", "sigterm"])
def test_a_stopped_run_cleans_up_and_says_one_line(tmp_path, name, to_group, code):
    # Ctrl-C in a terminal signals the whole process group (runner and workers); SIGTERM (kill, a
    # service manager) the runner only. Either way: one line, no worker tracebacks, no temporary folder,
    # no cache of pickled client data, no kernel left running.
    out, systmp, mark = tmp_path / "out", tmp_path / "systemtmp", uuid.uuid4().hex
    systmp.mkdir()
    proc = _cli("run", str(MINIMAL), "--out", str(out), "--quiet", "--jobs", "2",
                env=_env(TMPDIR=str(systmp), KPIKIT_TEST_MARK=mark), start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not (_kernels(_marked(mark, proc.pid)) and list(out.rglob("*.tmp/0*.ipynb"))):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no notebook started"
            time.sleep(0.2)
        assert list(systmp.glob(".kpikit-cache-*/*.pkl")), "the run caches the company"
        if to_group:
            os.killpg(proc.pid, getattr(signal, name))
        else:
            os.kill(proc.pid, getattr(signal, name))
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == code, stderr
    assert stderr.strip().splitlines() == [stderr.strip()] and "Abgebrochen" in stderr, stderr
    assert "Traceback" not in stderr
    assert not list(out.rglob("*.tmp")) and not _runs(out / "minimal-gmbh"), "nothing half-done stays"
    assert not list(systmp.iterdir()), "the cache of pickled client data is gone"
    left = _marked(mark, proc.pid)
    for _ in range(50):  # reaping is asynchronous; nothing may stay for good
        if not left:
            break
        time.sleep(0.1)
        left = _marked(mark, proc.pid)
    assert left == [], "no worker or kernel is left running"


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find the run's processes")
def test_a_runner_killed_outright_takes_its_workers_along_and_the_next_run_removes_its_cache(tmp_path, own_tmp):
    # SIGKILL (the out-of-memory killer) cannot be caught: the workers stop with their runner, and the
    # cache of pickled client data it leaves is removed by the next run.
    out, mark = tmp_path / "out", uuid.uuid4().hex
    proc = _cli("run", str(MINIMAL), "--out", str(out), "--quiet", "--jobs", "2",
                env=_env(TMPDIR=str(own_tmp), KPIKIT_TEST_MARK=mark), start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not (_kernels(_marked(mark, proc.pid)) and list(own_tmp.glob(".kpikit-cache-*/*.pkl"))
                   and list(own_tmp.glob(".kpikit-cache-*/kernel-*.json"))):  # connection files: in the cache
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no notebook started"
            time.sleep(0.2)
        proc.kill()
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    left = _marked(mark, proc.pid)
    for _ in range(100):
        if not left:
            break
        time.sleep(0.1)
        left = _marked(mark, proc.pid)
    assert left == [], "no worker or kernel outlives its runner"
    assert list(own_tmp.glob(".kpikit-cache-*"))
    run_plan([tmp_path / "gibt-es-nicht"], out=out, progress=False)
    assert not list(own_tmp.iterdir()), "the next run removed the cache left behind"


def test_a_company_is_published_while_another_still_runs(tmp_path):
    # the second company's notebook waits for the first company's published report: a runner that wrote
    # the reports only after the last notebook of all would let it wait in vain (and fail it)
    second = tmp_path / "zweite"
    shutil.copytree(MINIMAL, second)
    yaml = second / "company.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("name: Minimal GmbH", "name: Zweite GmbH"),
                    encoding="utf-8")
    out = tmp_path / "out"
    report = out / "minimal-gmbh" / "latest" / "bericht.html"
    nb = tiny_notebook(tmp_path / "01_warten.ipynb", (
        "import pathlib, time\n"
        "if pathlib.Path(company_dir).name == 'zweite':\n"
        f"    report = pathlib.Path({str(report)!r})\n"
        "    deadline = time.monotonic() + 60\n"
        "    while not report.is_file() and time.monotonic() < deadline:\n"
        "        time.sleep(0.1)\n"
        "    assert report.is_file(), 'the first company was not published before the second ended'\n"
        "print('fertig')"))
    result = run_plan([MINIMAL, second], out=out, jobs=2, progress=False, notebooks=[nb])
    assert [r.status for r in result] == ["ok", "ok"], [r.error or [n.error for n in r.notebooks] for r in result]
    assert (out / "minimal-gmbh" / "latest" / "kpis.xlsx").is_file()
    assert (out / "zweite-gmbh" / "latest" / "bericht.html").is_file()
