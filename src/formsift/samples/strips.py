"""A machine-readable zone alone on a small page, as a strip cut from an ID document.

``mrz_strip(lines, font)`` prints the zone's lines (from :func:`~formsift.samples.packets.mrz_td1`,
:func:`~formsift.samples.packets.mrz_td3`, or your own) in a monospaced font file, one under
the other, and returns the PDF; :func:`~formsift.samples.render_scan` makes scans of it::

    from formsift.samples import encode_png, mrz_strip, render_scan
    from formsift.samples.packets import mrz_td3, person

    pdf = mrz_strip(mrz_td3(person(3)), "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
    png = encode_png(render_scan(pdf, 300, "clean", seed=3)[0])
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

#: The lines' size in points and their pitch (an ID card's zone, 11 pt on 16 pt).
SIZE, PITCH = 11, 16


def mrz_strip(lines: Sequence[str], font: str | Path) -> bytes:
    """A one-page PDF of ``lines`` (a zone's, 30, 36 or 44 characters each) alone on a
    420 pt wide page, :data:`SIZE` pt, in ``font`` (the path of a font file: a monospaced
    face, as the zone is printed in OCR-B or the like)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=420, height=40 + PITCH * len(lines))
    for i, line in enumerate(lines):
        page.insert_text((24, 30 + PITCH * i), line, fontsize=SIZE, fontfile=str(font),
                         fontname="M")
    return bytes(doc.tobytes())
