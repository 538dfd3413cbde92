"""A ``handwritten`` hint changes nothing of the print it does not look at, and the print
beside the handwriting it looks at stays print (weighbridge journey, findings 2 and 4).

Finding 2: a hint on the grader's initials made the printed gross weight "38,420 kg",
far from them, read "38" ("38," and "420"), accepted. The ``handwriting`` segmenter had
taken the printed "kg" for handwriting and cut the line before it; outside the hint's
area the cut line was read as print in two pieces, and "38,420" read alone split at its
comma. A line read as print outside the hints' areas is now read as the text detector
found it, as a template without the hint reads it.

Finding 4: the form prints "Moisture: ______ %"; the "%" beside the blank, labelled
handwritten, was read by the handwriting recognizer as "910" (an ambiguous or wrong
moisture). A word the printed recognizer reads surely, with no digit, stays printed.

The recognizers here are stand-ins that read each region as a table says (what PP-OCR and
the handwriting model read on the journey's scans), so the routing is tested alone.
"""

from __future__ import annotations

from typing import Any

from formsift.core.document import Page, Word
from formsift.core.geometry import Box
from formsift.core.kinds import Recognizer, TextRegion
from formsift.templates import check_source

TEMPLATE = """template ticket {
  field gross: decimal = right of "Gross weight:"
  field moisture: percent(sign="optional") = right of "Moisture:" handwritten
  field grader: text? = right of "Grader initials:" handwritten
}"""


def _region(box: tuple[float, float, float, float], kind: str = "text",
            detected: list[TextRegion] | None = None) -> TextRegion:
    """A region as the handwriting segmenter returns it: with the detector's line(s) it
    was made from (itself when the segmenter left it as found)."""
    r = TextRegion(Box(*box), kind, 0.9)
    r.attrs["detected"] = detected if detected is not None else [TextRegion(Box(*box))]
    return r


class _Reader(Recognizer):
    """Reads each region as ``table`` says: by the region's box, (text, confidence) words
    laid side by side across it."""

    version = "0.1.0"

    def __init__(self, name: str, table: dict[tuple[float, ...], list[tuple[str, float]]],
                 handwriting: bool = False) -> None:
        super().__init__()
        self.name = name  # type: ignore[misc]
        self.handwriting = handwriting
        self.table = table
        self.read: list[tuple[float, ...]] = []

    def recognize(self, image: Any, page: Page, regions: list[TextRegion],
                  constraint: Any = None) -> list[Word]:
        out = []
        for r in regions:
            key = tuple(round(v, 3) for v in r.box.as_list())
            self.read.append(key)
            got = self.table.get(key, [])
            step = r.box.width / max(1, len(got))
            for k, (text, conf) in enumerate(got):
                box = Box(r.box.x0 + k * step, r.box.y0, r.box.x0 + (k + 1) * step, r.box.y1)
                out.append(Word(text, box, page.index, conf, self.name,
                                r.kind == "handwritten", None, (conf,) * len(text)))
        return out


def _page(registry: Any, regions: list[TextRegion], printed: dict, written: dict,
          ink: list[tuple[float, float, float, float]] = ()) -> tuple[list[Word], _Reader, Page]:
    """The words read on a blank page with dark bars at ``ink`` (page fractions): where the
    letters are, as tall as they are written."""
    import numpy as np

    from formsift.core.routing import read_page

    (t,), diags = check_source(TEMPLATE, "ticket.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    page = Page(index=0, width=1000, height=1400, unit="px")
    ppocr = _Reader("ppocr_rec", printed)
    crnn = _Reader("crnn", written, handwriting=True)
    image = np.full((1400, 1000, 3), 255, np.uint8)
    for x0, y0, x1, y1 in ink:
        image[round(y0 * 1400):round(y1 * 1400), round(x0 * 1000):round(x1 * 1000)] = 30
    words = read_page(image, page, regions, [ppocr, crnn], t, 1)
    return words, ppocr, page


LABELS = {(0.08, 0.32, 0.23, 0.34): [("Gross", 0.99), ("weight:", 0.99)],
          (0.08, 0.50, 0.16, 0.52): [("Moisture:", 0.99)],
          (0.08, 0.85, 0.30, 0.87): [("Grader", 0.99), ("initials:", 0.99)]}


def _labels() -> list[TextRegion]:
    return [_region(b) for b in LABELS]


def test_a_printed_line_cut_by_the_segmenter_far_from_the_hints_is_read_whole(registry):
    line = TextRegion(Box(0.335, 0.32, 0.44, 0.34))  # "38,420 kg" as the detector found it
    number = _region((0.335, 0.32, 0.405, 0.34), "text", [line])
    unit = _region((0.405, 0.32, 0.44, 0.34), "handwritten", [line])  # "kg" taken for writing
    initials = _region((0.33, 0.845, 0.40, 0.875), "handwritten")
    printed = {**LABELS,
               (0.335, 0.32, 0.44, 0.34): [("38,420", 0.99), ("kg", 0.99)],
               # read alone, the cut-off number splits at its comma (the journey's scan)
               (0.335, 0.32, 0.405, 0.34): [("38,", 0.99), ("420", 0.99)],
               (0.405, 0.32, 0.44, 0.34): [("kg", 0.99)],
               (0.33, 0.845, 0.4, 0.875): [("JM", 0.3)]}
    words, _, page = _page(registry, [*_labels(), number, unit, initials], printed,
                               {(0.405, 0.32, 0.44, 0.34): [("Xg", 0.08)],
                                (0.33, 0.845, 0.4, 0.875): [("JM", 0.57)]})
    row = sorted((w for w in words if 0.32 <= w.box.cy <= 0.34 and w.box.x0 > 0.3),
                 key=lambda w: w.box.x0)
    assert [(w.text, w.source) for w in row] == [("38,420", "ppocr_rec"), ("kg", "ppocr_rec")]
    # where the hint looks, the handwriting is read as handwriting
    (jm,) = [w for w in words if w.box.cy > 0.84 and w.box.x0 > 0.3]
    assert (jm.text, jm.source, jm.handwritten) == ("JM", "crnn", True)
    assert page.notes["handwriting"]["read_as_handwriting"] == 1


def test_lines_the_segmenter_joined_far_from_the_hints_are_read_as_found(registry):
    a, b = TextRegion(Box(0.50, 0.32, 0.56, 0.34)), TextRegion(Box(0.565, 0.32, 0.62, 0.34))
    joined = _region((0.50, 0.32, 0.62, 0.34), "handwritten", [a, b])
    printed = {**LABELS, (0.5, 0.32, 0.56, 0.34): [("Net", 0.99)],
               (0.565, 0.32, 0.62, 0.34): [("only", 0.99)],
               (0.5, 0.32, 0.62, 0.34): [("Netonly", 0.99)]}
    words, _, _ = _page(registry, [*_labels(), joined], printed, {})
    assert sorted(w.text for w in words if 0.32 <= w.box.cy <= 0.34 and w.box.x0 >= 0.5) == \
        ["Net", "only"]


def test_a_printed_sign_beside_the_handwriting_stays_print(registry):
    value = _region((0.34, 0.49, 0.41, 0.515), "handwritten")
    sign = _region((0.527, 0.50, 0.549, 0.52), "handwritten")  # the "%" after the blank
    printed = {**LABELS, (0.34, 0.49, 0.41, 0.515): [("14.2", 0.98)],
               (0.527, 0.5, 0.549, 0.52): [("%", 0.99)]}
    written = {(0.34, 0.49, 0.41, 0.515): [("14.2", 0.99)],
               (0.527, 0.5, 0.549, 0.52): [("910", 0.53)]}
    words, _, _ = _page(registry, [*_labels(), value, sign], printed, written)
    row = sorted((w for w in words if 0.49 <= w.box.cy <= 0.52 and w.box.x0 > 0.3),
                 key=lambda w: w.box.x0)
    assert [(w.text, w.source, w.handwritten) for w in row] == [
        ("14.2", "crnn", True), ("%", "ppocr_rec", False)]


def test_a_faded_sign_and_a_printed_unit_stay_print(registry):
    sign = _region((0.527, 0.50, 0.549, 0.52), "handwritten")
    unit = _region((0.42, 0.49, 0.46, 0.515), "handwritten")
    printed = {**LABELS, (0.527, 0.5, 0.549, 0.52): [("%", 0.67)],
               (0.42, 0.49, 0.46, 0.515): [("kg", 0.99)]}
    written = {(0.527, 0.5, 0.549, 0.52): [("91o", 0.08)],
               (0.42, 0.49, 0.46, 0.515): [("kg", 0.08)]}
    words, _, _ = _page(registry, [*_labels(), sign, unit], printed, written)
    assert sorted((w.text, w.source) for w in words if 0.49 <= w.box.cy <= 0.52
                  and w.box.x0 > 0.3) == [("%", "ppocr_rec"), ("kg", "ppocr_rec")]


def test_handwriting_the_print_recognizer_reads_stays_handwriting(registry):
    """Guards: digits stay the handwriting recognizer's (PP-OCR read a handwritten 77.8 as
    17.8 at 0.97), and so do letters the print recognizer is not sure of (initials)."""
    value = _region((0.34, 0.49, 0.41, 0.515), "handwritten")
    initials = _region((0.33, 0.845, 0.40, 0.875), "handwritten")
    printed = {**LABELS, (0.34, 0.49, 0.41, 0.515): [("17.8", 0.97)],
               (0.33, 0.845, 0.4, 0.875): [("PB", 0.79)]}
    written = {(0.34, 0.49, 0.41, 0.515): [("77.8", 0.52)],
               (0.33, 0.845, 0.4, 0.875): [("PD", 0.16)]}
    words, _, _ = _page(registry, [*_labels(), value, initials], printed, written)
    hand = sorted((w.text, w.source) for w in words if w.box.x0 > 0.3)
    assert hand == [("77.8", "crnn"), ("PD", "crnn")]


def test_the_segmenter_keeps_the_detected_lines_of_what_it_joins():
    from formsift.plugins.handwriting.segment import _join_handwriting, with_detected

    regions = with_detected([TextRegion(Box(0.30, 0.50, 0.36, 0.52)),
                             TextRegion(Box(0.365, 0.50, 0.42, 0.52))])
    for r in regions:
        r.kind = "handwritten"
    (joined,) = _join_handwriting(regions, 1.0)
    assert [d.box for d in joined.attrs["detected"]] == [r.box for r in regions]


def test_a_printed_sign_on_a_line_of_tall_handwriting_stays_print(registry):
    """The printed recognizer's words take their line's height: the sign's own ink, as
    tall as the labels, decides, not its box (the code read of the rule above)."""
    line = _region((0.34, 0.48, 0.56, 0.53), "handwritten")  # '14.2' written tall, then '%'
    printed = {**LABELS, (0.34, 0.48, 0.56, 0.53): [("14.2", 0.98), ("%", 0.99)]}
    written = {(0.34, 0.48, 0.56, 0.53): [("14.2", 0.99), ("916", 0.53)]}
    ink = [(b[0] + 0.01, 0.3245 + (b[1] - 0.32), b[2] - 0.01, 0.333 + (b[1] - 0.32))
           for b in LABELS] + [(0.35, 0.482, 0.44, 0.528), (0.47, 0.50, 0.49, 0.509)]
    words, _, _ = _page(registry, [*_labels(), line], printed, written, ink)
    row = sorted((w for w in words if 0.48 <= w.box.cy <= 0.53 and w.box.x0 > 0.3),
                 key=lambda w: w.box.x0)
    assert [(w.text, w.source) for w in row] == [("14.2", "crnn"), ("%", "ppocr_rec")]
