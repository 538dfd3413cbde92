"""A fax machine's transmission line ("FROM: ACME +49 30 1234 567  12/03/2026 14:02  P. 1/2"),
stamped at the top (or by the receiving machine at the bottom) of every page, counts the
fax's pages, not the document's: its "P. 1/2" is no "page x of y" cue of the document."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.document import Page, Word
from formsift.core.geometry import Box
from formsift.templates.splitting import page_cue


def _page(lines: list[tuple[float, str]]) -> Page:
    """A page of words: each line (its top, as a fraction of the page) is split at spaces
    into words 0.02 of the page apart."""
    words = []
    for top, text in lines:
        x = 0.02
        for token in text.split():
            width = 0.012 * len(token)
            words.append(Word(token, Box(x, top, x + width, top + 0.012), 0, 0.9, "ocr"))
            x += width + 0.01
    page = Page(index=0, width=595, height=842)
    page.set_words(words)
    return page


FAX_LINES = [
    "FROM: ACME MEDICAL +49 30 1234 567 12/03/2026 14:02 P. 1/2",
    "12/03/2026 14:02 +49301234567 ACME MEDICAL PAGE 001/003",
    "MAR-12-2026 14:02 FROM: ACME TO: 0301234567 P.1/3",
    "12.03.2026 14:02 Fax 030 1234567 Seite 1/2",
    "Jan 12 2026 02:14PM FROM (212) 555-1234 Page 1 of 2",
]


@pytest.mark.parametrize("header", FAX_LINES)
def test_a_fax_transmission_line_is_not_a_page_cue(header):
    """A user's bug: a fax of two one-page invoices said 'P. 1/2' at the top of page 1, and
    the first invoice went to review with 'the pages say there are 2 (page 1 of 2)'."""
    body = [(0.1, "Invoice RE-88412"), (0.5, "Total 1,174.17")]
    assert page_cue(_page([(0.005, header), *body])) is None
    # the document's own cue lower down is still read, the transmission line's passed over
    own = _page([(0.005, header), *body, (0.95, "Page 1 of 1")])
    assert page_cue(own) == (1, 1)
    # a receiving machine's line at the bottom edge likewise
    assert page_cue(_page([*body, (0.975, header)])) is None


@pytest.mark.parametrize("line", [
    "Page 1 of 2",
    "Invoice RE-88412 Page 1 of 2",
    "Tel. +49 30 1234 567 12.03.2026 Page 1 of 2",  # a letterhead: no time of day
    "Printed 12.03.2026 14:02 Page 1 of 2",  # a time, no sender
    # the review: an ERP print's footer, with a time and a telephone (or fax) number; a
    # file missing its page 2 was accepted
    "Tel. +49 30 1234567 Printed 14.03.2026 14:02 Page 1 of 2",
    "Tel. +49 30 1234567 Fax +49 30 1234568 Printed 14.03.2026 14:02 Page 1 of 2",
])
def test_a_documents_own_page_cue_is_still_read(line):
    assert page_cue(_page([(0.005, line), (0.5, "Total 1,174.17")])) == (1, 2)
    # below the top edge, a line with time and number is the document's
    middle = "FROM: ACME +49 30 1234 567 12/03/2026 14:02 Page 1 of 2"
    assert page_cue(_page([(0.3, middle)])) == (1, 2)


def test_a_fax_of_two_one_page_invoices_misses_no_pages(registry):
    """Split end to end: two generated one-page invoices sent as one fax, each page
    stamped with the transmission line 'P. n/2'; neither is said to miss a page."""
    import pymupdf

    from formsift.samples import generate

    out = pymupdf.open()
    for n, seed in enumerate((3, 5), start=1):
        with pymupdf.open(stream=generate("invoice", seed).pdf, filetype="pdf") as one:
            out.insert_pdf(one)
        out[-1].insert_text((12, 14), f"FROM: ACME SUPPLIES +49 421 555 0199   "
                                      f"12/03/2026 14:02   P. {n}/2", fontsize=7,
                            fontname="cour")
    data = out.tobytes()
    result = Engine(registry=registry, seen_store="memory").extract_packet(data,
                                                                           name="fax.pdf")
    assert [d.pages for d in result.documents] == [[1], [2]]
    for document in result.documents:
        assert "pages_missing" not in [r.code for r in document.result.reasons]
    assert [c.page_cue for c in result.page_classification] == [None, None]
