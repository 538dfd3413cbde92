"""A failed rule over a table column as a whole names the cells to recheck first
(stock-take journey, finding 2): ``sum(items.counted) == page_total`` failing said only
"does not hold (493 against 593)", and the reviewer had to recheck every row although the
count misread ("118" read 18 by the print recognizer inside the handwritten column) was
one of a few cells read less surely. The pages are words laid out as a scan's OCR gives
them (see tests/test_handwritten_tables.py)."""

from __future__ import annotations

from dataclasses import replace

from formsift.core.document import Document, Page
from tests.test_handwritten_tables import _run, _word, note

TEMPLATE = '''template dn {
  field delivered_total: int = right of "Total delivered"
  table items {
    article: id header "Article"
    qty_ordered: int header "Qty ordered"
    qty_delivered: int? header "Qty delivered" handwritten
    until "Received by"
  }
  rule delivered: sum(items.qty_delivered) == delivered_total
}'''

_ROWS = [("4711-200", "500", "500"), ("4711-310", "1000", "1000"),
         ("5520-016", "500", "500"), ("6100-040", "10", "8"), ("6100-050", "20", "20")]


def _doc(total: str, unsure: dict[str, float] = (), printed: tuple[str, ...] = (),
         rows: list[tuple[str, str, str]] = _ROWS) -> Document:
    """The note with a printed "Total delivered" line; the handwritten words in ``unsure``
    read at that confidence, those in ``printed`` by the print recognizer."""
    words = []
    for w in note(rows).pages[0].words:
        if w.handwritten and w.text in unsure:
            conf = dict(unsure)[w.text]
            w = replace(w, confidence=conf, char_confidences=(conf,) * len(w.text))
        if w.handwritten and w.text in printed:
            w = replace(w, handwritten=False, source="ppocr_rec")
        words.append(w)
    y = 0.6
    words += [_word("Total", 0.085, 0.13, y, y + 0.016),
              _word("delivered", 0.135, 0.2, y, y + 0.016),
              _word(total, 0.25, 0.29, y, y + 0.016)]
    return Document("sha256:note2", "dn", "image/png", [Page(0, 595, 842, words=words)], "dn")


def _rule(result):
    return next(o for o in result.rules if o.name == "delivered")


def test_a_failed_sum_names_the_cells_read_least_surely(registry):
    result = _run(registry, _doc("2030", unsure={"8": 0.72}, printed=("1000",)), TEMPLATE)
    outcome = _rule(result)
    assert outcome.passed is False
    assert outcome.message.startswith("sum(items.qty_delivered) == delivered_total does not "
                                      "hold (2028 against 2030); cells to recheck first: ")
    said = outcome.message.partition("cells to recheck first: ")[2]
    # the least sure first, with its reading and confidence; then the one read as print
    assert said.startswith("row 4 '8' (confidence 0.72)"), said
    assert "row 2 '1000' (read as print in a handwritten column, confidence" in said, said
    assert "row 1 " not in said and "row 5 " not in said, said
    reason = next(r for r in result.reasons if r.code == "rule_failed")
    assert "row 4 '8'" in reason.message


def test_a_failed_sum_read_surely_names_no_cell(registry):
    outcome = _rule(_run(registry, _doc("2030"), TEMPLATE))
    assert outcome.passed is False
    assert outcome.message == ("sum(items.qty_delivered) == delivered_total does not hold "
                               "(2028 against 2030)")


def test_a_sum_that_holds_says_nothing(registry):
    outcome = _rule(_run(registry, _doc("2028", unsure={"8": 0.72}), TEMPLATE))
    assert outcome.passed is True
    assert "recheck" not in outcome.message


def test_a_failed_sum_names_its_blank_cells(registry):
    # a lone "1" the recognizer did not see: the cell is blank, and adds nothing
    rows = [*_ROWS, ("6100-060", "1", "")]
    outcome = _rule(_run(registry, _doc("2029", rows=rows, unsure={"8": 0.72}), TEMPLATE))
    assert outcome.message.endswith("cells to recheck first: row 4 '8' (confidence 0.72); "
                                    "blank: row 6"), outcome.message
    outcome = _rule(_run(registry, _doc("2029", rows=rows), TEMPLATE))
    assert outcome.message == ("sum(items.qty_delivered) == delivered_total does not hold "
                               "(2028 against 2029); blank: row 6"), outcome.message
