"""Labels are searched only on the lines that hold one of their needles (the lines' texts
joined once per list of lines, kept on its first line; a one-line list's hits kept on its
line): the hits are those of a search of every line, whatever list of lines is searched,
after the page's words change, and on OCR'd lines found only fuzzily. (Guards for a
cache: the behaviour is the code before's.)"""

from __future__ import annotations

from formsift.core.document import Page, Word
from formsift.core.geometry import Box
from formsift.templates import labels as L


def _page(rows, conf=None):
    """A page of lines, each a list of word texts, one word space apart."""
    words = []
    for i, row in enumerate(rows):
        x, y = 0.05, 0.05 + 0.03 * i
        for text in row:
            w = 0.012 * len(text)
            cc = () if conf is None else tuple(conf.get(text, [0.99] * len(text)))
            words.append(Word(text, Box(x, y, x + w, y + 0.02), 0,
                              0.99 if conf is None else 0.9,
                              "pdf" if conf is None else "ppocr_rec", char_confidences=cc))
            x += w + 0.012
    return Page(0, 100, 100, words=words)


def _every_line(page_index, lines, label):
    """The hits of a search of every line, as the code before the run cache made it."""
    real = L._lines_to_search
    try:
        L._lines_to_search = lambda lines, label, fuzzy: list(range(len(lines)))
        return L._find_text_in(page_index, lines, label)  # (no hits kept on a line)
    finally:
        L._lines_to_search = real


ROWS = [["ACME", "GmbH"], ["Invoice", "no.", "INV-1"], ["Date:", "05/12/2026"],
        ["Description", "Qty", "Amount"], ["Widget", "2", "10.00"],
        ["Subtotal", "10.00"], ["VAT", "20%", "2.00"], ["Total", "12.00"],
        ["Total:12.00"], ["Сумма", "Всего:", "12.00"]]
LABELS = ["Total", "Invoice no.", "Date:", "Subtotal", "VAT", "Всего:", "Bcero",
          "Amount", "Widget", "Nothing here", "N°", "12"]


def test_same_hits_as_every_line():
    page = _page(ROWS)
    for label in LABELS:
        for lines in (page.lines, page.lines[2:], page.lines[:6], page.lines[3:5],
                      page.lines[::-1], [page.lines[7]]):
            assert L._find_text(0, lines, label) == _every_line(0, lines, label), label


def test_runs_of_one_first_line_kept_apart():
    page = _page(ROWS)
    whole, head = page.lines, page.lines[:4]
    assert [h.line_index for h in L._find_text(0, whole, "Total")] == [7, 8]
    assert L._find_text(0, head, "Total") == []
    assert [h.line_index for h in L._find_text(0, whole, "Total")] == [7, 8]
    for k in range(3, 3 + 2 * L._RUNS_KEPT):  # more runs than are kept: still right
        assert [h.line_index for h in L._find_text(0, whole[:k], "Subtotal")] == \
            ([5] if k > 5 else [])


def test_new_words_new_search():
    page = _page(ROWS)
    assert [h.line_index for h in L.find_label(page, ("Total",))] == [7, 8]
    page.set_words(_page([["Gesamt", "12.00"], ["Total", "9.00"], ["x"], ["y"]]).words)
    assert [h.line_index for h in L.find_label(page, ("Total",))] == [1]


def test_fuzzy_line_far_down_still_found():
    rows = [[f"Line{i}", "text"] for i in range(12)] + [["lnvoiee", "No", "77"]]
    page = _page(rows, conf={"lnvoiee": [0.5, 0.99, 0.99, 0.99, 0.99, 0.4, 0.99]})
    hits = L._find_text(0, page.lines, "Invoice")
    assert [h.line_index for h in hits] == [12]
    assert hits == _every_line(0, page.lines, "Invoice")


def test_one_line_hits_kept_per_label_and_page():
    page = _page(ROWS)
    line = page.lines[7]
    first = L._find_text(0, [line], "Total")
    assert [h.box for h in first] == [h.box for h in _every_line(0, [line], "Total")]
    assert L._find_text(0, [line], "Total") == first
    assert L._find_text(0, [line], "Subtotal") == []
    assert [h.page for h in L._find_text(3, [line], "Total")] == [3]
