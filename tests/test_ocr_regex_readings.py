"""Template regexes on recognized text take the letters a recognizer writes otherwise as
the letter: PP-OCR has no "ł" and writes "t" (or "l"), and reads a "č" standing alone as
"&". Where the pixels did not give them back (a bold "ł" run into its "a" on a phone
photo), `search /(mechanizm podzielonej płatności)/i` found nothing on the OCR's
"Mechanizm podzielonej ptatnosci" and the record was accepted without its legal flag. A
text layer is matched exactly as before."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.templates import compile_template
from formsift.util.safe_regex import (
    compile_pattern,
    finditer,
    fold_pattern,
    recognized_text,
    search,
)

TEMPLATE = """template pl {
  field mpp: text? = search /(mechanizm podzielonej płatności)/i
  field cz_no: id? = right of /daňový doklad č\\./i
  field pay: money? = search /Do zapłaty:?\\s*([\\d ]+,\\d\\d)/
  match { contains /faktura/i }
}"""

TEXT = """Faktura VAT
Mechanizm podzielonej ptatnosci
Danovy doklad &. 2026120071
Do zaptaty: 1 230,00
"""


def _doc(engine, recognized: bool):
    doc = engine.load(TEXT.encode(), name="pl.txt")
    if recognized:
        for page in doc.pages:
            for w in page.words:
                w.source = "ppocr_rec"
    return doc


@pytest.fixture
def engine():
    return Engine(templates=[], seen_store="memory")


def test_ocr_readings_of_l_stroke_and_c_caron_match(engine):
    got = engine.extract_document(_doc(engine, True), compile_template(TEMPLATE)).fields
    assert got["mpp"].value == "Mechanizm podzielonej ptatnosci"  # as read
    assert got["cz_no"].value == "2026120071"
    assert str(got["pay"].value) == "1230.00"


def test_a_text_layer_is_still_matched_exactly(engine):
    got = engine.extract_document(_doc(engine, False), compile_template(TEMPLATE)).fields
    assert got["mpp"] is None or got["mpp"].value is None
    assert got["cz_no"] is None or got["cz_no"].value is None


def test_pattern_readings_keep_one_character_for_one():
    assert fold_pattern("płatności") == "p[lłt]atnosci"
    assert fold_pattern(r"doklad č\.") == r"doklad [cč&]\."
    assert fold_pattern("[łó]+") == "[lłto]+"      # inside a class: its members added
    assert fold_pattern("[^ł]") == "[^l]"          # a negated class only folds
    assert fold_pattern("[a-ł]") == "[a-l]"        # so does a range's end
    assert fold_pattern("(?P<płat>ł)") == "(?P<płat>[lłt])"  # group names kept
    assert fold_pattern("Łódź") == "[LŁT]odz"


def test_a_match_reads_the_recognized_text_and_its_offsets():
    text = recognized_text("Razem do zaptaty 12,00", b"\1" * 22)
    m = search(compile_pattern(r"do zapłaty (\d+,\d\d)"), text)
    assert m is not None and m.span(1) == (17, 22) and m.group(1) == "12,00"
    assert search(compile_pattern("zapłaty"), "Razem do zaptaty") is None  # text layer
    assert [x.group() for x in finditer(compile_pattern("zł"), text + " ")] == []
    money = recognized_text("Suma 12,00 zt", b"\1" * 13)
    assert [x.group() for x in finditer(compile_pattern(r"\d+,\d\d zł"), money)] \
        == ["12,00 zt"]

