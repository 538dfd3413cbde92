"""Where a group's records run (stop 34's code read of ``group``, findings 1-4): blocks
printed side by side in two columns, a first label written another way (its ``or``
alternative), a block whose first label was not read, and a block cut by a page break
under a page header that prints the same label. Each gave a wrong or lost value with no
reason (all but the first accepted). Documents drawn here."""

from __future__ import annotations

from tests.test_group_records import _extract, _rows

TRANSFERS = """template coc {
  match { contains "CHAIN OF CUSTODY" }
  group transfers {
    field by:   text = right of "Relinquished by:"
    field date: date = right of "Date:"
  }
}"""


def _page(doc, header: str = "CHAIN OF CUSTODY RECORD"):
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 60), header, fontsize=10)
    return page


def _pdf(*pages: list[tuple[float, float, str]],
         header: str = "CHAIN OF CUSTODY RECORD") -> bytes:
    import pymupdf

    doc = pymupdf.open()
    for texts in pages:
        page = _page(doc, header)
        for x, y, text in texts:
            page.insert_text((x, y), text, fontsize=10)
    return doc.tobytes()


def _block(x: float, y: float, label: str, who: str, date: str, step: float = 30
           ) -> list[tuple[float, float, str]]:
    """A block of two stacked lines: the first label and its name, "Date:" under it."""
    return [(x, y, label), (x + 90, y, who), (x, y + step, "Date:"), (x + 90, y + step, date)]


def test_blocks_side_by_side_take_the_values_under_their_own_label(tmp_path):
    """Two columns of stacked blocks: each "Date:" is its own column's, not the last
    block read on the line above it (K. Lee took J. Smith's date)."""
    pdf = _pdf(_block(40, 140, "Relinquished by:", "J. Smith", "02 Dec 2026")
               + _block(320, 140, "Relinquished by:", "K. Lee", "03 Dec 2026")
               # a third block in the left column only, lower
               + _block(40, 240, "Relinquished by:", "M. Ortiz", "04 Dec 2026"))
    result = _extract(tmp_path, TRANSFERS, pdf)
    assert _rows(result, "transfers") == [
        {"by": "J. Smith", "date": "2026-12-02"}, {"by": "K. Lee", "date": "2026-12-03"},
        {"by": "M. Ortiz", "date": "2026-12-04"}]
    assert result.status == "accepted", result.reasons


def test_columns_of_blocks_of_different_heights(tmp_path):
    """The right column's second block starts higher than the left's: a "Date:" of the
    left column's first block, lower than it, stays the left block's."""
    pdf = _pdf([(40, 140, "Relinquished by:"), (130, 140, "J. Smith"),
                (40, 200, "Date:"), (130, 200, "02 Dec 2026"),
                (40, 260, "Relinquished by:"), (130, 260, "M. Ortiz"),
                (40, 290, "Date:"), (130, 290, "05 Dec 2026"),
                *_block(320, 140, "Relinquished by:", "K. Lee", "03 Dec 2026"),
                *_block(320, 180, "Relinquished by:", "P. Chen", "04 Dec 2026", step=50)])
    result = _extract(tmp_path, TRANSFERS, pdf)
    assert sorted(map(str, _rows(result, "transfers"))) == sorted(map(str, [
        {"by": "J. Smith", "date": "2026-12-02"}, {"by": "K. Lee", "date": "2026-12-03"},
        {"by": "P. Chen", "date": "2026-12-04"}, {"by": "M. Ortiz", "date": "2026-12-05"}]))
    assert result.status == "accepted", result.reasons


def test_the_first_label_s_or_alternative_starts_records(tmp_path):
    """A form that prints "Released by:": the lead field's second spelling starts the
    records (no records at all, accepted, before)."""
    template = TRANSFERS.replace('right of "Relinquished by:"',
                                 'right of "Relinquished by:" or right of "Released by:"')
    texts = []
    for k, (who, date) in enumerate((("J. Smith", "02 Dec 2026"), ("K. Lee", "03 Dec 2026"))):
        y = 140 + 30 * k
        texts += [(50, y, "Released by:"), (150, y, who), (300, y, "Date:"), (340, y, date)]
    result = _extract(tmp_path, template, _pdf(texts))
    assert _rows(result, "transfers") == [{"by": "J. Smith", "date": "2026-12-02"},
                                          {"by": "K. Lee", "date": "2026-12-03"}]
    assert result.status == "accepted", result.reasons


def _missed_lead() -> bytes:
    texts = []
    for k, (label, who, date) in enumerate((
            ("Relinquished by:", "J. Smith", "02 Dec 2026"),
            ("Rxxxxxxxxxd bx:", "K. Lee", "03 Dec 2026"),  # its first label not read
            ("Relinquished by:", "M. Ortiz", "04 Dec 2026"))):
        y = 140 + 30 * k
        texts += [(50, y, label), (150, y, who), (300, y, "Date:"), (340, y, date)]
    return _pdf(texts)


def test_a_block_whose_first_label_was_not_read_is_a_record_named_in_a_reason(tmp_path):
    """Block 2's "Relinquished by:" was not read: its "Date:", a second one in block 1's
    record, starts a record of its own (no 'by'), named; its date was dropped and the
    document accepted with 2 records of 3 before."""
    result = _extract(tmp_path, TRANSFERS, _missed_lead())
    assert _rows(result, "transfers") == [
        {"by": "J. Smith", "date": "2026-12-02"}, {"by": None, "date": "2026-12-03"},
        {"by": "M. Ortiz", "date": "2026-12-04"}]
    assert result.status == "review"
    said = [r for r in result.reasons if r.field == "transfers.by" and r.rows == [1]
            and "Relinquished by" in r.message and "Date" in r.message]
    assert said, result.reasons


def test_a_record_with_no_first_label_is_named_even_when_its_value_may_be_blank(tmp_path):
    template = TRANSFERS.replace("field by:   text =", "field by:   text? =")
    result = _extract(tmp_path, template, _missed_lead())
    assert _rows(result, "transfers")[1] == {"by": None, "date": "2026-12-03"}
    assert result.status == "review"
    assert any(r.field == "transfers.by" and r.rows == [1] for r in result.reasons), \
        result.reasons


def test_a_block_cut_by_a_page_break_does_not_take_the_next_page_s_header_date(tmp_path):
    """Block 2 starts at the foot of page 1, its "Date:" is at the top of page 2, under
    the page's header "CHAIN OF CUSTODY RECORD   Date: 01 Dec 2026" (K. Lee took the
    header's date, accepted, before). The header, printed the same on page 1 outside any
    block, is no block's; the date read across the break is not taken surely."""
    header = "CHAIN OF CUSTODY RECORD   Date: 01 Dec 2026"
    pdf = _pdf([*_block(50, 140, "Relinquished by:", "J. Smith", "02 Dec 2026", step=20),
                (50, 800, "Relinquished by:"), (150, 800, "K. Lee")],
               [(50, 140, "Date:"), (150, 140, "03 Dec 2026")], header=header)
    result = _extract(tmp_path, TRANSFERS, pdf)
    rows = _rows(result, "transfers")
    assert rows[0] == {"by": "J. Smith", "date": "2026-12-02"}
    assert rows[1]["date"] != "2026-12-01"
    assert rows[1] == {"by": "K. Lee", "date": "2026-12-03"}
    assert result.status == "review"
    assert any(r.field == "transfers.date" and r.rows == [1] and "page 2" in r.message
               for r in result.reasons), result.reasons


def test_a_blank_name_is_not_the_next_label_of_several_words_and_its_value(tmp_path):
    """A receiver's blank name followed by "Relinquished by: K. Lee" of the next field on
    its line is no name: a label of several words and its colon start no value."""
    template = """template coc {
  match { contains "CHAIN OF CUSTODY" }
  group receipts {
    field date: date = right of "Date:"
    field by:   text? = right of "Received by:"
    field next: text? = right of "Relinquished by:"
  }
}"""
    texts = [(30, 140, "Date:"), (70, 140, "02 Dec 2026"), (200, 140, "Received by:"),
             (300, 140, "Relinquished by: K. Lee")]
    result = _extract(tmp_path, template, _pdf(texts))
    assert _rows(result, "receipts")[0]["by"] is None


def test_two_groups_side_by_side_keep_their_own_dates(tmp_path):
    """Transfers in the left column, receipts in the right, each a stacked block: the
    receiver's "Date:" under "Received by:" is the receipt's (the receipts took the
    transfers' dates, accepted, before)."""
    template = TRANSFERS.replace("}\n}", """}
  group receipts {
    field by:   text = right of "Received by:"
    field date: date = right of "Date:"
  }
}""")
    texts = []
    for k, (a, d1, b, d2) in enumerate((("J. Smith", "02 Dec 2026", "K. Lee", "03 Dec 2026"),
                                        ("K. Lee", "03 Dec 2026", "M. Ortiz", "04 Dec 2026"))):
        y = 140 + 80 * k
        texts += [*_block(40, y, "Relinquished by:", a, d1),
                  *_block(320, y, "Received by:", b, d2)]
    result = _extract(tmp_path, template, _pdf(texts))
    assert _rows(result, "transfers") == [{"by": "J. Smith", "date": "2026-12-02"},
                                          {"by": "K. Lee", "date": "2026-12-03"}]
    assert _rows(result, "receipts") == [{"by": "K. Lee", "date": "2026-12-03"},
                                         {"by": "M. Ortiz", "date": "2026-12-04"}]
    assert result.status == "accepted", result.reasons


def test_a_label_printed_twice_on_a_record_s_line_names_the_value_left(tmp_path):
    """A transfer per line, "Relinquished by: ... Date: ...  Received by: ... Date: ...",
    and a template that declares transfers only: the receiver's date, beside the line's
    second "Date:", is in no record, and a reason says so (dropped silently, accepted,
    before); declaring receipts as a group of their own reads it."""
    from tests.test_group_records import _inline

    result = _extract(tmp_path, TRANSFERS, _inline())
    assert _rows(result, "transfers") == [{"by": "J. Smith", "date": "2026-12-02"},
                                          {"by": "K. Lee", "date": "2026-12-03"}]
    assert result.status == "review"
    said = [r for r in result.reasons if r.code == "ambiguous" and r.field == "transfers.date"]
    assert [r.rows for r in said] == [[0], [1]], result.reasons
    assert "'03 Dec 2026'" in said[0].message and "a group of its own" in said[0].message
