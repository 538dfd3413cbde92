"""A table line whose only number cell is blank (a delivery ticket, a pick list, a
packing slip: Item / Description / Shipped / UOM, nothing shipped on a line) is a row
with that cell blank, so a required column sends the record to review (``field_missing``).
Such a line was taken for a heading: dropped without a reason, and when it came before
the first row, the next such line ended the table and a complete line after it was lost
too (1 row of 4, accepted: the food distribution journey, finding 1). Section headings
and notes, one run of words, are still no rows, and one before the first row no longer
ends the table at the next one."""

from __future__ import annotations

from formsift.core.engine import Engine
from formsift.core.result import Status

TICKET = '''template ticket {
  match { contains "Shipped" }
  field shipped_total: int = right of "Total cases shipped"
  table items {
    item: text header "Item"
    description: text header "Description"
    qty: int header "Shipped"
    uom: text header "UOM"
    until "Total cases shipped"
  }
}'''

LINES = [("80550", "OLIVE OIL XV 6/1 LT", ""), ("50990", "LETTUCE ROMAINE", "2"),
         ("70033", "EGGS LARGE 15 DZ", ""), ("20011", "TOMATO DICED", "7")]


def _ticket(path, lines, headings: dict[int, str] | None = None, until: bool = True,
            footer: str = "") -> str:
    """A ticket with ``lines`` (item, description, qty), ``headings`` (a line of text
    in the description column before line ``k``) and its total under them."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=400)
    for x, head in [(40, "Item"), (100, "Description"), (330, "Shipped"), (490, "UOM")]:
        page.insert_text((x, 60), head, fontsize=10, fontname="hebo")
    y = 90
    for k, (item, description, qty) in enumerate(lines):
        if headings and k in headings:
            page.insert_text((100, y), headings[k], fontsize=10)
            y += 26
        page.insert_text((40, y), item, fontsize=10)
        page.insert_text((100, y), description, fontsize=10)
        if qty:
            page.insert_text((345, y), qty, fontsize=10)
        page.insert_text((490, y), "CS", fontsize=10)
        y += 26
    if footer:
        page.insert_text((40, y + 60), footer, fontsize=10)
    if until:
        total = sum(int(q) for _, _, q in lines if q)
        page.insert_text((40, y + 10), f"Total cases shipped: {total}", fontsize=10)
    doc.save(str(path))
    doc.close()
    return str(path)


def _extract(tmp_path, pdf: str, template: str = TICKET):
    sift = tmp_path / "t.sift"
    sift.write_text(template, encoding="utf-8")
    return Engine(seen_store="memory").extract(pdf, template=str(sift))


def _items(result) -> list[tuple]:
    return [(r["item"].value if r["item"] else None, r["qty"].value if r["qty"] else None)
            for r in result.tables["items"]]


def _missing(result) -> list[str]:
    return [r.message for r in result.reasons if r.code == "field_missing"]


def test_lines_with_blank_quantity_are_rows_sent_to_review(tmp_path):
    result = _extract(tmp_path, _ticket(tmp_path / "t.pdf", LINES))
    assert _items(result) == [("80550", None), ("50990", 2), ("70033", None),
                              ("20011", 7)]
    assert result.status is Status.REVIEW
    missing = _missing(result)
    assert len(missing) == 1 and "1, 3" in missing[0] and "'qty'" in missing[0], missing
    assert [r["uom"].value for r in result.tables["items"]] == ["CS"] * 4


def test_first_line_blank_keeps_every_line(tmp_path):
    lines = [LINES[0], ("50990", "LETTUCE ROMAINE", "2"), ("70033", "EGGS LARGE", "1"),
             LINES[3]]
    result = _extract(tmp_path, _ticket(tmp_path / "t.pdf", lines))
    assert _items(result) == [("80550", None), ("50990", 2), ("70033", 1), ("20011", 7)]
    assert result.status is Status.REVIEW


def test_blank_quantity_optional_column_is_accepted_with_every_row(tmp_path):
    template = TICKET.replace("qty: int header", "qty: int? header")
    result = _extract(tmp_path, _ticket(tmp_path / "t.pdf", LINES), template)
    assert _items(result) == [("80550", None), ("50990", 2), ("70033", None),
                              ("20011", 7)]
    assert result.status is Status.ACCEPTED


def test_blank_quantity_in_a_table_without_stop_label(tmp_path):
    template = TICKET.replace('    until "Total cases shipped"\n', "")
    pdf = _ticket(tmp_path / "t.pdf", LINES, until=False, footer="Thank you")
    result = _extract(tmp_path, pdf, template)
    assert _items(result) == [("80550", None), ("50990", 2), ("70033", None),
                              ("20011", 7)]


def test_section_headings_are_no_rows_and_do_not_end_the_table(tmp_path):
    lines = [("80550", "OLIVE OIL XV 6/1 LT", "3"), ("50990", "LETTUCE ROMAINE", "2"),
             ("70033", "EGGS LARGE 15 DZ", "1"), ("20011", "TOMATO DICED", "7")]
    pdf = _ticket(tmp_path / "t.pdf", lines, headings={0: "Dry goods", 1: "Produce",
                                                        2: "Dairy"})
    result = _extract(tmp_path, pdf)
    assert _items(result) == [("80550", 3), ("50990", 2), ("70033", 1), ("20011", 7)]
    assert result.status is Status.ACCEPTED, result.reasons


def test_wrapped_description_and_code_stay_one_row(tmp_path):
    """A line continuing the row above in each text column it fills (a code cut at its
    dash, a description ending in a comma) is the row's wrapped line, not a row."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=400)
    for x, head in [(40, "Item"), (100, "Description"), (330, "Shipped"), (490, "UOM")]:
        page.insert_text((x, 60), head, fontsize=10, fontname="hebo")
    page.insert_text((40, 90), "AB-", fontsize=10)
    page.insert_text((100, 90), "Steel shelving unit,", fontsize=10)
    page.insert_text((345, 90), "2", fontsize=10)
    page.insert_text((490, 90), "CS", fontsize=10)
    page.insert_text((40, 103), "1234", fontsize=10)
    page.insert_text((100, 103), "with 5 shelves", fontsize=10)
    page.insert_text((40, 129), "20011", fontsize=10)
    page.insert_text((100, 129), "TOMATO DICED", fontsize=10)
    page.insert_text((345, 129), "7", fontsize=10)
    page.insert_text((490, 129), "CS", fontsize=10)
    page.insert_text((40, 160), "Total cases shipped: 9", fontsize=10)
    doc.save(str(tmp_path / "w.pdf"))
    doc.close()
    result = _extract(tmp_path, str(tmp_path / "w.pdf"))
    assert _items(result)[1:] == [("20011", 7)]
    assert len(result.tables["items"]) == 2
    assert result.tables["items"][0]["qty"].value == 2


def test_header_second_line_of_words_is_no_row(tmp_path):
    """Words alone under the header's text columns before the first row ("Code" /
    "Name" / "Unit", the header's second line) are no row."""
    import pymupdf

    lines = [("80550", "OLIVE OIL XV 6/1 LT", "3"), ("20011", "TOMATO DICED", "7")]
    pdf = _ticket(tmp_path / "t.pdf", lines)
    doc = pymupdf.open(pdf)
    for x, word in [(40, "Code"), (100, "Name"), (490, "Unit")]:
        doc[0].insert_text((x, 72), word, fontsize=10, fontname="hebo")
    doc.save(str(tmp_path / "h.pdf"))
    doc.close()
    result = _extract(tmp_path, str(tmp_path / "h.pdf"))
    assert _items(result) == [("80550", 3), ("20011", 7)]
    assert result.status is Status.ACCEPTED, result.reasons
