"""The OCR ecosystem's interchange formats: plain text, JSON, hOCR and ALTO.

Coordinates are written in the page's own unit (points for PDFs, pixels for images).
"""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from formsift.core.document import Document

FORMATS = ("text", "json", "hocr", "alto")


def _px(page: Any, box: Any) -> tuple[int, int, int, int]:
    return (round(box.x0 * page.width), round(box.y0 * page.height),
            round(box.x1 * page.width), round(box.y1 * page.height))


def to_text(doc: Document) -> str:
    return "\n\f\n".join(p.text for p in doc.pages) + "\n"


def to_json(doc: Document) -> str:
    return json.dumps({"document_id": doc.id, "source": doc.name, "pages": [
        {"page": p.number, "width": p.width, "height": p.height, "unit": p.unit,
         "notes": {k: v for k, v in p.notes.items() if isinstance(v, dict)},
         "lines": [{"text": ln.text, "box": ln.box.as_list(), "words": [
             {"text": w.text, "box": w.box.as_list(), "confidence": round(w.confidence, 4),
              "char_confidences": list(w.char_confidences), "source": w.source}
             for w in ln.words]} for ln in p.lines]} for p in doc.pages]},
        ensure_ascii=False, indent=1) + "\n"


def to_hocr(doc: Document) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
           '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
           '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">',
           "<head><title></title>",
           '<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>',
           '<meta name="ocr-system" content="formsift"/>',
           '<meta name="ocr-capabilities" content="ocr_page ocr_line ocrx_word"/>',
           "</head><body>"]
    word_id = 0
    for p in doc.pages:
        w, h = round(p.width), round(p.height)
        out.append(f'<div class="ocr_page" id="page_{p.number}" '
                   f'title="image {quoteattr(doc.name)[1:-1]}; bbox 0 0 {w} {h}; '
                   f'ppageno {p.index}">')
        for li, ln in enumerate(p.lines, start=1):
            x0, y0, x1, y1 = _px(p, ln.box)
            out.append(f'<span class="ocr_line" id="line_{p.number}_{li}" '
                       f'title="bbox {x0} {y0} {x1} {y1}">')
            for word in ln.words:
                word_id += 1
                a, b, c, d = _px(p, word.box)
                conf = round(word.confidence * 100)
                out.append(f'<span class="ocrx_word" id="word_{word_id}" '
                           f'title="bbox {a} {b} {c} {d}; x_wconf {conf}">'
                           f"{escape(word.text)}</span>")
            out.append("</span>")
        out.append("</div>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def to_alto(doc: Document) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://www.loc.gov/standards/alto/ns-v4# '
           'http://www.loc.gov/alto/v4/alto-4-2.xsd">',
           "<Description><MeasurementUnit>pixel</MeasurementUnit>",
           f"<sourceImageInformation><fileName>{escape(doc.name)}</fileName>"
           "</sourceImageInformation></Description>", "<Layout>"]
    for p in doc.pages:
        w, h = round(p.width), round(p.height)
        out.append(f'<Page ID="page_{p.number}" PHYSICAL_IMG_NR="{p.number}" WIDTH="{w}" '
                   f'HEIGHT="{h}"><PrintSpace HPOS="0" VPOS="0" WIDTH="{w}" HEIGHT="{h}">')
        if p.lines:
            out.append(f'<TextBlock ID="block_{p.number}">')
        for li, ln in enumerate(p.lines, start=1):
            x0, y0, x1, y1 = _px(p, ln.box)
            out.append(f'<TextLine ID="line_{p.number}_{li}" HPOS="{x0}" VPOS="{y0}" '
                       f'WIDTH="{x1 - x0}" HEIGHT="{y1 - y0}">')
            for i, word in enumerate(ln.words):
                a, b, c, d = _px(p, word.box)
                if i:
                    out.append("<SP/>")
                out.append(f"<String CONTENT={quoteattr(word.text)} HPOS=\"{a}\" VPOS=\"{b}\" "
                           f'WIDTH="{c - a}" HEIGHT="{d - b}" WC="{word.confidence:.3f}"/>')
            out.append("</TextLine>")
        if p.lines:
            out.append("</TextBlock>")
        out.append("</PrintSpace></Page>")
    out.append("</Layout></alto>")
    return "\n".join(out) + "\n"


WRITERS = {"text": to_text, "json": to_json, "hocr": to_hocr, "alto": to_alto}
