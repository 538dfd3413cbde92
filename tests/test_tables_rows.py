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
    if "\n" in source:  # the document's text, else a file's path
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


def _folio_pages(header_on_page_2: bool = False) -> list:
    """A two-page folio: a header "Date  Description  Amount" on page 1 only, page 2's
    rows at its top, then "Total Charges", "Total Payments" and "Balance" lines."""
    def row(y, date, desc, amount, at=150):
        return [*([(50, y, date, "l")] if date else []), (at, y, desc, "l"),
                (540, y, amount, "r")]

    one = [*row(100, "Date", "Description", "Amount"),
           *row(120, "01/10/2026", "Room", "100.00"),
           *row(135, "01/10/2026", "Breakfast", "20.00"),
           *row(150, "02/10/2026", "Room", "100.00"),
           (50, 800, "Continued on next page", "l")]
    two = [*row(100, "02/10/2026", "Breakfast", "20.00"),
           *row(115, "03/10/2026", "Visa ****1234", "-240.00"),
           *row(140, "", "Total Charges", "240.00", at=300),
           *row(155, "", "Total Payments", "-240.00", at=300),
           *row(170, "", "Balance", "0.00", at=300)]
    if header_on_page_2:
        two = [*row(80, "Date", "Description", "Amount"), *two]
    return [one, two]


def _folio_template(until: str) -> str:
    return f"""template folio {{
  locale "en_GB"
  field balance: money = right of "Balance"
  table items {{
    day: date? header "Date"
    desc: text? header "Description"
    amount: money? header "Amount" | "Charges"
    credit: money? header "Credits" | "Payments"
    until "{until}"
  }}
}}
"""


def test_a_stop_label_holding_column_headers_is_no_header_on_a_page_without_one(tmp_path):
    # "Total Charges" / "Total Payments" hold the headers "Charges" and "Payments": on
    # page 2, which does not repeat the header, they were read as its header line, page
    # 2's rows were lost and "Balance 0.00" became a row
    for until in ("Total Charges", "Balance"):
        record = _extract(tmp_path, _pdf(tmp_path / "f.pdf", _folio_pages()),
                          _folio_template(until))
        rows = _cells(record, "items", "desc", "amount")
        assert rows[:5] == [("Room", 100), ("Breakfast", 20), ("Room", 100),
                            ("Breakfast", 20), ("Visa ****1234", -240)], until
        # before "Balance", the totals are lines of the table as the template says
        assert len(rows) == (5 if until == "Total Charges" else 7)


def test_a_header_repeated_on_the_next_page_is_still_read_as_its_header(tmp_path):
    record = _extract(tmp_path, _pdf(tmp_path / "f.pdf", _folio_pages(True)),
                      _folio_template("Total Charges"))
    assert [d for d, _ in _cells(record, "items", "desc", "amount")] == \
        ["Room", "Breakfast", "Room", "Breakfast", "Visa ****1234"]


SOV = """template sov {
  locale "en_US"
  table lines {
    desc: text header "Description"
    scheduled: money header "Scheduled Value" | "Scheduled"
    completed: money header "Work Completed" | "Work"
    pct: decimal header "% Comp"
    until "Contract Sum"
  }
}
"""


def _sov(two_lines: bool) -> list:
    """A schedule of values: headers left-aligned (on two lines, or one), amounts
    right-aligned, some much narrower than the header's first word's line is long."""
    items = [(70, 100, "Description", "l"), (460, 100, "% Comp", "l")]
    if two_lines:
        items += [(200, 100, "Scheduled", "l"), (200, 109, "Value", "l"),
                  (360, 100, "Work", "l"), (360, 109, "Completed", "l")]
    else:
        items += [(200, 100, "Scheduled Value", "l"), (360, 100, "Work Completed", "l")]
    rows = [("Mobilization", "62,750.00", "62,750.00", "100"),
            ("Excavation", "9,000.00", "5,400.00", "60"),
            ("Slab", "70,500.00", "0.00", "0")]
    for i, (desc, sched, done, pct) in enumerate(rows):
        y = 130 + 14 * i
        items += [(70, y, desc, "l"), (265, y, sched, "r"), (440, y, done, "r"),
                  (495, y, pct, "r")]
    return [*items, (70, 200, "Contract Sum $142,250.00", "l")]


def test_amounts_under_a_header_on_two_lines_are_its_column(tmp_path):
    # only "Work" (the header's first line) set the column's width: "5,400.00" and "0.00",
    # right-aligned under "Completed", went to "% Comp"
    for two_lines in (False, True):
        record = _extract(tmp_path, _pdf(tmp_path / "s.pdf", [_sov(two_lines)]), SOV)
        assert _cells(record, "lines", "completed", "pct") == [
            (62750, 100), (5400, 60), (0, 0)], two_lines
        assert record.status is Status.ACCEPTED, record.reasons


def test_a_blank_cell_whose_number_the_next_column_took_says_so_not_make_it_optional(
        tmp_path):
    template = """template pay {
  locale "en_US"
  table items {
    desc: text header "Description"
    amount: money header "Amount"
    paid: money header "Paid"
    until "Total"
  }
}
"""
    items = [(70, 100, "Description", "l"), (300, 100, "Amount", "l"),
             (420, 100, "Paid", "l")]
    rows = [("Tea", "4.00", "4.00", 330), ("Cake", "9.00", "9.00", 330),
            ("Soup", "12.00", None, 412)]
    for i, (desc, amount, paid, at) in enumerate(rows):
        y = 120 + 14 * i
        items += [(70, y, desc, "l"), (at, y, amount, "r")]
        if paid:
            items.append((445, y, paid, "r"))
    items.append((70, 180, "Total 25.00", "l"))
    record = _extract(tmp_path, _pdf(tmp_path / "p.pdf", [items]), template)
    reason = next(r for r in record.reasons if r.field == "items.amount")
    assert "'12.00' was read between \"Amount\" and \"Paid\"" in reason.message
    assert "money?" not in reason.message


def test_the_header_line_is_the_documents_best_not_a_summary_line_before_it(tmp_path):
    # a summary page whose lines hold two of the table's five headers ("TOTAL", "%")
    # was taken as the header: its lines became rows, before the real ones of page 2
    template = """template payapp {
  locale "en_US"
  table lines {
    item: text header "Item"
    desc: text header "Description"
    scheduled: money header "Scheduled"
    completed: money header "Total"
    pct: percent header "%"
  }
}
"""
    summary = [(50, 80, "APPLICATION FOR PAYMENT", "l"),
               (50, 120, "4. TOTAL COMPLETED TO DATE", "l"), (400, 120, "$ 6,000.00", "l"),
               (50, 135, "a. 10 % of Completed Work", "l"), (400, 135, "$ 600.00", "l"),
               (50, 150, "5. LESS PREVIOUS CERTIFICATES", "l"), (400, 150, "$ 3,000.00", "l")]
    sheet = [(50, 80, "Item", "l"), (90, 80, "Description", "l"), (250, 80, "Scheduled", "l"),
             (350, 80, "Total", "l"), (450, 80, "%", "l")]
    for i, (desc, sched, done, pct) in enumerate([("Mobilization", "5,000.00", "5,000.00",
                                                   "100%"),
                                                  ("Excavation", "2,000.00", "1,000.00",
                                                   "50%")]):
        y = 100 + 14 * i
        sheet += [(50, y, str(i + 1), "l"), (90, y, desc, "l"), (300, y, sched, "r"),
                  (390, y, done, "r"), (470, y, pct, "r")]
    record = _extract(tmp_path, _pdf(tmp_path / "g.pdf", [summary, sheet]), template)
    assert _cells(record, "lines", "item", "completed") == [("1", 5000), ("2", 1000)]


def test_a_header_partly_misread_on_the_first_page_still_starts_the_table(tmp_path):
    # page 1's header lacks one label (misread), page 2 repeats it whole at the same place
    template = """template inv {
  locale "en_US"
  table items {
    desc: text header "Description"
    qty: int header "Qty"
    amount: money header "Amount"
  }
}
"""
    def page(header: list, rows: list) -> list:
        out = [(x, 80, text, "l") for x, text in header]
        for i, (desc, qty, amount) in enumerate(rows):
            y = 100 + 14 * i
            out += [(60, y, desc, "l"), (330, y, qty, "r"), (460, y, amount, "r")]
        return out

    one = page([(60, "Description"), (420, "Amount")], [("Bolts", "4", "8.00")])
    two = page([(60, "Description"), (310, "Qty"), (420, "Amount")], [("Nuts", "2", "1.00")])
    record = _extract(tmp_path, _pdf(tmp_path / "i.pdf", [one, two]), template)
    assert [d for d, _ in _cells(record, "items", "desc", "amount")] == ["Bolts", "Nuts"]


def _progress(summary_at: float, until: bool = False) -> list:
    """A German progress bill: rows of six amounts at a 14 pt leading, then a summary
    block (label, amount) starting ``summary_at`` pt below the last row."""
    items = [(40, 80, "Pos.", "l"), (65, 80, "Leistung", "l"), (209, 80, "Auftragswert", "l"),
             (300, 80, "bisher", "l"), (380, 80, "Gesamt", "l"), (520, 80, "Rest", "l")]
    rows = [("Mobilization", "53.750,00", "32.250,00", "34.400,00", "19.350,00"),
            ("Site clearing", "26.250,00", "19.687,50", "22.968,75", "3.281,25"),
            ("Excavation", "93.250,00", "46.625,00", "69.937,50", "23.312,50")]
    y = 100
    for i, (desc, *amounts) in enumerate(rows):
        y = 100 + 14 * i
        items += [(40, y, str(i + 1), "l"), (65, y, desc, "l")]
        items += [(x, y, a, "r") for x, a in zip((245, 330, 420, 555), amounts, strict=True)]
    y += summary_at
    for label, amount in (("Auftragssumme", "173.250,00 €"), ("Nachträge", "15.400,00 €"),
                          ("Zahlbetrag", "78.357,19 €")):
        items += [(60, y, label, "l"), (540, y, amount, "r")]
        y += 18
    if until:
        items.append((60, y + 10, "Zahlbar innerhalb von 21 Tagen", "l"))
    return items


DE = """template de {
  locale "de_DE"
  table lines {
    item: text header "Pos."
    desc: text header "Leistung"
    scheduled: money header "Auftragswert"
    previous: money header "bisher"
    completed: money header "Gesamt"
    balance: money header "Rest"
  }
}
"""


def test_a_summary_block_set_apart_below_a_table_without_stop_label_is_no_rows(tmp_path):
    # the summary two rows' height below the last row, each line a label and one amount
    # under "Rest", was read as rows (lacking most of their cells: review)
    record = _extract(tmp_path, _pdf(tmp_path / "de.pdf", [_progress(31)]), DE)
    assert _cells(record, "lines", "item") == [("1",), ("2",), ("3",)]
    assert record.status is Status.ACCEPTED, record.reasons


def test_a_row_at_the_rows_leading_lacking_cells_is_still_a_row(tmp_path):
    # right under the rows, at their leading, a line with a label and one amount is a row
    # (a short row of the table), as before
    record = _extract(tmp_path, _pdf(tmp_path / "de.pdf", [_progress(14)]), DE)
    assert [i for i, in _cells(record, "lines", "item")] == ["1", "2", "3", None, None, None]
