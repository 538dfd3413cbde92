"""An image pasted over a text-layer word that shows that same word (a scan of the page
pasted back, with a note): OCR's reading there is the text-layer word, exact, given by
the document's loader; a reading with the letters OCR confuses ("4,47O.56") is that word
too, as labels compare them (:func:`formsift.templates.labels.loose`)."""

from __future__ import annotations

from formsift.core.document import Page, Word
from formsift.core.geometry import Box


def _page() -> Page:
    page = Page(index=0, width=595, height=842)
    page.notes["hidden_text"] = {"words": 1, "listed": [
        {"text": "4,470.56", "why": "image", "box": [0.67, 0.36, 0.75, 0.38]}]}
    return page


def test_a_reading_with_ocr_confusions_is_the_hidden_word_from_the_loader():
    from formsift.core.engine import _shown_by_image

    page = _page()
    read = [Word("Total", Box(0.08, 0.36, 0.14, 0.38), 0, 0.99, "ppocr_rec"),
            Word("4,47O.56", Box(0.668, 0.358, 0.752, 0.381), 0, 0.9, "ppocr_rec")]
    out = _shown_by_image(page, read, "pdfium")
    assert [(w.text, w.source) for w in out] == [("Total", "ppocr_rec"),
                                                 ("4,470.56", "pdfium")]
    assert page.notes["hidden_text"]["shown_by_image"] == 1


def test_another_amount_read_there_is_not_the_hidden_word():
    from formsift.core.engine import _shown_by_image

    page = _page()
    read = [Word("4,478.56", Box(0.668, 0.358, 0.752, 0.381), 0, 0.9, "ppocr_rec")]
    assert _shown_by_image(page, read, "pdf")[0].text == "4,478.56"
    assert "shown_by_image" not in page.notes["hidden_text"]
