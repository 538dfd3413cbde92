"""Cyrillic labels as Russian and Ukrainian documents write them: ё printed as е (`Счет`,
`СЧЕТ` for a template's "Счёт", and back), while й and и, ї and і stay different letters;
and Latin or Greek look-alike letters inside Cyrillic words (`ИHH`, `Итогo`, `Cчёт`,
`Bсего`, as careless PDF generators write them, and OCR output of scans, `Bcer0` for
`Всего`) found at a small cost, without two different words of one script made equal."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.templates import compile_template
from tests.test_labels_ocr_readings import hits, ocr_doc, run

RU = """template t {
  decimal ","
  thousands " "
  field no: id? = right of "Счёт №"
  field inn: id(/\\d{10,12}/)? = right of "ИНН"
  field total: money? = right of "Итого:"
  field due: money? = right of "Всего к оплате"
}"""


def extract(text: str, template: str = RU) -> dict:
    result = Engine(templates=[], seen_store="memory").extract(
        text.encode(), compile_template(template), name="doc.txt")
    return {k: (str(v.value) if v is not None else None) for k, v in result.fields.items()}


@pytest.mark.parametrize("line", ["Счет № 17", "СЧЕТ № 17", "Счёт № 17", "СЧЁТ № 17"])
def test_yo_is_e(line):
    """A user's bug (journey cyrillic, finding 5): 'right of "Счёт"' found nothing on
    `Счет № 17` or `СЧЕТ № 17`: Russian prints ё as е."""
    assert extract(line)["no"] == "17"
    got = extract(line, """template t {
  field no: id? = right of "Счет №"
}""")
    assert got["no"] == "17"


def test_short_i_and_yi_are_letters_of_their_own():
    assert hits(("Район:", "5"), "Раион") == []
    assert hits(("Раион:", "5"), "Район") == []
    assert hits(("Країна:", "UA"), "Краіна") == []
    assert hits(("Краіна:", "UA"), "Країна") == []
    assert [h.score for h in hits(("Район:", "5"), "Район:")] == [1.0]


@pytest.mark.parametrize("text, field, value", [
    ("ИHH 7707083893", "inn", "7707083893"),          # Latin H
    ("Итогo: 1 234,50", "total", "1234.50"),          # Latin o
    ("Cчёт № 17", "no", "17"),                         # Latin C
    ("Bсего к оплате 1 234,50", "due", "1234.50"),    # Latin B
    ("BCEГO K OПЛATE 1 234,50", "due", "1234.50"),    # capitals, half of them Latin
])
def test_latin_look_alikes_inside_cyrillic_words(text, field, value):
    """A user's bug (journey cyrillic, finding 7): 1C and Excel exports write Latin
    look-alikes inside Cyrillic words; every such label was missed."""
    assert extract(text)[field] == value


def test_a_template_typed_with_a_look_alike_finds_the_cyrillic_word():
    got = extract("Итого: 1 234,50", """template t {
  decimal ","
  thousands " "
  field total: money? = right of "Итогo:"
}""")
    assert got["total"] == "1234.50"


def test_look_alikes_cost_a_little():
    (plain,) = hits(("ИНН", "7707083893"), "ИНН")
    (mixed,) = hits(("ИHH", "7707083893"), "ИНН")
    assert plain.score == 1.0
    assert 0.9 <= mixed.score < 1.0


def test_a_scan_read_in_latin_letters(registry):
    doc = ocr_doc(("Bcer0:", "1", "234,50"), ("CYMMA", "HДC:", "205,75"))
    got = run("""template t {
  decimal ","
  thousands " "
  field due: money = right of "Всего:"
  field vat: money = right of "Сумма НДС:"
}""", doc, registry)
    assert str(got["due"]) == "1234.50"
    assert str(got["vat"]) == "205.75"


def test_no_two_words_of_one_script_are_made_equal():
    # п and л, г and р, и and й: different letters stay different
    assert hits(("Лоле", "5"), "Поле") == []
    assert hits(("Рол", "5"), "Гол") == []
    assert hits(("Вид", "5"), "Вий") == []
    # Greek: ν and υ are two letters, whatever look-alike each has
    assert hits(("ΝΑΟΣ", "5"), "ΥΑΟΣ") == []


def test_greek_capitals_with_latin_look_alikes():
    assert [round(h.score, 2) for h in hits(("ΣYNOΛO", "12,50"), "Σύνολο")] == [0.95]


def test_match_contains_reads_yo_as_e():
    # the journey's template needed both spellings in its match block
    template = compile_template("""template t {
  match { contains "Счёт на оплату" }
  field no: id? = right of "№"
}""")
    result = Engine(templates=[template], seen_store="memory").extract(
        "СЧЕТ НА ОПЛАТУ № 17".encode(), name="doc.txt")
    assert result.template == "t"
