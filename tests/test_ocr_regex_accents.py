"""Template regexes on text a recognizer read match whatever the accents of its letters:
PP-OCR cannot write every accented letter ("März" comes out "Marz"), while a text layer's
letters are known and are matched exactly."""

from __future__ import annotations

import textwrap

import pytest

from formsift import Engine
from formsift.templates import check_source
from formsift.templates.matching import document_scores
from formsift.util.safe_regex import RegexTimeout, compile_pattern, finditer, search

BILL = """\
Stadtwerke Rheinau                     Rechnung
Nachste Ablesung                     12.03.2027
Abschläge Januar - Marz 2026          -1.500,00
Abschläge April - Juni 2026           -1.500,00
Zählerstand  12.040  13.275 (geschatzt)

Pos  Bezeichnung                        Betrag
1    Arbeitspreis                       100,00
2    Grundpreis                          20,00
Zwischensumme Marz                      120,00
3    Messstellenbetrieb                  10,00
"""

TEMPLATE = """
template bill {
  match { contains /Abrechnung für März/ contains "Rechnung" }
  field estimated: text? = search /\\((geschätzt)\\)/
  field month:     text? = search /Januar - (März)/
  field reading:   text? = right of "Zählerstand" pattern /\\((geschätzt)\\)/
  field next:      text? = right of /Nächste Ablesung/
  field spring:    text? = search /(Abschläge \\w+ - \\w+)/ from /Januar - März/ until /Zähler/
  table charges {
    desc:   text
    amount: decimal
    line      /^(?P<desc>Abschläge.*?\\d{4})\\s+(?P<amount>-?[\\d.]+,\\d\\d)/
    skip_line /Januar - März/
  }
  table items {
    name:   text    header "Bezeichnung"
    amount: decimal header "Betrag"
    until /Zwischensumme März/
  }
}
"""


@pytest.fixture(scope="module")
def engine():
    return Engine(templates=[])


@pytest.fixture(scope="module")
def template():
    templates, diags = check_source(textwrap.dedent(TEMPLATE))
    assert not [d for d in diags if d.severity == "error"], [d.format() for d in diags]
    return templates[0]


def _bill(engine, recognized: bool, text: str = BILL):
    """The bill as a text file, its words marked as a recognizer's when ``recognized``
    (an OCR'd scan of it, read without the letters PP-OCR cannot write)."""
    doc = engine.load(text.encode(), name="bill.txt")
    if recognized:
        for page in doc.pages:
            for w in page.words:
                w.source = "ppocr_rec"
    return doc


def test_template_regexes_find_ocr_text_that_lost_its_accents(engine, template):
    """The bug report: on a 200 dpi scan `search /(geschätzt)/` found nothing on an
    accepted record, because OCR wrote "geschatzt" (and "März" as "Marz")."""
    result = engine.extract_document(_bill(engine, True), template)
    fields = result.fields
    assert fields["estimated"].value == "geschatzt"  # as read: the raw text stays the OCR's
    assert fields["estimated"].raw == "geschatzt"
    assert fields["month"].value == "Marz"
    assert fields["reading"].value == "geschatzt"
    assert fields["next"].value == "12.03.2027"  # a label regex
    assert fields["spring"].value == "Abschläge April - Juni"  # from ... until
    # line rules: skip_line skipped the January line
    assert result.record()["charges"] == [{"desc": "Abschläge April - Juni 2026",
                                           "amount": "-1500.00"}]
    # a header table's until
    assert [r["name"] for r in result.record()["items"]] == ["Arbeitspreis", "Grundpreis"]


def test_a_value_found_loosely_keeps_its_own_words_and_box(engine, template):
    doc = _bill(engine, True)
    result = engine.extract_document(doc, template)
    [word] = [w for w in doc.pages[0].words if w.text == "(geschatzt)"]
    got = result.fields["estimated"]
    # the value's box is the word's, less its parentheses: inside it
    assert word.box.x0 <= got.box[0] < got.box[2] <= word.box.x1
    assert got.page == 1 and got.source == "ppocr_rec"


def test_a_text_layer_is_matched_exactly(engine, template):
    """A born-digital text layer's letters are known: "Marz" printed is not "März"."""
    result = engine.extract_document(_bill(engine, False), template)
    for name in ("estimated", "month", "reading", "next", "spring"):
        assert result.fields[name] is None or result.fields[name].value is None, name
    assert result.record()["charges"] == [
        {"desc": "Abschläge Januar - Marz 2026", "amount": "-1500.00"},
        {"desc": "Abschläge April - Juni 2026", "amount": "-1500.00"}]


def test_match_tests_on_ocr_text_ignore_accents(engine, template):
    text = BILL.replace("Stadtwerke Rheinau", "Abrechnung fur Marz")
    assert document_scores(template, _bill(engine, True, text))[0] == 1.0
    assert document_scores(template, _bill(engine, False, text))[0] == 0.5
    plain = textwrap.dedent(TEMPLATE).replace("contains /Abrechnung für März/",
                                                'contains "Abrechnung für März"')
    [t], _ = check_source(plain)
    assert document_scores(t, _bill(engine, True, text))[0] == 1.0
    assert document_scores(t, _bill(engine, False, text))[0] == 0.5


def test_accents_the_recognizer_put_back_match_a_pattern_without_them(engine):
    """Both ways: an OCR's "März" (the accent put back from the pixels) is found by
    /Marz/ as its "Marz" is found by /März/."""
    from formsift.util.safe_regex import recognized_text

    text = recognized_text("Abschläge Januar - März 2026", [1] * 28)
    assert search(compile_pattern("Marz (\\d+)"), text).group(1) == "2026"
    assert search(compile_pattern("Abschlage"), text).group() == "Abschläge"


def test_only_recognized_letters_are_matched_loosely():
    """A match that takes no recognized letter is the text layer's: exact."""
    from formsift.util.safe_regex import recognized_text

    text = recognized_text("Marz | Marz", [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1])
    assert [m.span() for m in finditer(compile_pattern("März"), text)] == [(7, 11)]
    assert search(compile_pattern("März"), text).span() == (7, 11)
    assert finditer(compile_pattern("März"), "Marz") == []  # plain text: exact


def test_group_names_are_kept_and_groups_read_the_text_as_it_is():
    from formsift.util.safe_regex import fold_pattern, recognized_text

    assert fold_pattern("(?P<größe>Größe) (?P=größe) \\g<größe> (?<früh>é)") == \
        "(?P<größe>Große) (?P=größe) \\g<größe> (?<früh>e)"
    text = recognized_text("Grosse: 12 Marz", [1] * 15)
    m = search(compile_pattern("(?P<größe>\\d+) (?P<monat>März)"), text)
    assert m.group("größe", "monat") == ("12", "Marz")
    assert m.groupdict() == {"größe": "12", "monat": "Marz"}
    assert m.groups() == ("12", "Marz") and m.span("monat") == (11, 15)
    assert m.re.pattern == "(?P<größe>\\d+) (?P<monat>März)"  # the template's own pattern


def test_slices_and_lines_stay_recognized():
    from formsift.util.safe_regex import lines, part, recognized_text

    text = recognized_text("Januar\nMarz 2026", [1] * 16)
    assert [search(compile_pattern("März"), ln) is not None for ln in lines(text)] == \
        [False, True]
    assert search(compile_pattern("^März"), part(text, 7)) is not None


def test_a_catastrophic_pattern_still_times_out_on_ocr_text():
    from formsift.util.safe_regex import recognized_text

    text = recognized_text("a" * 30 + "ä", [1] * 31)
    with pytest.raises(RegexTimeout):
        finditer(compile_pattern("(a|a)*ä$x"), text, timeout=0.05)


def test_letters_as_written_win_over_letters_whatever_their_accents(engine):
    """The review: `right of /Zähler:/` on a scan whose OCR read "Zähler:" right took the
    "Zahler: Max Mustermann" (the payer) above it, and `search /Montant dû (\\S+)/` the
    "Montant du forfait" line before "Montant dû": the looser reading is for text that
    lost its accents, not a rival of the one as written."""
    src = textwrap.dedent("""
        template bill {
          field meter: text = right of /Zähler:/
          field due: text = search /Montant dû (\\S+)/
        }""")
    [t], _ = check_source(src)
    text = ("Zahler: Max Mustermann\nZähler: 1ESY1160123456\n"
            "Montant du 30,00\nMontant dû 45,00\n")
    result = engine.extract_document(_bill(engine, True, text), t)
    assert result.fields["meter"].value == "1ESY1160123456"
    assert result.fields["due"].value == "45,00"
    # where only the looser reading is there, it is still found
    lost = text.replace("Zähler: 1ESY", "Zahler: 1ESY").replace("Montant dû", "Montant du")
    result = engine.extract_document(_bill(engine, True, lost), t)
    assert result.fields["meter"].value in ("Max Mustermann", "1ESY1160123456")
    assert result.fields["due"].value == "30,00"


FACTURE = """\
Moreau & Fils SARL
SIRET 552 100 554 00021 - TVA FR40303265045
Facture n° F-2026-0117 - l'acompte est deduit
"""

FACTURE_TEMPLATE = """
template facture {
  field vat:   text = after /SIRET [\\d ]+ – TVA/
  field note:  text = search /Facture n° \\S+ – (l’acompte)/
}
"""


@pytest.mark.parametrize("recognized", [True, False])
def test_typographic_dashes_and_quotes_in_a_regex_match_a_scans_plain_ones(engine,
                                                                            recognized):
    """A user's bug (French invoices): a label regex copied from the PDF with its en dash,
    /SIRET \\d+ – TVA/, found nothing on the scans, where OCR writes "-"; the record went
    to review. Dashes and quotes fold as accents do; a text layer is matched exactly."""
    [t], _ = check_source(textwrap.dedent(FACTURE_TEMPLATE))
    result = engine.extract_document(_bill(engine, recognized, FACTURE), t)
    if recognized:
        assert result.fields["vat"].value == "FR40303265045"
        assert result.fields["note"].value == "l'acompte"  # as read
    else:
        assert result.fields["vat"] is None and result.fields["note"] is None
