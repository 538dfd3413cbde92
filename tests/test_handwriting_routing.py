"""A ``handwritten`` hint acts where its field looks, not on the whole page.

A French supplier's invoice scanned with a handwritten "Bon pour accord" date in a corner
box (French invoices journey, finding 3): adding one optional field hinted ``handwritten``
for that date made printed words all over the page go to the handwriting recognizer
wherever the style model took them for handwriting ("TVA 20 %" read "20 9o", "P.U. HT",
"Total TTC"), and the record went to review. The scan here is generated: a printed invoice
(PyMuPDF) with the date written in a handwriting font into the box, rendered at 200 dpi.
"""

from __future__ import annotations

from typing import Any

import pytest

from formsift.core.document import Word, group_lines
from formsift.core.geometry import Box
from formsift.handwriting.fonts import handwriting_fonts
from formsift.plugins.ocr.models import models_available
from formsift.templates import check_source

needs_ocr = pytest.mark.skipif(not models_available() or not handwriting_fonts(),
                               reason="OCR models or a handwriting font not installed")

DPI = 200
SCALE = DPI / 72
#: The box the date is written in, in points of the A4 page (x0, y0, x1, y1).
BPA = (50, 680, 250, 760)
TEMPLATE = """template facture {
  locale "fr_FR"
  field invoice_no: id(/FA-\\d{4}-\\d{4}/) = right of "Facture N°"
  field net: money = right of "Total HT"
  field vat_rate: percent = after "TVA"
  field total: money = right of "Total TTC"
  field approved_on: date? = box(8%, 81%, 42%, 90%) handwritten
  table items {
    description: text header "Désignation"
    qty: int header "Qté"
    unit_price: money header "P.U. HT"
    amount: money header "Montant HT"
    until "Total HT"
  }
  rule totals: sum(items.amount) == net
}"""


def _scan() -> Any:
    """The invoice as a greyscale 200-dpi scan."""
    import numpy as np
    import pymupdf
    from PIL import Image, ImageDraw, ImageFont

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 60), "Papeterie Martin SARL", fontsize=14, fontname="hebo")
    page.insert_text((380, 60), "FACTURE", fontsize=16, fontname="hebo")
    page.insert_text((380, 90), "Facture N°", fontsize=10)
    page.insert_text((450, 90), "FA-2026-0042", fontsize=10)
    y = 200
    for x, head in ((50, "Désignation"), (300, "Qté"), (370, "P.U. HT"), (460, "Montant HT")):
        page.insert_text((x, y), head, fontsize=10, fontname="hebo")
    page.draw_line((48, y + 5), (545, y + 5), width=0.6)
    for desc, qty, price, amount in (("Ramette papier A4", "10", "4,50", "45,00"),
                                     ("Stylo bille bleu", "20", "0,80", "16,00")):
        y += 18
        page.insert_text((50, y), desc, fontsize=10)
        page.insert_text((300, y), qty, fontsize=10)
        page.insert_text((370, y), price, fontsize=10)
        page.insert_text((460, y), amount, fontsize=10)
    y += 40
    for label, value in (("Total HT", "61,00"), ("TVA 20 %", "12,20"),
                         ("Total TTC", "73,20")):
        page.insert_text((370, y), label, fontsize=10, fontname="hebo")
        page.insert_text((460, y), value, fontsize=10)
        y += 18
    page.draw_rect(pymupdf.Rect(*BPA), width=0.6)
    page.insert_text((BPA[0] + 6, BPA[1] + 16), "Bon pour accord", fontsize=10)
    pix = page.get_pixmap(dpi=DPI)
    img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    fonts = handwriting_fonts()
    font = next((f for f in fonts if f.name == "dkg.ttf"), fonts[0])
    ImageDraw.Draw(img).text(((BPA[0] + 20) * SCALE, (BPA[1] + 34) * SCALE), "05/03/2026",
                             font=ImageFont.truetype(str(font), 40), fill=(25, 35, 120))
    grey = np.array(img.convert("L")).astype(np.float32)
    grey += np.random.default_rng(3).normal(0, 4, grey.shape)
    return np.clip(grey, 0, 255).astype(np.uint8)


def _template(registry: Any, source: str = TEMPLATE) -> Any:
    (t,), diags = check_source(source, "facture.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return t


@pytest.fixture
def everything_looks_handwritten(monkeypatch: pytest.MonkeyPatch) -> None:
    """The style model at its worst: every line it judges is labelled handwritten (the
    journey's scans had "TVA 20 %", "P.U. HT" and "Total TTC" at P(handwritten) 0.77 to
    0.99)."""
    from formsift.plugins.handwriting.segment import HandwritingSegmenter

    label = HandwritingSegmenter.label

    def all_handwritten(self: Any, image: Any, regions: list[Any]) -> list[Any]:
        regions = label(self, image, regions)
        for r in regions:
            if r.kind == "text":
                r.kind, r.attrs["handwritten_p"] = "handwritten", 0.9
        return regions

    monkeypatch.setattr(HandwritingSegmenter, "label", all_handwritten)


@needs_ocr
def test_printed_words_outside_the_hinted_box_stay_printed(
        registry, tmp_path, everything_looks_handwritten):
    from formsift import Engine
    from formsift.samples import encode_png

    path = tmp_path / "facture.png"
    path.write_bytes(encode_png(_scan()))
    result = Engine(registry=registry, seen_store="memory").extract(path, _template(registry))
    record = result.record()
    # the printed values are read by the printed recognizer, as without the hint
    assert record["invoice_no"] == "FA-2026-0042"
    assert (record["net"], record["vat_rate"], record["total"]) == ("61.00", "20", "73.20")
    assert [(r["qty"], r["unit_price"]) for r in record["items"]] == [(10, "4.50"),
                                                                       (20, "0.80")]
    (page,) = result.page_info
    hand = [w for w in page.words if w.handwritten]
    box = Box(0.08, 0.81, 0.42, 0.90)
    assert hand and all(box.contains_center_of(Box(*w.box)) for w in hand), \
        [(w.text, w.box) for w in hand]
    for text in ("TVA", "Total", "TTC", "P.U.", "HT", "FA-2026-0042"):
        assert all(w.source == "ppocr_rec" for w in page.words if w.text == text), text
    # the hint still does what it is for: the date in its box is read as handwriting
    field = result.fields["approved_on"]
    assert field is not None and field.source == "crnn"
    assert str(field.value) == "2026-03-05"
    note = page.notes["handwriting"]
    assert note["read_as_handwriting"] >= 1 and len(note["hinted_areas"]) == 1
    assert result.status.value == "accepted", result.reasons


@needs_ocr
def test_the_scan_reads_the_same_with_or_without_the_hint(registry, tmp_path):
    """With the shipped style model: the printed values are the same with the hint as
    without it, and the hint adds the handwritten date."""
    from formsift import Engine
    from formsift.samples import encode_png

    path = tmp_path / "facture.png"
    path.write_bytes(encode_png(_scan()))
    engine = Engine(registry=registry, seen_store="memory")
    hinted = engine.extract(path, _template(registry)).record()
    plain = engine.extract(path, _template(registry, TEMPLATE.replace(
        "  field approved_on: date? = box(8%, 81%, 42%, 90%) handwritten\n", ""))).record()
    assert str(hinted.pop("approved_on")) == "2026-03-05"
    assert hinted == plain


# ------------------------------------------------------ where a hint looks (no OCR)
def _lines(*words: tuple[str, float, float, float, float]) -> list[Any]:
    return group_lines([Word(t, Box(x0, y0, x1, y1), 0, 0.99, "ppocr_rec")
                        for t, x0, y0, x1, y1 in words])


PAGE = _lines(("Received", 0.10, 0.50, 0.18, 0.52), ("by:", 0.185, 0.50, 0.21, 0.52),
              ("Article", 0.10, 0.20, 0.16, 0.22), ("Qty", 0.50, 0.20, 0.53, 0.22),
              ("ordered", 0.535, 0.20, 0.60, 0.22), ("Delivered", 0.70, 0.20, 0.79, 0.22),
              ("Total", 0.10, 0.40, 0.15, 0.42))


def _areas(registry: Any, body: str, printed: list[Any] = PAGE,
           routed: list[Any] | None = None) -> Any:
    from formsift.core.routing import hint_areas

    t = _template(registry, "template t {\n" + body + "\n}")
    return hint_areas(t, 0, 1, printed, printed if routed is None else routed)


def test_a_hint_right_of_a_label_looks_beside_the_label_only(registry):
    where, labels = _areas(registry, 'field who: text = right of "Received by:" handwritten')
    (area,) = where
    assert area.x0 >= 0.20 and area.y0 < 0.50 and area.y1 > 0.52 and area.y1 < 0.56
    assert not area.contains_center_of(Box(0.10, 0.20, 0.16, 0.22))  # "Article"
    assert labels == []  # the label was read as print: it stays print


def test_a_handwritten_column_looks_under_its_header_down_to_the_tables_end(registry):
    where, _ = _areas(registry, '''table items {
    article: text header "Article"
    qty_ordered: int header "Qty ordered"
    qty_delivered: int header "Delivered" handwritten
    until "Total"
  }''')
    (area,) = where
    assert area.x0 >= 0.59 and area.x1 == pytest.approx(1.0)
    assert area.y0 >= 0.21 and area.y1 <= 0.41
    assert not area.contains_center_of(Box(0.50, 0.25, 0.53, 0.27))  # the printed qty


def test_a_hint_that_can_use_any_text_looks_at_the_whole_page(registry):
    assert _areas(registry, "field note: text = anywhere handwritten") is None


def test_a_handwritten_label_is_found_in_the_handwritings_reading(registry):
    """A region placed below a handwritten "Bon pour accord": the label is read right only
    by the handwriting recognizer, and its line must reach it (a locator needs it)."""
    written = _lines(("Bon", 0.10, 0.80, 0.14, 0.82), ("pour", 0.15, 0.80, 0.20, 0.82),
                     ("accord", 0.21, 0.80, 0.29, 0.82))
    where, labels = _areas(registry, 'region bpa = below "Bon pour accord" size(40%, 6%)\n'
                           '  field approved_on: date? = in bpa handwritten',
                           routed=PAGE + written)
    (area,) = where
    assert area.y0 == pytest.approx(0.82 - 0.004) and area.x1 == pytest.approx(0.504)
    assert len(labels) == 1 and labels[0].y0 == pytest.approx(0.80)
