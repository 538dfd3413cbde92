"""A sheet's number in a set is no page count of the file (petitions journey F4): "Blatt 1
von 2" on a signature list scanned on its own sent it to review (``pages_missing``: "the
pages say there are 2"), while "Sheet 1 of 2" on the English list did not. A page's
number ("Page 1 of 2", "Seite 1 von 2", "page 1 sur 2", "página 1 de 2", "pagina 1 di 2",
"strona 1 z 2", "sida 1 av 2") says how many pages the document has, in every language; a
sheet's number ("Sheet", "Blatt", "feuille", "hoja", "foglio", "folha", "arkusz", "blad")
counts the sheets of a set (a petition's lists, a register), each often scanned alone,
in every language, and says nothing about the file's pages."""

from __future__ import annotations

import pytest

from tests.parsing import extract_text

TEMPLATE = """template petition {
  match { contains "PETITION" }
  field circulator: text = right of "Circulator:"
}"""


def _text(cue: str) -> str:
    return f"CITIZENS' PETITION    {cue}\nCirculator: Janet Rowe\n"


@pytest.mark.parametrize("cue", ["Sheet 1 of 2", "Blatt 1 von 2", "Blatt 1/2 von 2",
                                 "Feuille 1 sur 3", "Hoja 1 de 2", "Foglio 1 di 2",
                                 "Arkusz 1 z 2", "SHEET 3 OF 12"])
def test_a_sheets_number_in_a_set_sends_nothing_to_review(tmp_path, cue):
    result = extract_text(tmp_path, TEMPLATE, _text(cue))
    assert [r.code for r in result.reasons] == [], result.reasons
    assert result.status == "accepted"
    assert result.fields["circulator"].value == "Janet Rowe"


@pytest.mark.parametrize("cue", ["Page 1 of 2", "Seite 1 von 2", "page 1 sur 2",
                                 "Página 1 de 2", "Pagina 1 di 2", "Strona 1 z 2",
                                 "Sida 1 av 2", "Pg. 1/2", "Side 1 af 2", "Strana 1 z 2",
                                 "Страница 1 из 2"])
def test_a_pages_number_counts_the_files_pages(tmp_path, cue):
    result = extract_text(tmp_path, TEMPLATE, _text(cue))
    assert [r.code for r in result.reasons] == ["pages_missing"], result.reasons
    assert "page(s) 2 missing" in result.reasons[0].message


def test_sheet_cues_still_order_a_sets_pages():
    """In a packet, a sheet's number orders and joins pages as a page's does (page_cue
    reads both; only the missing-pages check leaves sheets out)."""
    from formsift.core.document import Page, Word
    from formsift.core.geometry import Box
    from formsift.templates.splitting import page_cue

    def page(text: str) -> Page:
        words = [Word(text=t, box=Box(0.1 + 0.1 * i, 0.05, 0.18 + 0.1 * i, 0.08), page=0)
                 for i, t in enumerate(text.split())]
        return Page(index=0, width=595, height=842, words=words)

    assert page_cue(page("Sheet 2 of 3")) == (2, 3)
    assert page_cue(page("Blatt 2 von 3")) == (2, 3)
    assert page_cue(page("Blatt 2 von 3"), sheets=False) is None
    assert page_cue(page("Seite 2 von 3"), sheets=False) == (2, 3)


@pytest.mark.parametrize("word, of", [("Blatt", "von"), ("Sheet", "of"), ("Hoja", "de")])
def test_pages_numbered_as_sheets_count_the_files_pages(tmp_path, word, of):
    """Two pages or more numbered as sheets of one set are the file's pages: a German
    form numbered "Blatt 1 von 3", "Blatt 2 von 3" lacks its Blatt 3 (the stop's code read
    of 0d1d061: that went unreported once sheets counted nothing); a sheet alone still
    says nothing (above)."""
    pages = [_text(f"{word} {n} {of} 3") for n in (1, 2)]
    result = extract_text(tmp_path, TEMPLATE, "\f".join(pages))
    assert [r.code for r in result.reasons] == ["pages_missing"], result.reasons
    assert "page(s) 3 missing" in result.reasons[0].message
    whole = [_text(f"{word} {n} {of} 2") for n in (1, 2)]
    result = extract_text(tmp_path, TEMPLATE, "\f".join(whole))
    assert [r.code for r in result.reasons] == [], result.reasons
