"""Scan-like renderings of generated PDFs, clean or degraded, deterministic by seed.

Degradations: ``clean`` (none), ``noise`` (Gaussian sensor noise), ``blur`` (slight
defocus, scaled with the resolution), ``skew`` (rotated 1-3 degrees, white border),
``jpeg`` (a quality-40 JPEG round trip), ``lighting`` (an uneven illumination gradient),
``photo`` (a perspective warp onto a darker background, as a phone photo of a page) and
``all`` (noise, blur, skew, JPEG and lighting together).
"""

from __future__ import annotations

from typing import Any

DEGRADATIONS = ("clean", "noise", "blur", "skew", "jpeg", "lighting", "photo", "all")


def render_scan(pdf: bytes, dpi: int = 300, degrade: str = "clean", seed: int = 0) -> list[Any]:
    """Each page of ``pdf`` as a BGR uint8 image at ``dpi``, degraded as a scanner or phone
    would; the same arguments always give the same pixels."""
    import numpy as np
    import pymupdf

    if degrade not in DEGRADATIONS:
        raise ValueError(f"unknown degradation {degrade!r}; known: {', '.join(DEGRADATIONS)}")
    rng = np.random.default_rng(seed)
    pages = []
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        for page in doc:
            pix = page.get_pixmap(dpi=dpi, alpha=False)
            img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, ::-1]
            img = np.ascontiguousarray(img)
            steps = ["noise", "blur", "skew", "jpeg", "lighting"] if degrade == "all" \
                else [degrade]
            for step in steps:
                img = _STEPS[step](img, rng) if step != "blur" else _blur(img, rng, dpi)
            pages.append(img)
    return pages


def _noise(img: Any, rng: Any) -> Any:
    import numpy as np

    noisy = img.astype(np.int16) + rng.normal(0, 12, img.shape).astype(np.int16)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def _blur(img: Any, rng: Any, dpi: int = 300) -> Any:
    import cv2

    return cv2.GaussianBlur(img, (0, 0), max(0.5, 1.2 * dpi / 300))


def _skew(img: Any, rng: Any) -> Any:
    import cv2

    angle = float(rng.uniform(1, 3)) * (1 if rng.random() < 0.5 else -1)
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, m, (w, h), borderValue=(255, 255, 255))


def _jpeg(img: Any, rng: Any) -> Any:
    import cv2

    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 40])
    return cv2.imdecode(buf, cv2.IMREAD_COLOR) if ok else img


def _lighting(img: Any, rng: Any) -> Any:
    import numpy as np

    h, w = img.shape[:2]
    gx = np.linspace(0.65, 1.0, w)[None, :]
    gy = np.linspace(1.0, 0.8, h)[:, None]
    shade = (gx * gy)[:, :, None]
    return np.clip(img.astype(np.float32) * shade, 0, 255).astype(np.uint8)


def _photo(img: Any, rng: Any) -> Any:
    import cv2
    import numpy as np

    h, w = img.shape[:2]
    pad = int(0.08 * max(h, w))
    canvas = np.full((h + 2 * pad, w + 2 * pad, 3), 70, np.uint8)
    j = lambda: float(rng.uniform(0, pad * 0.8))  # noqa: E731
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[pad + j(), pad + j()], [w + pad - j(), pad + j()],
                      [w + pad - j(), h + pad - j()], [pad + j(), h + pad - j()]])
    m = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(img, m, (canvas.shape[1], canvas.shape[0]), dst=canvas,
                               borderMode=cv2.BORDER_TRANSPARENT)


_STEPS = {"clean": lambda img, rng: img, "noise": _noise, "blur": _blur, "skew": _skew,
          "jpeg": _jpeg, "lighting": _lighting, "photo": _photo}


def encode_png(img: Any) -> bytes:
    """The image as PNG bytes (deterministic for the same pixels)."""
    import cv2

    ok, buf = cv2.imencode(".png", img)
    if not ok:
        raise ValueError("cannot encode image as PNG")
    return buf.tobytes()
