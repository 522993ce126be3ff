"""``kpikit new DIR --from FILE…``: presets picked per export, guessed mappings marked for review."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from kpikit import load_company
from kpikit.cli import main
from kpikit.company.proposal import propose, score_presets

SAMPLES = Path(__file__).parent / "data" / "presets"
DEMO = Path(__file__).resolve().parents[1] / "datasets" / "demo"
EXPECTED = {
    "hubspot-deals-de.csv": ("deals", "hubspot_deals"),
    "hubspot-deals-en.csv": ("deals", "hubspot_deals"),
    "hubspot-contacts-de.csv": ("leads", "hubspot_contacts"),
    "salesforce-opportunities.csv": ("deals", "salesforce_opportunities"),
    "salesforce-leads.csv": ("leads", "salesforce_leads"),
    "pipedrive-deals.csv": ("deals", "pipedrive_deals"),
    "google-ads-de.csv": ("campaigns", "google_ads"),
    "google-ads-en.csv": ("campaigns", "google_ads"),
    "meta-ads-de.csv": ("campaigns", "meta_ads"),
    "meta-ads-en.csv": ("campaigns", "meta_ads"),
    "linkedin-ads.csv": ("campaigns", "linkedin_ads"),
}


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _config(folder: Path) -> dict:
    return yaml.safe_load((folder / "company.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("file", sorted(EXPECTED))
def test_new_from_each_sample_proposes_a_working_company_yaml(capsys, tmp_path, rows_add_up, file):
    table, preset = EXPECTED[file]
    folder = tmp_path / "kunde"
    code, out, err = _cli(capsys, "new", str(folder), "--from", str(SAMPLES / file))
    assert code == 0, out + err
    assert f"{file} → {table}: Vorlage {preset}" in out and "Probeweise geladen" in out
    source = _config(folder)["sources"][table]
    assert source == {"file": f"exports/{file}", "preset": preset}
    assert (folder / "exports" / file).read_bytes() == (SAMPLES / file).read_bytes()
    assert _cli(capsys, "validate", str(folder))[0] in (0, 1)
    rows_add_up(load_company(folder))


def test_new_from_all_samples_at_once(capsys, tmp_path, rows_add_up):
    folder = tmp_path / "alle"
    files = [str(SAMPLES / f) for f in sorted(EXPECTED)]
    code, out, _ = _cli(capsys, "new", str(folder), "--from", *files, "--name", "Muster AG", "--lang", "en")
    assert code == 0
    config = _config(folder)
    assert config["name"] == "Muster AG" and config["language"] == "en"
    assert len(config["sources"]["campaigns"]) == 5 and len(config["sources"]["deals"]) == 4
    assert 3 <= len(config["kpis"]) <= 5
    assert "different currencies (CHF, EUR)" in out  # Google Ads and Meta English samples are in EUR
    company = load_company(folder)
    rows_add_up(company)
    assert company.rows_read == 381 and company.rows_rejected == 0
    assert _cli(capsys, "validate", str(folder))[0] == 0


def test_why_a_preset_was_picked(capsys, tmp_path):
    code, out, _ = _cli(capsys, "new", str(tmp_path / "k"), "--from", str(SAMPLES / "google-ads-de.csv"))
    assert code == 0
    assert "6 von 6 Spalten erkannt" in out and "«Impr.»" in out and "62 Zeilen" in out  # totals not counted
    text = (tmp_path / "k" / "company.yaml").read_text(encoding="utf-8")
    assert "Tag → date" in text and "Kosten → spend" in text


def test_score_prefers_the_fuller_match():
    header = ["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Create Date", "Deal owner"]
    ranked = score_presets(header)
    assert ranked[0][1] == "hubspot_deals"
    assert all(name != "salesforce_opportunities" for _, name, _ in ranked)


UNKNOWN = (
    "Auftrags-Nr;Kunde;Stand;Wert CHF;Eröffnet;Abgeschlossen am;Berater\n"
    "A-1;Käser AG;Gewonnen;12'500.00;02.01.2025;20.01.2025;Anna\n"
    "A-2;Müller GmbH;Verloren;3'400.00;05.01.2025;28.01.2025;Beat\n"
    "A-3;Hofer AG;In Verhandlung;8'000.00;10.01.2025;;Anna\n"
    "A-4;Zünd AG;gewonnen;1'200.00;12.01.2025;30.01.2025;Beat\n"
)


def test_unknown_layout_gets_a_guessed_mapping_marked_for_review(capsys, tmp_path, rows_add_up):
    src = tmp_path / "auftraege.csv"
    src.write_text(UNKNOWN, encoding="utf-8")
    folder = tmp_path / "kunde"
    code, out, _ = _cli(capsys, "new", str(folder), "--from", str(src))
    assert code == 1  # loads, but the guesses want a look
    assert "auftraege.csv → deals: keine Vorlage passt" in out
    text = (folder / "company.yaml").read_text(encoding="utf-8")
    assert 'status: "Stand"' in text and "# PRÜFEN: geraten aus «Stand»" in text
    assert 'amount: "Wert CHF"' in text and "# PRÜFEN: geraten aus «Wert CHF»" in text
    assert 'closed_at: "Abgeschlossen am"' in text and 'customer_id: "Kunde"' in text
    assert '"In Verhandlung": open  # PRÜFEN: unbekannter Wert «In Verhandlung»' in text
    assert '"Gewonnen": won\n' in text
    config = _config(folder)["sources"]["deals"]
    assert config["columns"]["deal_id"] == "Auftrags-Nr"
    company = load_company(folder)
    rows_add_up(company)
    assert company.deals["status"].tolist() == ["won", "lost", "open", "won"]
    assert company.deals["amount"].sum() == pytest.approx(25100)


def test_unknown_layout_in_english(capsys, tmp_path):
    src = tmp_path / "spend.csv"
    src.write_text("Date,Cost,Clicks\n2025-01-01,10.00,5\n2025-01-02,12.50,7\n", encoding="utf-8")
    code, out, _ = _cli(capsys, "new", str(tmp_path / "k"), "--from", str(src), "--lang", "en")
    assert code == 1 and "no preset fits" in out and "Still to review: " in out
    text = (tmp_path / "k" / "company.yaml").read_text(encoding="utf-8")
    assert "# REVIEW: guessed from 'Cost'" in text
    assert 'channel: "Spend"  # REVIEW' in text
    assert load_company(tmp_path / "k").campaigns["spend"].sum() == pytest.approx(22.5)


def test_source_missing_a_required_column_is_written_commented_out(capsys, tmp_path):
    leads = tmp_path / "leads.csv"
    leads.write_text("Kontakt-ID;Erstellt am;Quelle\nC1;01.02.2025;Web\n", encoding="utf-8")
    deals = tmp_path / "deals.csv"
    deals.write_text("Deal-ID;Betrag\nD1;100\n", encoding="utf-8")  # no status: cannot load as it is
    code, out, _ = _cli(capsys, "new", str(tmp_path / "k"), "--from", str(leads), str(deals))
    assert code == 1
    assert "Pflichtspalten nicht gefunden: status" in out
    text = (tmp_path / "k" / "company.yaml").read_text(encoding="utf-8")
    assert '#   # status: ???' in text and '# file: "exports/deals.csv"' in text
    assert list(_config(tmp_path / "k")["sources"]) == ["leads"]


def test_workbook_sheet_is_picked_by_its_columns(tmp_path):
    proposal = propose(DEMO / "exports" / "umsatz.xlsx")  # first sheet holds notes, «Umsatz» the data
    assert proposal.sheet == "Umsatz" and proposal.table == "orders"
    assert proposal.columns["revenue"] == "Betrag CHF" and proposal.columns["ordered_at"] == "Datum"


def test_the_whole_demo_folder_from_its_raw_exports(capsys, tmp_path, demo_company):
    folder = tmp_path / "demo"
    files = sorted(str(f) for f in (DEMO / "exports").iterdir())
    code, out, _ = _cli(capsys, "new", str(folder), "--from", *files)
    assert code == 1 and "Noch zu prüfen: " in out, out  # the workbooks have no preset
    company = load_company(folder)
    assert company.rows_read == demo_company.rows_read
    assert company.rows_rejected == demo_company.rows_rejected
    assert sorted(company.tables) == sorted(demo_company.tables)
    assert _cli(capsys, "validate", str(folder))[0] == 1  # the demo's planted dirty rows


def test_missing_file_is_exit_2_and_writes_nothing(capsys, tmp_path):
    folder = tmp_path / "k"
    code, out, err = _cli(capsys, "new", str(folder), "--from", str(SAMPLES / "meta-ads-de.csv"),
                          str(tmp_path / "fehlt.csv"))
    assert code == 2 and out == ""
    assert "fehlt.csv" in err and "--from" in err and "Traceback" not in err
    assert not folder.exists()
    code, _, err = _cli(capsys, "new", str(folder), "--from", str(tmp_path / "fehlt.csv"), "--lang", "en")
    assert code == 2 and "was not found" in err


def test_unreadable_or_unmatched_file_is_exit_2(capsys, tmp_path):
    empty = tmp_path / "leer.csv"
    empty.write_text("", encoding="utf-8")
    code, _, err = _cli(capsys, "new", str(tmp_path / "a"), "--from", str(empty))
    assert code == 2 and "leer.csv" in err and "Traceback" not in err
    odd = tmp_path / "odd.csv"
    odd.write_text("foo,bar\n1,2\n", encoding="utf-8")
    code, _, err = _cli(capsys, "new", str(tmp_path / "b"), "--from", str(odd))
    assert code == 2 and "odd.csv" in err and "kpikit new" in err


def test_existing_company_yaml_needs_force(capsys, tmp_path):
    folder = tmp_path / "k"
    assert _cli(capsys, "new", str(folder))[0] == 0
    code, _, err = _cli(capsys, "new", str(folder), "--from", str(SAMPLES / "pipedrive-deals.csv"))
    assert code == 2 and "--force" in err
    code, _, _ = _cli(capsys, "new", str(folder), "--from", str(SAMPLES / "pipedrive-deals.csv"), "--force")
    assert code == 0 and _config(folder)["sources"]["deals"]["preset"] == "pipedrive_deals"


def test_files_already_in_the_folder_stay_and_link_option(capsys, tmp_path):
    folder = tmp_path / "k"
    (folder / "daten").mkdir(parents=True)
    inside = folder / "daten" / "linkedin.csv"
    shutil.copy(SAMPLES / "linkedin-ads.csv", inside)
    assert _cli(capsys, "new", str(folder), "--from", str(inside))[0] == 0
    assert _config(folder)["sources"]["campaigns"]["file"] == "daten/linkedin.csv"
    other = tmp_path / "l"
    assert _cli(capsys, "new", str(other), "--from", str(SAMPLES / "meta-ads-en.csv"), "--link")[0] == 0
    assert (other / "exports" / "meta-ads-en.csv").is_symlink()


def test_same_file_name_twice_is_not_overwritten(capsys, tmp_path):
    a, b = tmp_path / "a" / "export.csv", tmp_path / "b" / "export.csv"
    for path, sample in ((a, "google-ads-de.csv"), (b, "meta-ads-de.csv")):
        path.parent.mkdir()
        shutil.copy(SAMPLES / sample, path)
    folder = tmp_path / "k"
    assert _cli(capsys, "new", str(folder), "--from", str(a), str(b))[0] == 0
    files = [s["file"] for s in _config(folder)["sources"]["campaigns"]]
    assert files == ["exports/export.csv", "exports/export-2.csv"]


def test_same_export_named_twice_counts_once(capsys, tmp_path):
    sample = str(SAMPLES / "pipedrive-deals.csv")
    assert _cli(capsys, "new", str(tmp_path / "k"), "--from", sample, sample)[0] == 0
    assert _config(tmp_path / "k")["sources"]["deals"] == {"file": "exports/pipedrive-deals.csv",
                                                           "preset": "pipedrive_deals"}
