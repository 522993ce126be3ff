"""Issue #15, loading: exports without ids or dates, yes/no flags, the customers and traffic tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kpikit import load_company
from kpikit.cli import main
from kpikit.core.errors import DataError


def _company(tmp_path: Path, yaml: str, **files: str) -> Path:
    (tmp_path / "exports").mkdir(exist_ok=True)
    for name, text in files.items():
        (tmp_path / "exports" / name.replace("_csv", ".csv")).write_text(text, encoding="utf-8")
    (tmp_path / "company.yaml").write_text(yaml, encoding="utf-8")
    return tmp_path


def _validate(capsys, folder: Path, lang: str) -> str:
    main(["validate", str(folder), "--lang", lang])
    return capsys.readouterr().out


LEADS_FLAG = "Lead Number;Created;Source;Converted\nL1;01.02.2025;Google;1\nL2;02.02.2025;Messe;Ja\n" \
             "L3;03.02.2025;Google;no\nL4;04.02.2025;Google;TRUE\nL5;05.02.2025;Messe;vielleicht\n"


def test_a_converted_flag_loads_as_boolean_and_an_unknown_flag_is_rejected(tmp_path):
    folder = _company(tmp_path, "sources:\n  leads:\n    file: exports/leads.csv\n    columns: {lead_id: Lead Number, "
                      "created_at: Created, channel: Source, converted: Converted}\n", leads_csv=LEADS_FLAG)
    company = load_company(folder, lang="en")
    leads = company.leads
    assert str(leads["converted"].dtype) == "boolean"
    assert leads["converted"].tolist() == [True, True, False, True]
    bad = company.rejected
    assert bad["code"].tolist() == ["INVALID_VALUE"] and bad["row"].tolist() == [6]
    assert "vielleicht" in bad["message"].iloc[0] and "ja/nein" in bad["message"].iloc[0]
    assert "sources.leads.values.converted" in bad["fix"].iloc[0]


def test_a_value_map_says_what_other_flags_mean(tmp_path):
    text = "id;created;status\n1;2025-01-02;Converted\n2;2025-01-03;Open\n3;2025-01-04;\n"
    folder = _company(tmp_path, "sources:\n  leads:\n    file: exports/l.csv\n    columns: {lead_id: id, created_at: "
                      "created, converted: status}\n    values: {converted: {Converted: true, Open: false}}\n",
                      l_csv=text)
    company = load_company(folder)
    assert company.leads["converted"].tolist() == [True, False, pd.NA]
    assert company.rows_rejected == 0


def test_a_customer_list_with_a_churn_flag(tmp_path):
    text = "customerID,tenure,Contract,MonthlyCharges,Churn\n7590-VHVEG,1,Month-to-month,29.85,No\n" \
           "5575-GNVDE,34,One year,56.95,Yes\n3668-QPYBK,2,Month-to-month,53.85,Yes\n"
    folder = _company(tmp_path, "sources:\n  customers:\n    file: exports/c.csv\n    columns: {customer_id: "
                      "customerID, churned: Churn, mrr: MonthlyCharges, product: Contract}\n", c_csv=text)
    company = load_company(folder)
    assert company.customers["churned"].tolist() == [False, True, True]
    assert company.customers["mrr"].tolist() == [29.85, 56.95, 53.85]
    assert company.undated == () and company.period == (None, None)


def test_a_headerless_session_log_with_generated_ids_loads_as_traffic(tmp_path, capsys):
    text = "2025-03-01,Organic,/home,FALSE\n2025-03-01,Paid,/shop,TRUE\n2025-03-02,Organic,/shop,FALSE\n"
    folder = _company(tmp_path, "sources:\n  traffic:\n    file: exports/s.csv\n    read: {names: [Day, Traffic, Page, "
                      "Revenue]}\n    columns: {date: Day, channel: Traffic, landing_page: Page, "
                      "conversions: Revenue}\n"
                      "  leads:\n    file: exports/s.csv\n    read: {names: [Day, Traffic, Page, Revenue], id: row}\n"
                      "    columns: {created_at: Day, channel: Traffic}\n", s_csv=text)
    company = load_company(folder)
    traffic = company.traffic
    assert traffic["sessions"].tolist() == [1.0, 1.0, 1.0]  # not mapped: a row is a session
    assert traffic["conversions"].tolist() == [0.0, 1.0, 0.0]  # a yes/no per row counts 1 or 0
    assert company.leads["lead_id"].tolist() == ["1", "2", "3"]  # no header: the first line is row 1
    out = _validate(capsys, folder, "en")
    assert "Ids generated: 'lead_id' is the row number" in out


def test_a_contact_list_without_ids_numbers_its_rows_as_messages_do(tmp_path, capsys):
    text = "Name;Erstellt;Quelle\nMeier;01.02.2025;Messe\nMüller;kein Datum;Google\nHuber;03.02.2025;Google\n"
    folder = _company(tmp_path, "sources:\n  leads:\n    file: exports/k.csv\n    columns: {lead_id: \"@row\", "
                      "created_at: Erstellt, channel: Quelle}\n", k_csv=text)
    company = load_company(folder)
    assert company.leads["lead_id"].tolist() == ["2", "4"]  # the rejected row 3 keeps its number
    assert company.rejected["row"].tolist() == [3]
    assert "IDs erzeugt: «lead_id» ist die Zeilennummer" in _validate(capsys, folder, "de")


def test_an_export_without_dates_is_undated_and_validate_says_so_once(tmp_path, capsys):
    text = "Kunde;Kanal;Konvertiert\nA;Messe;ja\nB;Google;nein\n"
    yaml = ("sources:\n  leads:\n    - file: exports/a.csv\n      columns: {lead_id: Kunde, created_at: \"@none\", "
            "channel: Kanal, converted: Konvertiert}\n    - file: exports/b.csv\n      columns: {lead_id: \"@row\", "
            "created_at: \"@none\", channel: Kanal}\n")
    folder = _company(tmp_path, yaml, a_csv=text, b_csv="Kunde;Kanal\nX;Messe\n")
    company = load_company(folder)
    assert company.undated == ("leads",)
    assert company.leads["created_at"].dtype == "datetime64[us]" and company.leads["created_at"].isna().all()
    assert company.rows_rejected == 0 and company.period == (None, None)
    out = _validate(capsys, folder, "en")
    assert out.count("Table leads has no dates (created_at: \"@none\")") == 1
    assert "capture each row's date (created_at)" in out
    assert "Tabelle leads hat kein Datum" in _validate(capsys, folder, "de")


def test_the_period_of_company_yaml_stays_for_an_undated_company(tmp_path):
    folder = _company(tmp_path, "period: {start: 2025-01-01, end: 2025-12-31}\nsources:\n  customers:\n    file: "
                      "exports/c.csv\n    columns: {created_at: \"@none\"}\n", c_csv="customer_id\nK1\nK2\n")
    company = load_company(folder)
    assert company.period == (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31"))
    assert company.undated == ("customers",)


@pytest.mark.parametrize(("column", "mention"), [("lead_id", '"@row"'), ("created_at", '"@none"')])
def test_a_missing_id_or_date_column_names_the_way_out(tmp_path, column, mention):
    header = "Name;Erstellt" if column == "lead_id" else "lead_id;Name"
    mapping = "{created_at: Erstellt}" if column == "lead_id" else "{}"
    folder = _company(tmp_path, f"sources:\n  leads:\n    file: exports/l.csv\n    columns: {mapping}\n",
                      l_csv=f"{header}\nA;01.02.2025\n")
    with pytest.raises(DataError) as err:
        load_company(folder)
    assert f"{column}: {mention}" in err.value.message("en") and f"{column}: {mention}" in err.value.message("de")


BANK = ("age;job;marital;education;default;housing;loan;contact;month;day_of_week;duration;campaign;pdays;previous;"
        "poutcome;emp.var.rate;cons.price.idx;cons.conf.idx;euribor3m;nr.employed;y\n"
        "56;housemaid;married;basic.4y;no;no;no;telephone;may;mon;261;1;999;0;nonexistent;1.1;93.994;-36.4;4.857;5191;no\n")


def test_no_unrelated_suggestion_for_a_missing_id_column(tmp_path):
    folder = _company(tmp_path, "sources:\n  deals:\n    file: exports/bank.csv\n    columns: {status: y, "
                      "closed_at: \"@none\"}\n    values: {status: {\"yes\": won, \"no\": lost}}\n", bank_csv=BANK)
    with pytest.raises(DataError) as err:
        load_company(folder)
    assert err.value.code == "MISSING_COLUMN" and err.value.column == "deal_id"
    assert err.value.suggestion is None  # not 'default', a credit-default flag
    assert 'deal_id: "@row"' in err.value.message("en")


def test_a_special_value_only_where_it_fits(tmp_path):
    from kpikit.core.errors import ConfigError

    folder = _company(tmp_path, "sources:\n  leads:\n    file: exports/l.csv\n    columns: {channel: \"@row\"}\n",
                      l_csv="lead_id;created_at\n1;01.02.2025\n")
    with pytest.raises(ConfigError, match="lead_id"):
        load_company(folder)


def test_new_from_writes_row_ids_and_no_dates_so_the_company_loads(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "kundenliste.csv").write_text("Firma;Kanal;Region;Umsatz\nA AG;Messe;Bern;1200\nB GmbH;Google;Zug;800\n",
                                         encoding="utf-8")
    (src / "kontakte.csv").write_text("Name;Quelle;Kampagne\nMeier;Messe;Frühling\nHuber;Google;Frühling\n",
                                      encoding="utf-8")
    folder = tmp_path / "firma"
    main(["new", str(folder), "--from", str(src / "kundenliste.csv"), str(src / "kontakte.csv"), "--lang", "en"])
    text = (folder / "company.yaml").read_text(encoding="utf-8")
    assert '"@row"' in text and '"@none"' in text and "no date column found" in text
    company = load_company(folder)
    assert company.rows_rejected == 0 and company.undated


def test_generated_ids_of_two_files_stay_apart_and_repeated_rows_are_still_found(tmp_path):
    """Row 2 of the second contact list is another record than row 2 of the first; repeats still warn."""
    first = "Name;Created\nMeier;01.02.2025\nMeier;01.02.2025\n"
    second = "Name;Created\nHuber;03.02.2025\n"
    entry = "columns: {lead_id: \"@row\", created_at: Created, owner: Name}"
    folder = _company(tmp_path, f"sources:\n  leads:\n    - file: exports/a.csv\n      {entry}\n"
                      f"    - file: exports/b.csv\n      {entry}\n", a_csv=first, b_csv=second)
    company = load_company(folder)
    assert company.leads["lead_id"].tolist() == ["2", "3", "2:2"]  # base: "2" twice, the second set aside
    assert company.rows_rejected == 0
    assert "DUPLICATE_ROWS" in {p.code for p in company.warnings}


def test_new_from_does_not_take_a_repeating_column_for_the_id(tmp_path, capsys):
    """A lead-scoring export's "Lead Origin" (API, Landing Page …) is no lead id: the rows are numbered."""
    src = tmp_path / "leads.csv"
    src.write_text("Lead Origin,Lead Source,Created On,Converted\nAPI,Google,06.01.2025,1\n"
                   "API,Olark Chat,07.01.2025,0\nLanding Page Submission,Google,08.01.2025,0\n", encoding="utf-8")
    folder = tmp_path / "firma"
    main(["new", str(folder), "--from", str(src), "--lang", "en"])
    text = (folder / "company.yaml").read_text(encoding="utf-8")
    assert 'lead_id: "@row"' in text  # base: lead_id: "Lead Origin", and two of three rows set aside
    company = load_company(folder)
    assert company.rows_rejected == 0 and company.leads["converted"].tolist() == [True, False, False]
