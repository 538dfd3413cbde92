"""A cheque's courtesy amount (cheque-processing journey, findings 1 and 2).

1. Cents written as a fraction after the whole amount ("487 35/100", "1250 and 75/100",
   "1,250⁰⁰/₁₀₀") were dropped: 487.00 accepted at 0.88 with no reason (a clean scanned
   cheque, "1312 75/100", read 1312.00). They are the amount's cents now; what looks like
   them but is no two digits over 100 ("487 3/100", "1312 751100": the slash read as a
   1) is no amount (invalid_value), never the amount without them.
2. The dash a hand writes after a whole amount ("3600-", "1,250-": no cents) read as a
   trailing minus, -3600.00. In a currency with cents, a minus printed after an amount
   comes after its cents ("1,250.00-", a sign as before): after a whole amount the dash
   is no minus on a scan or photo, and on a text layer, where it may be printed as one,
   both readings are kept tied (a rule decides, else review).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from formsift.core.kinds import ParseContext
from formsift.core.locale import get_locale
from tests.parsing import extract_text, ftype

TEMPLATE = """template t {
  currency "USD"
  locale "en_US"
  field amount: money(decimals=2) = right of "Amount:"RULE
}"""


def _ctx(recognized: bool = True) -> ParseContext:
    return ParseContext(get_locale("en_US"), "USD", recognized)


def _found(registry: Any, text: str, recognized: bool = True) -> list[tuple[str, bool]]:
    return [(str(f.value), f.tied)
            for f in ftype(registry, "money", decimals=2).find(text, _ctx(recognized))]


@pytest.mark.parametrize("text, value", [
    ("487 35/100", "487.35"), ("1250 and 75/100", "1250.75"), ("1312 75/100", "1312.75"),
    ("1250 AND 75/100", "1250.75"), ("487 35/₁₀₀", "487.35"), ("487 ³⁵/100", "487.35"),
    ("1,250⁰⁰/₁₀₀", "1250.00"), ("56 no/100", "56.00"), ("1250 xx/100", "1250.00"),
    ("1250 75/xx", "1250.75"), ("1250 OO/1oo", "1250.00"), ("$ 1,312 75/100", "1312.75"),
])
def test_cents_written_as_a_fraction_are_the_amounts(registry, text, value):
    assert _found(registry, text)[:1] == [(value, False)]
    assert str(ftype(registry, "money", decimals=2).parse(text, _ctx())) == value


@pytest.mark.parametrize("text", [
    "487 3/100", "487 135/100", "12.50 35/100", "1312 751100", "1312 75l100", "1250 xx/xx",
])
def test_what_looks_like_cents_but_is_none_makes_no_amount(registry, text):
    money = ftype(registry, "money", decimals=2)
    assert money.find(text, _ctx()) == []
    why = money.misfit(text, _ctx())
    assert why is not None and "cents" in why and text in why
    with pytest.raises(ValueError, match="cents"):
        money.parse(text, _ctx())


@pytest.mark.parametrize("text, value", [
    ("1 1/2", "1.50"), ("Total 1,250.00 12/31/2026", "1250.00"), ("487 35/10", "487.00"),
])
def test_other_numbers_after_an_amount_as_before(registry, text, value):
    assert _found(registry, text)[:1] == [(value, False)]


def test_a_fraction_of_cents_in_a_document_is_read_or_doubted(tmp_path):
    result = extract_text(tmp_path, TEMPLATE.replace("RULE", ""), "Amount: 487 35/100\n")
    assert str(result.fields["amount"].value) == "487.35"
    result = extract_text(tmp_path, TEMPLATE.replace("RULE", ""), "Amount: 487 3/100\n")
    assert result.status == "review"
    assert result.fields.get("amount") is None
    assert [r.code for r in result.reasons] == ["invalid_value"]


@pytest.mark.parametrize("text", ["3600-", "1,250-", "1250-", "$3600-"])
def test_a_dash_after_a_whole_amount_on_a_scan_reads_both_ways(registry, text):
    """880d0bf read it as no minus on every scan: a scanned printed statement's credit
    "1,250-" came out +1250.00, accepted with no reason (code read Z1, finding 1); the
    money type cannot tell a hand's closing dash from a printed minus, so both readings
    are kept, tied (a rule decides, or review), and parse refuses it."""
    found = _found(registry, text)
    assert [tied for _, tied in found] == [False, True], found
    assert {value.lstrip("-") for value, _ in found} in ({"3600.00"}, {"1250.00"})
    assert found[1][0].startswith("-")
    with pytest.raises(ValueError, match="minus"):
        ftype(registry, "money", decimals=2).parse(text, _ctx())


@pytest.mark.parametrize("text", ["1250-", "1,250-"])
def test_a_dash_after_a_printed_whole_amount_reads_both_ways(registry, text):
    assert _found(registry, text, recognized=False) == [("1250.00", False),
                                                        ("-1250.00", True)]
    with pytest.raises(ValueError, match="minus"):
        ftype(registry, "money", decimals=2).parse(text, _ctx(recognized=False))


@pytest.mark.parametrize("text, value, currency", [
    ("1,250.00-", "-1250.00", "USD"),   # after the cents: an accounting export's minus
    ("Total 75,900-", "-75900", None),  # no currency expected: nothing says otherwise
    ("Total 75,900-", "-75900", "JPY"),  # yen are whole: a sign (but after ¥, :-closed)
])
def test_a_trailing_minus_stays_a_sign_elsewhere(registry, text, value, currency):
    found = ftype(registry, "money").find(text, ParseContext(get_locale("en_US"), currency))
    assert str(found[0].value) == value and len(found) == 1


def test_a_printed_whole_amount_with_a_dash_in_a_document(tmp_path):
    alone = extract_text(tmp_path, TEMPLATE.replace("RULE", ""), "Amount: 1250-\n")
    assert alone.status == "review" and [r.code for r in alone.reasons] == ["ambiguous"]
    assert alone.fields["amount"].value > 0
    tied = TEMPLATE.replace("RULE", '\n  field paid: money = right of "Paid:"\n'
                                    "  rule same: amount == paid")
    settled = extract_text(tmp_path, tied, "Amount: 1250-\nPaid: 1,250.00\n")
    assert settled.status == "accepted", settled.reasons
    assert settled.fields["amount"].value == Decimal("1250.00")


# -- handwritten on a form: the recognizer's own reading of the pixels ------------------

HAND_TEMPLATE = TEMPLATE.replace("RULE", " handwritten")


def _written(monkeypatch: Any, text: str, font: str) -> Any:
    """The result of reading a form whose "Amount:" box holds ``text`` in ``font``."""
    from formsift import Engine
    from formsift.handwriting.fonts import handwriting_fonts
    from formsift.samples import encode_png
    from tests.handwriting import date_forms

    if font not in {f.name for f in handwriting_fonts()}:
        pytest.skip(f"{font} not installed")
    monkeypatch.setattr(date_forms, "LABELS", (("amount", "Amount:"),))
    image = date_forms.form({"amount": text}, font, degrade="clean")
    return Engine(seen_store="memory").extract(encode_png(image), HAND_TEMPLATE)


@pytest.mark.parametrize("text, font, value", [
    ("1312 75/100", "Kristi.ttf", "1312.75"),
    ("1312 75/100", "SteveHand.ttf", "1312.75"),
    ("3600-", "Breip.ttf", "3600.00"),
    ("3600-", "Kristi.ttf", "3600.00"),
])
def test_a_handwritten_amount_keeps_its_cents_and_no_minus(monkeypatch, text, font, value):
    result = _written(monkeypatch, text, font)
    amount = result.fields["amount"]
    assert amount is not None and str(amount.value) == value, result.reasons
