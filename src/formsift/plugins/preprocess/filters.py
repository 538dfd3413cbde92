"""Pixel-level preprocessing: colour dropout, grayscale, denoise, contrast, binarize,
flatten, rescale.

All are deterministic. Each takes and returns a BGR or grayscale uint8 image; the chain's
output is what segmentation and recognition see.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from formsift.core.components import Options
from formsift.core.document import Page
from formsift.core.kinds import Preprocessor


def gray(image: Any) -> Any:
    import cv2

    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def bgr(image: Any) -> Any:
    import cv2

    return image if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)


class Grayscale(Preprocessor):
    name = "grayscale"
    version = "0.1.0"
    summary = "Convert to grayscale"

    def process(self, image: Any, page: Page) -> Any:
        return bgr(gray(image))


#: Hue bands (OpenCV's 0-180 scale) of the inks colour dropout removes.
_HUES = {"red": ((0, 12), (165, 180)), "green": ((35, 88),), "blue": ((90, 135),)}


class DropoutOptions(Options):
    #: The inks to remove: red (mail-room and "PAID" stamps), blue (stamps, ballpoint
    #: notes), green; "any" removes every coloured ink.
    colors: list[Literal["red", "blue", "green", "any"]] = Field(
        default_factory=lambda: ["red"], min_length=1)
    #: Saturation (0-255) from which a pixel counts as coloured ink; grey and black print,
    #: and pale paper tints, stay.
    saturation: int = Field(60, ge=1, le=255)


class Dropout(Preprocessor):
    name = "dropout"
    version = "0.1.0"
    summary = ("Colour dropout: remove stamps and notes in red, blue or green ink, keeping the "
               "black print under them")
    Options = DropoutOptions

    def process(self, image: Any, page: Page) -> Any:
        """The image with the chosen inks made paper white. A dark pixel (black print, or
        print under a stamp's ink) is kept: only ink lighter than print is removed, and its
        paler edges with it. The share of the page removed is noted."""
        import cv2
        import numpy as np

        if image.ndim == 2:  # no colour to drop
            return image
        opts: DropoutOptions = self.options  # type: ignore[assignment]
        hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
        hue, sat, val = hsv[..., 0], hsv[..., 1].astype(np.int16), hsv[..., 2]
        bands = [b for c in ("red", "green", "blue")
                 if c in opts.colors or "any" in opts.colors for b in _HUES[c]]
        in_band = np.zeros(hue.shape, bool)
        for lo, hi in bands:
            in_band |= (hue >= lo) & (hue <= hi)
        ink = in_band & (sat >= opts.saturation) & (val >= 70)
        # the ink's anti-aliased edges: paler, less saturated pixels of the same hue
        edge = cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
        ink |= edge & in_band & (sat >= opts.saturation // 2) & (val >= 110)
        out = image.copy()
        paper = np.median(image[~ink].reshape(-1, 3), axis=0) if (~ink).any() else 255
        out[ink] = paper
        page.notes[self.name] = {"colors": list(opts.colors),
                                 "removed": round(float(ink.mean()), 4)}
        return out


class DenoiseOptions(Options):
    method: Literal["median", "nlm"] = "median"
    #: Kernel size for median (odd), filter strength h for non-local means.
    strength: int = 3


class Denoise(Preprocessor):
    name = "denoise"
    version = "0.1.0"
    summary = "Remove speckle noise: median filter or non-local means"
    Options = DenoiseOptions

    def process(self, image: Any, page: Page) -> Any:
        import cv2

        opts: DenoiseOptions = self.options  # type: ignore[assignment]
        if opts.method == "median":
            k = max(3, opts.strength | 1)
            return cv2.medianBlur(image, k)
        g = gray(image)
        return bgr(cv2.fastNlMeansDenoising(g, None, h=float(opts.strength * 3),
                                            templateWindowSize=7, searchWindowSize=21))


class ClaheOptions(Options):
    clip_limit: float = 2.0
    tile: int = 8


class Contrast(Preprocessor):
    name = "contrast"
    version = "0.1.0"
    summary = "Contrast normalisation with CLAHE"
    Options = ClaheOptions

    def process(self, image: Any, page: Page) -> Any:
        import cv2

        opts: ClaheOptions = self.options  # type: ignore[assignment]
        clahe = cv2.createCLAHE(clipLimit=opts.clip_limit, tileGridSize=(opts.tile, opts.tile))
        return bgr(clahe.apply(gray(image)))


class BinarizeOptions(Options):
    method: Literal["otsu", "sauvola", "adaptive"] = "sauvola"
    window: int = 31
    k: float = 0.2


class Binarize(Preprocessor):
    name = "binarize"
    version = "0.1.0"
    summary = "Black and white: Otsu (global), Sauvola or adaptive mean (local)"
    Options = BinarizeOptions

    def process(self, image: Any, page: Page) -> Any:
        import cv2
        import numpy as np

        opts: BinarizeOptions = self.options  # type: ignore[assignment]
        g = gray(image)
        if opts.method == "otsu":
            _, out = cv2.threshold(g, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        elif opts.method == "adaptive":
            out = cv2.adaptiveThreshold(g, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY,
                                        opts.window | 1, 10)
        else:  # Sauvola: T = m * (1 + k * (s / R - 1)), R = 128
            f = g.astype(np.float64)
            w = (opts.window | 1, opts.window | 1)
            mean = cv2.boxFilter(f, -1, w)
            sq = cv2.boxFilter(f * f, -1, w)
            std = np.sqrt(np.maximum(sq - mean * mean, 0))
            thresh = mean * (1 + opts.k * (std / 128.0 - 1))
            out = np.where(f > thresh, 255, 0).astype(np.uint8)
        return bgr(out)


class FlattenOptions(Options):
    #: Size of the structuring element that estimates the background (pixels at 300 dpi).
    kernel: int = 41


class Flatten(Preprocessor):
    name = "flatten"
    version = "0.1.0"
    summary = "Remove shadows and uneven lighting by dividing by the estimated background"
    Options = FlattenOptions

    def process(self, image: Any, page: Page) -> Any:
        import cv2
        import numpy as np

        opts: FlattenOptions = self.options  # type: ignore[assignment]
        g = gray(image)
        k = cv2.getStructuringElement(cv2.MORPH_RECT, (opts.kernel, opts.kernel))
        background = cv2.morphologyEx(g, cv2.MORPH_CLOSE, k)
        background = cv2.medianBlur(background, 21)
        out = cv2.divide(g, np.maximum(background, 1), scale=255)
        return bgr(out)


#: A page longer than this at the resolution its file declares is no document page: the
#: declared resolution is wrong (A0 is 46.8 inches long; receipts and forms are far shorter).
MAX_PAGE_INCHES = 50


class RescaleOptions(Options):
    dpi: int = 300


class Rescale(Preprocessor):
    name = "rescale"
    version = "0.1.0"
    summary = "Resample to a target dpi (from the image's own resolution)"
    Options = RescaleOptions

    def process(self, image: Any, page: Page) -> Any:
        import cv2

        opts: RescaleOptions = self.options  # type: ignore[assignment]
        native = page.notes.get("image", {}).get("dpi") or page.notes.get("render_dpi")
        if not native or native == opts.dpi:
            return image
        inches = max(image.shape[:2]) / native
        if inches > MAX_PAGE_INCHES:
            # a camera's or an editor's 72 dpi tag on a 4000-pixel photo: a page of 56
            # inches, which no document is; believed, it would have enlarged the photo 4x
            page.notes[self.name] = {"from_dpi": native, "to_dpi": opts.dpi,
                                     "skipped": f"the file's {native:g} dpi would make the "
                                                f"page {inches:.0f} inches long"}
            return image
        f = opts.dpi / native
        page.notes[self.name] = {"from_dpi": native, "to_dpi": opts.dpi}
        return cv2.resize(image, None, fx=f, fy=f,
                          interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC)
