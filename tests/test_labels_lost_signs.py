"""A label's currency sign as OCR reads it (pledges journey, finding 1): on scanned
donation forms whose tick boxes are labelled by amount, PP-OCR read the printed "£10" as
"10" and "£50" as "E" "50", so ``left of "£10"`` found nothing: all 30 preset-amount
boxes of 10 scans were missing. A label's sign (a currency sign or another symbol) lost
or read as a letter now still finds the label when the rest of it reads as written,
ranked below the label as written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box


def _doc(*lines) -> Document:
    """A page OCR read: each line words set side by side (a word given as (text, gap)
    starts that far from the one before); ☐ and ☒ are the checkbox segmenter's boxes."""
    words = []
    for i, line in enumerate(lines):
        x, y = 0.05, 0.1 + 0.06 * i
        for k, item in enumerate(line):
            text, gap = item if isinstance(item, tuple) else (item, 0.012)
            if k:
                x += gap
            w = 0.02 if text in "☐☒" else 0.012 * len(text)
            source = "checkboxes" if text in "☐☒" else "ppocr_rec"
            words.append(Word(text, Box(x, y, x + w, y + 0.02), 0, 0.98, source,
                              char_confidences=tuple([0.98] * len(text))))
            x += w
    return Document("sha256:test", "t", "image/png", [Page(0, 100, 100, words=words)], "t")


def _run(src: str, doc: Document, registry) -> dict:
    from formsift.templates import check_source, runtime

    (t,), diags = check_source(src, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    ex = runtime.run(t, doc)
    return {k: (v.value if v is not None else None) for k, v in ex.fields.items()}


BOXES = '''template t {
  field g10: checkbox = left of "£10"
  field g25: checkbox = left of "£25"
  field e50: checkbox = left of "€50"
  field d100: checkbox = left of "$100"
}'''


@pytest.mark.parametrize("pound,euro", [("", ""), ("E", "E"), ("E", "C"), ("f", "")])
def test_amount_boxes_whose_sign_ocr_lost_or_misread(registry, pound, euro):
    """The journey's row of preset amounts: £10 ticked, £25 not, €50 ticked, $100 not;
    the £ and € left out or read as letters, glued to the digits or a word of their own."""
    glued = (f"{pound}10", f"{pound}25")
    apart = (euro, "50") if euro else ("50",)
    doc = _doc(("☒", glued[0], ("☐", 0.05), glued[1], ("☒", 0.05), *apart, ("☐", 0.05), "$100"))
    assert _run(BOXES, doc, registry) == {"g10": True, "g25": False, "e50": True,
                                          "d100": False}


def test_the_label_as_written_ranks_first(registry):
    """A "10" elsewhere (a "£10" the OCR read whole stands on the page too) is no rival:
    the sign is evidence."""
    from formsift.templates.labels import SIGN_LOST, find_label

    doc = _doc(("☐", "10"), ("☒", "£10"))
    got = _run('template t {\n  field g10: checkbox = left of "£10"\n}', doc, registry)
    assert got == {"g10": True}
    page = doc.pages[0]
    hits = find_label(page, ("£10",))
    assert [page.lines[h.line_index].words[h.first].text for h in hits] == ["£10", "10"]
    assert hits[1].score == pytest.approx(hits[0].score * SIGN_LOST)


@pytest.mark.parametrize("line", [("100",), ("10.00",), ("IO",), ("lo",), ("210",),
                                  ("E", "100"), ("£", "100")])
def test_only_the_rest_as_written_is_the_label(line):
    """Without its sign, the rest of the label must read as written, whole: not "100" or
    "10.00" for "£10", nor "IO" (look-alike letters on top of a lost sign)."""
    from formsift.templates.labels import find_label

    page = _doc(line).pages[0]
    assert find_label(page, ("£10",)) == []


def test_a_value_right_of_a_label_whose_sign_was_lost(registry):
    """Any label with a sign: 'right of "Amount (€)"' on 'Amount ( ) 12.50' read without
    its €, and "Ref #" read "Ref"."""
    doc = _doc(("Amount", "()", ("12.50", 0.05)), ("Ref", ("A-778", 0.05)))
    got = _run('template t {\n  field amount: money = right of "Amount (€)"\n'
               '  field ref: id = right of "Ref #"\n}', doc, registry)
    assert got["ref"] == "A-778"
    assert got["amount"] == Decimal("12.50")


def test_a_label_that_is_only_a_sign_finds_nothing_without_it():
    from formsift.templates.labels import _sign_readings

    assert _sign_readings("£") == ()
    assert _sign_readings("€ / £") == ()
    assert dict(_sign_readings("£50"))["e50"] > dict(_sign_readings("£50"))["50"]


def test_a_text_layer_holds_the_signs_it_prints(tmp_path):
    """A sign is looked for as lost only on what an OCR read (the code read of 446d159): on
    a text document, right of "VAT %" took 'VAT 20.00', the amount for the rate, and
    right of "Ref #" a company name, accepted."""
    from tests.parsing import extract_text

    result = extract_text(tmp_path, """template v {
  match { contains "INVOICE" }
  field rate: decimal? = right of "VAT %"
  field ref: text? = right of "Ref #"
  field net: money = right of "Net"
}
""", "INVOICE\nNet 100.00\nVAT 20.00\nRef Smith & Co\n")
    assert result.fields.get("rate") is None and result.fields.get("ref") is None
    assert str(result.fields["net"].value) == "100.00"
