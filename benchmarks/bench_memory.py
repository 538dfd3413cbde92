"""A worker's memory over many pages (issue 4: peak memory of one worker under 600 MB).

One process reads N generated 300 dpi scans (``--dpi`` for another resolution: invoice,
receipt, payslip, delivery note in turn; seeds 100..), each as its own document (``--as
pages``) or all as one multi-page TIFF (``--as tiff``), with the shipped templates, as a
batch worker does. After each page it prints the resident memory now (``VmRSS``) and at
its peak (``VmHWM``), the CPU seconds, and with ``--trace`` what Python itself holds
(tracemalloc, current and peak): memory that grows in RSS but not in tracemalloc is native
(onnxruntime, OpenCV, malloc).
The inputs are rendered first, in another process, so that rendering is not measured.

    python benchmarks/bench_memory.py --pages 6 [--as tiff] [--dpi 300] [--trace] [--trim]
        [--records FILE.json]

``--records`` writes every record's field values (raw text, page, box kept) to compare two
runs; ``--trim`` calls glibc's ``malloc_trim(0)`` after each document (an experiment, not
what the engine does).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _common import peak_rss_mb

KINDS = ("invoice", "receipt", "payslip", "delivery_note")
CACHE = Path("/tmp/formsift-bench-memory")

_RENDER = r"""
import sys
from pathlib import Path
from formsift.samples import encode_png, generate, render_scan
kinds, n, out, dpi = sys.argv[1].split(","), int(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
out.mkdir(parents=True, exist_ok=True)
for i in range(n):
    kind = kinds[i % len(kinds)]
    path = out / f"{i:03d}-{kind}.png"
    if not path.exists():
        path.write_bytes(encode_png(render_scan(generate(kind, 100 + i).pdf, dpi, "clean")[0]))
"""


def inputs(n: int, dpi: int = 300) -> list[Path]:
    """The first ``n`` generated scans as PNG files (rendered once, in another process)."""
    cache = CACHE if dpi == 300 else CACHE.with_name(f"{CACHE.name}-{dpi}")
    subprocess.run([sys.executable, "-c", _RENDER, ",".join(KINDS), str(n), str(cache),
                    str(dpi)], check=True)
    return sorted(cache.glob("*.png"))[:n]


def tiff_of(paths: list[Path], dpi: int = 300) -> bytes:
    """The pages as one multi-page TIFF, as a scanner's batch."""
    import cv2

    ok, buf = cv2.imencodemulti(".tiff", [cv2.imread(str(p)) for p in paths],
                                [cv2.IMWRITE_TIFF_XDPI, dpi, cv2.IMWRITE_TIFF_YDPI, dpi])
    assert ok
    return buf.tobytes()


def rss_mb() -> float:
    """Resident memory of this process now, in MB (``VmRSS``)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
    """Start ``VmHWM`` again from the memory resident now (Linux: clear_refs 5)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def record_of(result: Any) -> dict[str, Any]:
    """What a result extracted, as comparable data: values with raw text, page, box,
    confidence and source; status, reasons, rules (not the audit block's timings)."""
    return result.model_dump(mode="json", include={"template", "status", "reasons", "fields",
                                                   "tables", "rules"})


def read_all(engine: Any, jobs: list[tuple[str, bytes, str]], trace: bool, trim: bool,
             quiet: bool) -> list[Any]:
    """Extract each job in turn, printing the memory after each; the records."""
    libc = ctypes.CDLL("libc.so.6") if trim else None
    _reset_peak()  # (a TIFF made just before is not the worker's)
    records, cpu0 = [], time.process_time()
    if not quiet:
        print(f"before: rss {rss_mb():.0f} MB, peak {peak_rss_mb():.0f} MB")
    for name, data, kind in jobs:
        records.append([name, record_of(engine.extract(data, kind, name=name))])
        if libc is not None:
            libc.malloc_trim(0)
        line = (f"{name}: rss {rss_mb():.0f} MB, peak {peak_rss_mb():.0f} MB, "
                f"cpu {time.process_time() - cpu0:.1f} s")
        if trace:
            import tracemalloc

            cur, top = tracemalloc.get_traced_memory()
            line += f", python {cur / 2**20:.0f} MB (peak {top / 2**20:.0f})"
        if not quiet:
            print(line)
    return records


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=6)
    ap.add_argument("--as", dest="shape", choices=("pages", "tiff"), default="pages")
    ap.add_argument("--dpi", type=int, default=300, help="the scans' resolution")
    ap.add_argument("--only", help="read only the pages of this kind (e.g. delivery_note)")
    ap.add_argument("--trace", action="store_true", help="tracemalloc (slower)")
    ap.add_argument("--trim", action="store_true", help="malloc_trim(0) after each document")
    ap.add_argument("--records", type=Path, help="write the records' values here (JSON)")
    ap.add_argument("--quiet", action="store_true", help="only the summary line")
    args = ap.parse_args()

    paths = [p for p in inputs(args.pages, args.dpi) if not args.only or p.stem.endswith(args.only)]
    if args.trace:
        import tracemalloc

        tracemalloc.start()
    from formsift import Engine

    engine = Engine()
    jobs = [(p.name, p.read_bytes(), p.stem.split("-", 1)[1]) for p in paths]
    if args.shape == "tiff":  # (one template for all its pages: the invoice's)
        jobs = [("batch.tiff", tiff_of(paths, args.dpi), "invoice")]
    cpu0 = time.process_time()
    records = read_all(engine, jobs, args.trace, args.trim, args.quiet)
    cpu = time.process_time() - cpu0
    digest = hashlib.sha1(json.dumps(records, default=str).encode()).hexdigest()[:12]
    if args.records:
        args.records.write_text(json.dumps(records, indent=1, default=str))
    print(f"pages {len(paths)} as {args.shape} at {args.dpi} dpi: peak {peak_rss_mb():.0f} MB, "
          f"end {rss_mb():.0f} MB, cpu {cpu:.1f} s ({cpu / len(paths):.2f} s a page), "
          f"records {digest}")


if __name__ == "__main__":
    main()
