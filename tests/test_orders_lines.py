"""Orders as shops export them: one row per line item, the order id repeated (issue #16).

Every figure below is counted by hand from the sample files in tests/data/shops/:

Shopify (orders_export, English, "Total" on the first line of an order only), 11 lines:
  #1001 anna  05.01.2025  2 lines, total 80.00
  #1002 ben   20.01.2025  1 line,  total 45.50
  #1003 anna  01.02.2025 00:30 +0100 (31.01. in UTC: the shop's day counts), 3 lines, the last two
        without Email and Created at, total 120.00
  #1004 carla 10.02.2025  3 lines, the last two identical (DUPLICATE_ROWS warning, both load), total 60.00
  #1005 ben   14.02.2025  2 lines, the second names another customer: set aside, total 50.00
  -> read 11, loaded 10, set aside 1; 5 orders; revenue January 125.50, February 230.00;
     new customers January 2 (anna, ben), February 1 (carla); repeat purchase per month 0 of 2, 0 of 3
     (lines are no second order), over the whole range 2 of 3 (anna and ben ordered twice).

WooCommerce (German, ";" and decimal comma, "Bestellsumme" repeated on every line), 7 lines:
  1201 meier  03.03.2025  2 lines 64.00 + 15.50, total 79.50
  1202 keller 17.03.2025  1 line 32.00, total 32.00
  1203 meier  02.04.2025  2 lines 36.00 + 12.00 at 11:00 and 19:45 (one day: agree), total 48.00
  1204 huber  05.04.2025  line 32.00, total 41.00; its second line is dated 06.04.: set aside
  -> read 7, loaded 6, set aside 1; 4 orders; by line amounts March 111.50, April 80.00; by the order
     total (once per order) March 111.50, April 89.00 (79.50 + 32 + 48 + 41 = 200.50 in all);
     new customers March 2, April 1; repeat purchase 0 of 2 each month, 1 of 3 in all.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from kpikit import Company, compute_kpis, load_company

SHOPS = Path(__file__).parent / "data" / "shops"
SHOPIFY = "shopify_orders_export.csv"
WOO = "woocommerce_bestellungen.csv"
SHOPIFY_COLUMNS = ("{order_id: Name, customer_id: Email, ordered_at: Created at, order_total: Total, "
                   "product: Lineitem name, quantity: Lineitem quantity}")
WOO_LINES = ("{order_id: Bestellnummer, customer_id: E-Mail (Rechnung), ordered_at: Bestelldatum, "
             "revenue: Zeilensumme, order_total: Bestellsumme, quantity: Menge, product: Artikelname}")
WOO_TOTAL = ("{order_id: Bestellnummer, customer_id: E-Mail (Rechnung), ordered_at: Bestelldatum, "
             "order_total: Bestellsumme, product: Artikelname}")


def shop(tmp_path: Path, name: str, columns: str, read: str = "", text: str | None = None):
    """A company folder with one orders export (the sample, or ``text``), loaded by the real loader."""
    folder = tmp_path / "firma"
    folder.mkdir(exist_ok=True)
    if text is None:
        shutil.copy(SHOPS / name, folder / name)
    else:
        (folder / name).write_text(text, encoding="utf-8")
    read_line = f"    read: {read}\n" if read else ""
    (folder / "company.yaml").write_text(
        f"name: Shop AG\nsources:\n  orders:\n    file: {name}\n{read_line}    columns: {columns}\n",
        encoding="utf-8")
    return load_company(folder)


def by_month(company, kpi: str) -> list:
    out = compute_kpis(company, kpi, period="month")
    return [(str(p)[:7], v, n) for p, v, n in zip(out["period"], out["value"], out["n"], strict=True)]


def whole(company, kpi: str) -> tuple[float, float]:
    out = compute_kpis(company, kpi, period="all")
    return float(out["value"].iloc[0]), float(out["n"].iloc[0])


def counts(company) -> tuple[int, int, int]:
    [s] = company.sources
    return s.rows_read, s.rows_loaded, s.rows_rejected


def test_shopify_lines_load_and_count_by_order(tmp_path, rows_add_up):
    company = shop(tmp_path, SHOPIFY, SHOPIFY_COLUMNS)
    rows_add_up(company)
    assert counts(company) == (11, 10, 1)
    orders = company.orders
    assert orders["order_id"].nunique() == 5
    assert orders["order_id"].tolist().count("#1004") == 3  # identical lines both load
    assert [(p, v) for p, v, _ in by_month(company, "revenue")] == [("2025-01", 125.5), ("2025-02", 230.0)]
    assert whole(company, "revenue")[0] == pytest.approx(355.5)
    assert [(p, v) for p, v, _ in by_month(company, "new_customers")] == [("2025-01", 2.0), ("2025-02", 1.0)]
    assert by_month(company, "repeat_purchase_rate") == [("2025-01", 0.0, 2.0), ("2025-02", 0.0, 3.0)]
    assert whole(company, "repeat_purchase_rate") == pytest.approx((2 / 3, 3.0))


def test_shopify_blank_order_fields_are_taken_from_the_order(tmp_path):
    orders = shop(tmp_path, SHOPIFY, SHOPIFY_COLUMNS).orders
    lines = orders[orders["order_id"] == "#1003"]
    assert lines["customer_id"].tolist() == ["anna@example.ch"] * 3
    # "+0100" is the shop's own time: 00:30 on 1 February stays in February (in UTC it is 31 January)
    assert lines["ordered_at"].tolist() == [pd.Timestamp("2025-02-01 00:30")] * 3
    assert lines["revenue"].tolist() == [120.0, 0.0, 0.0]  # the total once, on the line that carries it
    assert lines["product"].tolist() == ["Kaffee Hausmischung 500 g", "Kaffeemühle Hand", "Papierfilter 100 Stk."]
    assert lines["quantity"].tolist() == [1.0, 1.0, 1.0]


def test_shopify_line_of_another_customer_is_set_aside_naming_file_row_column_and_fix(tmp_path):
    company = shop(tmp_path, SHOPIFY, SHOPIFY_COLUMNS)
    [row] = company.rejected.to_dict("records")
    assert (row["file"], row["row"], row["column"], row["code"]) == (SHOPIFY, 12, "Email", "ORDER_LINES_DISAGREE")
    assert "«#1005»" in row["message"] and "(Zeile 11) «ben@example.ch»" in row["message"]
    assert "«other@example.ch»" in row["message"] and "Spalte «Name»" in row["fix"]
    [problem] = [p for p in company.problems if p.code == "ORDER_LINES_DISAGREE"]
    assert "order '#1005'" in problem.message("en") and "(row 11) gives 'ben@example.ch'" in problem.message("en")
    assert "column 'Name'" in problem.fix("en")


def test_identical_lines_of_one_order_load_with_the_duplicate_rows_warning(tmp_path):
    company = shop(tmp_path, SHOPIFY, SHOPIFY_COLUMNS)
    [warning] = [p for p in company.warnings if p.code == "DUPLICATE_ROWS"]
    assert (warning.row, warning.params["count"]) == (10, 1)
    assert "Zeilen einer Bestellung" in warning.message("de") and "lines of one order" in warning.message("en")
    assert not [p for p in company.problems if p.code in ("DUPLICATE_ID", "DUPLICATE_MAPPED")]


def test_shopify_total_mapped_as_revenue_reads_the_blank_lines_as_zero(tmp_path, rows_add_up):
    # revenue: Total directly (no order_total): the other lines are no "missing revenue", the total counts once
    columns = "{order_id: Name, customer_id: Email, ordered_at: Created at, revenue: Total}"
    company = shop(tmp_path, SHOPIFY, columns)
    rows_add_up(company)
    assert counts(company) == (11, 10, 1)
    assert not [p for p in company.problems if p.code == "MISSING_VALUE"]
    assert [v for _, v, _ in by_month(company, "revenue")] == [125.5, 230.0]


def test_woocommerce_line_totals_with_the_order_total_repeated(tmp_path, rows_add_up):
    company = shop(tmp_path, WOO, WOO_LINES)
    rows_add_up(company)
    assert counts(company) == (7, 6, 1)
    assert company.orders["order_id"].nunique() == 4
    assert [v for _, v, _ in by_month(company, "revenue")] == [111.5, 80.0]
    assert [(p, v) for p, v, _ in by_month(company, "new_customers")] == [("2025-03", 2.0), ("2025-04", 1.0)]
    assert by_month(company, "repeat_purchase_rate") == [("2025-03", 0.0, 2.0), ("2025-04", 0.0, 2.0)]
    assert whole(company, "repeat_purchase_rate") == pytest.approx((1 / 3, 3.0))
    [row] = company.rejected.to_dict("records")
    assert (row["row"], row["column"], row["code"]) == (8, "Bestelldatum", "ORDER_LINES_DISAGREE")
    assert "«06.04.2025 10:00»" in row["message"] and "(Zeile 7) «05.04.2025 10:00»" in row["message"]
    # two lines of order 1203 at 11:00 and 19:45 are one order of one day
    assert company.orders["order_id"].tolist().count("1203") == 2


def test_woocommerce_order_total_repeated_on_each_line_counts_once(tmp_path, rows_add_up):
    company = shop(tmp_path, WOO, WOO_TOTAL)
    rows_add_up(company)
    assert counts(company) == (7, 6, 1)
    assert [v for _, v, _ in by_month(company, "revenue")] == [111.5, 89.0]  # not 2 × 79.50 for order 1201
    assert whole(company, "revenue")[0] == pytest.approx(200.5)
    assert company.orders.loc[company.orders["order_id"] == "1201", "revenue"].tolist() == [79.5, 0.0]


def test_an_order_total_that_differs_between_lines_is_set_aside(tmp_path, rows_add_up):
    text = (SHOPS / WOO).read_text(encoding="utf-8")
    text = text.replace("Entkalker;1;15,50;15,50;79,50", "Entkalker;1;15,50;15,50;97,50")
    company = shop(tmp_path, WOO, WOO_TOTAL, text=text)
    rows_add_up(company)
    assert counts(company) == (7, 5, 2)
    wrong = company.rejected[company.rejected["row"] == 3]
    assert wrong[["column", "code"]].values.tolist() == [["Bestellsumme", "ORDER_LINES_DISAGREE"]]
    assert "«97,50»" in wrong["message"].iloc[0] and "(Zeile 2) «79,50»" in wrong["message"].iloc[0]
    assert whole(company, "revenue")[0] == pytest.approx(200.5)  # the first line's total still counts


def test_an_order_without_any_revenue_is_still_missing_it(tmp_path, rows_add_up):
    text = "order_id,customer_id,ordered_at,revenue\nA1,k1,2025-01-02,\nA1,k1,2025-01-02,\nA2,k2,2025-01-03,10\n"
    company = shop(tmp_path, "o.csv", "{}", text=text)
    rows_add_up(company)
    assert counts(company) == (3, 1, 2)
    assert company.rejected["code"].tolist() == ["MISSING_VALUE", "MISSING_VALUE"]


def test_other_tables_keep_duplicate_id_and_orders_keep_it_across_files(tmp_path, rows_add_up):
    deals = Company.from_frames(deals=pd.DataFrame({"deal_id": ["D1", "D1"], "status": ["won", "won"],
                                                    "closed_at": ["2025-01-02", "2025-01-03"]}))
    rows_add_up(deals)
    assert deals.rejected["code"].tolist() == ["DUPLICATE_ID"]
    folder = tmp_path / "zwei"
    folder.mkdir()
    (folder / "a.csv").write_text("order_id,customer_id,ordered_at,revenue\nA1,k1,2025-01-02,5\nA1,k1,2025-01-02,7\n")
    (folder / "b.csv").write_text("order_id,customer_id,ordered_at,revenue\nA1,k1,2025-01-02,5\nA2,k2,2025-01-04,3\n")
    (folder / "company.yaml").write_text("name: Zwei\nsources:\n  orders: [a.csv, b.csv]\n")
    company = load_company(folder)
    rows_add_up(company)
    assert company.rejected[["file", "row", "code"]].values.tolist() == [["b.csv", 2, "DUPLICATE_ID_ACROSS_FILES"]]
    assert company.orders["revenue"].tolist() == [5.0, 7.0, 3.0]


def test_frames_with_line_items_count_orders_not_lines(rows_add_up):
    orders = pd.DataFrame({"order_id": ["o1", "o1", "o1", "o2", "o3", "o3"],
                           "customer_id": ["a", "a", "a", "a", "b", "b"],
                           "ordered_at": ["2025-01-05", "2025-01-05", "2025-01-05", "2025-01-20", "2025-01-09",
                                          "2025-01-09"],
                           "revenue": [10.0, 20.0, 5.0, 40.0, 7.0, 8.0]})
    company = Company.from_frames(orders=orders)
    rows_add_up(company)
    assert len(company.orders) == 6 and company.rejected.empty
    # a: two orders (o1 with three lines, o2), b: one order with two lines -> 1 of 2 customers repeat
    assert by_month(company, "repeat_purchase_rate") == [("2025-01", 0.5, 2.0)]
    assert by_month(company, "revenue")[0][1] == 90.0
    assert by_month(company, "revenue_per_customer")[0][1] == 45.0


def test_split_rows_without_order_ids_are_one_order_per_customer_and_day():
    orders = pd.DataFrame({"order_id": [None, None, "x9", "x9"], "customer_id": ["a", "a", "a", "b"],
                           "ordered_at": ["2025-01-05 09:00", "2025-01-05 17:00", "2025-01-06", "2025-01-07"],
                           "revenue": [1.0, 2.0, 3.0, 4.0]})
    company = Company.from_frames(orders=orders)
    # x9 names two customers: its second line is set aside; a has two orders (the day and x9)
    assert company.rejected["code"].tolist() == ["ORDER_LINES_DISAGREE"]
    assert by_month(company, "repeat_purchase_rate") == [("2025-01", 1.0, 1.0)]


WOO_EN = "woocommerce_orders_one_row_per_item.csv"  # Customer/Order/Coupon Export, "one row per line item"


@pytest.mark.parametrize(("amount", "months"), [
    ("order_total: order_total", [118.5, 43.0]),  # 86.50 once (not twice) + 32.00; 43.00: shipping included
    ("revenue: item_total, order_total: order_total", [111.5, 36.0]),  # the lines' amounts, without shipping
])
def test_woocommerce_english_export_by_order_or_by_line(tmp_path, rows_add_up, amount, months):
    columns = f"{{order_id: order_number, customer_id: customer_email, ordered_at: order_date, {amount}, " \
              "quantity: item_quantity, product: item_name}"
    company = shop(tmp_path, WOO_EN, columns)
    rows_add_up(company)
    assert counts(company) == (4, 4, 0)
    assert company.orders["order_id"].nunique() == 3
    assert [v for _, v, _ in by_month(company, "revenue")] == months
    assert [v for _, v, _ in by_month(company, "new_customers")] == [2.0, 0.0]
    assert whole(company, "repeat_purchase_rate") == pytest.approx((0.5, 2.0))
    assert company.orders["quantity"].tolist() == [2.0, 1.0, 1.0, 3.0]


def test_new_from_keeps_a_repeated_order_number_as_the_order_id(tmp_path, rows_add_up):
    from kpikit.company.scaffold import new_company_from

    export = tmp_path / "bestellungen.csv"
    export.write_text("Bestellnr;Kundennr;Datum;Artikel;Betrag\nB1;K1;03.03.2025;Kaffee;10,00\n"
                      "B1;K1;03.03.2025;Tasse;5,00\nB2;K2;24.03.2025;Kaffee;10,00\n", encoding="utf-8")
    _, [proposal] = new_company_from(tmp_path / "firma", [export])
    assert (proposal.table, proposal.columns["order_id"]) == ("orders", "Bestellnr")  # not "@row"
    company = load_company(tmp_path / "firma")
    rows_add_up(company)
    assert len(company.orders) == 3 and company.rejected.empty
    assert by_month(company, "repeat_purchase_rate") == [("2025-03", 0.0, 2.0)]  # B1 has two lines: one order
