"""Tables with a handwritten column beside a printed one (a delivery note's ordered and
delivered quantities): printed and handwritten words are not one cell across a clear gap,
a cell that reads two ways shows what was read, and a quantity written a little below its
row is that row's. The pages are words laid out as a scan's OCR gives them (A4, boxes in
fractions of the page; the handwritten words taller, read by ``crnn``)."""

from __future__ import annotations

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.core.result import Status
from formsift.templates import check_source, runtime

TEMPLATE = '''template dn {
  table items {
    article: id header "Article"
    qty_ordered: int header "Qty ordered"
    qty_delivered: int header "Qty delivered" handwritten
    until "Received by"
  }
}'''

#: Where the header's words are (x0, x1): "Qty ordered" left-aligned over the numbers,
#: which are right-aligned at 0.725, past it (nearer "Qty delivered" than their own).
HEADER = [("Article", 0.089, 0.133), ("Qty", 0.603, 0.626), ("ordered", 0.629, 0.685),
          ("Qty", 0.737, 0.759), ("delivered", 0.766, 0.83)]
PITCH = 14 / 842  # rows 14 pt apart


def _word(text: str, x0: float, x1: float, y0: float, y1: float,
          handwritten: bool = False) -> Word:
    return Word(text, Box(x0, y0, x1, y1), 0, 1.0, "crnn" if handwritten else "ppocr_rec",
                handwritten, char_confidences=(1.0,) * len(text))


def note(rows: list[tuple[str, str, str]], low: dict[int, float] | None = None,
         printed_x1: float = 0.725, written_x0: float = 0.763) -> Document:
    """A delivery note's table: per row the article, the printed quantity ordered (its
    right edge at ``printed_x1``) and the handwritten quantity delivered (from
    ``written_x0``; "" for none), that of row i ``low[i]`` of the page lower."""
    y = 0.285
    words = [_word(t, x0, x1, y, y + 0.016) for t, x0, x1 in HEADER]
    for i, (article, ordered, delivered) in enumerate(rows):
        y = 0.305 + i * PITCH
        words.append(_word(article, 0.089, 0.149, y, y + 0.014))
        width = 0.009 * len(ordered)
        words.append(_word(ordered, printed_x1 - width, printed_x1, y, y + 0.014))
        if delivered:
            dy = y + 0.004 + (low or {}).get(i, 0.0)
            words.append(_word(delivered, written_x0, written_x0 + 0.015 * len(delivered),
                               dy, dy + 0.0145, handwritten=True))
    y = 0.305 + len(rows) * PITCH + 0.05
    words += [_word("Received", 0.085, 0.156, y, y + 0.018),
              _word("by:", 0.163, 0.191, y, y + 0.018)]
    return Document("sha256:note", "dn", "image/png", [Page(0, 595, 842, words=words)], "dn")


def _run(registry, doc: Document, src: str = TEMPLATE):
    (template,), diags = check_source(src, "dn.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return runtime.run(template, doc)


def _quantities(result) -> list[tuple]:
    return [(r["qty_ordered"].value if r["qty_ordered"] else None,
             r["qty_delivered"].value if r["qty_delivered"] else None)
            for r in result.tables["items"]]


def test_a_printed_quantity_past_its_header_is_not_the_handwritten_cell(registry):
    """The printed 500 ends past half the way from "Qty ordered" to "Qty delivered": it
    went to the handwritten column with the 500 written there, 'qty_ordered' was blank
    and the cell offered 500500. A printed word between a printed column and a
    handwritten one is the printed column's."""
    rows = [("4711-200", "500", "500"), ("4711-310", "1000", "1000"),
            ("5520-016", "500", "500"), ("6100-040", "10", "8")]
    result = _run(registry, note(rows, printed_x1=0.727))
    assert _quantities(result) == [(500, 500), (1000, 1000), (500, 500), (10, 8)]
    assert result.status is Status.ACCEPTED, result.reasons


def test_a_handwritten_word_between_the_columns_stays_by_the_half_way_line(registry):
    """Only printed words go to the printed column: a handwritten 7 written left of its
    header, past half the way, in a row whose ordered quantity is blank, is still the
    handwritten column's."""
    doc = note([("4711-200", "500", "500")])
    y = 0.305 + PITCH
    doc.pages[0].words += [_word("4711-310", 0.089, 0.149, y, y + 0.014),
                           _word("7", 0.713, 0.728, y + 0.002, y + 0.0165, handwritten=True)]
    doc.pages[0].words.sort(key=lambda w: (w.box.y0, w.box.x0))
    result = _run(registry, doc)
    assert _quantities(result) == [(500, 500), (None, 7)]


def test_two_numbers_a_column_apart_are_not_one_number_and_the_message_shows_both(
        registry):
    """A printed 10 the style model took for handwriting, in the handwritten cell with
    the 10 written there: no '1010' reading (two numbers a column's gap apart are not one
    written with a gap). Two different numbers there are two readings, and the message
    shows the text read ('10 8'), not the reading taken."""
    doc = note([("4711-200", "500", "500"), ("6100-040", "10", "10")], printed_x1=0.722,
               written_x0=0.768)
    for w in doc.pages[0].words:
        if w.text == "10":
            w.handwritten = True
    result = _run(registry, doc)
    assert "1010" not in " ".join(r.message for r in result.reasons)
    assert result.tables["items"][1]["qty_delivered"].value == 10
    doc = note([("4711-200", "500", "500"), ("6100-040", "10", "8")], printed_x1=0.722,
               written_x0=0.768)
    for w in doc.pages[0].words:
        if w.text == "10":
            w.handwritten = True
    result = _run(registry, doc)
    (ambiguous,) = [r for r in result.reasons if r.code == "ambiguous"]
    assert "row 2: '10 8' (8 or 10)" in ambiguous.message, ambiguous.message


def test_a_handwritten_quantity_written_below_its_row_continues_it(registry):
    """24 rows 14 pt apart, three quantities written a few points low: each was read as a
    line of its own and became a row (27 rows; "row(s) 13, 17, 26 have no 'article'",
    and "write 'id?' if it may be blank"). A line holding only handwriting in the
    handwritten column, reaching into the row above whose handwritten cell is blank,
    is that row's."""
    rows = [(f"{8000 + 7 * i}-{100 + i}", str(100 + 10 * i), str(100 + 10 * i))
            for i in range(24)]
    low = {11: 0.0065, 15: 0.0065, 23: 0.007}
    result = _run(registry, note(rows, low=low))
    assert len(result.tables["items"]) == 24
    assert _quantities(result) == [(100 + 10 * i, 100 + 10 * i) for i in range(24)]
    assert result.status is Status.ACCEPTED, result.reasons


def test_handwriting_below_a_row_that_has_its_own_is_not_joined_to_it(registry):
    """A second handwritten number under a row whose delivered cell holds one already, or
    one a line apart from the row above, stays a row of its own (and the record goes to
    review saying what is missing), never a silent second value."""
    doc = note([("4711-200", "500", "500"), ("4711-310", "1000", "1000")])
    y = 0.305 + PITCH + 0.004 + 0.0065
    doc.pages[0].words.append(_word("990", 0.763, 0.808, y, y + 0.0145, handwritten=True))
    doc.pages[0].words.sort(key=lambda w: (w.box.y0, w.box.x0))
    result = _run(registry, doc)
    assert _quantities(result) == [(500, 500), (1000, 1000), (None, 990)]
    assert result.status is Status.REVIEW
    # a line apart: not reaching into the row above
    doc = note([("4711-200", "500", "")])
    doc.pages[0].words.append(_word("500", 0.763, 0.808, 0.305 + 0.02, 0.305 + 0.0345,
                                    handwritten=True))
    result = _run(registry, doc)
    assert _quantities(result) == [(500, None), (None, 500)]
