"""Presets: the registry's invariants, each vendor's sample export, column alternatives and overrides."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from kpikit import compute_kpis, load_company
from kpikit.cli import main
from kpikit.company.config_sources import apply_preset, match_column, pick_column
from kpikit.company.spec import SourceSpec
from kpikit.core.errors import ConfigError, DataError
from kpikit.sources.presets import PRESET_KEYS, PRESETS
from kpikit.sources.schema import STATUS, TABLES

SAMPLES = Path(__file__).parent / "data" / "presets"
DEMO_EXPORTS = Path(__file__).resolve().parents[1] / "datasets" / "demo" / "exports"


def _company(make_company, table: str, file: Path, preset: str, extra: str = "", name: str = "firma"):
    config = f"sources:\n  {table}:\n    file: {file.as_posix()}\n    preset: {preset}\n{extra}"
    return load_company(make_company(config, name=name))


# --- the registry (every preset, shared invariants) --------------------------------------------------
@pytest.mark.parametrize("name", sorted(PRESETS))
def test_preset_is_well_formed(name):
    preset = PRESETS[name]
    assert set(preset) <= set(PRESET_KEYS)
    table = TABLES[preset["table"]]
    assert preset["label"] and preset["sources"]
    for canonical, alternatives in preset["columns"].items():
        assert canonical in table.names, canonical
        assert isinstance(alternatives, list) and alternatives
        assert all(isinstance(a, str) and a.strip() == a for a in alternatives)
    for required in table.required:
        assert required in preset["columns"] or required in preset.get("constants", {}), required
    for column, mapping in preset.get("values", {}).items():
        allowed = table.column(column).allowed
        assert mapping and set(mapping.values()) <= set(allowed), column
    assert set(preset.get("constants", {})) <= set(table.names)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_has_a_sample_that_it_loads(name):
    assert any(preset == name for _, _, preset, *_ in CASES), f"no sample export for {name}"


HUBSPOT_STAGES = {
    "appointmentscheduled": "open", "qualifiedtobuy": "open", "presentationscheduled": "open",
    "decisionmakerboughtin": "open", "contractsent": "open", "closedwon": "won", "closedlost": "lost",
    "Appointment scheduled": "open", "Qualified to buy": "open", "Presentation scheduled": "open",
    "Decision maker bought-in": "open", "Contract sent": "open", "Closed won": "won", "Closed lost": "lost",
    "Termin vereinbart": "open", "Termin geplant": "open", "Qualifiziert für Kauf": "open",
    "Für Kauf qualifiziert": "open", "Präsentation geplant": "open", "Präsentation vereinbart": "open",
    "Entscheidungsträger eingebunden": "open", "Vertrag gesendet": "open",
    "Abgeschlossen und gewonnen": "won", "Abgeschlossen und verloren": "lost",
}
SALESFORCE_STAGES = {
    "Prospecting": "open", "Qualification": "open", "Needs Analysis": "open", "Value Proposition": "open",
    "Id. Decision Makers": "open", "Perception Analysis": "open", "Proposal/Price Quote": "open",
    "Negotiation/Review": "open", "Closed Won": "won", "Closed Lost": "lost",
}
PIPEDRIVE_STATUS = {"open": "open", "won": "won", "lost": "lost", "Won": "won", "offen": "open",
                    "gewonnen": "won", "verloren": "lost"}


@pytest.mark.parametrize(("preset", "stages"), [("hubspot_deals", HUBSPOT_STAGES),
                                                ("salesforce_opportunities", SALESFORCE_STAGES),
                                                ("pipedrive_deals", PIPEDRIVE_STATUS)])
def test_stage_maps_cover_the_default_pipelines(preset, stages):
    mapping = {k.casefold(): v for k, v in PRESETS[preset]["values"]["status"].items()}
    for stage, expected in stages.items():
        assert mapping.get(stage.casefold()) == expected, stage
    assert set(mapping.values()) == set(STATUS)


# --- each sample export ------------------------------------------------------------------------------
# file, table, preset, rows, one checked value per file
CASES = [
    ("hubspot-deals-de.csv", "deals", "hubspot_deals", 36, {"status": {"won": 14, "lost": 12, "open": 10},
                                                            "amount": 353804.5}),
    ("hubspot-deals-en.csv", "deals", "hubspot_deals", 20, {"status": {"won": 7, "lost": 8, "open": 5},
                                                            "amount": 186303.25}),
    ("hubspot-contacts-de.csv", "leads", "hubspot_contacts", 40, {"converted_at": 8}),
    ("salesforce-opportunities.csv", "deals", "salesforce_opportunities", 30,
     {"status": {"won": 10, "lost": 12, "open": 8}, "amount": 256101.5}),
    ("salesforce-leads.csv", "leads", "salesforce_leads", 40, {"converted_at": 10}),
    ("pipedrive-deals.csv", "deals", "pipedrive_deals", 30, {"status": {"won": 11, "lost": 9, "open": 10},
                                                             "amount": 267554.0}),
    ("google-ads-de.csv", "campaigns", "google_ads", 62, {"spend": 5023.39, "impressions": 85579, "clicks": 3380,
                                                          "leads": 55.5}),
    ("google-ads-en.csv", "campaigns", "google_ads", 28, {"spend": 2659.81, "impressions": 43324, "clicks": 1613}),
    ("meta-ads-de.csv", "campaigns", "meta_ads", 40, {"spend": 1634.46, "reach": 71224, "leads": 45}),
    ("meta-ads-en.csv", "campaigns", "meta_ads", 15, {"spend": 603.29, "reach": 28114, "leads": 13}),
    ("linkedin-ads.csv", "campaigns", "linkedin_ads", 40, {"spend": 3334.9, "clicks": 449, "leads": 31}),
    # web analytics (tests/data/analytics; more in test_analytics.py)
    ("../analytics/ga4-de.csv", "traffic", "ga4", 28, {"sessions": 9517, "pageviews": 21876, "conversions": 140,
                                                      "revenue": 14836.43}),
    ("../analytics/matomo-kanaltypen-de.tsv", "traffic", "matomo", 25, {"sessions": 1996, "users": 1784,
                                                                       "conversions": 63, "revenue": 4088.7}),
    ("../analytics/matomo-visits-en.csv", "traffic", "matomo", 24, {"sessions": 24, "conversions": 5,
                                                                   "pageviews": 125}),
    ("../analytics/search-console-dates-en.csv", "campaigns", "search_console", 14, {"clicks": 324,
                                                                                    "impressions": 13199}),
    ("../analytics/search-console-datumsangaben-de.csv", "campaigns", "search_console", 14,
     {"clicks": 519, "impressions": 11433, "spend": 0}),
]


@pytest.mark.parametrize(("file", "table", "preset", "rows", "expected"), CASES, ids=[c[0] for c in CASES])
def test_sample_export_loads_with_preset_only(make_company, rows_add_up, file, table, preset, rows, expected):
    company = _company(make_company, table, SAMPLES / file, preset)
    rows_add_up(company)
    frame = company.tables[table]
    assert len(frame) == rows and company.rows_rejected == 0
    assert company.problems == []
    for column, value in expected.items():
        if column == "status":
            assert frame["status"].value_counts().to_dict() == value
        elif column == "converted_at":
            assert frame["converted_at"].notna().sum() == value
        else:
            assert frame[column].sum() == pytest.approx(value), column
    if table == "campaigns":
        assert frame["channel"].nunique() == 1
        assert frame["date"].notna().all()


def test_google_ads_german_report_hand_checked_kpis(make_company):
    """Preamble skipped, «Gesamt:» rows dropped, German «2.438» read as 2438; sums equal the report's own total."""
    folder = make_company(f"""\
        sources:
          deals: {{file: {(SAMPLES / 'hubspot-deals-de.csv').as_posix()}, preset: hubspot_deals}}
          campaigns: {{file: {(SAMPLES / 'google-ads-de.csv').as_posix()}, preset: google_ads}}
        """)
    company = load_company(folder)
    ads = company.campaigns
    assert ads["impressions"].iloc[0] == 2438 and ads["spend"].iloc[0] == pytest.approx(132.94)
    assert not ads["campaign"].str.startswith("Gesamt").any()
    # the two total rows are not data, but they are listed, with their row and text
    source = next(s for s in company.sources if s.table == "campaigns")
    assert source.skipped == [(66, "summary", "Gesamt: Konto"), (67, "summary", "Gesamt: Suchkampagnen")]
    kpis = compute_kpis(company, ["close_rate", "revenue", "avg_deal_size", "new_customers", "ctr",
                                  "cost_per_click", "cac", "conversion_rate"], period="all").set_index("kpi")
    assert kpis.loc["close_rate", "value"] == pytest.approx(14 / 26)  # 14 won, 12 lost
    assert kpis.loc["revenue", "value"] == pytest.approx(129400.50)  # German amounts «21.350,75»
    assert kpis.loc["avg_deal_size", "value"] == pytest.approx(129400.50 / 14)
    assert kpis.loc["new_customers", "value"] == 9  # 9 distinct companies among the won deals
    assert kpis.loc["ctr", "value"] == pytest.approx(3380 / 85579)  # «Gesamt: Konto» says 85.579 / 3.380
    assert kpis.loc["cost_per_click", "value"] == pytest.approx(5023.39 / 3380)
    assert kpis.loc["cac", "value"] == pytest.approx(5023.39 / 9)
    assert kpis.loc["conversion_rate", "value"] == pytest.approx(55.5 / 3380)


def test_dates_in_each_vendor_format(make_company):
    hubspot = _company(make_company, "deals", SAMPLES / "hubspot-deals-de.csv", "hubspot_deals", name="a").deals
    assert hubspot.loc[0, "created_at"] == pd.Timestamp("2025-02-11 08:00")  # «11.02.2025 08:00», day first
    leads = _company(make_company, "leads", SAMPLES / "salesforce-leads.csv", "salesforce_leads", name="b").leads
    assert leads.loc[1, "created_at"] == pd.Timestamp("2025-01-08")  # «1/8/2025», US report: month first
    linkedin = _company(make_company, "campaigns", SAMPLES / "linkedin-ads.csv", "linkedin_ads", name="c")
    dates = linkedin.campaigns["date"]
    assert (dates.min(), dates.max()) == (pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-20"))
    assert linkedin.warnings == []


def test_presets_reproduce_the_demo_mapping(make_company, demo_company):
    """The demo's hand-written column maps and the presets give the very same tables."""
    folder = make_company(f"""\
        sources:
          deals: {{file: {(DEMO_EXPORTS / 'crm-deals.csv').as_posix()}, preset: hubspot_deals}}
          campaigns:
            - {{file: {(DEMO_EXPORTS / 'google-ads.csv').as_posix()}, preset: google_ads}}
            - {{file: {(DEMO_EXPORTS / 'meta-ads.csv').as_posix()}, preset: meta_ads}}
            - {{file: {(DEMO_EXPORTS / 'linkedin-ads.csv').as_posix()}, preset: linkedin_ads}}
        """)
    company = load_company(folder)
    pd.testing.assert_frame_equal(company.deals, demo_company.deals[company.deals.columns])
    paid = demo_company.campaigns[demo_company.campaigns["channel"].isin(["Google Ads", "Meta Ads", "LinkedIn Ads"])]
    pd.testing.assert_frame_equal(company.campaigns, paid[company.campaigns.columns].reset_index(drop=True))


# --- alternatives, wildcards, overrides --------------------------------------------------------------
def test_match_column_and_pick_column():
    assert match_column("Amount spent (*)", ["Amount spent (USD)"]) == "Amount spent (USD)"
    assert match_column("Impr.", ["impr."]) == "impr."
    assert match_column("Kosten [CHF]", ["Kosten [CHF]"]) == "Kosten [CHF]"  # no glob character classes
    assert pick_column(["Close Date", "Abschlussdatum"], ["Abschlussdatum", "Close Date"]) == "Close Date"
    assert pick_column(["A", "B"], ["C"]) is None


def test_first_alternative_present_wins_and_optional_ones_may_be_missing(make_company, rows_add_up):
    folder = make_company("""\
        sources:
          campaigns:
            file: ads.csv
            preset: meta_ads
        """, {"ads.csv": "Campaign name,Reporting starts,Amount spent (USD),Results\nA,2025-01-01,10.50,2\n"
                         "B,2025-01-02,4.00,0\n"})
    company = load_company(folder)
    rows_add_up(company)
    assert company.campaigns["spend"].tolist() == [10.5, 4.0]
    assert "reach" not in company.campaigns and "impressions" not in company.campaigns


def test_user_columns_may_list_alternatives_without_preset(make_company):
    folder = make_company("""\
        sources:
          deals:
            file: d.csv
            columns: {deal_id: [Nr, ID], status: [Stand, Status], closed_at: [Abschluss, Datum]}
        """, {"d.csv": "ID;Status;Datum\n1;won;01.02.2025\n"})
    assert load_company(folder).deals["deal_id"].tolist() == ["1"]


def test_company_yaml_overrides_and_extends_the_preset(make_company, rows_add_up):
    folder = make_company("""\
        sources:
          deals:
            file: deals.csv
            preset: pipedrive_deals
            columns: {owner: Verkäufer}
            values: {status: {storniert: lost}}
            constants: {channel: Empfehlung}
        """, {"deals.csv": "Deal - ID,Deal - Status,Deal - Deal closed on,Verkäufer\n1,won,2025-01-05,Anna\n"
                           "2,storniert,2025-01-06,Beat\n3,open,,Anna\n"})
    company = load_company(folder)
    rows_add_up(company)
    assert company.deals["status"].tolist() == ["won", "lost", "open"]
    assert company.deals["owner"].tolist() == ["Anna", "Beat", "Anna"]
    assert set(company.deals["channel"]) == {"Empfehlung"}


def test_apply_preset_merges_value_maps_entry_by_entry():
    spec = apply_preset(SourceSpec("deals", "x.csv", "hubspot_deals", values={"status": {"Storniert": "lost"}}))
    assert spec.values["status"]["Storniert"] == "lost"
    assert spec.values["status"]["closedwon"] == "won"
    assert spec.columns["status"] == PRESETS["hubspot_deals"]["columns"]["status"]


def test_unknown_stage_is_rejected_not_taken_as_open(make_company, rows_add_up):
    folder = make_company("sources: {deals: {file: d.csv, preset: hubspot_deals}}\n",
                          {"d.csv": "Record ID,Deal Stage,Close Date\n1,closedwon,2025-01-05\n"
                                    "2,Demo gebucht,2025-01-06\n"})
    company = load_company(folder)
    rows_add_up(company)
    assert company.rejected["code"].tolist() == ["INVALID_VALUE"]
    assert company.rejected["row"].tolist() == [3]
    assert "sources.deals.values.status" in company.rejected["fix"].iloc[0]


def test_missing_required_column_names_alternatives_present_columns_and_near_miss(make_company):
    folder = make_company("sources: {deals: {file: d.csv, preset: hubspot_deals}}\n",
                          {"d.csv": "Record ID,Deal Stag,Close Date\n1,closedwon,2025-01-05\n"})
    with pytest.raises(DataError) as err:
        load_company(folder)
    assert err.value.code == "PRESET_COLUMN_MISSING"
    de, en = err.value.message("de"), err.value.message("en")
    assert "Deal Stage | Deal-Phase | Dealphase | dealstage" in de and "hubspot_deals" in de
    assert "Vorhandene Spalten: «Record ID», «Deal Stag», «Close Date»" in de
    assert "Meinten Sie «Deal Stag»?" in de
    assert "sources.deals.columns.status" in de and "sources.deals.columns.status" in en
    assert "ß" not in de


def test_missing_required_column_via_cli_is_exit_2_without_traceback(capsys, make_company):
    folder = make_company("sources: {campaigns: {file: a.csv, preset: google_ads}}\n",
                          {"a.csv": "Kampagne,Datum\nA,2025-01-01\n"})
    assert main(["validate", str(folder), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "preset google_ads" in err and "'spend'" in err and "Traceback" not in err


def test_preset_under_the_wrong_table(make_company):
    folder = make_company("sources: {leads: {file: d.csv, preset: hubspot_deals}}\n", {"d.csv": "a\n1\n"})
    with pytest.raises(ConfigError) as err:
        load_company(folder)
    assert err.value.code == "PRESET_TABLE"
    assert "sources.deals" in err.value.message("de")


def test_column_value_of_wrong_type(make_company):
    folder = make_company("sources: {deals: {file: d.csv, columns: {deal_id: {a: b}}}}\n", {"d.csv": "a\n1\n"})
    with pytest.raises(ConfigError) as err:
        load_company(folder)
    assert err.value.code == "CONFIG_TYPE" and "sources.deals.columns.deal_id" in err.value.message("en")


def test_summary_rows_only_dropped_for_presets_that_declare_them(make_company, rows_add_up):
    data = "Tag,Kampagne,Kosten\n2025-01-01,A,1.50\nGesamt: Konto,--,1.50\n"
    company = load_company(make_company("sources: {campaigns: {file: a.csv, preset: google_ads}}\n", {"a.csv": data},
                                        name="mit"))
    rows_add_up(company)
    assert company.rows_read == 1 and company.rows_rejected == 0
    plain = load_company(make_company("""\
        sources:
          campaigns: {file: a.csv, columns: {date: Tag, campaign: Kampagne, spend: Kosten}, constants: {channel: G}}
        """, {"a.csv": data}, name="ohne"))
    rows_add_up(plain)
    assert plain.rows_rejected == 1  # without the preset, a total row is not silently dropped


SALESFORCE_FOOTER = ('""\r\n"Confidential Information - Do Not Distribute"\r\n'
                     '"Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved."\r\n""\r\n'
                     '"Generated By:  Anna Meier  31.07.2025 10:35"\r\n"Muster AG"\r\n')


def test_salesforce_report_footer_is_not_data(make_company, rows_add_up):
    body = (SAMPLES / "salesforce-opportunities.csv").read_text(encoding="utf-8")
    folder = make_company("sources: {deals: {file: o.csv, preset: salesforce_opportunities}}\n",
                          {"o.csv": body + SALESFORCE_FOOTER})
    company = load_company(folder)
    rows_add_up(company)
    assert (company.rows_read, company.rows_rejected) == (30, 0)
    assert [(row, kind) for row, kind, _ in company.sources[0].skipped] == [(r, "footer") for r in (33, 34, 36, 37)]
    assert company.sources[0].skipped[0][2] == "Confidential Information - Do Not Distribute"
    # a broken line before the footer is still reported
    lines = body.splitlines(keepends=True)
    (folder / "o.csv").write_text("".join(lines[:5]) + '"kaputt"\r\n' + "".join(lines[5:]) + SALESFORCE_FOOTER,
                                  encoding="utf-8")
    company = load_company(folder)
    rows_add_up(company)
    assert company.rejected["code"].tolist() == ["RAGGED_ROW"] and company.rejected["row"].tolist() == [6]


def test_linkedin_short_range_is_read_month_first_without_warning(make_company, rows_add_up):
    data = ("Start Date (in UTC),Campaign Name,Total Spent,Impressions,Clicks,Leads\n"
            "3/1/2025,A,10.00,100,2,0\n3/2/2025,A,11.00,120,3,1\n3/3/2025,A,9.50,90,1,0\n")
    company = load_company(make_company("sources: {campaigns: {file: li.csv, preset: linkedin_ads}}\n",
                                        {"li.csv": data}))
    rows_add_up(company)
    assert company.campaigns["date"].tolist() == [pd.Timestamp(f"2025-03-0{d}") for d in (1, 2, 3)]
    assert company.warnings == []
    iso = data.replace("3/1/2025", "2025-03-01").replace("3/2/2025", "2025-03-02").replace("3/3/2025", "2025-03-03")
    company = load_company(make_company("sources: {campaigns: {file: li.csv, preset: linkedin_ads}}\n",
                                        {"li.csv": iso}, name="iso"))
    assert company.campaigns["date"].tolist() == [pd.Timestamp(f"2025-03-0{d}") for d in (1, 2, 3)]


def test_salesforce_footer_in_a_workbook_is_not_data(make_company, rows_add_up, tmp_path):
    # Salesforce's "formatted report" export to Excel ends with the same closing lines, one cell each.
    import openpyxl

    rows = list(csv.reader(io.StringIO((SAMPLES / "salesforce-opportunities.csv").read_text(encoding="utf-8"))))
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for line in ("", "Confidential Information - Do Not Distribute",
                 "Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved.", "",
                 "Generated By:  Anna Meier  31.07.2025 10:35", "Muster AG"):
        sheet.append([line or None])
    folder = make_company("sources: {deals: {file: o.xlsx, preset: salesforce_opportunities}}\n", {})
    book.save(folder / "o.xlsx")
    company = load_company(folder)
    rows_add_up(company)
    assert (company.rows_read, company.rows_rejected) == (len(rows) - 1, 0)
    assert company.sources[0].rows_skipped == 4  # the four lines with text; empty lines are not rows
    # a closing line followed by a data row is not a footer: the rows stay and are reported
    sheet.append(rows[1])
    book.save(folder / "o.xlsx")
    company = load_company(folder)
    rows_add_up(company)
    assert company.rows_rejected >= 3


def test_validate_lists_skipped_report_lines(capsys, make_company):
    body = (SAMPLES / "salesforce-opportunities.csv").read_text(encoding="utf-8")
    folder = make_company(f"""\
        sources:
          deals: {{file: o.csv, preset: salesforce_opportunities}}
          campaigns: {{file: {(SAMPLES / 'google-ads-de.csv').as_posix()}, preset: google_ads}}
        """, {"o.csv": body + SALESFORCE_FOOTER})
    main(["validate", str(folder)])
    out = capsys.readouterr().out
    assert "übersprungen: 4 Zeile(n) der Berichtsfusszeile, keine Daten (Zeile(n) 33–34, 36–37)" in out
    assert "übersprungen: 2 Summenzeile(n) des Berichts, keine Daten (Zeile(n) 66–67)" in out
    main(["validate", str(folder), "--lang", "en"])
    assert "skipped: 2 report total row(s), not data (row(s) 66–67)" in capsys.readouterr().out


def test_snapshot_shows_skipped_lines_only_when_there_are_some(make_company):
    from kpikit.views import phases

    sample = (SAMPLES / "google-ads-de.csv").as_posix()
    folder = make_company(f"sources: {{campaigns: {{file: {sample}, preset: google_ads}}}}\n")
    snap = phases.snapshot(load_company(folder), lang="en").set_index("Table")
    assert snap.loc["campaigns", "Skipped (totals/footer)"] == 2 and snap.loc["deals", "Skipped (totals/footer)"] == 0
    plain = make_company("sources: {campaigns: c.csv}\n", {"c.csv": "date,channel,spend\n2025-01-01,A,1\n"}, name="p")
    assert "Skipped (totals/footer)" not in phases.snapshot(load_company(plain), lang="en").columns
