"""Issue #17: command-line messages a newcomer reads: grouped rows, fixes that paste as YAML, evidence in words."""

import re

import yaml

from kpikit.cli import main

DEALS = ("deal_id,status,closed_at,amount\nD1,won,2025-01-10,100\nD2,Vertrag unterschrieben,2025-01-11,200\n"
         "D3,Vertrag unterschrieben,2025-01-12,300\nD4,lost,2025-01-13,50\nD5,Vertrag unterschrieben,2025-01-14,10\n"
         'D6,"Zu ""klären""",2025-01-15,10\n')


def test_one_unknown_value_is_one_message_with_its_rows_and_a_fix_that_pastes_as_yaml(make_company, capsys):
    folder = make_company("sources: {deals: deals.csv}\n", {"deals.csv": DEALS})
    assert main(["validate", str(folder), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    signed = [line for line in out.splitlines() if "'Vertrag unterschrieben' is not an allowed value" in line]
    assert len(signed) == 1 and "rows 3–4, 6 (3 rows)" in signed[0], out
    fixes = [line.split("e.g. ", 1)[1] for line in out.splitlines() if "e.g. " in line]
    assert len(fixes) == 2 and "«" not in "".join(fixes)
    assert yaml.safe_load(fixes[0]) == {"Vertrag unterschrieben": "won"}
    assert yaml.safe_load(fixes[1]) == {'Zu "klären"': "won"}  # quotes inside the value escaped


def test_check_shows_evidence_in_words_of_its_language(demo_dir, capsys):
    assert main(["check", str(demo_dir)]) == 1
    out = capsys.readouterr().out
    evidence = [line for line in out.splitlines() if line.strip().startswith("Belege:")]
    assert evidence and not any("=" in line or "typical_n" in line or "goals:" in line for line in evidence)
    assert any("Abschlussrate im Fenster: 22.8 %" in line for line in evidence)
    assert "[kritisch] Abschlussrate sinkt bei gleich vielen Leads (CLOSE_RATE_FALLING_LEADS_FLAT)" in out


def test_too_few_observations_says_1_punkt_not_1_punkten():
    from kpikit.checks.window import _n_points
    from kpikit.core.i18n import t

    one, five = _n_points(0.01, "N_points"), _n_points(0.05, "N_points")
    text = t("R_TOO_FEW_OBSERVATIONS", "de", delta=one["de"], needed="400", wait="8 Wochen", grains="Monate")
    assert "von 1 Punkt braucht" in text and five["de"] == "5 Punkten" and one["en"] == "1 point"


def test_new_from_asks_for_review_only_where_it_guessed(tmp_path, demo_dir, capsys):
    assert main(["new", str(tmp_path / "ads"), "--from", str(demo_dir / "exports" / "google-ads.csv")]) == 0
    out = capsys.readouterr().out
    written = (tmp_path / "ads" / "company.yaml").read_text(encoding="utf-8")
    assert "PRÜFEN" not in out and "PRÜFEN" not in written  # a preset matched every column: nothing guessed
    assert "1'460 Zeilen" in out and not re.search(r"\b1460\b", out)
    # a KPI that needs a column the export has under that name says what the preset read it as
    assert main(["kpis", str(tmp_path / "ads")]) == 0
    out = capsys.readouterr().out
    assert "Spalte «conversions» fehlt in campaigns (die Spalte «Conversions» in" in out
    assert "Conversions → leads" in out


def test_revenue_per_customer_says_where_it_found_no_customers_not_just_none():
    import pandas as pd

    import kpikit

    deals = pd.DataFrame({"deal_id": ["D1", "D2"], "status": ["won", "won"], "closed_at": ["2025-01-10", "2025-02-11"],
                          "amount": [100.0, 200.0], "customer_id": ["K1", "K2"]})
    orders = pd.DataFrame({"customer_id": ["K1"], "ordered_at": ["2025-01-02"], "revenue": [100.0]})
    company = kpikit.Company.from_frames(deals=deals, orders=orders,
                                         period=(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-02-28")))
    frame = kpikit.compute_kpis(company, ["new_customers", "revenue_per_customer"], period="month")
    feb = frame[frame["period"] == "2025-02-01"].set_index("kpi")
    assert feb.loc["new_customers", "value"] == 1  # a new customer from the deals ...
    note = feb.loc["revenue_per_customer", "note"]  # ... and revenue per customer from the orders says so
    assert note == "keine Bestellungen mit Kunde in «orders» in 2025-02" and "keine Kunden" not in note
