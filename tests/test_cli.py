import csv
import io
import json
import re

import pytest
import yaml

from kpikit.cli import main

KEYS = {"kpi", "period", "segment", "value", "numerator", "denominator", "unit"}


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run ``kpikit ARGS`` in-process; return exit status, stdout and stderr."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# A small company for the kpis command.
SMALL_YAML = """\
    name: Klein AG
    sources:
      deals: exports/deals.csv
      leads: exports/leads.csv
      campaigns:
        file: exports/ads.csv
    kpis: [close_rate, leads, cac]
    """
SMALL_FILES = {
    "exports/deals.csv": "deal_id;status;created_at;closed_at;amount;channel;customer_id\n"
    "D1;won;02.01.2025;20.01.2025;1'000.00;Google Ads;K1\n"
    "D2;lost;03.01.2025;25.01.2025;500.00;Google Ads;K2\n"
    "D3;won;05.02.2025;20.02.2025;2'000.00;Meta Ads;K3\n"
    "D4;lost;06.02.2025;28.02.2025;800.00;Meta Ads;K4\n"
    "D5;won;07.02.2025;01.03.2025;1'500.00;Google Ads;K5\n"
    "D6;open;10.03.2025;;900.00;Meta Ads;K6\n",
    "exports/leads.csv": "lead_id,created_at,channel\nL1,2025-01-01,Google Ads\nL2,2025-01-02,Google Ads\n"
    "L3,2025-02-01,Meta Ads\nL4,2025-02-02,Meta Ads\nL5,2025-02-03,Google Ads\n",
    "exports/ads.csv": "date,channel,spend,clicks,impressions\n2025-01-01,Google Ads,100,10,1000\n"
    "2025-02-01,Meta Ads,200,20,3000\n2025-03-01,Google Ads,50,5,500\n",
}


@pytest.fixture
def small(make_company):
    return make_company(SMALL_YAML, SMALL_FILES, name="klein")


BROKEN_DEALS = (
    "deal_id;stauts;closed_at\nD1;won;01.01.2025\n"  # the status column is misspelt (as in conftest)
)


@pytest.fixture
def broken(make_company):
    return make_company("sources: {deals: exports/deals.csv}\n", {"exports/deals.csv": BROKEN_DEALS})


# --- validate ---------------------------------------------------------------------------------------
def test_validate_small_findings_all_and_english(capsys, make_company):
    deals = "deal_id,status,closed_at\n" + "".join(f"D{i},won,x{i}\n" for i in range(7))
    folder = make_company("sources: {deals: d.csv}\n", {"d.csv": deals})
    code, out, _ = _cli(capsys, "validate", str(folder), "--lang", "en")
    assert code == 1
    assert "d.csv, row 2, column 'closed_at'" in out
    assert "and 2 more rows" in out
    assert "7 row(s) rejected" in out
    code, out, _ = _cli(capsys, "validate", str(folder), "--all")
    assert code == 1
    assert "Zeile 8" in out and "weitere" not in out


def test_validate_warnings_only_is_exit_1(capsys, make_company):
    folder = make_company(
        "sources: {campaigns: a.csv}\n",
        {"a.csv": "date,channel,spend,channel\n2025-01-02,Web,1,X\n2025-04-03,Web,2,X\n"},
    )
    code, out, _ = _cli(capsys, "validate", str(folder))
    assert code == 1
    assert "[Warnung]" in out and "0 Zeile(n) abgewiesen, 1 Warnung(en)" in out


def test_validate_missing_column_exit_2(capsys, broken):
    code, out, err = _cli(capsys, "validate", str(broken))
    assert code == 2
    assert out == ""
    assert "«status»" in err
    assert "Vorhandene Spalten: «deal_id», «stauts», «closed_at»." in err
    assert "Meinten Sie «stauts»?" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1  # one paragraph


def test_validate_missing_column_english(capsys, broken):
    code, _, err = _cli(capsys, "validate", str(broken), "--lang", "en")
    assert code == 2
    assert "Columns present: 'deal_id', 'stauts', 'closed_at'." in err
    assert "Did you mean 'stauts'?" in err


@pytest.mark.parametrize(
    ("config", "files", "part"),
    [
        (None, {}, "company.yaml"),
        ("sources:\n  deals: {file: d.csv\n", {}, "Zeile 3"),
        (
            "sources: {deals: d.csv}\nkpis: [closerate]\n",
            {"d.csv": "deal_id,status,closed_at\n"},
            "Meinten Sie «close_rate»?",
        ),
        ("sources: {deals: fehlt.csv}\n", {}, "fehlt.csv"),
    ],
)
def test_validate_unusable_input_exit_2(capsys, tmp_path, make_company, config, files, part):
    folder = make_company(config, files) if config else tmp_path
    code, _, err = _cli(capsys, "validate", str(folder))
    assert code == 2
    assert part in err
    assert "Traceback" not in err


def test_validate_missing_folder_exit_2(capsys, tmp_path):
    code, _, err = _cli(capsys, "validate", str(tmp_path / "nirgends"))
    assert code == 2
    assert "nirgends" in err and "kpikit new" in err


# --- new --------------------------------------------------------------------------------------------
def test_new_writes_loadable_yaml_and_refuses_overwrite(capsys, tmp_path):
    folder = tmp_path / "muster-ag"
    code, out, _ = _cli(capsys, "new", str(folder))
    assert code == 0
    assert str(folder) in out
    config = yaml.safe_load((folder / "company.yaml").read_text(encoding="utf-8"))
    assert config["name"] == "Muster AG"
    assert set(config) <= {"name", "currency", "language", "period", "sources", "goals", "kpis"}
    assert "deals" in config["sources"]
    assert (folder / "exports").is_dir()

    (folder / "company.yaml").write_text("name: Meine Änderung\n", encoding="utf-8")
    code, _, err = _cli(capsys, "new", str(folder))
    assert code == 2
    assert "--force" in err and "Traceback" not in err
    assert (folder / "company.yaml").read_text(encoding="utf-8") == "name: Meine Änderung\n"

    code, _, _ = _cli(capsys, "new", str(folder), "--force", "--name", 'Käser "Bau" AG')
    assert code == 0
    assert yaml.safe_load((folder / "company.yaml").read_text(encoding="utf-8"))["name"] == 'Käser "Bau" AG'


def test_new_then_validate_names_the_missing_export(capsys, tmp_path):
    folder = tmp_path / "neu"
    assert _cli(capsys, "new", str(folder))[0] == 0
    code, _, err = _cli(capsys, "validate", str(folder))
    assert code == 2
    assert "exports/deals.csv" in err


# --- kpis -------------------------------------------------------------------------------------------
def test_kpis_json_all(capsys, small):
    code, out, err = _cli(capsys, "kpis", str(small), "--period", "all", "--format", "json")
    assert code == 0, err
    records = json.loads(out)
    assert isinstance(records, list) and records
    for rec in records:
        assert KEYS <= set(rec), rec
        assert rec["period"] == "all"
        assert rec["segment"] is None
        assert rec["unit"] in {"count", "currency", "ratio", "days", "months"}
    by_kpi = {r["kpi"]: r for r in records}
    assert {"close_rate", "leads", "cac"} <= set(by_kpi)
    close = by_kpi["close_rate"]
    assert (close["numerator"], close["denominator"]) == (3, 5)
    assert close["value"] == pytest.approx(0.6)
    assert by_kpi["leads"]["value"] == 5


def test_kpis_json_single_kpi(capsys, small):
    code, out, _ = _cli(capsys, "kpis", str(small), "--kpi", "close_rate", "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert [r["kpi"] for r in records] == ["close_rate"]
    assert records[0]["unit"] == "ratio"


def test_kpis_by_channel(capsys, small):
    code, out, _ = _cli(
        capsys, "kpis", str(small), "--kpi", "close_rate", "--by", "channel", "--format", "json"
    )
    assert code == 0
    records = {r["segment"]: r for r in json.loads(out)}
    assert {"Google Ads", "Meta Ads"} <= set(records)
    assert (records["Google Ads"]["numerator"], records["Google Ads"]["denominator"]) == (2, 3)
    assert (records["Meta Ads"]["numerator"], records["Meta Ads"]["denominator"]) == (1, 2)


def test_kpis_month_periods_are_iso_dates(capsys, small):
    code, out, _ = _cli(
        capsys, "kpis", str(small), "--kpi", "close_rate", "--period", "month", "--format", "json"
    )
    assert code == 0
    periods = [r["period"] for r in json.loads(out)]
    assert "2025-01-01" in periods and "2025-02-01" in periods
    assert all(len(p) == 10 and p[4] == "-" for p in periods)


def test_kpis_as_of_keeps_complete_periods_and_data_up_to_the_date(capsys, small):
    # closed: Jan won + lost, Feb won + lost, 1 March won
    def periods(*args):
        code, out, _ = _cli(capsys, "kpis", str(small), "--kpi", "close_rate", "--format", "json", *args)
        assert code == 0
        return {r["period"]: r["value"] for r in json.loads(out)}

    # the data run to 10.03.2025: March is still running and left out unless asked for
    assert periods("--period", "month") == {"2025-01-01": 0.5, "2025-02-01": 0.5}
    assert periods("--period", "month", "--include-incomplete") == {"2025-01-01": 0.5, "2025-02-01": 0.5,
                                                                    "2025-03-01": 1.0}
    assert periods("--period", "month", "--as-of", "28.02.2025") == {"2025-01-01": 0.5, "2025-02-01": 0.5}
    assert periods("--period", "month", "--as-of", "2025-02-27") == {"2025-01-01": 0.5}
    assert periods("--as-of", "31.1.2025") == {"all": 0.5}  # only January's deals, not 3 of 5


def test_kpis_running_period_left_out_or_marked(capsys, small):
    code, out, _ = _cli(capsys, "kpis", str(small), "--kpi", "close_rate", "--period", "month")
    assert code == 0
    head = out.splitlines()[1].split()
    assert head == ["2025-01", "2025-02"]  # periods as people say them, March (running) not shown
    assert "Nicht gezeigt: 2025-03 (unvollständig, Daten bis 10.03.2025" in out
    code, out, _ = _cli(capsys, "kpis", str(small), "--kpi", "close_rate", "--period", "month",
                        "--include-incomplete", "--lang", "en")
    assert out.splitlines()[1].split() == ["2025-01", "2025-02", "2025-03*"]
    assert "* incomplete period (data up to 10.03.2025)" in out
    code, out, _ = _cli(capsys, "kpis", str(small), "--kpi", "close_rate", "--period", "month",
                        "--include-incomplete", "--format", "json")
    assert {r["period"]: r["complete"] for r in json.loads(out)} == {
        "2025-01-01": True, "2025-02-01": True, "2025-03-01": False}


# Jan: 3 leads, a won and a lost deal; Feb: 1 lead, an open deal (no close rate); data run to 04.03.2025
COMPARE_FILES = {
    "deals.csv": "deal_id,status,created_at,closed_at,channel\nD1,won,2025-01-03,2025-01-20,Web\n"
    "D2,lost,2025-01-05,2025-01-25,Web\nD3,open,2025-02-10,,Web\nD4,open,2025-03-03,,Web\n",
    "leads.csv": "lead_id,created_at,channel\nL1,2025-01-02,Web\nL2,2025-01-09,Web\nL3,2025-01-19,Web\n"
    "L4,2025-02-11,Web\nL5,2025-03-04,Web\n",
}


def test_kpis_compare_last_complete_period_in_the_number_style(capsys, make_company):
    folder = make_company("sources: {deals: deals.csv, leads: leads.csv}\n", COMPARE_FILES)
    code, out, _ = _cli(capsys, "kpis", str(folder), "--period", "month", "--compare", "--kpi", "leads",
                        "close_rate")
    assert code == 0
    assert "Vergleich der letzten Periode (2025-02)" in out
    assert "Leads: 1 · Vorperiode 3 (\u221267 %, schlechter)" in out
    # an undefined value is not compared, and never "gleich"
    assert "Abschlussrate: – · Vorperiode 50.0 % (nicht vergleichbar)" in out
    assert "(gleich" not in out and ", gleich" not in out
    code, out, _ = _cli(capsys, "kpis", str(folder), "--period", "month", "--compare", "--kpi", "close_rate",
                        "--lang", "en")
    assert "previous 50.0 % (not comparable)" in out and "unchanged" not in out


def test_kpis_a_kpi_whose_export_ends_early_shows_a_dash_with_the_reason(capsys, make_company):
    # daily leads until 15.03.2025, deals every month until June: March's 15 leads are a part of a month
    import datetime as dt

    days = [dt.date(2025, 1, 1) + dt.timedelta(days=i) for i in range(73)]
    leads = "lead_id,created_at\n" + "".join(f"L{i},{d}\n" for i, d in enumerate(days))
    deals = "deal_id,status,created_at,closed_at\n" + "".join(
        f"D{m},won,2025-0{m}-02,2025-0{m}-28\nE{m},lost,2025-0{m}-03,2025-0{m}-28\n" for m in range(1, 7)
    ) + "F,open,2025-06-30,\n"  # the data run to 30.06.2025
    folder = make_company("sources: {deals: deals.csv, leads: leads.csv}\n", {"deals.csv": deals, "leads.csv": leads})
    for extra in ((), ("--as-of", "30.06.2025")):
        code, out, _ = _cli(capsys, "kpis", str(folder), "--period", "month", "--kpi", "leads", "close_rate", *extra)
        assert code == 0
        rows = {line.split("  ")[0]: re.split(r" {2,}", line.strip())[1:] for line in out.splitlines()[2:4]}
        assert rows["Leads"] == ["31", "28", "–", "–", "–", "–"], out
        assert rows["Abschlussrate"] == ["50.0 %"] * 6
        assert "NaN" not in out
        assert "Leads: unvollständig: die Daten dieser KPI reichen nur bis" in out and "(2025-03" in out


def test_kpis_by_channel_has_no_empty_rest_segment(capsys, small, make_company):
    code, out, _ = _cli(capsys, "kpis", str(small), "--kpi", "close_rate", "leads", "--by", "channel")
    assert code == 0
    labels = [line.split("  ")[0] for line in out.splitlines()[2:] if line.strip()]
    assert "Abschlussrate · Google Ads" in labels and "Leads · Meta Ads" in labels
    assert not [x for x in labels if x.endswith(" · –")], out  # every row has a channel
    code, out, _ = _cli(capsys, "kpis", str(small), "--kpi", "close_rate", "--by", "channel", "--format", "json")
    assert "–" not in {r["segment"] for r in json.loads(out)}
    # a deal without a channel: the «–» segment holds it and stays
    files = {**SMALL_FILES, "exports/deals.csv": SMALL_FILES["exports/deals.csv"] + "D7;won;11.03.2025;12.03.2025;"
             "100.00;;K7\n"}
    folder = make_company(SMALL_YAML, files, name="ohne-kanal")
    code, out, _ = _cli(capsys, "kpis", str(folder), "--kpi", "close_rate", "--by", "channel", "--format", "json")
    rest = [r for r in json.loads(out) if r["segment"] == "–"]
    assert rest and rest[0]["numerator"] == 1


@pytest.mark.parametrize("value", ["02/28/2025", "2025-2-28", "30.02.2025", "gestern"])
def test_kpis_bad_as_of_exit_2(capsys, small, value):
    code, out, err = _cli(capsys, "kpis", str(small), "--as-of", value)
    assert code == 2 and out == ""
    assert value in err and "TT.MM.JJJJ" in err and "Traceback" not in err


def test_kpis_csv(capsys, small):
    code, out, _ = _cli(capsys, "kpis", str(small), "--kpi", "close_rate", "leads", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert KEYS <= set(rows[0])
    assert {r["kpi"] for r in rows} == {"close_rate", "leads"}
    assert {r["period"] for r in rows} == {"all"}


def test_kpis_table(capsys, small):
    code, out, _ = _cli(capsys, "kpis", str(small), "--kpi", "close_rate")
    assert code == 0
    assert "Klein AG" in out and "Abschlussrate" in out and "60" in out
    code, out, _ = _cli(capsys, "kpis", str(small), "--kpi", "close_rate", "--lang", "en")
    assert "Close rate" in out or "close rate" in out.lower()


def test_kpis_list(capsys):
    code, out, _ = _cli(capsys, "kpis", "--list", "--format", "json")
    assert code == 0
    ids = {r["kpi"] for r in json.loads(out)}
    assert {"close_rate", "cac", "new_customers", "conversion_rate", "ltv_cac_ratio"} <= ids
    code, out, _ = _cli(capsys, "kpis", "--list")
    assert code == 0 and "close_rate" in out


def test_kpis_unknown_kpi_exit_2(capsys, small):
    code, out, err = _cli(capsys, "kpis", str(small), "--kpi", "nope")
    assert code == 2
    assert "nope" in err and "close_rate" in err
    assert "Traceback" not in err
    assert out == ""


def test_kpis_unusable_folder_exit_2(capsys, broken):
    code, _, err = _cli(capsys, "kpis", str(broken))
    assert code == 2
    assert "«stauts»" in err and "Traceback" not in err


def test_bad_arguments_exit_2(capsys, small):
    with pytest.raises(SystemExit) as info:
        main(["kpis", str(small), "--period", "fortnight"])
    assert info.value.code == 2
    assert "fortnight" in capsys.readouterr().err


# --- help, language, version ----------------------------------------------------------------------
def _help(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    assert info.value.code == 0
    return capsys.readouterr().out


def test_help_in_one_language_with_argparse_words(capsys, monkeypatch):
    monkeypatch.delenv("KPIKIT_LANG", raising=False)
    de = _help(capsys, "--help")
    assert de.startswith("Aufruf: kpikit") and "\nOptionen:" in de and "diese Hilfe zeigen und beenden" in de
    en = _help(capsys, "--lang", "en", "--help")
    assert en.startswith("usage: kpikit") and "\noptions:" in en and "show this help message and exit" in en
    for text, other in ((de, ("usage", "options", "show this", "default:")), (en, ("Aufruf", "Optionen", "Standard"))):
        assert " / " not in text and not any(word in text for word in other), text
    monkeypatch.setenv("KPIKIT_LANG", "en")
    assert _help(capsys, "kpis", "--help").startswith("usage: kpikit kpis")
    assert _help(capsys, "kpis", "--help", "--lang", "de").startswith("Aufruf: kpikit kpis")


def test_argparse_errors_in_the_language(capsys, monkeypatch):
    monkeypatch.delenv("KPIKIT_LANG", raising=False)
    for args, part in (([], "kpikit: Fehler: diese Argumente fehlen: COMMAND"),
                       (["--lang", "en"], "kpikit: error: the following arguments are required: COMMAND"),
                       (["kpis", "x", "--period", "x"], "ungültige Wahl: 'x'"),
                       (["validate", "x", "--bad"], "unbekannte Argumente: --bad")):
        with pytest.raises(SystemExit) as info:
            main(args)
        assert info.value.code == 2
        assert part in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_option_has_a_description_and_default_and_every_command_examples(lang):
    import argparse

    from kpikit.cli import COMMANDS, _parser

    word = {"de": "(Standard: ", "en": "(default: "}[lang]
    top = _parser(lang)
    sub = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) == set(COMMANDS)
    for name, parser in [("kpikit", top), *sub.choices.items()]:
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
                continue
            assert action.help, (name, action.dest)
            if action.option_strings and not isinstance(action, argparse._VersionAction):
                assert word in action.help, (name, action.dest, action.help)
        examples = [line for line in (parser.epilog or "").splitlines() if line.startswith("  kpikit ")]
        assert 2 <= len(examples) <= 3 or name == "kpikit", (name, parser.epilog)


def test_version_and_top_level_lang(capsys, small, monkeypatch):
    from kpikit.core.version import __version__

    assert _help(capsys, "--version") == f"kpikit {__version__}\n"
    monkeypatch.delenv("KPIKIT_LANG", raising=False)
    code, out, _ = _cli(capsys, "--lang", "en", "kpis", str(small), "--kpi", "close_rate")
    assert code == 0 and "Close rate" in out


# --- the real console script (started by conftest right after collection; here we collect the output) -
def _finished(background, job):
    proc = background[job]
    out, err = proc.communicate(timeout=300)
    return proc.returncode, out, err


def test_script_validate_demo_german(background):
    code, out, err = _finished(background, "demo-de")
    assert code == 1, err
    for part in (
        "crm-deals.csv",
        "Zeile 1034",
        "Zeile 442",
        "Zeile 1400",
        "crm-kontakte.csv",
        "Zeile 3036",
        "«auf Anfrage» ist keine Zahl",
        "D-100431",
        "Lösung:",
        "4 Zeile(n) abgewiesen",
    ):
        assert part in out, part
    assert "ß" not in out
    assert err == ""


def test_script_validate_demo_control_is_clean(background):
    code, out, err = _finished(background, "control")
    assert code == 0, out + err
    assert "Keine Befunde: alle" in out
    assert " 0 abgewiesen" in out
    assert err == ""


def test_script_validate_demo_english(background):
    code, out, err = _finished(background, "demo-en")
    assert code == 1, err
    for part in (
        "crm-deals.csv",
        "row 1034",
        "row 442",
        "row 1400",
        "crm-kontakte.csv",
        "row 3036",
        "'auf Anfrage' is not a number",
        "4 row(s) rejected",
    ):
        assert part in out, part
    assert "Traceback" not in err


def test_script_missing_column_no_traceback(background):
    code, out, err = _finished(background, "broken")
    assert code == 2
    assert out == ""
    assert "«status»" in err and "«stauts»" in err and "Meinten Sie" in err
    assert "Traceback" not in err
