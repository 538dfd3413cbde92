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
for path in sys.stdin.read().split("\n"):
    if not path:
        continue
    t = time.perf_counter()
    result, _ = ocr(path)
    lines = [r[1] for r in (result or [])]
    print(json.dumps({"path": path, "lines": lines, "seconds": time.perf_counter() - t}),
          flush=True)
"""


def rapidocr(paths: list[Path], python: str | None) -> dict[str, tuple[str, float]] | None:
    """{path: (text, seconds)} from rapidocr's pipeline, or None when it is not available."""
    if not python:
        return None
    run = subprocess.run([python, "-c", _RAPID_SCRIPT], input="\n".join(map(str, paths)),
                         capture_output=True, text=True, timeout=3600)
    if run.returncode != 0:
        raise RuntimeError(f"rapidocr failed: {run.stderr[-2000:]}")
    out = {}
    for line in run.stdout.splitlines():
        item = json.loads(line)
        out[item["path"]] = ("\n".join(item["lines"]), item["seconds"])
    return out


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def tesseract(path: Path, psm: int = 3) -> tuple[str, float]:
    t = time.perf_counter()
    run = subprocess.run(["tesseract", str(path), "stdout", "--psm", str(psm)],
                         capture_output=True, text=True, timeout=300)
    return run.stdout, time.perf_counter() - t
