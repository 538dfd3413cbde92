"""A region beside a label that is a ruled box's caption stops at the box's rulings when
it was sized about the box: a CMR's `region sender = below "1 Absender" size(45%, 8%)`
is the sender's box, not also the caption and address of the box under it. A region drawn
well past the box, and any region on a page without rulings, is taken as written."""

from __future__ import annotations

from formsift import Engine
from formsift.templates import compile_template

SENDER = ["Polska Meble Sp. z o.o.", "ul. Lesna 7", "62-800 Kalisz, PL"]
CONSIGNEE = ["Mobel Haus GmbH", "Lagerweg 3", "86150 Augsburg, DE"]


def cmr_pdf(ruled: bool = True) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for (x0, y0, x1, y1), caption, lines in (
            ((30, 60, 300, 130), "1 Absender (Name, Anschrift, Land) / Sender", SENDER),
            ((30, 130, 300, 200), "2 Empfänger / Consignee", CONSIGNEE)):
        if ruled:
            page.draw_rect(pymupdf.Rect(x0, y0, x1, y1), color=(0, 0, 0), width=0.6)
        page.insert_text((x0 + 5, y0 + 8), caption, fontsize=6, fontname="helv")
        for i, text in enumerate(lines):
            page.insert_text((x0 + 5, y0 + 20 + 11 * i), text, fontsize=9, fontname="helv")
    data = doc.tobytes()
    doc.close()
    return data


def template(height: str) -> str:
    return f"""template cmr {{
  locale "de_DE"
  region sender_box = below "1 Absender" size(45%, {height})
  field sender: text = search /^(.+)$/ in sender_box each line combine join
}}"""


def sender(pdf: bytes, height: str) -> str:
    result = Engine(templates=[], seen_store="memory").extract(
        pdf, compile_template(template(height)), name="cmr.pdf")
    return result.fields["sender"].value


def test_a_region_under_a_box_caption_stops_at_the_box():
    """A user's bug (journey shipping, finding 7): with size(45%, 8%) (the box is 70 pt
    high) the sender ran on into the next box: '... 62-800 Kalisz, PL 2 Empfänger /
    Consignee', accepted."""
    assert sender(cmr_pdf(), "8%") == " ".join(SENDER)
    assert sender(cmr_pdf(), "6.5%") == " ".join(SENDER)


def test_a_region_drawn_well_past_its_box_or_on_a_page_without_rulings_is_as_written():
    assert "Empfänger" in sender(cmr_pdf(), "20%")  # across boxes, on purpose
    assert "Empfänger" in sender(cmr_pdf(ruled=False), "8%")
