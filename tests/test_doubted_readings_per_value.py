"""Readings put right as a recognizer's misreading, judged per value (code read R5 of
168baa6).

- Whether a value may hold a misreading is decided from its own words: a born-digital
  page's date or address is as printed, also where a scanned page came with it (the
  document had one recognized word, and a text layer's '15. II. 2026' was read as
  2026-11-15 and accepted at 0.99; 'Anna Berg,anna.berg@firma.de' became
  'Berg.anna.berg@firma.de').
- A month in Roman numerals is never read as digits ('II' as 11): '15. II. 2026' is 15
  February.
- An address read as written is kept: a comma before it is put right for a dot only as a
  rival, where what stands before the comma may begin the address.
- A misreading put right is lifted only by an equation with another value that is no
  misreading put right: two dates read alike from 'I. 2. 2026' vouch for neither.
"""

from __future__ import annotations

import dataclasses

import pytest

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from tests.parsing import ctx, ftype
from tests.words import run, words_doc

OCR = "ppocr_rec"
PRINT = "pdf"


def _doc(*pages):
    """A document of ``pages``, each a list of lines, each a tuple of (text, x0, x1,
    source) words."""
    out = []
    for p, lines in enumerate(pages):
        words = []
        for i, line in enumerate(lines):
            y = 0.1 + 0.04 * i
            for text, x0, x1, source in line:
                conf = 1.0 if source == PRINT else 0.97
                words.append(Word(text, Box(x0, y, x1, y + 0.02), p, conf, source,
                                  char_confidences=(() if source == PRINT
                                                    else tuple([conf] * len(text)))))
        out.append(Page(p, 100, 100, words=words))
    return Document("sha256:test", "t", "application/pdf", out, "t")


SCANNED_PAGE = [(("Anlage", 0.05, 0.15, OCR), ("Lieferschein", 0.17, 0.3, OCR))]
DATE = 'template t {\n  locale "de_DE"\n  field start: date = right of "Start"\n}\n'
MAIL = 'template t {\n  field mail: email = right of "E-mail"\n}\n'


def _line(label, *texts, source=PRINT):
    x, out = 0.2, [(label, 0.05, 0.12, source)]
    for t in texts:
        out.append((t, x, x + 0.012 * len(t), source))
        x += 0.012 * len(t) + 0.01
    return tuple(out)


@pytest.mark.parametrize("texts", [("9.", "Mlai", "1993"), ("I.", "Januar", "2027")])
def test_a_text_layers_date_is_not_put_right_beside_a_scanned_page(registry, texts):
    ex = run(DATE, _doc([_line("Start", *texts)], SCANNED_PAGE), registry)
    assert ex.fields["start"] is None
    # on a scan, the same words are read, doubted
    ex = run(DATE, _doc([_line("Start", *texts, source=OCR)], SCANNED_PAGE), registry)
    assert ex.fields["start"] is not None and ex.fields["start"].confidence < 0.5


def test_a_text_layers_date_is_not_put_right_beside_a_recognized_word_on_its_line(registry):
    # a stamp OCR'd on a born-digital page, on the date's line
    line = (*_line("Start", "I.", "Januar", "2027"), ("BEZAHLT", 0.6, 0.7, OCR))
    ex = run(DATE, _doc([line]), registry)
    assert ex.fields["start"] is None


@pytest.mark.parametrize("text, value", [
    ("20fia.nowak@example.0rg", None),
    ("fax,info@firma.de", "info@firma.de"),
    ("Anna Berg,anna.berg@firma.de", "anna.berg@firma.de"),
])
def test_a_text_layers_address_is_as_printed_beside_a_scanned_page(registry, text, value):
    ex = run(MAIL, _doc([_line("E-mail", *text.split())], SCANNED_PAGE), registry)
    fv = ex.fields["mail"]
    assert (fv and fv.value) == value
    if fv is not None:
        assert fv.candidates == 1 and fv.confidence >= 0.8


def test_the_type_puts_nothing_right_in_a_text_layers_words(registry):
    printed = dataclasses.replace(ctx("de_DE"), handwritten=False)  # handwriting_context's
    assert ftype(registry, "date").find("I. Januar 2027", printed) == []
    assert [f.value for f in ftype(registry, "email").find("lukasz,wisniewski@example.org",
                                                            printed)] == [
        "wisniewski@example.org"]


@pytest.mark.parametrize("locale", ["cs_CZ", "pl_PL", "it_IT", "en"])
@pytest.mark.parametrize("text, month", [
    ("15. II. 2026", 2), ("Dne 15. II. 2026", 2), ("3. III. 2026", 3), ("15. XI. 2026", 11),
    ("15.II.2026", 2),
])
def test_a_roman_month_with_spaces_is_read(registry, locale, text, month):
    found = ftype(registry, "date").find(text, ctx(locale))
    assert [(f.value.year, f.value.month, f.value.day) for f in found] == [
        (2026, month, int(text.split(".")[0].split()[-1]))]


@pytest.mark.parametrize("text", ["15 II 2026", "2026. II. 15.", "15 III 2026", "II/15/2026"])
def test_a_roman_month_is_never_read_as_digits(registry, text):
    for locale in ("cs_CZ", "en_US"):
        found = ftype(registry, "date").find(text, ctx(locale))
        assert all(f.value.month in (2, 3) for f in found), (text, locale, found)


def test_a_day_read_as_i_is_still_read_doubted(registry):
    date = ftype(registry, "date")
    c = ctx("de_DE")
    found = date.find("II.03.2026", c)
    assert [str(f.value) for f in found] == ["2026-03-11"]
    assert date.doubted("II.03.2026", found[0].value, c) == "'II' read as 11"


@pytest.mark.parametrize("text, value", [
    ("Berg,anna.berg@firma.de", "anna.berg@firma.de"),
    ("Tel. 030 1234567,info@firma.de", "info@firma.de"),
    ("E-Mail,info@firma.de", "info@firma.de"),
    ("1,anna@firma.de", "anna@firma.de"),
    ("Herr Berg,berg@firma.de", "berg@firma.de"),
])
def test_an_address_read_as_written_is_kept(registry, text, value):
    email = ftype(registry, "email")
    assert [f.value for f in email.find(text, ctx())] == [value]


def test_an_address_put_right_is_only_a_rival_of_one_read_as_written(registry):
    email = ftype(registry, "email")
    found = email.find("lukasz,wisniewski@example.org", ctx())
    assert sorted(f.value for f in found) == ["lukasz.wisniewski@example.org",
                                             "wisniewski@example.org"]
    ex = run(MAIL, words_doc((("E-mail", 0.05, 0.12),
                              ("lukasz,wisniewski@example.org", 0.2, 0.5))), registry)
    assert ex.status.value == "review"


TIED = '''template t {
  locale "de_DE"
  field issued: date = right of "Issued"
  field taxpoint: date = right of "Taxpoint"
  rule same_day: taxpoint == issued
}
'''


def _dates(issued, taxpoint):
    return words_doc((("Issued", 0.05, 0.12), *((t, 0.2 + 0.05 * i, 0.24 + 0.05 * i)
                                              for i, t in enumerate(issued))),
                     (("Taxpoint", 0.05, 0.12), *((t, 0.2 + 0.05 * i, 0.24 + 0.05 * i)
                                                  for i, t in enumerate(taxpoint))))


def test_two_misreadings_put_right_alike_vouch_for_neither(registry):
    ex = run(TIED, _dates(("I.", "2.", "2026"), ("I.", "2.", "2026")), registry)
    assert str(ex.fields["issued"].value) == "2026-02-01"
    assert ex.fields["issued"].confidence < 0.5 and ex.fields["taxpoint"].confidence < 0.5
    assert ex.status.value == "review"


def test_a_misreading_put_right_is_lifted_by_a_value_read_as_written(registry):
    ex = run(TIED, _dates(("I.", "2.", "2026"), ("1.", "2.", "2026")), registry)
    assert ex.fields["issued"].confidence > 0.9 and ex.fields["taxpoint"].confidence > 0.9


def test_a_misreading_put_right_is_not_lifted_by_an_absent_value(registry):
    src = TIED.replace("field taxpoint: date", "field taxpoint: date?").replace(
        "taxpoint == issued", "missing(taxpoint) or taxpoint == issued")
    ex = run(src, words_doc((("Issued", 0.05, 0.12), ("I.", 0.2, 0.22), ("2.", 0.23, 0.25),
                             ("2026", 0.27, 0.32))), registry)
    assert ex.fields["issued"].confidence < 0.5
    assert ex.status.value == "review"
