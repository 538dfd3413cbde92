"""Umlauts and sharp s the recognizer cannot write, put back from the line's pixels."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.diacritics import restore
from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests.drawing import draw_line, draw_words

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")


def _drawn(text: str, dpi: int = 144, fontsize: float = 16, margin: float = 8,
           font: str = "helv") -> tuple[object, list[tuple[str, float, float]]]:
    """``text`` drawn character by character (PyMuPDF measures a string holding accented
    letters shorter than its letters, so they are placed one by one), and what a model
    that writes no accent would read: (char, confidence, centre as a fraction of the
    strip's width)."""
    import pymupdf

    plain = str.maketrans("äöüÄÖÜßàâçèéêëîïôùûñÇíìáó", "aouAOUBaaceeeeiiouunCiiao")
    x, placed, chars = margin, [], []
    for ch in text:
        w = pymupdf.get_text_length(ch, fontname=font, fontsize=fontsize)
        if ch != " ":
            placed.append((x, ch))
        chars.append((ch.translate(plain), 0.95, x + w / 2))
        x += w
    width = x + margin
    img = draw_words(placed, width, fontsize=fontsize, dpi=dpi, font=font)
    return img, [(c, p, cx / width) for c, p, cx in chars]


def _restored(text: str, dpi: int = 144, font: str = "helv") -> str:
    """``text`` drawn, read by a model that writes no accent, and restored."""
    img, chars = _drawn(text, dpi, font=font)
    return "".join(c[0] for c in restore(chars, img))


@pytest.mark.parametrize("dpi", [100, 144, 200])
@pytest.mark.parametrize("text", ["Bürostuhl", "Monitorständer", "Hefter groß",
                                  "Hafenstraße 20", "Überweisung", "Öl und Äpfel",
                                  "Fällig am"])
def test_dots_and_round_corners_on_the_page_come_back(text, dpi):
    assert _restored(text, dpi) == text


@pytest.mark.parametrize("dpi", [144, 200, 300])
@pytest.mark.parametrize("text", ["Siège social à Orléans", "Noël Garçon Forêt", "Crème brûlée",
                                  "Ça coûte très cher, déjà payé", "Señor Añejo",
                                  "naïf maître île", "Désignation Quantité"])
def test_french_and_spanish_accents_come_back(text, dpi):
    """The mark's shape decides: a stroke rising to the right is acute, falling grave,
    a wedge circumflex, two dots a diaeresis; a tail under a c a cedilla."""
    assert _restored(text, dpi) == text


@pytest.mark.parametrize("text", ["Total Qty", "Amount", "Kuala Lumpur", "Please come again",
                                  "TAX INVOICE", "Sabtu 12:30", "Coca-Cola 320ml",
                                  "Mitarbeiter in Freiburg", "Nice cinema", "Cancel",
                                  "Sofia Rossi"])
def test_plain_vowels_stay_plain(text):
    assert _restored(text) == text


@pytest.mark.parametrize("dpi", [100, 144, 200, 300])
@pytest.mark.parametrize("font", ["tiit", "helv", "tiro", "cour"])
def test_an_is_dot_is_no_accent(font, dpi):
    """The bug report: a receiver's name on a degraded scan came out as "Sofìa Rossi"."""
    assert _restored("Sofia Rossi with fine print", dpi, font) == "Sofia Rossi with fine print"


@pytest.mark.parametrize("dpi", [144, 200, 300])
def test_an_i_takes_no_acute_or_grave(dpi):
    """A slanted mark over an i is not told from its own dot drawn askew (italics, blur),
    so an i keeps no acute or grave accent: "Sofía" stays "Sofia" as the model read it;
    î and ï (wedge, two dots) still come back."""
    img, chars = _drawn("Sofía María", dpi)
    assert "".join(c[0] for c in restore(chars, img)) == "Sofia Maria"
    assert _restored("naïf maître", dpi) == "naïf maître"


@pytest.mark.parametrize("text", ["YouBike", "MacBook", "eBay", "BOB", "Bob"])
def test_a_real_b_stays_a_b(text):
    """A ``B`` after a vowel in a lower-case word has a square top-left corner: no ß."""
    assert _restored(text) == text


def test_specks_above_a_line_are_no_umlauts():
    """Dirt or the bottom of the line above, over and beside the vowels, is not read as
    dots: marks away from any vowel make the whole line's marks untrustworthy."""
    img, chars = _drawn("Total amount")
    w = img.shape[1]
    for x in range(4, w - 4, 9):  # a row of specks across the strip, above the letters
        img[3:6, x:x + 3] = 0
    assert "".join(c[0] for c in restore(chars, img)) == "Total amount"


def test_nothing_to_restore_leaves_the_characters_alone():
    chars = [("1", 0.9, 0.2), ("2", 0.9, 0.5)]
    assert restore(chars, draw_line("12")) is chars
    _, chars = _drawn("Bürostuhl")
    assert restore(chars, None) == chars


@needs_models
def test_the_recognizer_reads_german_words_with_their_umlauts(registry):
    from formsift.core.document import Page
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion

    def read(rec, img):
        page = Page(0, img.shape[1], img.shape[0], "px")
        return " ".join(w.text for w in rec.recognize(img, page, [TextRegion(Box(0, 0, 1, 1))]))

    img = draw_line("Hefter groß für Bürostühle", dpi=200)
    rec = registry.create("recognizer", "ppocr_rec")
    off = registry.create("recognizer", "ppocr_rec", {"diacritics": False})
    # (word spaces are another component's business)
    assert read(rec, img).replace(" ", "") == "HeftergroßfürBürostühle"
    assert "ß" not in read(off, img)  # the model alone cannot write it


@needs_models
def test_a_receivers_name_on_a_degraded_scan_keeps_its_plain_i():
    """The bug report, end to end: the generated delivery note whose receiver "Sofia Rossi"
    came out as "Sofìa Rossi" (the i's dot, blurred and noisy, taken for a grave accent)."""
    from formsift import Engine
    from formsift.samples import encode_png, generate, render_scan

    sample = generate("delivery_note", 10)
    png = encode_png(render_scan(sample.pdf, 200, "all", 10)[0])
    result = Engine().extract(png, "delivery_note")
    assert result.fields["received_by"].value == sample.truth["received_by"] == "Sofia Rossi"
