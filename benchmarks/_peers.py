"""Peers measured in the same run: rapidocr's own pipeline and Tesseract.

rapidocr-onnxruntime needs opencv-python (not headless), so it runs in an interpreter of
its own: pass ``--rapidocr-python /path/to/venv/bin/python`` (a venv with
``pip install rapidocr-onnxruntime==1.4.4``). Tesseract comes from Debian
(``apt-get install tesseract-ocr``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

_RAPID_SCRIPT = r"""
import json, sys, time
from rapidocr_onnxruntime import RapidOCR
ocr = RapidOCR()
print("ready", flush=True)
for path in sys.stdin:
    path = path.rstrip("\n")
    t = time.perf_counter()
    result, _ = ocr(path)
    lines = [r[1] for r in (result or [])]
    boxes = [[float(v) for v in (min(x for x, _ in r[0]), min(y for _, y in r[0]),
                                 max(x for x, _ in r[0]), max(y for _, y in r[0]))]
             for r in (result or [])]
    print(json.dumps({"path": path, "lines": lines, "boxes": boxes,
                      "seconds": time.perf_counter() - t}), flush=True)
"""


class RapidOCR:
    """rapidocr's own pipeline in an interpreter of its own, asked one file at a time, so
    that its timings interleave with formsift's under the same machine load."""

    def __init__(self, python: str) -> None:
        self.proc = subprocess.Popen([python, "-c", _RAPID_SCRIPT], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("rapidocr did not start (is rapidocr-onnxruntime installed "
                               f"for {python}?)")

    def read(self, path: Path | str) -> tuple[str, float]:
        """(text, seconds) for one image file: its lines, one per line."""
        lines, seconds = self.read_lines(path)
        return "\n".join(t for t, _ in lines), seconds

    def read_lines(self, path: Path | str) -> tuple[list[tuple[str, list[float]]], float]:
        """([(line text, [x0, y0, x1, y1] in pixels)], seconds) for one image file."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("rapidocr stopped")
        item = json.loads(line)
        return list(zip(item["lines"], item["boxes"], strict=True)), item["seconds"]

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def tesseract(path: Path, psm: int = 3) -> tuple[str, float]:
    t = time.perf_counter()
    run = subprocess.run(["tesseract", str(path), "stdout", "--psm", str(psm)],
                         capture_output=True, text=True, timeout=300)
    return run.stdout, time.perf_counter() - t


def tesseract_words(path: Path, psm: int = 3) -> tuple[list[tuple[str, list[float]]], float]:
    """([(word, [x0, y0, x1, y1] in pixels)], seconds) from Tesseract's TSV output."""
    t = time.perf_counter()
    run = subprocess.run(["tesseract", str(path), "stdout", "--psm", str(psm), "tsv"],
                         capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - t
    words = []
    for row in run.stdout.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) == 12 and cols[0] == "5" and cols[11].strip():
            x, y, w, h = (float(v) for v in cols[6:10])
            words.append((cols[11].strip(), [x, y, x + w, y + h]))
    return words, seconds
