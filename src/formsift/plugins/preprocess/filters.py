"""Pixel-level preprocessing: grayscale, denoise, contrast, binarize, flatten, rescale.

All are deterministic. Each takes and returns a BGR or grayscale uint8 image; the chain's
output is what segmentation and recognition see.
"""

from __future__ import annotations

from typing import Any, Literal

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
