"""PNG overlays of word boxes, for template authors choosing regions."""

from __future__ import annotations

from pathlib import Path

from formsift.core.document import Page


def write_overlays(pages: list[Page], out: str, dpi: int = 100, loader: str = "pdf"
                   ) -> list[Path]:
    """Draw every word box (green: the text layer, the words of ``loader``; orange:
    recognized) and a 10% grid."""
    import cv2

    base = Path(out)
    stem = base.with_suffix("")
    written = []
    for page in pages:
        img = page.shown_image(dpi).copy()  # as recognized: upright, straightened
        h, w = img.shape[:2]
        for i in range(1, 10):
            x, y = int(w * i / 10), int(h * i / 10)
            cv2.line(img, (x, 0), (x, h), (220, 220, 220), 1)
            cv2.line(img, (0, y), (w, y), (220, 220, 220), 1)
            cv2.putText(img, f"{i * 10}%", (x + 2, 12), cv2.FONT_HERSHEY_SIMPLEX, 0.35,
                        (150, 150, 150), 1)
            cv2.putText(img, f"{i * 10}%", (2, y - 2), cv2.FONT_HERSHEY_SIMPLEX, 0.35,
                        (150, 150, 150), 1)
        for word in page.words:
            b = word.box
            color = (0, 160, 0) if word.source in (loader, "text-layer") else (0, 140, 255)
            cv2.rectangle(img, (int(b.x0 * w), int(b.y0 * h)), (int(b.x1 * w), int(b.y1 * h)),
                          color, 1)
        path = Path(f"{stem}-p{page.number}.png") if len(pages) > 1 or base.suffix != ".png" \
            else base
        if not cv2.imwrite(str(path), img):
            from formsift.core.errors import FormsiftError

            raise FormsiftError(f"cannot write {path}")
        written.append(path)
    return written
