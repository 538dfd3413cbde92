"""A VAT number or an IBAN written in a comb field with a wrong check digit is a value that
fails its check, not a missing one (40b3376 read a comb's VAT number only when its check
digits held, and said nothing otherwise: the record named the field missing, as if the
comb were blank, where the same number printed whole gets "its check digits are wrong").
"""

from __future__ import annotations

import pytest

from tests.parsing import ctx, ftype
from tests.words import run, values, words_doc

WRONG = "its check digits are wrong"


@pytest.mark.parametrize("kind, options, text, number, right", [
    # DE printed before the comb
    ("vat", {"country": "DE"}, "1 3 6 6 9 5 9 7 5", "DE136695975", "1 3 6 6 9 5 9 7 6"),
    ("vat", {}, "D E 1 3 6 6 9 5 9 7 5", "DE136695975", "D E 1 3 6 6 9 5 9 7 6"),
    # two cells read as one word
    ("vat", {}, "DE 1 3 6 6 9 5 9 7 5", "DE136695975", "DE 1 3 6 6 9 5 9 7 6"),
    ("iban", {}, "D E 8 8 3 7 0 4 0 0 4 4 0 5 3 2 0 1 3 0 0 0", "DE88370400440532013000",
     "D E 8 9 3 7 0 4 0 0 4 4 0 5 3 2 0 1 3 0 0 0"),
])
def test_a_combs_wrong_check_digit_is_named(registry, kind, options, text, number, right):
    field = ftype(registry, kind, **options)
    assert field.find(text, ctx()) == []
    why = field.misfit(text, ctx())
    assert why is not None and number in why and WRONG in why
    # the comb with its right check digit is read, and no check is said to fail
    assert len(field.find(right, ctx())) == 1 and field.misfit(right, ctx()) is None


def _cells(text: str, x0: float = 0.2) -> list[tuple[str, float, float]]:
    return [(ch, x0 + 0.025 * i, x0 + 0.025 * i + 0.015) for i, ch in enumerate(text.split())]


def test_a_vat_comb_with_a_wrong_check_digit_is_an_invalid_value(registry):
    src = 'template t {\n  field vat_no: vat(country="DE") = right of "VAT"\n}\n'
    ex = run(src, words_doc((("VAT", 0.05, 0.1), *_cells("1 3 6 6 9 5 9 7 5"))), registry)
    assert values(ex)["vat_no"] is None and ex.status.value == "review"
    assert [r.code for r in ex.reasons] == ["invalid_value"]
    assert "DE136695975" in ex.reasons[0].message and WRONG in ex.reasons[0].message
    ex = run(src, words_doc((("VAT", 0.05, 0.1), *_cells("1 3 6 6 9 5 9 7 6"))), registry)
    assert values(ex)["vat_no"] == "DE136695976"
    assert not any(r.code == "invalid_value" for r in ex.reasons)
    # a cell short is no VAT number's shape: missing, as before
    ex = run(src, words_doc((("VAT", 0.05, 0.1), *_cells("1 3 6 6 9 5 9 7"))), registry)
    assert [r.code for r in ex.reasons] == ["field_missing"]
    # digits alone where the country is only the locale's: no VAT number either
    src = 'template t {\n  locale "de_DE"\n  field vat_no: vat = right of "VAT"\n}\n'
    ex = run(src, words_doc((("VAT", 0.05, 0.1), *_cells("1 3 6 6 9 5 9 7 5"))), registry)
    assert [r.code for r in ex.reasons] == ["field_missing"]
