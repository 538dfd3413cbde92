"""QR codes: found and decoded on a page image with OpenCV (no model, no new dependency).

Each decoded code becomes a region of kind ``code`` whose ``attrs`` hold its payload
(``text``), its symbology (``qr``) and this component's name (``source``); the engine
turns it into one word whose text is the payload, with the code's box, so that field
types that read payloads (``swiss_qr``, ``epc_qr``) find it in the page's text. The lines
of a payload are separated by CR LF in that word, whatever the code held (LF or CR LF):
a page's lines are joined by LF, so a payload's end stays known.

Where ZXing-C++ is installed (the ``barcodes`` extra: ``pip install 'formsift[barcodes]'``)
it decodes the page's QR codes: on generated codes rendered at 150 to 300 dpi, turned,
blurred and scanned, it read every code OpenCV read and more (a blurred 20 mm code at
150 dpi: 10 of 10 against 1; ``benchmarks/bench_barcodes.py``). Without it, or where it
decodes none on a page, two OpenCV detectors are tried: the ArUco-based one
(``cv2.QRCodeDetectorAruco``), which reads tilted and blurred codes of scans and photos
more often, then, where it found a code it could not decode, the classic one
(``cv2.QRCodeDetector``). A code that none decodes (damaged, too few pixels per module)
gives no region: nothing is guessed.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from formsift.core.components import Options
from formsift.core.document import Page
from formsift.core.geometry import Box
from formsift.core.kinds import Segmenter, TextRegion

#: The confidence of a decoded code's word: a QR code's data passed its Reed-Solomon
#: error correction, which does not return wrong data short of deliberate forgery.
DECODED_CONFIDENCE = 0.99
#: Payloads longer than a QR code can hold (version 40, 7089 digits) are not codes.
MAX_PAYLOAD = 7089


class QrCodeOptions(Options):
    #: Longest side, in pixels, of the image the detectors are given (a larger one is
    #: shrunk first: detection time grows with the pixels). A code needs about 3 pixels
    #: per module after shrinking: 4000 keeps a QR-bill's 46 mm code at over 5.
    max_side: int = Field(4000, ge=500)


class QrCodes(Segmenter):
    name = "qr_codes"
    version = "0.1.0"
    summary = ("QR codes, decoded (ZXing-C++ where installed, else OpenCV): each payload "
               "becomes a word of the page")
    Options = QrCodeOptions

    def segment(self, image: Any, page: Page) -> list[TextRegion]:
        return [TextRegion(box, "code", DECODED_CONFIDENCE, None,
                           {"text": text, "symbology": "qr", "source": self.name})
                for text, box in decode_qr(image, self.options.max_side)]  # type: ignore[attr-defined]


def decode_qr(image: Any, max_side: int = 4000) -> list[tuple[str, Box]]:
    """The decoded QR codes of ``image`` (gray or BGR): (payload with CR LF line breaks,
    page-relative box), top to bottom. Codes found but not decoded are left out."""
    import cv2

    gray = gray_within(image, max_side)
    found = _decode_zxing(gray)
    if found:
        return found
    for detector in (cv2.QRCodeDetectorAruco(), cv2.QRCodeDetector()):
        try:
            ok, texts, points, _ = detector.detectAndDecodeMulti(gray)
        except cv2.error:  # a detector failing on odd pixels: the other one, no crash
            continue
        if not ok or points is None:
            break  # no code at all (the classic detector is slower, and finds no more)
        for text, quad in zip(texts, points, strict=False):
            if not text or len(text) > MAX_PAYLOAD:
                continue
            xs, ys = quad[:, 0] / gray.shape[1], quad[:, 1] / gray.shape[0]
            box = Box(max(0.0, float(xs.min())), max(0.0, float(ys.min())),
                      min(1.0, float(xs.max())), min(1.0, float(ys.max())))
            if box.width <= 0 or box.height <= 0:
                continue
            if any(b.overlap_ratio(box) > 0.5 for _, b in found):
                continue  # the same code, found by the second detector too
            found.append((_lines(text), box))
        if all(texts):
            break  # every code found was decoded
    return sorted(found, key=lambda f: (f[1].y0, f[1].x0))


def gray_within(image: Any, max_side: int) -> Any:
    """A contiguous grey copy of ``image``, shrunk so that its longer side is at most
    ``max_side`` pixels (the code decoders' input)."""
    import cv2
    import numpy as np

    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    h, w = gray.shape[:2]
    scale = min(1.0, max_side / max(h, w))
    if scale < 1.0:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(gray)


def _decode_zxing(gray: Any) -> list[tuple[str, Box]]:
    """The QR codes ZXing-C++ decodes on ``gray`` (none when it is not installed), as
    :func:`decode_qr` gives them."""
    try:
        from formsift.plugins.segment.barcodes import decode_barcodes
        found, _ = decode_barcodes(gray, ["qr"], max(gray.shape[:2]), text_mode="Plain")
    except Exception:  # not installed (ComponentNotFound), or failing: OpenCV reads
        return []
    return sorted(((_lines(text), box) for text, _, _, box in found
                   if len(text) <= MAX_PAYLOAD), key=lambda f: (f[1].y0, f[1].x0))


def _lines(text: str) -> str:
    """``text`` with every line break (LF, CR LF or CR) written CR LF."""
    return "\r\n".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
