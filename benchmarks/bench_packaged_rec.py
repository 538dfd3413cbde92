"""Line recognizers that other packages ship inside their wheels (PP-OCR CTC models in
ONNX), read on the real held-out lines exactly as ``bench_handwriting.py`` reads them:
the same sets (``real_sets``, the held-out half of ``dev_split``), the same folding and
corpus CER, the same timing (``measure``: median ms per line), one ONNX Runtime thread.

Each model is read with PP-OCR's own preprocessing (greyscale to BGR, height 48 with the
ratio kept, at least 320 wide, ``(x/255 - 0.5) / 0.5``, zero padding) and greedy CTC
decoding. The characters come from the model's ``character`` metadata (blank first and a
space last added), or from a keys file given as ``MODEL.onnx:KEYS.txt`` (used as it is
when its first entry is ``blank``). Nothing is installed into formsift's environment: the
model files are taken out of the wheels, e.g.

    pip download --no-deps rapidocr==3.10.0 -d /tmp/w && unzip -o -d /tmp/w /tmp/w/*.whl
    flock /tmp/formsift-heavy.lock .venv/bin/python benchmarks/bench_packaged_rec.py \
        /tmp/w/rapidocr/models/PP-OCRv6_rec_small.onnx [MORE.onnx[:KEYS.txt] ...]
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table
from bench_handwriting import CORPORA, measure, real_sets


class PackagedRec:
    """A PP-OCR recognition model read on one thread."""

    def __init__(self, spec: str) -> None:
        import onnxruntime as ort

        path, _, keys = spec.partition(":")
        self.path = Path(path)
        self.name = self.path.name
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(self.path), opts,
                                            providers=["CPUExecutionProvider"])
        meta = self.session.get_modelmeta().custom_metadata_map
        if not keys and "character" not in meta:
            sys.exit(f"{path}: no character list in the model; give one as {path}:KEYS.txt")
        chars = (Path(keys).read_text("utf-8") if keys else meta["character"]).splitlines()
        self.chars = chars if chars[0] == "blank" else ["", *chars, " "]
        shape = self.session.get_outputs()[0].shape
        if shape and isinstance(shape[-1], int) and shape[-1] != len(self.chars):
            sys.exit(f"{path}: {shape[-1]} classes out, {len(self.chars)} characters listed")

    def read(self, img: object, alphabet: str | None = None) -> str:
        import cv2
        import numpy as np

        bgr = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)  # type: ignore[call-overload]
        h, w = bgr.shape[:2]
        width = int(48 * max(320 / 48, w / h))
        resized = min(width, math.ceil(48 * w / h))
        x = cv2.resize(bgr, (resized, 48)).astype(np.float32).transpose(2, 0, 1) / 255
        batch = np.zeros((1, 3, 48, width), np.float32)
        batch[0, :, :, :resized] = (x - 0.5) / 0.5
        name = self.session.get_inputs()[0].name
        best = self.session.run(None, {name: batch})[0][0].argmax(-1)
        out, prev = [], 0
        for i in best:
            if i != prev and i != 0:
                out.append(self.chars[i])
            prev = i
        return "".join(out).strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", nargs="+", metavar="MODEL.onnx[:KEYS.txt]")
    args = ap.parse_args()
    if not CORPORA.is_dir():
        sys.exit(f"{CORPORA} is missing")
    readers = [PackagedRec(spec) for spec in args.models]
    sets = real_sets()
    rows = [("set", "lines", *[r.name for r in readers],
             *[f"ms/line {r.name}" for r in readers])]
    for label, items in sets.items():
        for r in readers:
            r.read(items[0][0])  # the session warmed up before timing
        results = [measure(r, items) for r in readers]
        rows.append((label, str(len(items)), *[f"{c:.3f}" for c, _ in results],
                     *[f"{ms:.1f}" for _, ms in results]))
    print("CER (lower is better), held-out lines only, one thread")
    print(table(rows))
    for r in readers:
        print(f"\nmodel: {r.path}, {r.path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
