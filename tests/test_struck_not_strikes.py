"""Lines through a value that no one drew to cancel it strike nothing (code read r7 of
4034453/eac0e78: right totals went to review as struck through, at 0.5). A visible grey
table rule or a form's guide line through the value's middle runs on far beyond it on
both sides at its height, a fold crease across the whole page, and an approval tick's
tail crossing the value is the end of a mark drawn mostly outside it; a pen's stroke is
drawn on the value alone, and ends there. A strike-out annotation on a degraded 200 dpi
scan, whose line runs through tight bold figures boxed by a rule under them, is caught.
Pages are :func:`tests.test_struck_values.invoice`'s, with such a line drawn over them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_struck_values import RIGHT, SIZE, _judged, _scan, invoice

BASE = 300.0 + 4 * SIZE  # the total's baseline
MIDDLE = BASE - 0.35 * SIZE  # the middle of its figures' ink
BLUE = (0.1, 0.2, 0.7)


def _drawn(kind: str) -> bytes:
    """:func:`invoice` (a right total, 17,853.55) with a line of ``kind`` through the
    middle of the total: "rule" a grey table rule across the page's table width,
    "edge" such a rule ending just right of the total (its table's edge), "guide" a
    form's solid guide line from the label to the margin, "tick" an approval
    tick under and left of the total whose tail runs across it, "crease" a faint fold line
    across the whole page; "label" a pen's stroke through the label and the total (a
    strike), "both" a pen's stroke through the total that starts before the label, "line"
    a black pen's stroke through the whole line "Total 17,853.55 EUR" (running on beyond
    the total on both sides, as dark as the print, ending at the line's words)."""
    import pymupdf

    doc = pymupdf.open(stream=invoice(), filetype="pdf")
    page = doc[0]
    x0 = RIGHT - pymupdf.get_text_length("17,853.55", fontname="helv", fontsize=SIZE)
    label = pymupdf.get_text_length("Total", fontname="helv", fontsize=SIZE)
    if kind == "rule":
        page.draw_line((40, MIDDLE), (555, MIDDLE), color=(0.65,) * 3, width=0.7)
    elif kind == "edge":
        page.draw_line((40, MIDDLE), (RIGHT + 5, MIDDLE), color=(0.65,) * 3, width=0.7)
    elif kind == "guide":
        page.draw_line((340 + label + 6, MIDDLE), (560, MIDDLE), width=0.5)
    elif kind == "tick":
        page.draw_polyline([(x0 - 36, MIDDLE + 3), (x0 - 25, MIDDLE + 18),
                            (x0 - 3, MIDDLE + 1.5), (RIGHT + 5, MIDDLE - 2.5)],
                           color=BLUE, width=1.3)
    elif kind == "crease":
        page.draw_line((0, MIDDLE - 1), (595, MIDDLE + 1), color=(0.7,) * 3, width=0.8)
    elif kind == "label":
        page.draw_line((336, MIDDLE + 0.4), (RIGHT + 4, MIDDLE - 0.3), color=BLUE, width=1.3)
    elif kind == "both":
        page.draw_line((300, MIDDLE + 0.4), (RIGHT + 4, MIDDLE - 0.3), width=1.1)
    elif kind == "line":
        page.insert_text((RIGHT + 6, BASE), "EUR", fontsize=SIZE, fontname="helv")
        end = RIGHT + 6 + pymupdf.get_text_length("EUR", fontname="helv", fontsize=SIZE)
        page.draw_line((336, MIDDLE + 0.4), (end + 3, MIDDLE - 0.3), width=1.1)
    data = doc.tobytes()
    doc.close()
    return data


NOT_STRIKES = ["rule", "guide", "tick", "crease"]


@pytest.mark.parametrize("kind", [*NOT_STRIKES, "edge"])
def test_a_line_through_the_total_that_is_no_strike_leaves_it_accepted(tmp_path, kind):
    fields, reasons = _judged(tmp_path, _drawn(kind), "i.pdf")
    assert reasons == [], [r.message for r in reasons]
    assert fields["total"].confidence > 0.9


@pytest.mark.parametrize("kind", NOT_STRIKES)
@pytest.mark.parametrize("degrade", ["lighting", "all"])
def test_on_a_scan_a_line_through_the_total_that_is_no_strike_leaves_it_accepted(
        tmp_path, kind, degrade):
    """200 dpi; the faint lines (rule, crease) blurred by "all" showed no run of ink
    through the gaps before either: a scan with uneven lighting keeps them."""
    from formsift.samples import encode_png, render_scan

    _scan(invoice())  # skips without OCR models
    image = encode_png(render_scan(_drawn(kind), dpi=200, degrade=degrade, seed=3)[0])
    fields, reasons = _judged(tmp_path, image, "i.png")
    assert reasons == [], [r.message for r in reasons]
    assert str(fields["total"].value) == "17853.55"


# guards (caught before and after): a pen's stroke ending at the total, however far it
# starts before it, and one through the whole line of words the total stands in
@pytest.mark.parametrize("kind", ["label", "both", "line"])
def test_a_pen_stroke_ending_at_the_total_still_strikes_it(tmp_path, kind):
    fields, reasons = _judged(tmp_path, _drawn(kind), "i.pdf")
    assert [(r.code, r.field) for r in reasons] == [("invalid_value", "total")]
    assert fields["total"].confidence <= 0.5


def _annotated_invoice() -> tuple[bytes, str]:
    """The shipped generator's invoice 1 with a strike-out annotation on its total (bold
    figures in the totals box, a rule under them)."""
    import pymupdf

    from formsift.samples import generate

    sample = generate("invoice", seed=1)
    doc = pymupdf.open(stream=sample.pdf, filetype="pdf")
    digits = sample.truth["total"].replace(".", "")
    total = max((w for w in doc[0].get_text("words")
                 if "".join(ch for ch in w[4] if ch.isdigit()) == digits),
                key=lambda w: w[1])
    doc[0].add_strikeout_annot(pymupdf.Rect(total[:4]))
    data = doc.tobytes()
    doc.close()
    return data, sample.truth["total"]


def test_a_strike_out_annotation_on_a_degraded_scan_is_caught(tmp_path):
    """r7: missed on the degraded 200 dpi scan (the rule under the figures left no column
    between them without ink, so the stroke's run through the letters' gaps told
    nothing), while the born-digital page's is caught."""
    from formsift.samples import encode_png, render_scan

    pdf, total = _annotated_invoice()
    _scan(pdf)  # skips without OCR models
    image = encode_png(render_scan(pdf, dpi=200, degrade="all", seed=1)[0])
    fields, reasons = _judged(tmp_path, image, "i.png", template="invoice")
    assert str(fields["total"].value) == total
    assert [(r.code, r.field) for r in reasons] == [("invalid_value", "total")], fields


def test_a_strike_out_annotation_on_the_born_digital_page_is_caught(tmp_path: Any):
    """Guard: caught before and after."""
    pdf, total = _annotated_invoice()
    fields, reasons = _judged(tmp_path, pdf, "i.pdf", template="invoice")
    assert str(fields["total"].value) == total
    assert [(r.code, r.field) for r in reasons] == [("invalid_value", "total")]
