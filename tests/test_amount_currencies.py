"""Amounts in the currencies of hotel folios (stop 26): a sign before any currency mark,
every ISO 4217 code, yen written after the digits or full width, and currencies without
minor units."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, ftype


@pytest.mark.parametrize("text, value, code", [
    ("Payment   -KD 221.000", "-221.000", "KWD"),
    ("Payment   -BD 147.000", "-147.000", "BHD"),
    ("Payment   -Rs. 1,250.00", "-1250.00", "INR"),
    ("Payment   -₩35,000", "-35000", "KRW"),
    ("Payment   -₩ 35,000", "-35000", "KRW"),
    ("Payment   -QAR 500.00", "-500.00", "QAR"),
    ("Payment   -OMR 8.500", "-8.500", "OMR"),
    ("Payment   -₫ 150,000", "-150000", "VND"),
    ("Payment   (₩35,000)", "-35000", "KRW"),
    # a mark the type does not know, glued to the minus: the sign is kept all the same
    ("Payment   -QR 500.00", "-500.00", None),
])
def test_a_minus_before_any_currency_mark_is_the_amounts_sign(registry, text, value, code):
    found = best(registry, "money", text)
    assert found is not None and str(found.value) == value
    assert getattr(found.value, "currency", None) == code
    raw = text.split("   ", 1)[1]
    parsed = ftype(registry, "money").parse(raw, ctx())
    assert str(parsed) == value



def test_a_dash_between_a_label_and_a_word_is_no_sign(registry):
    # "Room - BB 45.00": a dash set apart before letters that are no currency
    assert str(best(registry, "money", "Room - BB 45.00").value) == "45.00"



@pytest.mark.parametrize("code", ["QAR", "BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD",
                                  "VND", "EGP", "MAD", "ISK", "CLP", "COP", "AED", "EUR"])
def test_every_iso_4217_code_names_its_currency(registry, code):
    found = best(registry, "money", f"Total   {code} 12.00")
    assert found is not None and found.value.currency == code
    assert ftype(registry, "money").parse(f"12.00 {code}", ctx()).currency == code



def test_an_amount_in_another_iso_currency_is_flagged_as_such(registry):
    found = best(registry, "money", "Total Charges   BHD 221.000", currency="KWD")
    assert found.value.currency == "BHD"
    assert found.score < 1.0



@pytest.mark.parametrize("word", ["ALL", "TOP", "CUP", "PEN", "GEL"])
def test_a_code_that_is_also_a_word_names_a_currency_only_when_expected(registry, word):
    found = best(registry, "money", f"{word} 3.50", currency="EUR")
    assert getattr(found.value, "currency", None) is None
    assert best(registry, "money", f"{word} 3.50", currency=word).value.currency == word



@pytest.mark.parametrize("text, value", [
    ("12,800円", "12800"),
    ("Amt   12,800円", "12800"),
    ("￥12,800", "12800"),
    ("￥ 1,280,000", "1280000"),
    ("-￥12,800", "-12800"),
])
def test_yen_written_after_the_digits_or_full_width_is_read(registry, text, value):
    found = best(registry, "money", text, currency="JPY")
    assert found is not None and str(found.value) == value
    assert found.value.currency == "JPY"
    parsed = ftype(registry, "money").parse(text.removeprefix("Amt   "), ctx(currency="JPY"))
    assert str(parsed) == value and parsed.currency == "JPY"



def test_a_number_glued_to_a_word_is_still_no_amount(registry):
    assert best(registry, "money", "12kg") is None
    assert best(registry, "money", "12円x") is None



@pytest.mark.parametrize("text, currency", [
    ("¥18.400", "JPY"), ("¥184.5", "JPY"), ("₩35.50", None), ("18.400 JPY", None),
    ("18.4", "JPY"), ("ISK 12.50", None),
])
def test_a_fraction_in_a_currency_without_minor_units_is_no_amount(registry, text, currency):
    money = ftype(registry, "money")
    assert money.find(text, ctx(currency=currency)) == []
    with pytest.raises(ValueError, match="no minor unit"):
        money.parse(text, ctx(currency=currency))



@pytest.mark.parametrize("text, currency, value", [
    ("¥18,400.00", "JPY", "18400.00"), ("¥18,400", "JPY", "18400"), ("₩35,000", None, "35000"),
    ("$18.40", "JPY", "18.40"),          # dollars written in a yen template: their cents
    ("1.789 EUR", "EUR", "1.789"),       # a fuel price per litre: three decimals are fine
    ("KD 12.345", "KWD", "12.345"),
])
def test_amounts_within_their_currencys_minor_units_are_read(registry, text, currency, value):
    assert str(best(registry, "money", text, currency=currency).value) == value
    assert str(ftype(registry, "money").parse(text, ctx(currency=currency))) == value



def test_decimals_set_on_the_field_allow_a_yen_fraction(registry):
    # a price per litre in yen: the field says how it is written
    assert str(best(registry, "money", "¥165.5", currency="JPY", decimals=1).value) == "165.5"



def test_a_bracketed_amount_with_its_currency_inside_scores_as_its_decimals_say(registry):
    # "(225,00 €)": two decimals, as "225,00 €"; the brackets do not lower its score
    plain = best(registry, "money", "Retención IRPF (15%) 225,00 €", "es")
    bracketed = best(registry, "money", "Retención IRPF (15%) (225,00 €)", "es")
    assert str(bracketed.value) == "-225.00"
    assert bracketed.score == plain.score


def test_a_yen_amount_written_with_a_fraction_is_no_blank_optional_field(tmp_path):
    """Hotel journey, finding 8 (the part left): '¥18.400' in a JPY template is no amount
    (yen are whole), and an optional field was left blank and the folio accepted."""
    from formsift import Engine

    doc = tmp_path / "folio.txt"
    doc.write_text("Amt A   ¥18.400\nAmt B   ¥18,400\n")
    sift = tmp_path / "folio.sift"
    sift.write_text('template t {\n  locale "en"\n  currency "JPY"\n'
                    '  field a: money? = right of "Amt A"\n'
                    '  field b: money? = right of "Amt B"\n}\n')
    result = Engine(seen_store="memory").extract(doc, template=sift)
    assert result.status.value == "review"
    assert [(r.code, r.field) for r in result.reasons] == [("invalid_value", "a")]
    assert result.record()["b"] == "18400"
