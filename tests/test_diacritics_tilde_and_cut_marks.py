"""Names silently altered on printed and block-capital ID copies (HR new-hire journey,
finding 1): a tilde over A was read as two dots run together ('JOÃO' -> 'JOÄO', accepted),
capitals' accents cut off by a tight line box left 'HÉLÈNE' as 'HELENE' at 0.98, and a
letter doubted for its mark (UNREAD_MARK 0.5) still let its name through at 0.86, above
free text's doubted-character level (0.45). Drawn in installed faces, read without the
marks, restored."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pytest

from formsift.plugins.ocr.diacritics import UNREAD_MARK, restore
from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from formsift.templates.confidence import UNSURE_TEXT_CHARACTER
from tests.test_diacritics_central import _drawn

TT = Path("/usr/share/fonts/truetype")
OT = Path("/usr/share/fonts/opentype")
PRINT = (TT / "dejavu/DejaVuSans-Bold.ttf", TT / "dejavu/DejaVuSans.ttf",
         TT / "dejavu/DejaVuSerif.ttf", TT / "liberation/LiberationSans-Regular.ttf",
         TT / "freefont/FreeMono.ttf")
COMIC = OT / "comic-neue/ComicNeue-Regular.otf"


def _read(text: str, font: Path, dpi: int, size: float, tight: bool = False):
    """``text`` as the model reads it (no marks), restored; ``tight``: the crop cut
    through the marks over the capitals, as a detector's box drawn close round a line of
    capitals cuts it (a plain line's crop starts at its capitals' top)."""
    img, chars = _drawn(text, font, dpi, fontsize=size,
                        readings={k: unicodedata.normalize("NFD", c)[0]
                                  for k, c in enumerate(text)})
    if tight:  # the marks' top third cut off
        plain, _ = _drawn(unicodedata.normalize("NFD", text).encode("ascii", "ignore")
                          .decode(), font, dpi, fontsize=size)
        img = np.ascontiguousarray(img[_top(img) + (_top(plain) - _top(img)) // 3:])
    return restore(chars, img)


def _top(img) -> int:
    return int(np.nonzero((img.min(axis=2) < 128).any(axis=1))[0][0])


def test_a_doubted_mark_sends_free_text_to_review():
    assert UNREAD_MARK < UNSURE_TEXT_CHARACTER


@pytest.mark.parametrize("dpi", [150, 200, 300])
@pytest.mark.parametrize("font", [*PRINT, COMIC])
@pytest.mark.parametrize("text", ["JOÃO PEDRO", "CAMÕES", "SÃO TOMÉ"])
def test_a_tilde_over_a_or_o_is_never_another_accent(text, font, dpi):
    """Ã and Õ come back, or the letter is doubted: never Ä, Ö or a plain letter at the
    model's confidence."""
    if not font.exists():
        pytest.skip(f"{font} not installed")
    out = _read(text, font, dpi, 10 if font != COMIC else 15)
    for want, (got, conf, _) in zip(text, out, strict=True):
        if want in "ÃÕ":
            assert got == want or (got == unicodedata.normalize("NFD", want)[0]
                                   and conf <= UNREAD_MARK), (got, conf)


@pytest.mark.parametrize(("text", "font", "dpi"), [
    ("JOÃO PEDRO GONÇALVES", COMIC, 200), ("SÃO PAULO", PRINT[0], 200),
    ("JOÃO PEDRO", PRINT[0], 200), ("CAMÕES", PRINT[0], 300)])
def test_a_clear_tilde_is_put_back(text, font, dpi):
    out = _read(text, font, dpi, 10 if font != COMIC else 15)
    assert "".join(c[0] for c in out) == text


@pytest.mark.parametrize("dpi", [200, 300])
@pytest.mark.parametrize("text", ["HÉLÈNE", "JOÃO", "ÉLODIE"])
def test_an_accent_the_crop_cut_leaves_its_capital_doubted(text, dpi):
    """(At 150 dpi drawn as is, what the cut leaves of a mark is a speck of two pixels;
    the recognizer's crops are larger: the end-to-end test below reads one.)"""
    out = _read(text, PRINT[0], dpi, 10, tight=True)
    for want, (got, conf, _) in zip(text, out, strict=True):
        if want != unicodedata.normalize("NFD", want)[0]:
            assert got == want or conf <= UNREAD_MARK, (want, got, conf)


@pytest.mark.parametrize("dpi", [150, 200])
@pytest.mark.parametrize("font", PRINT)
@pytest.mark.parametrize("text", ["ANNA LENA SCHMIDT", "JOHN PETER MORGAN", "OLIVER BAUER"])
def test_plain_capitals_in_a_tight_crop_are_left_alone(text, font, dpi):
    if not font.exists():
        pytest.skip(f"{font} not installed")
    out = _read(text, font, dpi, 10, tight=True)
    assert "".join(c[0] for c in out) == text
    assert min(c[1] for c in out) > UNREAD_MARK


ID_COPY = 'template id_copy {\n  field given_names: text = below "Given names"\n}\n'


def _id_copy(name: str, dpi: int) -> bytes:
    """An identity card's names as a copy shows them: captions in grey 7 pt, the values
    in bold 10 pt capitals, scanned at ``dpi``."""
    import pymupdf

    from formsift.samples import encode_png, render_scan

    doc = pymupdf.open()
    page = doc.new_page(width=420, height=200)
    page.insert_font(fontname="dvb", fontfile=str(PRINT[0]))
    for k, (caption, value) in enumerate((("Surname", "SCHMIDT"), ("Given names", name))):
        page.insert_text((60, 60 + 24 * k), caption, fontsize=7, color=(0.3, 0.3, 0.3))
        page.insert_text((60, 71 + 24 * k), value, fontsize=10, fontname="dvb")
    return encode_png(render_scan(doc.tobytes(), dpi, "clean", 0)[0])


@pytest.mark.skipif(not models_available(), reason=f"OCR models not installed ({INSTALL_HINT})")
@pytest.mark.parametrize("dpi", [150, 200])
def test_a_printed_name_whose_accents_the_box_cut_goes_to_review(tmp_path, dpi):
    """The journey's copy of a French passport: 'HÉLÈNE' read 'HELENE' at 0.89, accepted
    (the detector's box cuts the accents over the capitals)."""
    from formsift import Engine

    if not PRINT[0].exists():
        pytest.skip(f"{PRINT[0]} not installed")
    (tmp_path / "id.sift").write_text(ID_COPY)
    result = Engine().extract(_id_copy("HÉLÈNE", dpi), template=tmp_path / "id.sift")
    value = result.fields["given_names"]
    assert value.value == "HÉLÈNE" or (value.confidence < 0.5 and result.status == "review")
