"""A table's numeric dates are read in one order (statement journey, finding 1): a US
statement's Date column held 08/06/2026 read day first (8 June) beside 08/17/2026, which
reads month first only (17 August), and the record was accepted."""

from __future__ import annotations

from datetime import date

from formsift.core.engine import Engine
from formsift.core.result import Status

FONT = 9


def _pdf(path, items: list[tuple[float, float, str]]) -> str:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for x, y, text in items:
        page.insert_text((x, y), text, fontsize=FONT, fontname="helv")
    doc.save(str(path))
    doc.close()
    return str(path)


def _statement(path, rows: list[tuple[str, ...]], heading: str = "Statement Date: 10/31/2026",
               headers=("Date", "Reference", "Amount", "Balance")) -> str:
    xs = [40, 130, 300, 420]
    items = [(40, 50, "LONE STAR WIRE INC, 4410 Commerce Blvd"),
             (360, 70, "STATEMENT OF ACCOUNT"), (360, 85, heading)]
    y = 130
    items += [(x, y, h) for x, h in zip(xs, headers, strict=True)]
    for row in rows:
        y += 15
        items += [(x, y, s) for x, s in zip(xs, row, strict=True)]
    items += [(300, y + 25, "Balance Due"), (420, y + 25, rows[-1][-1])]
    return _pdf(path, items)


def _template(locale: str = "", second: str = "ref: text") -> str:
    return f"""template usdates {{
  {locale}
  field balance_due: money = right of "Balance Due"
  table tx {{
    date: date header "Date"
    {second} header "Reference"
    amount: money header "Amount"
    balance: money header "Balance"
    until "Balance Due"
  }}
  rule ends: last(tx.balance) == balance_due
  rule movement: sum(tx.amount) == balance_due
}}
"""


def _extract(tmp_path, pdf: str, template: str):
    sift = tmp_path / "t.sift"
    sift.write_text(template, encoding="utf-8")
    return Engine(seen_store="memory").extract(pdf, template=str(sift))


ROWS = [("08/06/2026", "INV-1", "100.00", "100.00"),
        ("08/17/2026", "INV-2", "50.00", "150.00"),
        ("09/04/2026", "INV-3", "25.00", "175.00")]


def _dates(record, column: str = "date") -> list[date]:
    return [row[column].value for row in record.tables["tx"]]


def test_a_column_with_a_month_first_only_date_is_read_month_first(tmp_path):
    pdf = _statement(tmp_path / "us.pdf", ROWS, heading="Statement Date: 31 October 2026")
    for locale in ("", 'locale "en_GB"'):
        record = _extract(tmp_path, pdf, _template(locale))
        assert _dates(record) == [date(2026, 8, 6), date(2026, 8, 17), date(2026, 9, 4)]
        assert record.status == Status.ACCEPTED, record.reasons


def test_a_column_with_a_day_first_only_date_is_read_day_first_in_a_us_template(tmp_path):
    rows = [("06/08/2026", "INV-1", "100.00", "100.00"),
            ("17/08/2026", "INV-2", "50.00", "150.00"),
            ("04/09/2026", "INV-3", "25.00", "175.00")]
    pdf = _statement(tmp_path / "uk.pdf", rows, heading="Statement Date: 31 October 2026")
    record = _extract(tmp_path, pdf, _template('locale "en_US"'))
    assert _dates(record) == [date(2026, 8, 6), date(2026, 8, 17), date(2026, 9, 4)]


def test_a_column_of_dates_that_read_both_ways_follows_the_tables_other_date_column(
        tmp_path):
    rows = [("08/06/2026", "09/05/2026", "100.00", "100.00"),
            ("08/09/2026", "09/17/2026", "50.00", "150.00"),
            ("09/04/2026", "10/04/2026", "25.00", "175.00")]
    pdf = _statement(tmp_path / "due.pdf", rows, heading="Statement Date: 31 October 2026",
                     headers=("Date", "Due Date", "Amount", "Balance"))
    record = _extract(tmp_path, pdf, _template(second="due: date").replace(
        'header "Reference"', 'header "Due Date"'))
    assert _dates(record) == [date(2026, 8, 6), date(2026, 8, 9), date(2026, 9, 4)]
    assert _dates(record, "due") == [date(2026, 9, 5), date(2026, 9, 17), date(2026, 10, 4)]


def test_dates_that_read_both_ways_go_to_review_when_the_documents_other_dates_do_not(
        tmp_path):
    rows = [("08/06/2026", "INV-1", "100.00", "100.00"),
            ("08/09/2026", "INV-2", "50.00", "150.00"),
            ("09/04/2026", "INV-3", "25.00", "175.00")]
    pdf = _statement(tmp_path / "stmt.pdf", rows)  # Statement Date: 10/31/2026
    record = _extract(tmp_path, pdf, _template())
    assert record.status == Status.REVIEW
    reasons = [r for r in record.reasons if r.code == "ambiguous"]
    assert [r.field for r in reasons] == ["tx.date"], record.reasons
    assert "08/06/2026" in reasons[0].message


def test_a_column_that_shows_both_orders_goes_to_review(tmp_path):
    rows = [("08/06/2026", "INV-1", "100.00", "100.00"),
            ("08/17/2026", "INV-2", "50.00", "150.00"),
            ("13/09/2026", "INV-3", "25.00", "175.00")]
    pdf = _statement(tmp_path / "mixed.pdf", rows, heading="Statement Date: 31 October 2026")
    record = _extract(tmp_path, pdf, _template())
    assert record.status == Status.REVIEW
    assert [r.field for r in record.reasons if r.code == "ambiguous"] == ["tx.date"]


def test_dates_that_read_both_ways_with_nothing_to_decide_keep_the_locales_order(tmp_path):
    rows = [("08/06/2026", "INV-1", "100.00", "100.00"),
            ("08/09/2026", "INV-2", "50.00", "150.00"),
            ("09/04/2026", "INV-3", "25.00", "175.00")]
    pdf = _statement(tmp_path / "uk.pdf", rows, heading="Statement Date: 31/10/2026")
    record = _extract(tmp_path, pdf, _template())
    assert _dates(record) == [date(2026, 6, 8), date(2026, 9, 8), date(2026, 4, 9)]
    assert record.status == Status.ACCEPTED, record.reasons
