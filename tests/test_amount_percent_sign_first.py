"""A percent sign written before its number, as Turkish invoices write it (mediterranean
journey, finding 4): 'KDV Oranı: %20' and 'Tevkifat: % 5' were "not a number" to the
percent type, and 'pattern /%\\s?\\d+/' found "no percent". A sign that closes the number
before it ('20% 5') stays that number's."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, extract_text, ftype


@pytest.mark.parametrize("text, value", [
    ("KDV Oranı: %20", "20"),
    ("Tevkifat: % 5", "5"),
    ("KDV (%10) 100,00 TL", "10"),
    ("HESAPLANAN KDV (%20)", "20"),
    ("KDV %18", "18"),
    ("İskonto %12,5", "12.5"),
    ("KDV ％20", "20"),
])
@pytest.mark.parametrize("sign", ["required", "optional"])
def test_a_sign_before_the_number(registry, text, value, sign):
    found = best(registry, "percent", text, locale="tr", sign=sign)
    assert found is not None and str(found.value) == value


@pytest.mark.parametrize("text, values", [
    ("20% 5", ["20"]),          # the sign closes 20: 5 is no percentage
    ("20 % 5", ["20"]),
    ("20% %5", ["20", "5"]),
    ("KDV 20% 18%", ["20", "18"]),
    ("Adet 5 Tutar 100", []),   # no sign at all
])
def test_a_sign_closing_the_number_before_stays_its(registry, text, values):
    found = ftype(registry, "percent").find(text, ctx("tr"))
    assert sorted(str(f.value) for f in found) == sorted(values)


@pytest.mark.parametrize("raw, value", [("%20", "20"), ("% 5", "5"), ("20%", "20"),
                                        ("%12,5", "12.5")])
def test_parse_with_the_sign_first(registry, raw, value):
    assert str(ftype(registry, "percent").parse(raw, ctx("tr"))) == value


def test_a_number_glued_after_a_percent_sign_is_no_amount(registry):
    found = best(registry, "money", "KDV %20 240,00 TL", locale="tr")
    assert str(found.value) == "240.00"
    assert best(registry, "money", "KDV %20", locale="tr") is None


TEMPLATE = """template t {
  locale "tr"
  match { contains "Fatura" }
  field kdv_rate: percent = right of "KDV Oranı"
  field tevkifat: percent = right of "Tevkifat"
  field kdv10: percent = pattern /%\\s?\\d+/
}
"""


def test_a_turkish_invoice_s_rates(tmp_path):
    text = "Fatura\nKDV Oranı: %20\nİndirim Oranı: 20%\nKDV (%10) 100,00 TL\nTevkifat: % 5\n"
    result = extract_text(tmp_path, TEMPLATE, text)
    assert {n: str(result.fields[n].value) for n in ("kdv_rate", "tevkifat", "kdv10")} == \
        {"kdv_rate": "20", "tevkifat": "5", "kdv10": "20"}
