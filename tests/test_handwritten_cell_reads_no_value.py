"""A cell whose handwriting reads as no value does not quietly take the column's default.

Deposit slips journey, finding 3: on a paid-in slip, a single handwritten digit in the
denomination table's ``count: int? ... default 0`` column was read as a letter (a "4"
read "h") and the count became 0, the column's default, with ``"locator": "default"``.
In a column hinted ``handwritten`` the cell is measured for ink (9e851b5); in a column
the template does not hint, a cell whose words did not read and were read by the
handwriting recognizer is named the same way: an ``invalid_value`` reason naming the row,
and the record goes to review. Printed words that do not read stay a blank cell there.
"""

from __future__ import annotations

import pytest

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.templates import check_source, runtime

TEMPLATE = """template slip {
  table cash {
    face: money header "Denomination"
    count: int? header "Count"HINT default 0
    amount: money? header "Amount" default 0
    until "Total cash"
  }
}"""


def _word(text: str, x0: float, y0: float, x1: float, y1: float,
          handwritten: bool = False) -> Word:
    return Word(text, Box(x0, y0, x1, y1), 0, 0.08 if text == "h" else 0.95,
                "crnn" if handwritten else "ppocr_rec", handwritten,
                char_confidences=(0.99,) * len(text))


def _words(four_by_hand: bool) -> list[Word]:
    words = [_word("Denomination", 0.10, 0.20, 0.25, 0.22), _word("Count", 0.45, 0.20, 0.52, 0.22),
             _word("Amount", 0.70, 0.20, 0.79, 0.22)]
    rows = [("£50", "h", "200"), ("£20", "12", "240"), ("£10", "", "")]
    for i, (face, count, amount) in enumerate(rows):
        y = 0.25 + 0.04 * i
        words.append(_word(face, 0.10, y, 0.14, y + 0.02))
        if count:
            words.append(_word(count, 0.47, y - 0.005, 0.49, y + 0.025, handwritten=four_by_hand
                               or count != "h"))
        if amount:
            words.append(_word(amount, 0.72, y - 0.005, 0.77, y + 0.025, handwritten=True))
    words.append(_word("Total", 0.10, 0.40, 0.15, 0.42))
    words.append(_word("cash", 0.16, 0.40, 0.20, 0.42))
    return words


def _run(registry, hint: str, four_by_hand: bool = True):
    doc = Document("sha256:slip", "slip", "image/png",
                   [Page(0, 1654, 2339, words=_words(four_by_hand))], "slip")
    (template,), diags = check_source(TEMPLATE.replace("HINT", hint), "slip.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return runtime.run(template, doc)


@pytest.mark.parametrize("hint", ["", " handwritten"])
def test_a_handwritten_digit_read_as_a_letter_is_named_not_defaulted(registry, hint):
    result = _run(registry, hint)
    rows = result.tables["cash"]
    assert [r["count"].value for r in rows] == [0, 12, 0]  # the default, as before
    assert result.status == "review"
    (reason,) = [r for r in result.reasons
                 if r.field == "cash.count" and r.code == "invalid_value"]
    assert reason.rows == [0]
    assert "'h'" in reason.message and "default" in reason.message


def test_printed_letters_under_a_column_not_hinted_stay_a_blank_cell(registry):
    result = _run(registry, "", four_by_hand=False)
    assert not [r for r in result.reasons
                if r.field == "cash.count" and r.code == "invalid_value"]


def test_a_written_zero_in_a_column_with_a_default_is_named_pdf(tmp_path):
    """The generated count sheet of ``test_inked_blank_cells`` (a born-digital PDF, its
    zeros pen strokes and a handwriting font's outline), its ``counted`` column given
    ``default 0``: the inked cells are named, not quietly given the default."""
    from formsift import Engine
    from formsift.handwriting.fonts import handwriting_fonts

    if not handwriting_fonts():
        pytest.skip("no handwriting font installed")
    from tests import test_inked_blank_cells as sheet

    (path := tmp_path / "sheet.pdf").write_bytes(sheet._pdf())
    (tpl := tmp_path / "sheet.sift").write_text(sheet.TEMPLATE.replace(
        'counted: decimal? header "Counted" handwritten',
        'counted: decimal header "Counted" handwritten default 0'))
    result = Engine(seen_store="memory").extract(path, template=str(tpl))
    assert result.status == "review"
    (reason,) = [r for r in result.reasons
                 if r.field == "items.counted" and r.code == "invalid_value"]
    assert reason.rows == [1, 3, 4] and "default" in reason.message
