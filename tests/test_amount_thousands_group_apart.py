"""An amount whose thousands group stands a gap apart from its first digits ("3   125,00"):
one number where the locale groups thousands with a space, both readings where it does
not, never silently the group alone or the first digits alone (the tender bids journey,
stop 33, finding 1: a French bid's "3   125,00" under "Montant" was 125.00, accepted;
under money(decimals=2) "3   125,001" was 3.00, accepted; the handwriting recognizer
parts every French amount at its thousands space). Only a recognizer's words are read so
(the stop's code read: in a text file or a PDF's text layer, "Licenses   12   450,00"
is a count and an amount, two columns): the texts below are laid out as OCR'd words."""

from __future__ import annotations

import re

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status
from tests.words import run, values, words_doc


def _ocr(src: str, text: str, registry):
    """``text`` read by a recognizer: its words on a character grid, as OCR'd words."""
    from formsift.core.document import Document, Page, Word
    from formsift.core.geometry import Box

    words = []
    for i, line in enumerate(text.splitlines()):
        for m in re.finditer(r"\S+", line):
            x0 = 0.05 + 0.012 * m.start()
            words.append(Word(m.group(), Box(x0, 0.05 + 0.03 * i, x0 + 0.012 * len(m.group()),
                                             0.07 + 0.03 * i), 0, 0.97, "ppocr_rec",
                              char_confidences=(0.97,) * len(m.group())))
    doc = Document("sha256:test", "t", "image/png", [Page(0, 100, 100, words=words)], "t")
    return run(src, doc, registry)

FR_TABLE = '''template t {
  currency "EUR"
  locale "fr_FR"
  table lot {
    item:   text header "No"
    amount: AMOUNT header "Montant"
    until "Total du lot"
  }
}'''

EN_TABLE = FR_TABLE.replace("fr_FR", "en_US").replace("Montant", "Amount").replace(
    "Total du lot", "Total")

FR_FIELD = '''template t {
  currency "EUR"
  locale "fr_FR"
  field total: AMOUNT = right of "Total du lot"
}'''

EN_FIELD = FR_FIELD.replace("fr_FR", "en_US").replace("Total du lot", "Total")


def _fr_table(cell: str) -> str:
    return ("No      Montant\n"
            f"1.1     {cell}\n"
            "1.2     3 600,00\n"
            "\nTotal du lot\n")


def _cell(result, row: int = 0) -> str | None:
    cand = result.tables["lot"][row].get("amount")
    return str(cand.value) if cand is not None else None


@pytest.mark.parametrize("spaces", [2, 3])
@pytest.mark.parametrize("amount", ["money", "money(decimals=2)"])
def test_a_french_amount_split_at_its_thousands_space_is_one_number_in_a_cell(
        registry, spaces, amount):
    result = _ocr(FR_TABLE.replace("AMOUNT", amount),
                          _fr_table("3" + " " * spaces + "125,00"), registry)
    assert _cell(result) == "3125.00"
    assert result.status == Status.ACCEPTED, result.reasons


@pytest.mark.parametrize("spaces", [2, 3])
def test_a_french_amount_split_at_its_thousands_space_is_one_number_beside_a_label(
        registry, spaces):
    result = _ocr(FR_FIELD.replace("AMOUNT", "money"),
                          "Total du lot   100" + " " * spaces + "320,50\n", registry)
    assert str(result.fields["total"].value) == "100320.50"
    assert result.status == Status.ACCEPTED, result.reasons


def test_a_split_amount_with_a_decimal_too_many_is_not_its_first_digits(registry):
    # "3   125,001" under money(decimals=2): 3 125,001 is no amount of two decimals, and
    # neither is 3 (the journey's 3.00, accepted); the cell is unread, its text named
    result = _ocr(FR_TABLE.replace("AMOUNT", "money(decimals=2)"),
                          _fr_table("3   125,001"), registry)
    assert _cell(result) is None
    assert result.status == Status.REVIEW
    assert any("3 125,001" in r.message for r in result.reasons)
    result = _ocr(FR_FIELD.replace("AMOUNT", "money(decimals=2)"),
                          "Total du lot   3   125,001\n", registry)
    assert result.fields["total"] is None or str(result.fields["total"].value) != "3.00"
    assert result.status == Status.REVIEW


@pytest.mark.parametrize("spaces", [2, 3])
def test_where_no_space_groups_thousands_both_readings_are_named(registry, spaces):
    """en_US: "3   125.00" is 3125.00 written with a gap (a recognizer's split) or 125.00
    beside a stray 3; nothing tells which: review, both readings named."""
    text = ("No      Amount\n"
            f"1.1     3{' ' * spaces}125.00\n"
            "1.2     600.00\n"
            "\nTotal\n")
    result = _ocr(EN_TABLE.replace("AMOUNT", "money"), text, registry)
    assert result.status == Status.REVIEW
    [why] = [r for r in result.reasons if r.code == "ambiguous"]
    assert "3125.00" in why.message and "125.00" in why.message
    result = _ocr(EN_FIELD.replace("AMOUNT", "money"),
                          f"Total   3{' ' * spaces}125.00\n", registry)
    assert result.status == Status.REVIEW
    assert "ambiguous" in {r.code for r in result.reasons}


def test_a_rule_decides_between_the_readings_of_a_split_cell(registry):
    # the row's arithmetic tells 3125.00 from 125.00 (en_US: no space groups thousands)
    template = EN_TABLE.replace('    amount: AMOUNT', '    qty: int header "Qty"\n'
                                '    rate: money header "Rate"\n    amount: money').replace(
        "}\n}", "}\n  rule line: each lot: qty * rate == amount\n}")
    text = ("No      Qty    Rate      Amount\n"
            "1.1     1250   2.50      3   125.00\n"
            "1.2     10     60.00     600.00\n"
            "\nTotal\n")
    result = _ocr(template, text, registry)
    assert _cell(result) == "3125.00"
    assert result.status == Status.ACCEPTED, result.reasons


def test_numbers_a_column_apart_stay_two(registry):
    # wider than a thousands group is ever set apart: two numbers, as before (the
    # quantity with no column of its own before a unit price, test_table_columns.py)
    result = _ocr(FR_TABLE.replace("AMOUNT", "money"),
                          _fr_table("3         125,00"), registry)
    assert _cell(result) != "3125.00"
    # and a group of four digits after the gap is no thousands group
    result = _ocr(FR_TABLE.replace("AMOUNT", "money"),
                          _fr_table("3   1250,00"), registry)
    assert _cell(result) != "31250.00"


# -- generated PDFs: the group a few points apart, in a cell and beside a label ----------

def _pdf(path, lines: list[list[tuple[float, str]]]) -> str:
    """A one-page PDF, each line a list of (x, text) at 10 pt Helvetica."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i, line in enumerate(lines):
        for x, text in line:
            page.insert_text((x, 80 + 18 * i), text, fontsize=10, fontname="helv")
    doc.save(str(path))
    doc.close()
    return str(path)


def _split(x: float, head: str, group: str, gap_chars: float) -> list[tuple[float, str]]:
    """``head`` at ``x`` and ``group`` ``gap_chars`` digits' widths (5.56 pt) after it."""
    import pymupdf

    end = x + pymupdf.get_text_length(head, fontname="helv", fontsize=10)
    return [(x, head), (end + 5.56 * gap_chars, group)]


@pytest.mark.parametrize("gap", [1.9, 2.8])
@pytest.mark.parametrize("locale", ["fr_FR", "en_US"])
def test_a_text_layers_number_a_few_characters_apart_is_another_column(tmp_path, gap, locale):
    """A PDF's text layer never parts its own "3 125,00": its "3" a few characters before
    "125,00" is a count before an amount (the stop's code read: "Licenses   12   450,00"
    was read 12450.00 and accepted)."""
    pdf = _pdf(tmp_path / "d.pdf", [
        [(50, "No"), (400, "Montant")],
        [(50, "1.1"), *_split(400, "3", "125,00", gap)],
        [(50, "1.2"), (400, "3 600,00")],
        [(50, "Total du lot"), *_split(400, "6", "725,00", gap)]])
    (tmp_path / "t.sift").write_text(
        FR_TABLE.replace("AMOUNT", "money").replace("fr_FR", locale).replace(
            "}\n}", '}\n  field total: money = right of "Total du lot"\n}'),
        encoding="utf-8")
    result = Engine(seen_store="memory").extract(pdf, template=str(tmp_path / "t.sift"))
    assert _cell(result) != "3125.00"
    assert result.fields["total"] is None or str(result.fields["total"].value) != "6725.00"


def test_a_handwritten_amount_split_at_its_thousands_space(registry):
    """The recognizer's words of a handwritten "100 320,50" right of its label, 1.9 of
    their characters apart (the bid's lot total read 320.50)."""
    src = '''template t {
  currency "EUR"
  locale "fr_FR"
  field total: money = right of "Total:" handwritten
}'''
    doc = words_doc((("Total:", 0.05, 0.11), ("100", 0.30, 0.33, True),
                     ("320,50", 0.3485, 0.4085, True)))
    assert values(run(src, doc, registry))["total"] == "100320.50"
