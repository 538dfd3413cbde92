"""An enum value read with a character OCR writes for another is put right when exactly one
of the enum's values fits (containers journey, stop 32, finding 6: a handwritten damage
code "HO" read "H0" was no enum value, though "HO" is the only one it can be; `id` values
had look-alike repair, `enum` ones none). And a number whose readings are its digit groups
joined and apart ("24 310" under nl_NL: 24310 or 310) says that stating `thousands " "`
reads it as one (finding 5)."""

from __future__ import annotations

import dataclasses

import pytest

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from tests.parsing import ctx, ftype

CODES = ["DT", "BR", "HO", "CU", "BT", "MS"]


@pytest.mark.parametrize(("raw", "value"), [("H0", "HO"), ("8R", "BR"), ("C U", None),
                                            ("h0", "HO"), ("M5", "MS"), ("B7", None)])
def test_a_code_read_with_a_lookalike_is_its_one_value(registry, raw, value):
    t = ftype(registry, "enum", values=CODES)
    if value is None:
        with pytest.raises(ValueError):
            t.parse(raw, ctx())
    else:
        assert t.parse(raw, ctx()) == value


def test_size_type_codes(registry):
    t = ftype(registry, "enum", values=["22G1", "45G1", "22R1", "42U1"])
    assert t.parse("2261", ctx()) == "22G1"   # a G read 6
    assert t.parse("42UI", ctx()) == "42U1"


def test_no_repair_when_two_values_fit_or_the_text_is_no_ocr(registry):
    t = ftype(registry, "enum", values=["HO", "HD"])
    with pytest.raises(ValueError):
        t.parse("H0", ctx())  # 0 for O or for D: two values fit
    t = ftype(registry, "enum", values=CODES)
    with pytest.raises(ValueError):
        t.parse("H0", dataclasses.replace(ctx(), recognized=False))  # a PDF's text layer
    with pytest.raises(ValueError):
        ftype(registry, "enum", values=["OO", "AB"]).parse("00", ctx())  # all changed
    with pytest.raises(ValueError):
        ftype(registry, "enum", values=["I", "V"]).parse("1", ctx())  # one character


def test_find_takes_a_repaired_code_below_an_exact_one(registry):
    t = ftype(registry, "enum", values=CODES)
    (found,) = t.find("H0 left side", ctx())
    assert found.value == "HO" and found.score < 1.0
    assert [(f.value, f.score) for f in t.find("HO left side", ctx())] == [("HO", 1.0)]
    # a value that ends a longer phrase is not that value, repaired or not
    assert t.find("not H0", ctx()) == [] and t.find("not HO", ctx()) == []


def _doc(words):
    out = [Word(t, Box(x, 0.1, x + 0.08, 0.12), 0, 0.95, "ppocr_rec",
                char_confidences=(0.95,) * len(t)) for t, x in words]
    return Document("sha256:t", "t", "image/png", [Page(0, 100, 100, words=out)], "t")


def test_a_scanned_code_field_is_read(registry):
    from formsift.templates import check_source, runtime

    (t,), diags = check_source(
        'template t {\n  field code: enum(["DT", "BR", "HO"]) = right of "Code:"\n}',
        "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    result = runtime.run(t, _doc([("Code:", 0.1), ("H0", 0.2)]))
    assert result.fields["code"].value == "HO"


def test_space_grouped_number_suggests_thousands_space(registry):
    """The journey's C1.pdf: a Dutch EIR prints its weights "24 310" and "4 650"; nl_NL's
    thousands mark is a dot, so each reads 24310 or its last group, and the weight rule
    holds either way."""
    from formsift.templates import check_source, runtime

    src = ('template t {\n  locale "nl_NL"\n  field gross: int = right of "Gross"\n'
           '  field tare: int = right of "Tare"\n  field max: int = right of "Max"\n'
           '  rule w: tare <= gross and gross <= max\n}')
    (t,), diags = check_source(src, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags

    def word(text, x0, x1, y):
        return Word(text, Box(x0, y, x1, y + 0.02), 0, 0.95, "ppocr_rec",
                    char_confidences=(0.95,) * len(text))

    words = [word("Gross", 0.1, 0.18, 0.1), word("24", 0.3, 0.32, 0.1),
             word("310", 0.33, 0.36, 0.1), word("Tare", 0.1, 0.16, 0.2),
             word("4", 0.3, 0.31, 0.2), word("650", 0.32, 0.35, 0.2),
             word("Max", 0.1, 0.15, 0.3), word("30480", 0.3, 0.35, 0.3)]
    doc = Document("sha256:t", "t", "image/png", [Page(0, 1000, 1000, words=words)], "t")
    messages = {r.field: r.message for r in runtime.run(t, doc).reasons}
    assert 'state thousands " "' in messages["gross"] and "'24 310'" in messages["gross"]
    assert 'state thousands " "' in messages["tare"]
    stated = src.replace('locale "nl_NL"', 'locale "nl_NL"\n  thousands " "')
    (t,), _ = check_source(stated, "t.sift", registry)
    result = runtime.run(t, doc)
    assert result.fields["gross"].value == 24310 and not result.reasons
