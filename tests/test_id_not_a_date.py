"""An ``id`` without a pattern takes no date for an identifier (HR journey: a passport's
number 'HFXRZTJFK', all letters, is no token with a digit, so ``below "Document No."``
went on two lines down and took the expiry date '11.10.2031' for the number)."""

from __future__ import annotations

import pytest

from tests.parsing import ctx, ftype
from tests.words import run, values, words_doc


@pytest.mark.parametrize("text", ["11.10.2031", "2031-10-11", "03/12/2026", "12/31/2026"])
def test_a_date_is_no_identifier(registry, text):
    ident = ftype(registry, "id")
    assert ident.find(text, ctx()) == []
    with pytest.raises(ValueError, match="a date, not an identifier"):
        ident.parse(text, ctx())


@pytest.mark.parametrize("text", ["INV-2024-03", "2024-0315", "31.02.2026", "P-2024-0815",
                                  "RE 2024 001"])
def test_numbers_with_a_dates_digits_are_still_identifiers(registry, text):
    assert ftype(registry, "id").find(text, ctx())[0].value == text


def test_a_pattern_reads_an_identifier_of_a_dates_shape(registry):
    ident = ftype(registry, "id", pattern=r"\d{4}-\d{2}-\d{2}")
    assert ident.parse("2031-10-11", ctx()) == "2031-10-11"


def test_below_the_number_the_expiry_date_is_not_taken(registry):
    src = 'template t {\n  field no: id = below "Document No."\n}\n'
    doc = words_doc((("Document", 0.05, 0.15), ("No.", 0.16, 0.2)),
                    (("HFXRZTJFK", 0.05, 0.18),),
                    (("Date", 0.05, 0.1), ("of", 0.11, 0.13), ("expiry", 0.14, 0.2)),
                    (("11.10.2031", 0.05, 0.16),), source="text-layer", conf=1.0)
    assert values(run(src, doc, registry))["no"] is None
