"""Umlauts and sharp s the recognizer cannot write, put back from the line's pixels."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.diacritics import restore
from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests.drawing import draw_line, drawn_unaccented

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")


_PLAIN = str.maketrans("äöüÄÖÜßàâçèéêëîïôùûñÇíìáó", "aouAOUBaaceeeeiiouunCiiao")


def _drawn(text: str, dpi: int = 144, fontsize: float = 16, margin: float = 8,
           font: str = "helv") -> tuple[object, list[tuple[str, float, float]]]:
    """``text`` drawn, and what a model that writes no accent would read."""
    return drawn_unaccented(text, _PLAIN, dpi, fontsize, margin, font)


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
    """A slanted mark over an i is not told from its own dot drawn askew (italics, blur)
    where the line has no plain i's dot to compare it with, and a grave never: "Sofía
    María" stays "Sofia Maria" as the model read it; î and ï (wedge, two dots) still come
    back."""
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


def _ink_bottom(img, chars, k: int) -> tuple[int, int]:
    """The centre column of character ``k`` and the lowest inked row in its middle."""
    import numpy as np

    w = img.shape[1]
    x = round(chars[k][2] * w)
    rows = np.nonzero((img[:, x - 2:x + 3].min(axis=2) < 128).any(axis=1))[0]
    return x, int(rows.max())


def _speckle(img, chars, keep: int, size: tuple[int, int], above: bool) -> None:
    """Blobs of ``size`` (width, height) over (``above``) or under a few letters other than
    ``keep``, as a fax's speckle scatters them."""
    import numpy as np

    for k, (ch, _, _) in enumerate(chars):
        if k != keep and ch.isalpha() and ch not in "gjpqy" and k % 3 == 0:
            x, bottom = _ink_bottom(img, chars, k)
            ink = (img[:, x - 2:x + 3].min(axis=2) < 128).any(axis=1)
            y = int(np.nonzero(ink)[0].min()) - 3 - size[1] if above else bottom + 3
            img[y:y + size[1], x - size[0] // 2:x + (size[0] + 1) // 2] = 0


@pytest.mark.parametrize("dpi", [144, 200, 300])
def test_a_speck_under_a_c_is_no_cedilla(dpi):
    """The bug report: on a faxed invoice "Suction catheter CH14" came out as
    "Suction çatheter CH14" because one speckle dot lay under the c. A dot no taller than
    the line's strokes are wide is no tail."""
    img, chars = _drawn("Suction catheter CH14", dpi)
    k = [c[0] for c in chars].index("c", 3)  # catheter's c
    x, bottom = _ink_bottom(img, chars, k)
    stroke = max(2, round(dpi / 50))  # Helvetica's stem at 16 pt: 3 px at 144 dpi, 6 at 300
    img[bottom + 2:bottom + 2 + stroke, x - 1:x - 1 + stroke] = 0
    assert "".join(c[0] for c in restore(chars, img)) == "Suction catheter CH14"


def test_a_tail_like_the_lines_dirt_is_no_cedilla():
    """A tail under a c counts only on a line without other unexplained ink of its size:
    on a speckled fax line a blob stuck under a c is one more speck."""
    img, chars = _drawn("Suction catheter CH14", 200)
    k = [c[0] for c in chars].index("c", 3)
    x, bottom = _ink_bottom(img, chars, k)
    img[bottom + 1:bottom + 8, x - 2:x + 2] = 0  # a tail's size, joined: 4 wide, 7 tall
    alone = img.copy()
    # specks of the same size where nothing stopped cedillas so far (ink over the letters
    # or under letters that cannot carry a tail did): under the C, as on the fax, and
    # in the gap between two words
    big_c = [c[0] for c in chars].index("C")
    x, low = _ink_bottom(img, chars, big_c)
    img[low + 3:low + 10, x - 2:x + 2] = 0
    gap = round(chars[k - 1][2] * img.shape[1])  # the space before catheter
    img[bottom - 14:bottom - 7, gap - 2:gap + 2] = 0
    assert "".join(c[0] for c in restore(chars, img)) == "Suction catheter CH14"
    # the same tail on an otherwise clean line is taken for a cedilla
    assert "".join(c[0] for c in restore(chars, alone)) == "Suction çatheter CH14"


def test_a_flat_speck_over_an_a_on_a_speckled_line_is_no_umlaut():
    """A single flat mark over an a is a diaeresis run together only where the line holds
    no dirt like it."""
    img, chars = _drawn("Total amount", 200)
    k = [c[0] for c in chars].index("a", 4)  # amount's a
    x = round(chars[k][2] * img.shape[1])
    rows = (img[:, x - 2:x + 3].min(axis=2) < 128).any(axis=1).nonzero()[0]
    top = int(rows.min())
    img[top - 7:top - 4, x - 6:x + 6] = 0  # 12 x 3: two dots merged into a bar
    assert "".join(c[0] for c in restore(chars, img.copy())) == "Total ämount"
    # (specks above the letters already stopped umlauts: these lie under the line)
    _speckle(img, chars, k, (12, 3), above=False)
    assert "".join(c[0] for c in restore(chars, img)) == "Total amount"
