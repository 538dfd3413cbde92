"""Rings, slashed o's and umlauts read as two letters, put back from the line's pixels
(Nordic journey: "Kjøling" came out "Kjoling" on a scan, accepted at 0.88; payroll
journey: "Summe Abzüge" came out "Abzüïge")."""

from __future__ import annotations

import numpy as np
import pytest

from formsift.plugins.ocr.diacritics import restore, restore_spaced
from tests.drawing import draw_words, drawn_unaccented

#: what PP-OCR writes for the letters it has not (it has neither å nor ø)
_PLAIN = str.maketrans("åøÅØäöüÄÖÜéÉ", "aoAOaouAOUeE")


def _drawn(text: str, dpi: int = 144, fontsize: float = 16, margin: float = 8,
           font: str = "helv") -> tuple[object, list[tuple[str, float, float]]]:
    """``text`` drawn, and what a model that writes no accent, ring or slash reads."""
    return drawn_unaccented(text, _PLAIN, dpi, fontsize, margin, font)


def _restored(text: str, dpi: int = 144, font: str = "helv") -> str:
    img, chars = _drawn(text, dpi, font=font)
    return "".join(c[0] for c in restore(chars, img))


@pytest.mark.parametrize("dpi", [144, 200, 300])
@pytest.mark.parametrize("font", ["helv", "tiro", "hebo"])
@pytest.mark.parametrize("text", ["Nordlys Varme & Kjøling AS", "Deres ref. Ørjan Bø",
                                  "Københavns Rengøring ApS", "Å betale kr",
                                  "Björn Ödegård", "Beløp på fakturaen"])
def test_rings_and_slashed_os_come_back(text, font, dpi):
    """A slash through an o splits its counter in two (the upper piece on the left); a
    ring over an a is a round mark with paper inside, or a counter above the letter's
    top when it touches the letter."""
    assert _restored(text, dpi, font) == text


@pytest.mark.parametrize("dpi", [100, 144, 200, 300])
@pytest.mark.parametrize("font", ["helv", "tiro", "cour", "hebo"])
@pytest.mark.parametrize("text", ["Nordlys Varme & Kjoling AS", "Total amount 100,00",
                                  "Solo Oslo Bokmal", "Kontorsstol Ergo", "Faktura nr 4450",
                                  "Ragnar Lodbrok", "Going Good Books"])
def test_plain_os_and_as_stay_plain(text, font, dpi):
    assert _restored(text, dpi, font) == text


def _with_phantom_i(text: str, at: str, dpi: int) -> tuple[object, list, list[float]]:
    """``text`` drawn, read as PP-OCR read "Summe Abzüge" on the payroll scan: the
    umlaut's letter without its dots, and an "i" of the dots right after it."""
    img, chars = _drawn(text, dpi)
    k = text.index(at)
    ch, conf, x = chars[k]
    step = chars[k + 1][2] - x
    chars = [*chars[:k], (ch, conf, x - 0.1 * step), ("i", 0.91, x + 0.15 * step),
             *chars[k + 1:]]
    return img, chars, [0.0] * k + [0.0, 0.02] + [0.0] * (len(chars) - k - 2)


@pytest.mark.parametrize("dpi", [144, 200, 300])
@pytest.mark.parametrize(("text", "at"), [("Summe Abzüge", "ü"), ("Bezüge netto", "ü"),
                                          ("Bürostühle", "ü"), ("Gebühr für Käse", "ä")])
def test_an_umlauts_dots_read_as_an_i_are_its_mark(text, at, dpi):
    """The bug report: "Summe Abzüge" read "Abzüïge" on a clean 200 dpi scan: the model
    wrote the ü's two dots as an i of their own, and both letters took the dots."""
    img, chars, spaces = _with_phantom_i(text, at, dpi)
    out, out_spaces = restore_spaced(chars, spaces, img)
    assert "".join(c[0] for c in out) == text
    assert len(out_spaces) == len(out)
    assert out_spaces[text.index(at) + 1] == 0.02  # the i's space passes on


@pytest.mark.parametrize("text", ["Ruine Suite", "Quittung", "fluid guide"])
def test_a_real_i_after_a_u_stays(text):
    assert _restored(text, 200) == text


@pytest.mark.parametrize("dpi", [144, 200])
def test_a_ring_run_into_its_letter_comes_back(dpi):
    """On a 200 dpi scan the ring of "Åsa Öberg" had run into the A's apex: one piece of
    ink, with a small counter of paper above the A's own."""
    import cv2
    import numpy as np

    img, chars = _drawn("Asa Oberg", dpi)
    x = round(chars[0][2] * img.shape[1])  # the A's middle
    rows = np.nonzero((img[:, x - 1:x + 2].min(axis=2) < 128).any(axis=1))[0]
    top = int(rows.min())  # its apex
    r = max(2, round(dpi / 60))
    cv2.circle(img, (x, top - r + 1), r, (0, 0, 0), max(1, dpi // 100))
    assert "".join(c[0] for c in restore(chars, img)) == "Åsa Oberg"


def test_a_mark_not_read_leaves_its_letter_unsure():
    """Where the pixels show an accent over a letter that cannot be put back (here a
    caron over an o, a letter no language gives one), the letter keeps what the model
    wrote, no longer at the model's confidence: a value holding it must not be accepted
    as sure. Letters with nothing over them, or a lone dot or bar (a receipt's dirt),
    keep their confidence."""
    import cv2

    img, chars = _drawn("Total amount", 200)
    k = [c[0] for c in chars].index("o", 4)  # amount's o
    x = round(chars[k][2] * img.shape[1])
    rows = (img[:, x - 2:x + 3].min(axis=2) < 128).any(axis=1).nonzero()[0]
    top = int(rows.min())
    plain = img.copy()
    cv2.polylines(img, [np.array([[x - 5, top - 9], [x, top - 4], [x + 5, top - 9]])],
                  False, (0, 0, 0), 2)
    out = restore(chars, img)
    assert "".join(c[0] for c in out) == "Total amount"
    assert out[k][1] <= 0.5
    assert all(c[1] == 0.95 for j, c in enumerate(out) if j != k)
    plain[top - 6:top - 3, x - 1:x + 2] = 0  # a dot
    assert all(c[1] == 0.95 for c in restore(chars, plain))


def _ae_read_as_two(text: str, dpi: int, font: str = "helv", squeeze: float = 0.0
                    ) -> tuple[object, list]:
    """``text`` drawn, each æ read as PP-OCR reads it: "a" then "e" ("Baerum" for
    "Bærum"); ``squeeze`` points taken from the gap after every "a" (letters that touch)."""
    import pymupdf

    x, placed, chars = 8.0, [], []
    for k, ch in enumerate(text):
        w = pymupdf.get_text_length(ch, fontname=font, fontsize=16)
        if ch != " ":
            placed.append((x, ch))
        if ch == "æ":
            chars += [("a", 0.95, x + w / 4), ("e", 0.95, x + 3 * w / 4)]
        else:
            chars.append((ch.translate(_PLAIN), 0.95, x + w / 2))
        x += w - (squeeze if ch == "a" and text[k + 1:k + 2] == "e" else 0.0)
    width = x + 8
    img = draw_words(placed, width, fontsize=16, dpi=dpi, font=font)
    return img, [(c, p, cx / width) for c, p, cx in chars]


@pytest.mark.parametrize("dpi", [144, 200, 300])
@pytest.mark.parametrize("font", ["helv", "tiro", "hebo"])
def test_an_ae_read_as_two_letters_comes_back(font, dpi):
    """PP-OCR reads æ as "ae" (the Nordic scans' "Baerum", "naeste"): the two letters on
    one piece of ink narrower than the line's own a and e side by side are one æ (the
    line must show an a and an e of their own to measure the pair against)."""
    img, chars = _ae_read_as_two("Bærum Rør a/s, næste betaling", dpi, font)
    assert "".join(c[0] for c in restore(chars, img)) == "Bærum Rør a/s, næste betaling"


@pytest.mark.parametrize("dpi", [144, 200, 300])
@pytest.mark.parametrize("font", ["helv", "tiro", "hebo"])
def test_a_real_a_and_e_stay_two_letters(font, dpi):
    """A real "ae" stays, its letters apart or touching (squeezed together: as wide as
    both)."""
    img, chars = _ae_read_as_two("Michael aerial Raphael", dpi, font)
    assert "".join(c[0] for c in restore(chars, img)) == "Michael aerial Raphael"
    img, chars = _ae_read_as_two("Michael aerial Raphael", dpi, font, squeeze=1.2)
    assert "".join(c[0] for c in restore(chars, img)) == "Michael aerial Raphael"
