"""Barcodes: 1D (Code 128 and GS1-128, EAN-13/EAN-8, UPC-A/UPC-E, Code 39, Code 93, ITF,
Codabar, GS1 DataBar) and 2D (Data Matrix, PDF417, Aztec, and QR on request), found and
decoded on a page image with ZXing-C++ (the optional ``zxing-cpp`` wheel:
``pip install 'formsift[barcodes]'``).

Each decoded code becomes a region of kind ``code`` whose ``attrs`` hold its payload
(``text``), its symbology (``symbology``: ``code128``, ``ean13``, ...), whether it holds
GS1 element strings (``gs1``) and this component's name (``source``): the engine turns it
into one word whose text is the payload, with the code's box, as a QR code's (see
:mod:`.qr_codes`). A GS1 payload (GS1-128, GS1 DataMatrix, DataBar) is written as its
human-readable form, each application identifier in parentheses:
``(00)340123450000000018``, ``(01)04006381333931(10)ABC123``.

What was found, decoded or not, is in the page's note under the component's name:
``codes`` (each decoded code's ``text``, ``symbology``, ``box``, ``confidence``) and
``undecoded`` (a code found whose bars or modules did not decode: its symbology where
known, its box and why, as ``checksum``). A code that does not decode gives no word:
nothing is guessed.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from formsift.core.components import Options
from formsift.core.document import Page
from formsift.core.errors import ComponentNotFound
from formsift.core.geometry import Box
from formsift.core.kinds import Segmenter, TextRegion

INSTALL = "pip install 'formsift[barcodes]'"

#: formsift's name of each symbology -> ZXing-C++'s (``zxingcpp.BarcodeFormat``).
SYMBOLOGIES: dict[str, str] = {
    "code128": "Code128", "ean13": "EAN13", "ean8": "EAN8", "upca": "UPCA", "upce": "UPCE",
    "code39": "Code39", "code93": "Code93", "itf": "ITF", "codabar": "Codabar",
    "databar": "DataBar", "databar_expanded": "DataBarExp", "databar_limited": "DataBarLtd",
    "datamatrix": "DataMatrix", "pdf417": "PDF417", "aztec": "Aztec", "qr": "QRCode",
}
#: What ``barcodes`` reads unless its ``formats`` option says otherwise: all but QR codes,
#: which the ``qr_codes`` segmenter reads (two words for one code would be two values).
DEFAULT_FORMATS = tuple(s for s in SYMBOLOGIES if s != "qr")

#: A decoded code's word confidence, by what guards its data. 2D codes carry Reed-Solomon
#: error correction; Code 128, Code 93, EAN/UPC and DataBar a check character the decoder
#: verifies (and bar-width rules per character): a wrong payload needs a misprint that
#: keeps both. Code 39, ITF and Codabar have no compulsory check character: a
#: damaged character can be read as another one with nothing to tell.
CONFIDENCE: dict[str, float] = {
    **dict.fromkeys(("datamatrix", "pdf417", "aztec", "qr"), 0.99),
    **dict.fromkeys(("code128", "code93", "ean13", "ean8", "upca", "upce", "databar",
                     "databar_expanded", "databar_limited"), 0.98),
}
#: Code 39, ITF, Codabar (no check character a decoder can verify).
UNCHECKED_CONFIDENCE = 0.9


#: ZXing-C++'s binarizers tried in turn on a page (see :func:`decode_barcodes`).
BINARIZERS = ("LocalAverage", "FixedThreshold", "GlobalHistogram")


def _zxing() -> Any:
    try:
        import zxingcpp
    except ImportError:
        raise ComponentNotFound(
            "reading barcodes needs zxing-cpp (ZXing-C++), which is not installed: "
            f"{INSTALL}") from None
    return zxingcpp


class BarcodeOptions(Options):
    #: The symbologies to read (``code128``, ``ean13``, ``ean8``, ``upca``, ``upce``,
    #: ``code39``, ``code93``, ``itf``, ``codabar``, ``databar``, ``databar_expanded``,
    #: ``databar_limited``, ``datamatrix``, ``pdf417``, ``aztec``, ``qr``); by default all
    #: but ``qr`` (the ``qr_codes`` segmenter's). Fewer is faster, and a symbology not
    #: read is never mistaken for another.
    formats: list[str] = list(DEFAULT_FORMATS)
    #: Longest side, in pixels, of the image decoded (a larger one is shrunk first).
    max_side: int = Field(5000, ge=500)

    @field_validator("formats")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        names = [v.strip().lower().replace("-", "").replace(" ", "") for v in value]
        unknown = [v for v in names if v not in SYMBOLOGIES]
        if unknown:
            raise ValueError(f"unknown barcode format(s) {', '.join(map(repr, unknown))}; "
                             f"known: {', '.join(SYMBOLOGIES)}")
        if not names:
            raise ValueError("no barcode format to read")
        return list(dict.fromkeys(names))


class Barcodes(Segmenter):
    name = "barcodes"
    version = "0.1.0"
    summary = ("Barcodes, decoded (ZXing-C++, extra 'barcodes'): Code 128/GS1-128, EAN/UPC, "
               "Code 39, ITF, DataMatrix, PDF417...; each payload becomes a word of the page")
    Options = BarcodeOptions

    def setup(self) -> None:
        _zxing()  # not installed: say which extra, before any page

    def segment(self, image: Any, page: Page) -> list[TextRegion]:
        self.ensure_ready()
        opts: BarcodeOptions = self.options  # type: ignore[assignment]
        decoded, undecoded = decode_barcodes(image, opts.formats, opts.max_side)
        regions = [TextRegion(box, "code", CONFIDENCE.get(sym, UNCHECKED_CONFIDENCE), None,
                              {"text": text, "symbology": sym, "gs1": gs1,
                               "source": self.name})
                   for text, sym, gs1, box in decoded]
        page.notes[self.name] = {
            **(page.notes.get(self.name) or {}),
            "found": [{"text": r.attrs["text"], "symbology": r.attrs["symbology"],
                       "box": r.box.as_list(), "confidence": r.score} for r in regions],
            "undecoded": undecoded}
        return regions


def _symbology(fmt: Any) -> str:
    """formsift's name of a ZXing-C++ format (``EAN13`` -> ``ean13``)."""
    name = getattr(fmt, "name", str(fmt))
    return next((k for k, v in SYMBOLOGIES.items() if v == name),
                name.lower().replace("-", "").replace(" ", ""))


def decode_barcodes(image: Any, formats: list[str] | tuple[str, ...] = DEFAULT_FORMATS,
                    max_side: int = 5000, text_mode: str = "HRI"
                    ) -> tuple[list[tuple[str, str, bool, Box]], list[dict[str, Any]]]:
    """The barcodes of ``image`` (gray or BGR) of the given symbologies: the decoded ones
    as (payload, symbology, GS1, page-relative box), top to bottom, and those found but
    not decoded as ``{"symbology", "box", "error"}`` (``error``: ``checksum``,
    ``format``, or ``read two ways`` for a code two binarizers read as two payloads,
    neither of which is trusted). ``text_mode`` is ZXing's: ``HRI`` writes GS1 element
    strings with their AIs in parentheses, ``Plain`` the payload's bytes as text."""
    from formsift.plugins.segment.qr_codes import gray_within

    zx = _zxing()
    gray = gray_within(image, max_side)
    wanted = zx.barcode_formats_from_str(",".join(SYMBOLOGIES[f] for f in formats))
    # ZXing's default binarizer (local average) loses a code's thin bars after a scan's
    # blur and a deskew's interpolation more often than a fixed threshold does, and the
    # other way round on uneven lighting: each is tried, and what any decodes is kept
    found = [code for binarizer in BINARIZERS
             for code in zx.read_barcodes(gray, formats=wanted, return_errors=True,
                                          binarizer=getattr(zx.Binarizer, binarizer),
                                          text_mode=getattr(zx.TextMode, text_mode))]
    found.sort(key=lambda code: not code.valid)  # the decoded ones first
    gh, gw = gray.shape[:2]
    decoded: list[tuple[str, str, bool, Box]] = []
    undecoded: list[dict[str, Any]] = []
    conflicts: list[Box] = []
    for code in found:
        p = code.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_right.x, p.bottom_left.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_right.y, p.bottom_left.y]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if y1 - y0 < 0.1 * (x1 - x0) and code.format.name not in ("PDF417",):
            # a 1D code read along a scan line: its box, a line; a band around it
            pad = max(2.0, 0.1 * (x1 - x0))
            y0, y1 = y0 - pad, y1 + pad
        box = Box(max(0.0, x0 / gw), max(0.0, y0 / gh), min(1.0, (x1 + 1) / gw),
                  min(1.0, (y1 + 1) / gh))
        sym = _symbology(code.format)
        if not code.valid or code.error is not None:
            err = code.error
            if any(_same_place(Box(*u["box"]), box) for u in undecoded):
                continue  # the same code, failed by another binarizer too
            undecoded.append({"symbology": sym, "box": box.as_list(),
                              "error": str(getattr(err, "type", err)).split(".")[-1].lower()
                              if err is not None else "invalid"})
            continue
        text = code.text
        if not text or box.width <= 0 or box.height <= 0:
            continue
        same = next((i for i, d in enumerate(decoded) if _same_place(d[3], box)), None)
        if same is not None:  # the same code, read by another binarizer or scan line
            t, s, g, b = decoded[same]
            if (t, s) != (text, sym):
                conflicts.append(b)  # two readings of one code: neither is trusted
            decoded[same] = (t, s, g, Box.enclosing([b, box]))
            continue
        gs1 = str(code.content_type).endswith("GS1")
        decoded.append((text, sym, gs1, box))
    for b in conflicts:
        for d in [d for d in decoded if _same_place(d[3], b)]:
            decoded.remove(d)
            undecoded.append({"symbology": d[1], "box": d[3].as_list(),
                              "error": "read two ways"})
    decoded.sort(key=lambda d: (d[3].y0, d[3].x0))
    # a code read along one scan line and failed along another is a decoded one
    undecoded = [u for u in undecoded
                 if not any(_same_place(Box(*u["box"]), d[3], 0.3) for d in decoded)]
    return decoded, undecoded


def _same_place(a: Box, b: Box, share: float = 0.5) -> bool:
    """Whether boxes ``a`` and ``b`` are one code's: ``share`` of either inside the other
    (a 1D code read along two scan lines gives two thin bands of it)."""
    return max(a.overlap_ratio(b), b.overlap_ratio(a)) > share
