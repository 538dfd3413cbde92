"""Where a table's rows end: a row whose amount does not read, a stop label whose words
hold a column's header on a page that does not repeat the header, headers on two lines,
the best header line of the document, and a totals block set apart below the rows (the
hotel-folio and construction pay-application journeys)."""

from __future__ import annotations

from formsift.core.engine import Engine
from formsift.core.result import Status

FONT = 9


def _extract(tmp_path, source, template: str, name: str = "d.txt"):
    sift = tmp_path / "t.sift"
    sift.write_text(template, encoding="utf-8")
    if isinstance(source, str):
        path = tmp_path / name
        path.write_text(source, encoding="utf-8")
        source = str(path)
    return Engine(seen_store="memory").extract(source, template=str(sift))


def _pdf(path, pages: list[list[tuple[float, float, str, str]]]) -> str:
    """A PDF of pages of (x, y, text, align): align "l" puts the text's left edge at x,
    "r" its right edge."""
    import pymupdf

    doc = pymupdf.open()
    for items in pages:
        page = doc.new_page(width=595, height=842)
        for x, y, text, align in items:
            if align == "r":
                x -= pymupdf.get_text_length(text, fontname="helv", fontsize=FONT)
            page.insert_text((x, y), text, fontsize=FONT, fontname="helv")
    doc.save(str(path))
    doc.close()
    return str(path)


def _cells(record, table: str, *names: str) -> list[tuple]:
    return [tuple(None if row[n] is None else row[n].value for n in names)
            for row in record.tables[table]]


FOLIO = """template folio {
  locale "en"
  field total: money = right of "Total"
  table items {
    desc: text header "Description"
    amount: money header "Amount"
    until "Total"
  }
}
"""


def test_a_row_whose_amount_does_not_read_is_kept_and_named_not_the_tables_end(tmp_path):
    text = ("Description            Amount\n"
            "Room                   189,000\n"
            "Breakfast              ?35,0O0\n"
            "Minibar                5,000\n"
            "Total                  229,000\n")
    record = _extract(tmp_path, text, FOLIO)
    assert [d for d, _ in _cells(record, "items", "desc", "amount")] == \
        ["Room", "Breakfast", "Minibar"]
    assert _cells(record, "items", "amount")[1] == (None,)
    assert record.status is Status.REVIEW
    reason = next(r for r in record.reasons if r.field == "items.amount")
    assert "row(s) 2" in reason.message and "?35,0O0" in reason.message


def test_rows_none_of_whose_amounts_read_are_rows_in_review_not_an_empty_table(tmp_path):
    text = ("Description            Amount\n"
            "Room                   ?12,8O0\n"
            "Breakfast              ?2,0O0\n"
            "Total                  14,800\n")
    record = _extract(tmp_path, text, FOLIO)
    assert [d for d, _ in _cells(record, "items", "desc", "amount")] == ["Room", "Breakfast"]
    assert record.status is Status.REVIEW
    assert any(r.field == "items.amount" and "row(s) 1, 2" in r.message
               for r in record.reasons)


def test_a_line_without_a_description_still_ends_a_table_without_stop_label(tmp_path):
    template = FOLIO.replace('    until "Total"\n', "")
    text = ("Description            Amount\n"
            "Room                   189,000\n"
            "Minibar                5,000\n"
            "                       Ref 4O-A7\n"
            "Thanks for staying\n")
    record = _extract(tmp_path, text, template)
    assert _cells(record, "items", "desc") == [("Room",), ("Minibar",)]
