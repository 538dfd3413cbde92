"""The pesos that write "$", and the marks of Latin-American currencies (latam2 journey,
F4-F7): "$" beside an amount was a currency_mismatch (US dollars) in every ARS, CLP, COP
and UYU template; in a Chilean template without a currency it was USD, accepted; "$U"
(the Uruguayan peso) was USD, "S/" (the sol) and "UF" (unidades de fomento) no currency,
so that "UF 30,00" passed as 30 pesos."""

from __future__ import annotations

import pytest

from tests.parsing import best, extract_text

TEMPLATE = """template t {
  %s
  field net: money = right of "Neto"
  field vat: money = right of "IVA"
  field total: money = right of "Total"
  rule totals: net + vat == total
}"""


def _currencies(result):
    return {name: getattr(fv.value, "currency", None) for name, fv in result.fields.items()}


@pytest.mark.parametrize("locale, currency, text", [
    ("es_CL", "CLP", "Neto $ 1.234\nIVA $ 234\nTotal $ 1.468\n"),
    ("es_AR", "ARS", "Neto $1.000,00\nIVA $210,00\nTotal $1.210,00\n"),
    ("es_CO", "COP", "Neto $ 100.000\nIVA $ 19.000\nTotal $ 119.000\n"),
    ("es_UY", "UYU", "Neto $ 1.000,00\nIVA $ 220,00\nTotal $ 1.220,00\n"),
    ("es", "DOP", "Neto $1.000,00\nIVA $180,00\nTotal $1.180,00\n"),
])
def test_a_dollar_sign_is_the_templates_peso(tmp_path, locale, currency, text):
    result = extract_text(tmp_path, TEMPLATE % f'locale "{locale}" currency "{currency}"',
                          text)
    assert result.status == "accepted", result.reasons
    assert set(_currencies(result).values()) == {currency}


@pytest.mark.parametrize("locale, currency", [
    ("es_CL", "CLP"), ("es_AR", "ARS"), ("es_CO", "COP"), ("es_UY", "UYU"), ("es_MX", "MXN"),
    ("es_DO", "DOP"),
])
def test_without_a_template_currency_the_locales_country_names_the_peso(
        tmp_path, locale, currency):
    text = "Neto $ 1.000\nIVA $ 190\nTotal $ 1.190\n"
    result = extract_text(tmp_path, TEMPLATE % f'locale "{locale}"', text)
    assert set(_currencies(result).values()) == {currency}


def test_a_dollar_named_on_the_page_beats_the_locale(tmp_path):
    text = "Moneda: USD\nNeto $ 1.000,00\nIVA $ 210,00\nTotal $ 1.210,00\n"
    result = extract_text(tmp_path, TEMPLATE % 'locale "es_AR"', text)
    assert set(_currencies(result).values()) == {"USD"}


@pytest.mark.parametrize("text, locale, expected, value, currency", [
    ("Total: $U 1.220,00", "es_UY", None, "1220.00", "UYU"),
    ("Total: $U1.220,00", "es_UY", None, "1220.00", "UYU"),
    ("Total: $U 1.220,00", "es_UY", "UYU", "1220.00", "UYU"),
    # the US dollar as Argentina and Uruguay write it: no peso
    ("Total: U$S 1.500,00", "es_AR", "ARS", "1500.00", "USD"),
    ("Total: U$S1.500,00", "es_AR", None, "1500.00", "USD"),
    ("Total: RD$ 1.180,00", "es", None, "1180.00", "DOP"),
    # the sol
    ("Importe Total: S/ 1,770.00", "en", None, "1770.00", "PEN"),
    ("Importe Total: S/.1,770.00", "en", "PEN", "1770.00", "PEN"),
    ("Importe Total: S/ 1,770.00", "en", "PEN", "1770.00", "PEN"),
    # unidades de fomento: their own currency, never pesos
    ("Canon: UF 30,00", "es_CL", "CLP", "30.00", "CLF"),
    ("Canon: UF 30", "es_CL", "CLP", "30", "CLF"),
    ("Canon: 30,25 UF", "es_CL", None, "30.25", "CLF"),
])
def test_latin_american_marks(registry, text, locale, expected, value, currency):
    found = best(registry, "money", text, locale=locale, currency=expected)
    assert found is not None
    assert (str(found.value), found.value.currency) == (value, currency)


def test_an_amount_in_uf_is_no_amount_in_pesos(tmp_path):
    text = "Neto UF 30\nIVA UF 5\nTotal UF 35\n"
    result = extract_text(tmp_path, TEMPLATE % 'locale "es_CL" currency "CLP"', text)
    assert result.status == "review"
    assert {r.code for r in result.reasons} >= {"currency_mismatch"}
    assert set(_currencies(result).values()) == {"CLF"}


def test_a_uf_inside_a_word_in_capitals_is_none(registry):
    found = best(registry, "money", "REF UFX 30,00", locale="es_CL", currency="CLP")
    assert found is not None and getattr(found.value, "currency", None) in (None, "CLP")


def test_s_slash_inside_a_word_is_no_sol(registry):
    # code read: "Shirt S/M 12.00" was read as soles (PEN), a currency_mismatch in a USD
    # template; S/ is a mark only where no letter follows it
    from tests.parsing import best

    for currency in ("USD", None):
        found = best(registry, "money", "Shirt S/M 12.00", currency=currency)
        assert found is not None and str(found.value) == "12.00"
        assert getattr(found.value, "currency", None) in (None, currency)
