"""Generated barcodes for tests: drawn by ZXing-C++'s own encoder
(``zxingcpp.create_barcode``), placed on a born-digital PDF page, and that page as a
150-dpi scan (skewed, noisy, JPEG)."""

from __future__ import annotations

from typing import Any

#: (label, payload, format, GS1) of the codes of a shipping label / delivery note
LABEL_CODES = [
    ("SSCC", "(00)340123450000000017", "code128", True),
    ("EAN", "4006381333931", "ean13", False),
    ("Respondent", "RS-204517", "code39", False),
    ("Tracking", "JJD0099912345678", "code128", False),
    ("Carton", "12345678901231", "itf", False),
    ("Lot", "(01)04006381333931(10)L2026-07(17)271231", "datamatrix", True),
]
_ZX = {"code128": "Code128", "ean13": "EAN13", "ean8": "EAN8", "upca": "UPCA",
       "code39": "Code39", "itf": "ITF", "datamatrix": "DataMatrix", "pdf417": "PDF417",
       "qr": "QRCode", "code93": "Code93", "codabar": "Codabar"}


def barcode_image(payload: str, fmt: str, gs1: bool = False, scale: int = 4) -> Any:
    """The code of ``payload`` (gray, with its quiet zone), ``scale`` pixels a module."""
    import numpy as np
    import zxingcpp

    kwargs = {"gs1": True} if gs1 else {}
    code = zxingcpp.create_barcode(payload, getattr(zxingcpp.BarcodeFormat, _ZX[fmt]),
                                   **kwargs)
    image = np.asarray(zxingcpp.write_barcode_to_image(code, scale=scale))
    return image if image.ndim == 2 else image[..., 0]


def damaged(image: Any) -> Any:
    """``image`` with a white stripe across its bars' middle third (torn, folded)."""
    out = image.copy()
    w = out.shape[1]
    out[:, w * 2 // 5:w * 3 // 5] = 255
    return out


def misprinted(payload: str, fmt: str = "code128") -> Any:
    """The code of ``payload`` with a few bars' widths changed (a thin slice of it
    inverted) where ZXing-C++ then locates the code but its check character fails."""
    import zxingcpp

    image = barcode_image(payload, fmt, scale=3)
    for x0 in range(60, image.shape[1] - 60, 3):
        out = image.copy()
        out[:, x0:x0 + 3] = 255 - out[:, x0:x0 + 3]
        found = zxingcpp.read_barcodes(out, return_errors=True)
        if found and all(not f.valid and "Checksum" in str(f.error) for f in found):
            return out
    raise AssertionError("no slice gives a checksum error")


def codes_pdf(codes: list[tuple[str, str, str, bool]] = LABEL_CODES,
              damage: set[str] = frozenset(), images: dict[str, Any] | None = None) -> bytes:
    """A one-page delivery note: each code with its label on its left, one per row
    (the codes' payloads are not printed as text); codes labelled in ``damage`` damaged,
    those in ``images`` drawn as that image."""
    import cv2
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 70), "Delivery note DN-2026-0412", fontsize=14)
    y = 110
    for label, payload, fmt, gs1 in codes:
        image = (images or {}).get(label)
        if image is None:
            image = barcode_image(payload, fmt, gs1)
        if label in damage:
            image = damaged(image)
        h, w = image.shape[:2]
        width = 60 if fmt in ("datamatrix", "qr") else min(300.0, w * 0.5)
        height = width * h / w if fmt in ("datamatrix", "qr", "pdf417") else 50
        page.insert_text((60, y + height / 2), label, fontsize=11)
        ok, png = cv2.imencode(".png", image)
        assert ok
        page.insert_image(pymupdf.Rect(180, y, 180 + width, y + height), stream=png.tobytes())
        y += height + 45
    data = doc.tobytes()
    doc.close()
    return data


def scanned(pdf: bytes, dpi: int = 150, skew: float = 2.0, noise: float = 12.0,
            blur: float = 0.6, seed: int = 1, quality: int = 80) -> bytes:
    """The first page of ``pdf`` as a scan: rendered at ``dpi``, turned ``skew`` degrees,
    blurred, with gray noise, as a JPEG."""
    import cv2
    import numpy as np
    import pymupdf

    doc = pymupdf.open(stream=pdf, filetype="pdf")
    pix = doc[0].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    gray = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width).copy()
    doc.close()
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
    gray = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    if blur:
        gray = cv2.GaussianBlur(gray, (0, 0), blur)
    rng = np.random.default_rng(seed)
    gray = np.clip(gray + rng.normal(0, noise, gray.shape), 0, 255).astype(np.uint8)
    ok, jpg = cv2.imencode(".jpg", gray, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return jpg.tobytes()
