"""A printed form filled in by hand (a timesheet's header): each handwritten value sits a
little above its printed label's baseline, so OCR groups it into a line of its own, and
two label/value pairs share a row ("Client: ...   Week ending: ..."). ``right of`` a label
reads the handwriting level with it, up to the next label of its row."""

from __future__ import annotations

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.templates import check_source, runtime

TEMPLATE = """template timesheet {
  field client: text = right of "Client:"
  field week_ending: date = right of "Week ending:"
}"""


def _word(text: str, x0: float, x1: float, y0: float, y1: float,
          handwritten: bool = False) -> Word:
    return Word(text, Box(x0, y0, x1, y1), 0, 0.99, "crnn" if handwritten else "ppocr_rec",
                handwritten, char_confidences=(0.99,) * len(text))


def _run(registry, words: list[Word]):
    doc = Document("sha256:ts", "ts", "image/png", [Page(0, 2480, 3508, words=words)], "ts")
    (template,), diags = check_source(TEMPLATE, "ts.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return runtime.run(template, doc)


def test_handwriting_above_the_baseline_stops_at_the_next_label_of_the_row(registry):
    """A user's bug (timesheets, ts01): the client "Northwind Logistics" is written a
    little above the printed "Client:", and the week-ending date beside "Week ending:"
    further right. 'right of "Client:"' gave 'Logistics 01/11/2026' (the first word, its
    box barely level with the label, left out; the next pair's date taken in), accepted."""
    words = [  # as OCR read the scan (boxes in fractions of the page)
        _word("Client:", 0.0876, 0.1315, 0.1934, 0.2079),
        _word("Week", 0.5914, 0.6293, 0.1918, 0.2084),
        _word("ending:", 0.6365, 0.6932, 0.1923, 0.2091),
        _word("01/11/2026", 0.7245, 0.8345, 0.184, 0.2066, handwritten=True),
        _word("Northwind", 0.1551, 0.2336, 0.1789, 0.2004, handwritten=True),
        _word("Logistics", 0.2426, 0.3286, 0.1794, 0.2009, handwritten=True),
    ]
    lines = Page(0, 2480, 3508, words=words).lines
    assert [ln.text for ln in lines] == ["Northwind Logistics 01/11/2026",
                                         "Client: Week ending:"]
    result = _run(registry, words)
    assert result.fields["client"].value == "Northwind Logistics"
    assert str(result.fields["week_ending"].value) == "2026-11-01"


def test_a_value_on_the_labels_own_line_is_still_read_first(registry):
    words = [
        _word("Client:", 0.088, 0.132, 0.193, 0.208),
        _word("Acme", 0.150, 0.190, 0.193, 0.208),
        _word("Week", 0.591, 0.629, 0.192, 0.208),
        _word("ending:", 0.636, 0.693, 0.192, 0.209),
        _word("01/11/2026", 0.725, 0.835, 0.193, 0.208),
    ]
    result = _run(registry, words)
    assert result.fields["client"].value == "Acme"
