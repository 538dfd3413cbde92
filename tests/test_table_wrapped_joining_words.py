"""A description wrapped onto a second line that starts with a capital ("Ecology and
Evolution in" / "Changing Environments") is the rest of the description when its first
line ends in a word that joins (a preposition, an article, a conjunction) of English,
German, French, Spanish, Italian, Dutch or Portuguese: without `multiline` the second
line was taken for a heading and dropped, the record accepted with "Ecology and
Evolution in" (the transcripts journey, finding 4: the joining words were "with", "and",
"for", "of" and a few French, German, Spanish and Italian ones). A word that only looks
like one stays a finished description: a single capital ("Vitamin A"), a code in
capitals among small letters ("Toronto ON"), a word's end after a hyphen ("Plug-in"), an
English word ("Cutting die", "Delivery van", "Serial no")."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

TEMPLATE = '''template inv {
  match { contains "Description" }
  field total: decimal = right of "Total"
  table items {
    description: text header "Description"
    qty: decimal header "Qty"
    until "Total"
  }
  rule qty_sum: sum(items.qty) == total
}'''


def _invoice(path, first: str, second: str) -> str:
    """Three rows; the first row's description is ``first`` with ``second`` on the
    line under it, in the description column."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = 100

    def put(x: float, text: str) -> None:
        page.insert_text((x, y), text, fontsize=9, fontname="helv")

    put(50, "Description")
    put(400, "Qty")
    y += 16
    for k, (desc, qty) in enumerate([(first, "2"), ("Site visit", "1"), ("Report", "3")]):
        put(50, desc)
        put(400, qty)
        y += 13
        if k == 0:
            put(50, second)
            y += 13
    y += 10
    put(300, "Total")
    put(400, "6")
    doc.save(str(path))
    doc.close()
    return str(path)


def _extract(tmp_path, first: str, second: str):
    sift = tmp_path / "t.sift"
    sift.write_text(TEMPLATE, encoding="utf-8")
    return Engine(seen_store="memory").extract(_invoice(tmp_path / "i.pdf", first, second),
                                               template=str(sift))


@pytest.mark.parametrize("first,second", [
    ("Ecology and Evolution in", "Changing Environments"),
    ("ECOLOGY AND EVOLUTION IN", "CHANGING ENVIRONMENTS"),
    ("Introduction to", "Programming"),
    ("Seminar on", "Ethics"),
    ("Readings from the", "Renaissance"),
    ("Wartung der", "Heizungsanlage"),
    ("Einweisung zum", "Betrieb"),
    ("Entretien des", "Installations"),
    ("Réparation du", "Compresseur"),
    ("Revisión del", "Equipo"),
    ("Manutenzione della", "Caldaia"),
    ("Onderhoud aan het", "Koelsysteem"),
    ("Revisão dos", "Equipamentos"),
])
def test_a_line_ending_in_a_joining_word_goes_on(tmp_path, first, second):
    result = _extract(tmp_path, first, second)
    rows = result.tables["items"]
    assert [r["description"].value for r in rows] == [f"{first} {second}", "Site visit",
                                                      "Report"]
    assert result.status is Status.ACCEPTED, result.reasons


@pytest.mark.parametrize("first", ["Vitamin A", "Shipping to Toronto ON", "Plug-in",
                                   "Cutting die", "Service", "Serial no", "Delivery van",
                                   "Morning visit 8 am", "Smith et al"])
def test_a_finished_description_is_not_continued_by_a_heading(tmp_path, first):
    """Guard: after a description that ends in no joining word, a line starting with a
    capital is a heading, no part of the row."""
    result = _extract(tmp_path, first, "Labour")
    rows = result.tables["items"]
    assert [r["description"].value for r in rows] == [first, "Site visit", "Report"]
