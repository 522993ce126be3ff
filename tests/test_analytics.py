"""Web analytics in: GA4, Matomo and Search Console exports, per-session logs, reach from users, kpikit new."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from kpikit import Company, compute_kpis, load_company
from kpikit.cli import main
from kpikit.company.proposal import propose, score_presets
from kpikit.kpis.grid import NO_SEGMENT

SAMPLES = Path(__file__).parent / "data" / "analytics"


def _company(make_company, table: str, file: Path, preset: str, name: str = "firma"):
    return load_company(make_company(f"sources:\n  {table}:\n    file: {file.as_posix()}\n    preset: {preset}\n",
                                     name=name))


def _kpis(capsys, folder: Path, kpi: str, *extra: str) -> list[dict]:
    capsys.readouterr()
    assert main(["kpis", str(folder), "--kpi", kpi, "--period", "all", "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


# --- GA4 ------------------------------------------------------------------------------------------------
def test_ga4_explore_skips_preamble_and_grand_total_and_rates_equal_a_recount(make_company, rows_add_up, capsys):
    file = SAMPLES / "ga4-explore-en.csv"
    company = _company(make_company, "traffic", file, "ga4")
    rows_add_up(company)
    lines = file.read_text(encoding="utf-8").splitlines()
    header = next(i for i, ln in enumerate(lines) if ln.startswith("Date,"))
    assert all(ln.startswith("#") or not ln.strip() for ln in lines[:header])  # the preamble is really there
    data = [r for r in csv.DictReader(lines[header:]) if r["Date"] != "Grand total"]
    frame = company.tables["traffic"]
    assert len(frame) == len(data) == 20 and company.rows_rejected == 0
    assert company.sources[0].rows_skipped == 1  # the "Grand total" row under the header
    assert frame["date"].min() == pd.Timestamp("2025-02-01") and frame["date"].max() == pd.Timestamp("2025-02-05")
    # GA4 writes "(not set)" for sessions without a campaign: read as missing, and said so
    assert [p.code for p in company.problems] == ["TEXT_PLACEHOLDER"]
    assert frame["campaign"].isna().sum() == sum(r["Session campaign"] == "(not set)" for r in data) == 10
    # visit conversion rate per channel = key events / sessions, recounted from the CSV
    by_channel = {}
    for r in data:
        conv, sess = by_channel.get(r["Session default channel group"], (0, 0))
        by_channel[r["Session default channel group"]] = (conv + int(r["Key events"]), sess + int(r["Sessions"]))
    out = compute_kpis(company, "visit_conversion_rate", period="all", by="channel")
    got = {row.segment: (row.numerator, row.denominator) for row in out.itertuples() if row.segment != NO_SEGMENT}
    assert got == {k: (float(c), float(s)) for k, (c, s) in by_channel.items()}
    assert got["Email"] == (19.0, 631.0)  # 4+3+3+6+3 key events over 71+196+138+46+180 sessions, by hand


def test_ga4_german_ui_reads_thousands_dots_and_decimal_commas(make_company, rows_add_up):
    company = _company(make_company, "traffic", SAMPLES / "ga4-de.csv", "ga4")
    rows_add_up(company)
    frame = company.tables["traffic"]
    row = frame[(frame["date"] == pd.Timestamp("2025-01-03")) & (frame["channel"] == "Organic Search")].iloc[0]
    # the file writes "1.288","1.030","2.962",18,"3.203,28"
    assert (row["sessions"], row["users"], row["pageviews"], row["conversions"]) == (1288, 1030, 2962, 18)
    assert row["revenue"] == pytest.approx(3203.28)
    jan1 = frame[frame["date"] == pd.Timestamp("2025-01-01")]
    assert jan1["sessions"].sum() == 745 + 216 + 212 + 124
    out = compute_kpis(company, "sessions", period="all", by="channel")
    assert out.set_index("segment").loc["Paid Search", "value"] == 212 + 132 + 47 + 6 + 230 + 210 + 50


def test_german_counts_without_money_column_read_the_dot_as_thousands_and_say_so(make_company, rows_add_up):
    body = ("# Konto: Muster AG\n#\nStandard-Channel-Gruppierung der Sitzung,Datum,Sitzungen\n"
            'Organic Search,20250103,"1.288"\nDirect,20250103,"161"\n')
    company = load_company(make_company("sources:\n  traffic: {file: ga4.csv, preset: ga4}\n", {"ga4.csv": body}))
    rows_add_up(company)
    assert company.tables["traffic"]["sessions"].tolist() == [1288.0, 161.0]
    assert [(p.code, p.value) for p in company.problems] == [("THOUSANDS_DOT", "1.288")]


def test_comment_preamble_is_skipped_without_preset(make_company, rows_add_up):
    folder = make_company("sources:\n  traffic:\n    file: web.csv\n    columns: {date: Tag, channel: Kanal, "
                          "sessions: Besuche}\n",
                          {"web.csv": "# Bericht: Kanäle\n# Zeitraum: 01.03.2025 - 02.03.2025\n\n"
                                      "Tag;Kanal;Besuche\n01.03.2025;Direkt;10\n02.03.2025;Direkt;7\n"})
    company = load_company(folder)
    rows_add_up(company)
    assert company.tables["traffic"]["sessions"].tolist() == [10.0, 7.0]
    # a header cell named "#" is a column, not a comment
    folder = make_company("sources:\n  traffic:\n    file: web.csv\n    columns: {date: Tag, channel: Kanal}\n",
                          {"web.csv": "#;Tag;Kanal\n1;01.03.2025;Direkt\n2;02.03.2025;Direkt\n"}, name="zwei")
    assert len(load_company(folder).tables["traffic"]) == 2


# --- Matomo -----------------------------------------------------------------------------------------------
def test_matomo_utf16_tsv_channel_report(make_company, rows_add_up):
    file = SAMPLES / "matomo-kanaltypen-de.tsv"
    assert file.read_bytes()[:2] == b"\xff\xfe"  # UTF-16 LE with byte order mark, as Matomo writes it
    company = _company(make_company, "traffic", file, "matomo")
    rows_add_up(company)
    frame = company.tables["traffic"]
    assert sorted(frame["channel"].unique()) == ["Direkter Zugriff", "Kampagnen", "Soziale Netzwerke",
                                                 "Suchmaschinen", "Websites"]
    out = compute_kpis(company, "visit_conversion_rate", period="all", by="channel").set_index("segment")
    # Kampagnen: conversions 3+4+0+1+5 over visits 87+44+82+114+24
    assert out.loc["Kampagnen", "numerator"] == 13 and out.loc["Kampagnen", "denominator"] == 351
    assert out.loc["Kampagnen", "value"] == pytest.approx(13 / 351)


def test_matomo_visits_log_counts_each_row_as_a_session(make_company, rows_add_up):
    company = _company(make_company, "traffic", SAMPLES / "matomo-visits-en.csv", "matomo")
    rows_add_up(company)
    out = compute_kpis(company, "visit_conversion_rate", period="all", by="channel").set_index("segment")
    rows = list(csv.DictReader((SAMPLES / "matomo-visits-en.csv").read_text(encoding="utf-8-sig").splitlines()))
    campaigns = [r for r in rows if r["referrerTypeName"] == "Campaigns"]
    assert len(campaigns) == 6 and sum(r["visitConverted"] == "1" for r in campaigns) == 2
    assert (out.loc["Campaigns", "numerator"], out.loc["Campaigns", "denominator"]) == (2.0, 6.0)


# --- Search Console ---------------------------------------------------------------------------------------
def test_search_console_feeds_campaigns_as_organic_search_without_spend(make_company, rows_add_up):
    company = _company(make_company, "campaigns", SAMPLES / "search-console-datumsangaben-de.csv", "search_console")
    rows_add_up(company)
    frame = company.tables["campaigns"]
    assert set(frame["channel"]) == {"Organic Search"} and frame["spend"].eq(0).all()
    first = frame[frame["date"] == pd.Timestamp("2025-04-01")].iloc[0]
    assert (first["clicks"], first["impressions"]) == (14, 1106)
    ctr = compute_kpis(company, "ctr", period="all")
    assert ctr["value"].iloc[0] == pytest.approx(519 / 11433)


def test_demo_search_console_export_reads_the_same_by_preset_with_its_channel(make_company):
    demo = Path(__file__).resolve().parents[1] / "datasets" / "demo" / "exports" / "search-console.csv"
    today = load_company(make_company(
        f"sources:\n  campaigns:\n    file: {demo.as_posix()}\n    columns: {{date: Datum, clicks: Klicks, "
        "impressions: Impressionen}\n    constants: {channel: Website, spend: 0}\n", name="columns"))
    preset = load_company(make_company(
        f"sources:\n  campaigns:\n    file: {demo.as_posix()}\n    preset: search_console\n"
        "    constants: {channel: Website}\n", name="preset"))
    pd.testing.assert_frame_equal(preset.tables["campaigns"][today.tables["campaigns"].columns],
                                  today.tables["campaigns"])


# --- kpikit new --from --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("file", "table", "preset"), [
    ("ga4-de.csv", "traffic", "ga4"), ("ga4-explore-en.csv", "traffic", "ga4"),
    ("matomo-kanaltypen-de.tsv", "traffic", "matomo"), ("matomo-visits-en.csv", "traffic", "matomo"),
    ("search-console-dates-en.csv", "campaigns", "search_console"),
    ("search-console-datumsangaben-de.csv", "campaigns", "search_console"),
])
def test_new_from_proposes_the_analytics_preset(file, table, preset):
    proposal = propose(SAMPLES / file)
    assert (proposal.table, proposal.preset, proposal.missing) == (table, preset, [])


def test_search_console_is_told_apart_by_ctr_and_position_only():
    assert [name for _, name, _ in score_presets(["Date", "Clicks", "Impressions", "CTR", "Position"])] == [
        "search_console"]
    # date, clicks and impressions alone are any ad report: no Search Console preset for them
    assert "search_console" not in [name for _, name, _ in score_presets(["Date", "Clicks", "Impressions"])]


def test_new_from_writes_a_company_that_loads(tmp_path, capsys):
    files = [SAMPLES / "ga4-de.csv", SAMPLES / "search-console-dates-en.csv"]
    target = tmp_path / "web-ag"
    assert main(["new", str(target), "--from", *map(str, files)]) == 0
    text = (target / "company.yaml").read_text(encoding="utf-8")
    assert "preset: ga4" in text and "preset: search_console" in text
    assert "visit_conversion_rate" in text
    company = load_company(target)
    assert len(company.tables["traffic"]) == 28 and len(company.tables["campaigns"]) == 14


# --- a per-session export with a TRUE/FALSE purchase column ---------------------------------------------------
SESSIONS = """\
session_id;Datum;Kanal;Kauf
s1;03.02.2025;Organic;TRUE
s2;03.02.2025;Organic;FALSE
s3;04.02.2025;Paid;true
s4;05.02.2025;Paid;FALSE
s5;05.02.2025;Paid;false
s6;06.02.2025;Email;FALSE
"""
SESSION_YAML = """\
name: Sitzungen AG
sources:
  traffic:
    file: exports/sessions.csv
    columns: {date: Datum, channel: Kanal, conversions: Kauf}
"""


def test_per_session_export_with_true_false_gives_visit_conversion_rate(make_company, capsys):
    folder = make_company(SESSION_YAML, {"exports/sessions.csv": SESSIONS})
    overall = _kpis(capsys, folder, "visit_conversion_rate")
    assert [(r["numerator"], r["denominator"], r["n"]) for r in overall] == [(2.0, 6.0, 6.0)]  # s1, s3 of 6
    assert overall[0]["value"] == pytest.approx(1 / 3) and overall[0]["ci_low"] < 1 / 3 < overall[0]["ci_high"]
    by = {r["segment"]: (r["numerator"], r["denominator"])
          for r in _kpis(capsys, folder, "visit_conversion_rate", "--by", "channel")}
    assert by == {"Organic": (1.0, 2.0), "Paid": (1.0, 3.0), "Email": (0.0, 1.0)}
    assert [r["value"] for r in _kpis(capsys, folder, "sessions")] == [6.0]


def test_other_values_than_yes_no_are_rejected_with_the_fix_and_a_value_map_reads_them(make_company, capsys):
    body = SESSIONS.replace("s5;05.02.2025;Paid;false", "s5;05.02.2025;Paid;vielleicht")
    company = load_company(make_company(SESSION_YAML, {"exports/sessions.csv": body}))
    assert (company.rows_read, company.rows_rejected) == (6, 1)
    (problem,) = company.problems
    assert (problem.code, problem.severity, problem.row, problem.column, problem.value) == (
        "INVALID_VALUE", "rejected", 6, "Kauf", "vielleicht")  # row 6 of the file: s5, after the header
    (message,), (fix,) = company.rejected["message"], company.rejected["fix"]
    assert "vielleicht" in message and "true/false" in message and "ja/nein" in message
    assert "sources.traffic.values.conversions" in fix
    out = compute_kpis(company, "visit_conversion_rate", period="all")
    assert (out["numerator"].iloc[0], out["denominator"].iloc[0]) == (2.0, 5.0)  # the rejected row counts nowhere
    # the fix: a value map says what the word means
    fixed = load_company(make_company(SESSION_YAML + "    values: {conversions: {vielleicht: false}}\n",
                                      {"exports/sessions.csv": body}, name="fixed"))
    assert fixed.rows_rejected == 0
    out = compute_kpis(fixed, "visit_conversion_rate", period="all")
    assert (out["numerator"].iloc[0], out["denominator"].iloc[0]) == (2.0, 6.0)


def test_own_words_map_by_values_alone(make_company, capsys):
    body = "Datum,Kanal,Ergebnis\n01.03.2025,Shop,Kauf\n01.03.2025,Shop,kein Kauf\n02.03.2025,Blog,Kauf\n"
    folder = make_company("sources:\n  traffic:\n    file: s.csv\n    columns: {date: Datum, channel: Kanal, "
                          "conversions: Ergebnis}\n    values: {conversions: {Kauf: true, kein Kauf: false}}\n",
                          {"s.csv": body})
    by = {r["segment"]: (r["numerator"], r["denominator"])
          for r in _kpis(capsys, folder, "visit_conversion_rate", "--by", "channel")}
    assert by == {"Shop": (1.0, 2.0), "Blog": (1.0, 1.0)}


# --- reach from users ---------------------------------------------------------------------------------------
WEB = pd.DataFrame({"date": pd.to_datetime(["2025-01-05", "2025-01-06", "2025-02-03", "2025-02-04"]),
                    "channel": ["Organic", "Paid", "Organic", "Paid"], "sessions": [50.0, 20.0, 30.0, 10.0],
                    "users": [40.0, 15.0, 25.0, 8.0]})


def test_reach_comes_from_users_where_no_ad_reach_exists_flagged():
    out = compute_kpis(Company.from_frames(traffic=WEB), "reach", period="month", lang="de")
    assert out["value"].tolist() == [55.0, 33.0]  # 40 + 15 in January, 25 + 8 in February
    assert out["note"].str.contains("Nutzer der Web-Analyse").all()
    by = compute_kpis(Company.from_frames(traffic=WEB), "reach", period="all", by="channel", lang="en")
    assert by.set_index("segment")["value"].drop(NO_SEGMENT).to_dict() == {"Organic": 65.0, "Paid": 23.0}
    assert by["note"].str.contains("users stand in").all()


def test_reach_from_ads_is_not_replaced_by_users():
    ads = pd.DataFrame({"date": ["2025-01-05", "2025-02-03"], "channel": ["Meta", "Meta"], "spend": [10.0, 20.0],
                        "reach": [900.0, 700.0], "impressions": [1500.0, 1100.0]})
    out = compute_kpis(Company.from_frames(campaigns=ads, traffic=WEB), "reach", period="all", lang="en")
    assert out["value"].tolist() == [1600.0]
    assert not out["note"].str.contains("users").any()
    impressions_only = ads.drop(columns="reach")
    out = compute_kpis(Company.from_frames(campaigns=impressions_only, traffic=WEB), "reach", period="all", lang="en")
    assert out["value"].tolist() == [2600.0] and out["note"].str.contains("impressions stand in").all()


def test_reach_without_reach_impressions_or_users_is_not_computable():
    web = WEB.drop(columns="users")
    out = compute_kpis(Company.from_frames(traffic=web), "reach", period="all", lang="en")
    assert out["value"].isna().all() and out["note"].str.contains("reach").all()

