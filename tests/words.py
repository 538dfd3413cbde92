"""Small OCR'd documents and template runs for locator tests: words placed by hand on
one page, a template compiled from its text and run on them."""

from __future__ import annotations


def tpl(src: str, registry):
    from formsift.templates import check_source

    (t,), diags = check_source(src, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return t


def run(src, doc, registry):
    from formsift.templates import runtime

    return runtime.run(tpl(src, registry), doc)


def values(ex):
    return {k: (str(v.value) if v is not None else None) for k, v in ex.fields.items()}


def words_doc(*lines, conf=0.97, source="ppocr_rec"):
    """A one-page OCR'd document; each line a tuple of (text, x0, x1) or
    (text, x0, x1, handwritten)."""
    from formsift.core.document import Document, Page, Word
    from formsift.core.geometry import Box

    words = []
    for i, line in enumerate(lines):
        y = 0.1 + 0.04 * i
        for text, x0, x1, *hand in line:
            handwritten = bool(hand and hand[0])
            words.append(Word(text, Box(x0, y, x1, y + 0.02), 0, conf,
                              "crnn" if handwritten else source, handwritten=handwritten,
                              char_confidences=tuple([conf] * len(text))))
    return Document("sha256:test", "t", "image/png", [Page(0, 100, 100, words=words)], "t")


def laid_out(*items):
    """(text, x, gap_before...) helper: each line a tuple of words set one after the other
    from x=0.05, each given as (text, gap_before)."""
    out = []
    for line in items:
        x, row = 0.05, []
        for text, gap in line:
            x += gap
            w = 0.012 * len(text)
            row.append((text, x, x + w))
            x += w
        out.append(tuple(row))
    return out
