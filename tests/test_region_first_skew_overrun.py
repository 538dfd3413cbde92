"""Region-first on a skewed scan straightens only what it reads (the deskew is deferred:
:meth:`Page.image_within`). It made the parts around each fixed area with a small margin,
but ``read_areas`` segments each *cluster* of nearby areas whole (the rectangle that
encloses them): a printed name running on past its box, beside the next box, was read
from the full cluster, where the part-made page was white ("Alexandra Konstantinopoulou"
read "Alexandra Konstantinopoule", 0.85, accepted; whole on the same page not skewed).
The parts made are now the clusters ``read_areas`` segments, no more and no less."""

from __future__ import annotations

import numpy as np

from formsift.core import areas as A
from formsift.core.document import Page, Word
from formsift.core.geometry import Box
from formsift.core.kinds import Recognizer, Segmenter, TextRegion

#: A pixel of the page image not made (outside the parts asked for).
UNMADE = 7

# the name's box and the code's box below it, to its right: one cluster; the name runs on
# past its box under the code's (as "Alexandra Konstantinopoulou" did)
TEMPLATE = """
template t {
  field name: text = box(10%, 10%, 40%, 12%)
  field code: id = box(41%, 12.4%, 80%, 14.6%)
  field total: money = box(60%, 80%, 90%, 83%)
}
"""


def _compile(registry, tmp_path):
    from formsift.templates import load_template

    path = tmp_path / "t.sift"
    path.write_text(TEMPLATE)
    return load_template(path, registry)


class _Lines(Segmenter):
    """One text line over the whole part it is given; records whether the part held
    pixels that were not made."""

    name = "whole_part"

    def __init__(self) -> None:
        super().__init__()
        self.saw_unmade: list[bool] = []

    def segment(self, image, page):
        self.saw_unmade.append(bool((image == UNMADE).any()))
        return [TextRegion(Box(0.0, 0.0, 1.0, 1.0), "text")]


class _Reader(Recognizer):
    """Reads "ok" where the region's pixels were all made, "unmade" where some were not."""

    name = "reader"

    def recognize(self, image, page, regions, constraint=None):
        h, w = image.shape[:2]
        out = []
        for r in regions:
            b = r.box
            part = image[int(b.y0 * h):max(int(b.y0 * h) + 1, round(b.y1 * h)),
                         int(b.x0 * w):max(int(b.x0 * w) + 1, round(b.x1 * w))]
            out.append(Word("unmade" if (part == UNMADE).any() else "ok", b, page.index))
        return out


def test_the_parts_made_of_a_deskewed_page_are_all_that_read_areas_segments(registry,
                                                                            tmp_path):
    from formsift.templates.region_first import plan, read_page

    p = plan(_compile(registry, tmp_path))
    asked: list[list[Box]] = []
    w, h = 620, 877

    def parts(boxes):
        asked.append(list(boxes or []))
        image = np.full((h, w), UNMADE, np.uint8)
        for b in boxes or [Box(0, 0, 1, 1)]:
            image[int(b.y0 * h):int(np.ceil(b.y1 * h)), int(b.x0 * w):int(np.ceil(b.x1 * w))] = 255
        return image

    segmenter = _Lines()
    page = Page(index=0, width=w, height=h, unit="px")
    got = read_page(p, parts, page, 1, [segmenter], [_Reader()])
    assert got is not None and asked and asked[0]  # only parts were asked for
    assert segmenter.saw_unmade and not any(segmenter.saw_unmade)
    assert got.words and {x.text for x in got.words} == {"ok"}
    # and no more than that: the far total's box is made alone, not the page between
    made = Box.enclosing(asked[0])
    assert made.area() > 0.2  # (the boxes span the page)
    covered = sum(b.area() for b in asked[0])
    assert covered < 0.1, asked[0]


def test_segmented_parts_are_the_clusters_read_areas_cuts(monkeypatch):
    """:func:`formsift.core.areas.segmented` gives the cut-outs read_areas segments."""
    cut: list[Box] = []
    monkeypatch.setattr(A, "segment_area",
                        lambda image, page, area, segmenters, scale=1.0: cut.append(area) or [])
    boxes = [A.Area(Box(0.1, 0.1, 0.4, 0.12)), A.Area(Box(0.41, 0.124, 0.8, 0.146)),
             A.Area(Box(0.6, 0.8, 0.9, 0.83))]
    image = np.full((100, 100), 255, np.uint8)
    A.read_areas(image, Page(index=0, width=100, height=100, unit="px"), boxes, [], [])
    assert sorted(map(tuple, (b.as_list() for b in cut))) == \
        sorted(map(tuple, (b.as_list() for b in A.segmented(boxes))))
    assert len(cut) == 2
