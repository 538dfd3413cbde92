"""Every dash that stands for a minus (ceeu journey, finding 1): a PDF whose font maps its
hyphen glyph to the soft hyphen U+00AD ('€ \\u00ad1.000,00', Liberation Sans through
PyMuPDF, as many generators do) gave a credit note read positive, net + vat == total
holding with every sign flipped: accepted."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, ftype

#: soft hyphen, figure dash, small and full-width hyphen-minus, beside the hyphen-minus,
#: hyphen, non-breaking hyphen, en dash and minus sign read before
_DASHES = ["\u00ad", "\u2012", "\ufe63", "\uff0d", "-", "\u2010", "\u2011", "\u2013",
           "\u2212"]


@pytest.mark.parametrize("dash", _DASHES)
def test_a_dash_before_or_after_the_digits_is_a_minus(registry, dash):
    assert str(best(registry, "money", f"Totale € {dash}1.220,00", "it").value) == "-1220.00"
    assert str(best(registry, "money", f"Totale €\u00a0{dash}1.000,00", "it").value) == \
        "-1000.00"
    assert str(best(registry, "money", f"Rabat: {dash}150,00 zł", "pl").value) == "-150.00"
    assert str(best(registry, "money", f"Gutschrift 150,00{dash}", "de").value) == "-150.00"
    assert str(best(registry, "money", f"Credit {dash}$1,234.56", "en").value) == "-1234.56"
    assert str(best(registry, "decimal", f"Diff {dash}0.75", "en").value) == "-0.75"
    assert best(registry, "int", f"Delta {dash}12", "en").value == -12
    assert str(ftype(registry, "money").parse(f"{dash}1 000,00", ctx("fr"))) == "-1000.00"
    assert str(ftype(registry, "money").parse(f"1 000,00{dash}", ctx("fr"))) == "-1000.00"
    assert str(ftype(registry, "money").parse(f"({dash}) 0.40", ctx("en"))) == "-0.40"


@pytest.mark.parametrize("dash", ["\u00ad", "\u2012", "\ufe63", "\uff0d"])
def test_such_a_dash_between_numbers_is_no_minus(registry, dash):
    # a range or a date, an identifier: not read in part, nor as a negative number
    assert best(registry, "money", f"Period 01{dash}03", "en") is None or \
        best(registry, "money", f"Period 01{dash}03", "en").value >= 0
    found = ftype(registry, "money").find(f"Ref 2026{dash}0147 Total 12,50 €", ctx("de"))
    assert [str(f.value) for f in found] == ["12.50"]


def test_a_credit_note_with_soft_hyphens_is_negative(tmp_path):
    """The journey's reproduction (min/nc_liberation.pdf): net, vat and total of a nota di
    credito written with U+00AD came out positive and were accepted."""
    from formsift import Engine

    (tmp_path / "nc.txt").write_text(
        "NOTA DI CREDITO\nImponibile: €\u00a0\u00ad1.000,00\nIVA 22%: €\u00a0\u00ad220,00\n"
        "Totale documento: €\u00a0\u00ad1.220,00\n", encoding="utf-8")
    (tmp_path / "t.sift").write_text(
        'template nc {\n  locale "it_IT"\n  currency "EUR"\n'
        '  field net: money = right of "Imponibile:"\n'
        '  field vat: money = right of "IVA 22%:"\n'
        '  field total: money = right of "Totale documento:"\n'
        '  rule totals: net + vat == total\n}\n', encoding="utf-8")
    result = Engine().extract(tmp_path / "nc.txt", template=tmp_path / "t.sift")
    assert [str(result.field(n).value) for n in ("net", "vat", "total")] == \
        ["-1000.00", "-220.00", "-1220.00"]
