"""Thousands grouped by any of Unicode's spaces (nordic journey, finding 2): "16 200,00"
with a thin space (U+2009), as Swedish typography, LaTeX and some ERP PDFs group, was read
200.00 (its leading digits dropped), the record accepted because the rule still held."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.parsing import best, ctx, ftype

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

#: Every Unicode space separator (category Zs) that groups thousands in print: no-break,
#: narrow no-break, thin, hair, figure, punctuation, en, em, four- and six-per-em...
_SPACES = ["\u00a0", "\u202f", "\u2009", "\u200a", "\u2007", "\u2008", "\u2002", "\u2005",
           "\u2000", "\u2001", "\u2003", "\u2004", "\u2006", "\u205f"]


@pytest.mark.parametrize("space", _SPACES)
@pytest.mark.parametrize("locale", ["fr", "en", "de"])
def test_any_unicode_space_groups_thousands(registry, space, locale):
    dec = "." if locale == "en" else ","
    text = f"Summa 16{space}200{dec}00 kr"
    found = best(registry, "money", text, locale)
    assert found is not None and str(found.value) == "16200.00"
    assert str(ftype(registry, "money").parse(f"16{space}200{dec}00", ctx(locale))) == \
        "16200.00"
    assert str(best(registry, "decimal", f"1{space}234{space}567{dec}89", locale).value) \
        == "1234567.89"
    assert best(registry, "int", f"Qty 12{space}500", locale).value == 12500


@pytest.mark.parametrize("space", ["\u2009", "\u2007", "\u200a"])
def test_a_space_grouped_amount_is_not_read_in_part(registry, space):
    # with a sign, brackets and a currency around it
    assert str(best(registry, "money", f"Kredit -4{space}050,00 kr", "fr").value) == \
        "-4050.00"
    assert str(best(registry, "money", f"(1{space}250,00 €)", "fr").value) == "-1250.00"
    assert str(best(registry, "money", f"Total 20{space}250.00 USD", "en").value) == \
        "20250.00"


@pytest.mark.skipif(not _DEJAVU.is_file(), reason="fonts-dejavu-core not installed")
def test_a_pdf_with_thin_space_thousands(tmp_path):
    """The journey's reproduction (min/thinspace.pdf): 16 200,00 + 4 050,00 = 20 250,00
    with thin spaces gave 200.00 + 50.00 = 250.00, accepted."""
    import pymupdf

    from formsift import Engine

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="dj", fontfile=str(_DEJAVU))
    for y, text in ((100, "Summa exkl. moms 16\u2009200,00"), (120, "Moms 25 % 4\u2009050,00"),
                    (140, "Att betala 20\u2009250,00 kr")):
        page.insert_text((300, y), text, fontname="dj", fontsize=10)
    doc.save(tmp_path / "thin.pdf")
    (tmp_path / "t.sift").write_text(
        'template se {\n  currency "SEK"\n  decimal ","\n  thousands " "\n'
        '  field net: money = right of "Summa exkl. moms"\n'
        '  field vat: money = right of "Moms 25 %"\n'
        '  field total: money = right of "Att betala"\n'
        '  rule totals: net + vat == total\n}\n')
    result = Engine().extract(tmp_path / "thin.pdf", template=tmp_path / "t.sift")
    assert [str(result.field(n).value) for n in ("net", "vat", "total")] == \
        ["16200.00", "4050.00", "20250.00"]
