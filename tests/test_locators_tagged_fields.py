"""Text shaped like a label is no value (letters of credit journey, finding 2): on a raw
SWIFT MT700 (`:20:LC26SG0003` then `:31C:261020`), `below ":20:"` took the next line's
tag, "31C", as the credit number and accepted it (and a date field below ":20:" took 31C's
date). A tag (`:NNa:`) or a word after one is another field's; so is a word ending in a
colon that starts its line, alone. A tagged line ends what `below` and `above` read."""

from __future__ import annotations

import datetime as dt

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

RAW = [":20:LC26SG0003", ":31C:261020", ":32B:USD125000,00", ":44C:261215"]


def _pdf(path, lines: list[str], x: float = 40, y: float = 60, step: float = 16) -> str:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((x, y - 20), "SWIFT MT700 ISSUE OF A DOCUMENTARY CREDIT", fontsize=10,
                     fontname="cour")
    for i, text in enumerate(lines):
        page.insert_text((x, y + i * step), text, fontsize=10, fontname="cour")
    doc.save(str(path))
    doc.close()
    return str(path)


def _extract(tmp_path, lines, fields: str):
    sift = tmp_path / "t.sift"
    sift.write_text(f'template t {{\n  locale "en"\n{fields}}}\n', encoding="utf-8")
    return Engine(seen_store="memory").extract(_pdf(tmp_path / "d.pdf", lines),
                                               template=str(sift))


def test_below_a_tag_the_next_tag_is_no_value(tmp_path):
    result = _extract(tmp_path, RAW, '  field lc_no: id = below ":20:"\n')
    assert result.fields["lc_no"] is None
    assert result.status is Status.REVIEW
    assert [r.code for r in result.reasons] == ["field_missing"]


def test_below_a_tag_the_next_tags_value_is_no_value(tmp_path):
    """`:31C:261020` holds 31C's date, not a date written under ":20:"."""
    result = _extract(tmp_path, RAW, '  field issue: date(format="%y%m%d")? = below ":20:"\n')
    assert result.fields["issue"] is None
    assert result.status is Status.ACCEPTED, result.reasons


def test_right_of_or_below_takes_the_glued_value(tmp_path):
    """The journey's packet template: the glued value, not the next tag (which scored
    above it and sent the MT700 to review, every L/C number rule failing)."""
    result = _extract(tmp_path, RAW, '  field lc_no: id = below ":20:" or right of ":20:"\n')
    assert result.fields["lc_no"].value == "LC26SG0003"
    assert result.status is Status.ACCEPTED, result.reasons


def test_the_printout_layout_still_reads_below(tmp_path):
    """`:20: Documentary Credit Number` with the value on the next line, then the next
    tag: the value under the tag is read, the next tag ends the field."""
    lines = [":20: Documentary Credit Number", "LC26SG0003", ":31C: Date of Issue",
             "261020"]
    result = _extract(tmp_path, lines, '  field lc_no: id = below ":20:"\n'
                      '  field issue: date(format="%y%m%d") = below ":31C:"\n')
    assert result.fields["lc_no"].value == "LC26SG0003"
    assert result.fields["issue"].value == dt.date(2026, 10, 20)
    assert result.status is Status.ACCEPTED, result.reasons


def test_a_multi_line_field_runs_on_below_up_to_the_next_tag(tmp_path):
    lines = [":45A:GATE VALVES DN50 PN16", "CAST IRON, 40 UNITS", ":46A:SIGNED INVOICE"]
    result = _extract(tmp_path, lines, '  field goods2: text = below ":45A:"\n')
    assert result.fields["goods2"].value == "CAST IRON, 40 UNITS"
    lines = [":45A:GATE VALVES DN50 PN16", ":46A:SIGNED INVOICE"]
    result = _extract(tmp_path, lines, '  field goods2: text? = below ":45A:"\n')
    assert result.fields["goods2"] is None


@pytest.mark.parametrize("value, field, expected", [
    ("10:30", "time", dt.time(10, 30)),          # a time's colon is no label's
    ("REF:2026:0042", "text", "REF:2026:0042"),  # nor an identifier's
    ("12:00-13:00", "text", "12:00-13:00"),
])
def test_values_with_colons_are_still_read(tmp_path, value, field, expected):
    lines = ["Pickup time", value]
    result = _extract(tmp_path, lines, f'  field v: {field} = below "Pickup time"\n')
    assert result.fields["v"].value == expected
    assert result.status is Status.ACCEPTED, result.reasons


def test_a_label_alone_below_is_no_value(tmp_path):
    """A word ending in a colon that starts its line, alone: the next label, not a
    remark written under "Notes"."""
    lines = ["Notes", "Remarks:"]
    result = _extract(tmp_path, lines, '  field notes: text? = below "Notes"\n')
    assert result.fields["notes"] is None


def test_a_tag_label_is_no_bare_number(tmp_path):
    """`":20:"` is no label in "20 DEC 2026" (the journey's `explain` listed such hits on
    the packet's other pages); its colons are what make it one."""
    from formsift.core.document import Page, Word
    from formsift.core.geometry import Box
    from formsift.templates.labels import find_label

    def page(*texts: str) -> Page:
        words, x = [], 0.05
        for t in texts:
            words.append(Word(t, Box(x, 0.1, x + 0.012 * len(t), 0.12), 0, 1.0, "pdf"))
            x += 0.012 * len(t) + 0.012
        return Page(0, 100, 100, words=words)

    assert find_label(page("Date:", "20", "DEC", "2026"), (":20:",)) == []
    assert find_label(page(":20:LC26SG0003"), (":20:",))
    assert find_label(page(":20:", "LC26SG0003"), (":20:",))
    assert find_label(page("20:", "LC26SG0003"), (":20:",))  # a colon lost at the edge
    assert find_label(page(":", "20", ":", "Documentary"), (":20:",))  # as OCR sets them apart


def test_a_tag_set_apart_by_ocr_ends_the_field_below(tmp_path):
    """A scan's printout: ": 20 : Documentary Credit Number", the value, then ": 31C: Date
    of Issue" and its date; under ":20:" the value, never the next tag's."""
    lines = [": 20 : Documentary Credit Number", "LC26SG0008", ": 31C: Date of Issue",
             "261020"]
    result = _extract(tmp_path, lines, '  field lc_no: id = right of ":20:" or below ":20:"\n'
                      '  field issue: date(format="%y%m%d")? = below ":20:"\n')
    assert result.fields["lc_no"].value == "LC26SG0008"
    assert result.fields["issue"] is None
