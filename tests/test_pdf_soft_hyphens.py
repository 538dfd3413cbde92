"""PDF text layers: a soft hyphen that fonts' character maps give a drawn hyphen is the
hyphen (or minus sign) the page shows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from formsift.core.engine import Engine
from tests.drawing import pdf_in_font

LIBERATION = Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry)


_pdf = pdf_in_font


def _mupdf_words(pdf: bytes) -> list[str]:
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return [w[4] for w in doc[0].get_text("words")]


def _words(engine, pdf: bytes) -> list[str]:
    return [w.text for w in engine.load(pdf, name="t.pdf").pages[0].words]


# -- soft hyphens --------------------------------------------------------------------


def test_a_drawn_hyphen_given_as_a_soft_hyphen_is_a_hyphen(engine, tmp_path):
    """A credit note from PyMuPDF with Liberation Sans (whose character map gives the
    hyphen glyph U+00AD, as many generators' fonts do): its amounts were read positive
    and accepted, its ISO date read as no date and its hyphenated NIP kept invisible
    soft hyphens (a checksum failed on 'valid' text a terminal shows as '526-025-09-95')."""
    pdf = _pdf(LIBERATION, [(40, 60, "NOTA DI CREDITO"),
                            (40, 80, "NIP"), (200, 80, "526-025-09-95"),
                            (40, 100, "Data"), (200, 100, "2026-12-04"),
                            (40, 120, "Imponibile"), (200, 120, "€ -1.000,00"),
                            (40, 140, "Rabat"), (200, 140, "-150,00"),
                            (40, 160, "Totale"), (200, 160, "€\u00a0-1\u00a0220,00")])
    assert "\u00ad150,00" in _mupdf_words(pdf)  # (the font's map, as the users' PDFs)
    words = _words(engine, pdf)
    assert "\u00ad" not in "".join(words)
    assert {"526-025-09-95", "2026-12-04", "-1.000,00", "-150,00",
            "-1\u00a0220,00"} <= set(words)
    (tmp_path / "t.sift").write_text(
        'template nc {\n locale "it_IT"\n currency "EUR"\n'
        ' field nip: text = right of "NIP"\n field date: date = right of "Data"\n'
        ' field net: money = right of "Imponibile"\n field discount: money = right of "Rabat"\n'
        ' field total: money = right of "Totale"\n}\n')
    result = engine.extract(pdf, tmp_path / "t.sift")
    assert result.value("nip") == "526-025-09-95"
    assert str(result.value("date")) == "2026-12-04"
    assert result.value("net") == Decimal("-1000.00")
    assert result.value("discount") == Decimal("-150.00")
    assert result.value("total") == Decimal("-1220.00")


def test_other_dashes_are_kept_as_drawn():
    from formsift.plugins.loaders.pdf import _visible_hyphens

    words = [(0, 0, 1, 1, "\u2011150,00", 0, 0, 0), (2, 0, 3, 1, "a\u00adb", 0, 0, 1)]
    assert [w[4] for w in _visible_hyphens(iter(words))] == ["\u2011150,00", "a-b"]
    assert next(_visible_hyphens(iter(words))) is words[0]
