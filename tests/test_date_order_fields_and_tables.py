"""Fields and table columns prove each other's date order (statement journey, finding 1,
the parts left after table columns were read in one order): a table cell that reads one
way only (09/24/2026) shows how the document writes its dates, so a statement date read
the other way (10/11/2026 as 10 November) goes to review; and a US document whose table
dates all read both ways, read day first by a template that states no order, goes to
review as its fields do."""

from __future__ import annotations

from formsift import Engine

TEMPLATE = """template st {
  match { contains "Statement" }
  field statement_date: date? = right of "Statement date"
  field balance: money = right of "Balance due"
  table tx {
    date: date header "Date"
    ref: text header "Reference"
    amount: money header "Amount"
  }
}
"""


def _extract(tmp_path, text: str):
    doc = tmp_path / "st.txt"
    doc.write_text(text)
    tpl = tmp_path / "st.sift"
    tpl.write_text(TEMPLATE)
    return Engine().extract(doc, str(tpl))


def _statement(head: str, first: str, second: str, dollar: str = "") -> str:
    return (f"Statement\n{head}\n\nDate        Reference     Amount\n"
            f"{first}  INV-1         {dollar}100.00\n{second}  INV-2         {dollar}50.00\n"
            f"\nBalance due {dollar}150.00\n")


def test_a_table_cell_that_reads_month_first_shows_the_field_was_read_wrong(tmp_path):
    result = _extract(tmp_path, _statement("Statement date 10/11/2026", "08/06/2026",
                                           "09/24/2026"))
    assert result.status.value == "review"
    assert [(r.code, r.field) for r in result.reasons] == [("ambiguous", "statement_date")]
    assert "09/24/2026" in result.reasons[0].message


def test_us_table_dates_that_read_both_ways_go_to_review(tmp_path):
    result = _extract(tmp_path, _statement("Acme Inc, Austin, TX 78701", "08/06/2026",
                                           "09/04/2026", dollar="$"))
    assert result.status.value == "review"
    assert [(r.code, r.field) for r in result.reasons] == [("ambiguous", "tx.date")]


def test_a_european_statement_is_read_day_first_and_accepted(tmp_path):
    result = _extract(tmp_path, _statement("Statement date 10/11/2026", "08/06/2026",
                                           "24/09/2026"))
    assert result.status.value == "accepted", result.reasons
    assert str(result.value("statement_date")) == "2026-11-10"
