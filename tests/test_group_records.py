"""A block of labelled values printed again and again down the page, read as records:
``group NAME { field ... }`` (custody journey F7). A chain-of-custody form prints
"Relinquished by: / Date: / Time:" once per transfer (stacked under a "Received by:"
line, or both on one line); ``right of "Date:"`` had one candidate per block and no way
to say which, so the n-th transfer's date could not be read (and a rule that held for all
of them took the first). Each place the group's first label is printed starts a record,
running in reading order to the next; each field is read beside its label's first place in
the record, and a blank one stays blank (never the next block's value). Documents drawn
here."""

from __future__ import annotations

import pytest

STACKED = """template coc {
  match { contains "CHAIN OF CUSTODY" }
  field sampled: date = right of "Sampled:"
  group transfers {
    field by:   text = right of "Relinquished by:"
    field date: date = right of "Date:"
    field time: time = right of "Time:"
  }
  group receipts {
    field by:   text = right of "Received by:"
    field date: date = right of "Date:"
    field time: time = right of "Time:"
  }
  rule released_after: each transfers: date >= sampled
}"""


def _stacked(rec2_date: str) -> bytes:
    """Three numbered transfers, each a "Relinquished by" line over a "Received by" line
    with a Date: and a Time: of its own; the third left unused. ``rec2_date``: the second
    receiver's date (blank: "")."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 60), "CHAIN OF CUSTODY RECORD", fontsize=10)
    page.insert_text((50, 90), "Sampled: 01 Dec 2026", fontsize=10)
    blocks = [("1. Relinquished by:", "J. Smith", "02 Dec 2026", "14:50"),
              ("Received by:", "K. Lee", "03 Dec 2026", "09:10"),
              ("2. Relinquished by:", "K. Lee", "03 Dec 2026", "16:00"),
              ("Received by:", "M. Ortiz", rec2_date, "17:30"),
              ("3. Relinquished by:", "", "", ""),
              ("Received by:", "", "", "")]
    y = 140
    for label, who, date, time in blocks:
        for x, text in ((50, label), (150, who), (300, "Date:"), (330, date), (430, "Time:"),
                        (460, time)):
            if text:
                page.insert_text((x, y), text, fontsize=10)
        y += 22 if label.startswith("Received") else 18
    return doc.tobytes()


def _inline() -> bytes:
    """A transfer per line: "Relinquished by: ... Date: ...   Received by: ... Date: ..."."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    page.insert_text((40, 50), "CHAIN OF CUSTODY RECORD", fontsize=9)
    y = 130
    for a, d1, b, d2 in (("J. Smith", "02 Dec 2026", "K. Lee", "03 Dec 2026"),
                         ("K. Lee", "03 Dec 2026", "M. Ortiz", "04 Dec 2026"),
                         ("", "", "", "")):
        for x, text in ((30, "Relinquished by:"), (110, a), (230, "Date:"), (260, d1),
                        (420, "Received by:"), (485, b), (620, "Date:"), (650, d2)):
            if text:
                page.insert_text((x, y), text, fontsize=9)
        y += 30
    return doc.tobytes()


def _extract(tmp_path, template: str, pdf: bytes):
    from formsift import Engine

    (tmp_path / "t.sift").write_text(template)
    (tmp_path / "d.pdf").write_bytes(pdf)
    return Engine(templates=[tmp_path / "t.sift"], seen_store="memory").extract(
        tmp_path / "d.pdf")


def _rows(result, table):
    return [{k: (str(v.value) if v else None) for k, v in row.items()}
            for row in result.tables[table]]


def test_stacked_transfer_blocks_are_records(tmp_path):
    result = _extract(tmp_path, STACKED, _stacked("04 Dec 2026"))
    assert _rows(result, "transfers") == [
        {"by": "J. Smith", "date": "2026-12-02", "time": "14:50:00"},
        {"by": "K. Lee", "date": "2026-12-03", "time": "16:00:00"}]
    assert _rows(result, "receipts") == [
        {"by": "K. Lee", "date": "2026-12-03", "time": "09:10:00"},
        {"by": "M. Ortiz", "date": "2026-12-04", "time": "17:30:00"}]
    assert result.status == "accepted", result.reasons


def test_a_blank_date_in_a_block_is_never_the_next_block_s(tmp_path):
    """The second receiver wrote no date: the record has none (review, the row named),
    not the third block's nor any other "Date:"'s value."""
    result = _extract(tmp_path, STACKED, _stacked(""))
    assert _rows(result, "receipts")[1] == {"by": "M. Ortiz", "date": None,
                                            "time": "17:30:00"}
    assert result.status == "review"
    assert any(r.code == "field_missing" and r.field == "receipts.date" and r.rows == [1]
               for r in result.reasons), result.reasons


def test_a_transfer_per_line_reads_each_label_after_its_own_start(tmp_path):
    """On one line, the receiver's record starts at "Received by:": its date is the
    "Date:" right of it, not the relinquisher's further left on the same line."""
    template = """template coc {
  match { contains "CHAIN OF CUSTODY" }
  group transfers {
    field by:   text = right of "Relinquished by:"
    field date: date = right of "Date:"
  }
  group receipts {
    field by:   text = right of "Received by:"
    field date: date = right of "Date:"
  }
}"""
    result = _extract(tmp_path, template, _inline())
    assert _rows(result, "transfers") == [{"by": "J. Smith", "date": "2026-12-02"},
                                          {"by": "K. Lee", "date": "2026-12-03"}]
    assert _rows(result, "receipts") == [{"by": "K. Lee", "date": "2026-12-03"},
                                         {"by": "M. Ortiz", "date": "2026-12-04"}]


def test_a_blank_name_is_not_the_next_label_and_its_value(tmp_path):
    """A receiver who did not write a name: "Received by:" is followed by "Date: 03 Dec
    2026", the next label of the group and its value, which is no name (the scan of coc05
    read the receiver's name as 'Date: 02-Dec-2026')."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 60), "CHAIN OF CUSTODY RECORD", fontsize=10)
    for x, y, text in ((50, 140, "1. Relinquished by:"), (150, 140, "J. Smith"),
                       (300, 140, "Date:"), (330, 140, "02 Dec 2026"),
                       (50, 160, "Received by:"), (150, 160, "Date: 03 Dec 2026")):
        page.insert_text((x, y), text, fontsize=10)
    template = STACKED.replace('field by:   text = right of "Received by:"',
                               'field by:   text? = right of "Received by:"')
    result = _extract(tmp_path, template, doc.tobytes())
    assert _rows(result, "receipts") == [{"by": None, "date": "2026-12-03", "time": None}]


@pytest.mark.parametrize(("field", "said"), [
    ('field by: text[] = right of "Relinquished by:"', "cannot be repeated"),
    ("field by: text = in r", "is read beside a label of its record"),
    ('field by: text = right of "Relinquished by:" combine first',
     "takes the modifiers handwritten, pattern and within only"),
])
def test_check_reports_a_group_field_it_cannot_read(field, said):
    from formsift.templates import check_source

    _templates, diagnostics = check_source(f"""template t {{
  region r = box(0, 0, 50%, 50%)
  group transfers {{
    {field}
    field date: date = right of "Date:"
  }}
}}""")
    assert any(said in d.message and d.severity == "error" for d in diagnostics), diagnostics


def test_check_reports_an_empty_group_and_a_name_used_twice():
    from formsift.templates import check_source

    _t, diagnostics = check_source("""template t {
  field transfers: text = right of "X"
  group transfers {
    field by: text = right of "By:"
  }
  group empty {
  }
}""")
    said = [d.message for d in diagnostics if d.severity == "error"]
    assert any("already used by the field" in m for m in said), said
    assert any("group 'empty' has no fields" in m for m in said), said


def test_group_round_trips_through_the_formatter():
    from formsift.grammar.formatter import format_source

    text = format_source(STACKED + "\n")
    assert "  group transfers {\n    field by: text = right of \"Relinquished by:\"\n" in text
    assert format_source(text) == text
