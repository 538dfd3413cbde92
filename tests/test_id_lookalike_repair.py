"""An identifier OCR read with one look-alike character (a letter O for a zero) is put
right when the type's pattern allows only that reading. A car dealer's scanned auction
invoices: Ford Europe VINs "WF0..." were read "WFON..." and went to review as missing,
although the template's VIN pattern ``[A-HJ-NPR-Z0-9]{17}`` (no I, O, Q in a VIN) leaves
0 as the only reading (vehicles journey, finding 3). A text layer's letters are known:
a printed O stays an O, and the record goes to review."""

from __future__ import annotations

import dataclasses

import pytest

from tests.parsing import ctx, ftype
from tests.words import run, values, words_doc

VIN = "[A-HJ-NPR-Z0-9]{17}"
SRC = f'template t {{\n  field vin: id(/{VIN}/) = right of "VIN"\n}}\n'


@pytest.mark.parametrize("raw, value", [("WFONXXGCHNMS12345", "WF0NXXGCHNMS12345"),
                                        ("1HGCM8269OA004352", "1HGCM82690A004352")])
def test_one_lookalike_is_put_right_by_the_pattern(registry, raw, value):
    vin = ftype(registry, "id", pattern=VIN)
    assert vin.parse(raw, ctx()) == value
    (found,) = vin.find(f"VIN {raw} km", ctx())
    assert found.value == value and found.score < 1.0


def test_a_text_layers_letters_are_kept(registry):
    vin = ftype(registry, "id", pattern=VIN)
    known = dataclasses.replace(ctx(), recognized=False)
    with pytest.raises(ValueError):
        vin.parse("WFONXXGCHNMS12345", known)
    assert vin.find("VIN WFONXXGCHNMS12345", known) == []


@pytest.mark.parametrize("raw, pattern", [
    ("INV-1OO3", r"INV-\d{4}"),  # two changes needed: no guess
    ("I", r"\d"),  # too short to tell
    ("S12S", r"\d{3}[A-Z]|[A-Z]\d{3}"),  # 512S or S125: two readings
])
def test_no_guess_where_the_pattern_does_not_decide(registry, raw, pattern):
    with pytest.raises(ValueError):
        ftype(registry, "id", pattern=pattern).parse(raw, ctx())


def test_an_ocr_read_vin_is_read_and_a_text_layer_one_is_not(registry):
    ocr = words_doc((("VIN", 0.05, 0.1), ("WFONXXGCHNMS12345", 0.12, 0.4)))
    assert values(run(SRC, ocr, registry))["vin"] == "WF0NXXGCHNMS12345"
    pdf = words_doc((("VIN", 0.05, 0.1), ("WFONXXGCHNMS12345", 0.12, 0.4)),
                    source="text-layer", conf=1.0)
    assert values(run(SRC, pdf, registry))["vin"] is None
