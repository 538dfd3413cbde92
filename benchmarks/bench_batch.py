"""Batch runs: throughput on 1 and 2 workers, and a chaos run in which nothing may be lost.

(a) Throughput. Generated invoices, born-digital PDFs and scans (PNG renderings with
    scanner noise or skew, read by OCR) reported separately, each run through
    ``formsift.batch.run_batch`` with the invoice template:

      in-process   a plain ``Engine.extract`` loop in this process (the baseline)
      1 worker     default threads (cores / workers = all cores for the one worker)
      1 worker x1  one thread (the per-worker setting of a 2-worker run)
      2 workers    one thread each (the default on a 2-core machine)

    docs/s over the whole run (worker start-up included) and steady state (first result to
    last), the CPU cores the run actually got (CPU seconds of this process and its workers
    over wall seconds: below 2 on a 2-core machine means other load took the rest), docs
    per CPU-second (the cost of a document, whatever share of the machine the run got), and
    the 2-vs-1 ratios. Target: 2 workers >= 1.7x one worker.

(b) Chaos. ``--chaos`` documents (default 1,000): invoices plus corrupt inputs (random
    bytes, truncated PDFs, empty files, a text file named .pdf, a broken PNG) and one input
    that hangs past the timeout (the test plugin ``tests.plugins.chaos``); the script kills a
    worker with SIGKILL mid-run. Then the same inputs into a fresh output with the real
    command: it is interrupted with SIGINT (Ctrl-C) part-way and run again. Checks: every
    input has exactly one line, and the resumed run redid nothing that was finished.

    flock /tmp/formsift-heavy.lock python benchmarks/bench_batch.py
    [--digital 1000] [--scans 8] [--repeats 2] [--chaos 1000] [--skip-throughput]
    [--skip-chaos]        (--digital 0 or --scans 0 leaves that set out)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT))  # tests.plugins.chaos
from _common import table  # noqa: E402
from tests.plugins.chaos import marker_pdf  # noqa: E402
from tests.plugins.chaos import write_invoices as make_digital  # noqa: E402

CHAOS = "tests.plugins.chaos"


# ---------------------------------------------------------------------- inputs
def make_scans(folder: Path, count: int, start: int = 0) -> list[Path]:
    from formsift.samples import encode_png, generate, render_scan

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, seed in enumerate(range(start, start + count)):
        degrade = ("noise", "skew")[i % 2]
        page = render_scan(generate("invoice", seed).pdf, dpi=200, degrade=degrade,
                           seed=seed)[0]
        path = folder / f"scan-{seed:05d}-{degrade}.png"
        path.write_bytes(encode_png(page))
        paths.append(path)
    return paths


def make_corrupt(folder: Path, count: int, good: list[Path]) -> list[Path]:
    rng = random.Random(7)
    paths = []
    for i in range(count):
        kind = i % 5
        if kind == 0:
            path, data = folder / f"corrupt-{i:03d}-random.pdf", rng.randbytes(4000)
        elif kind == 1:
            pdf = good[i % len(good)].read_bytes()
            path, data = folder / f"corrupt-{i:03d}-truncated.pdf", pdf[: len(pdf) // 3]
        elif kind == 2:
            path, data = folder / f"corrupt-{i:03d}-empty.pdf", b""
        elif kind == 3:
            path, data = folder / f"corrupt-{i:03d}-text.pdf", f"not a pdf {i}".encode()
        else:
            path, data = (folder / f"corrupt-{i:03d}-broken.png",
                          b"\x89PNG\r\n\x1a\n" + rng.randbytes(2000))
        path.write_bytes(data)
        paths.append(path)
    return paths


# ---------------------------------------------------------------------- (a) throughput
def timed_batch(folder: Path, out: Path, workers: int, threads: int | None) -> dict:
    from formsift.batch import run_batch

    out.unlink(missing_ok=True)
    run = run_batch([folder], "invoice", out, workers=workers, threads=threads,
                    timeout=None)
    stamps = []
    cpu0 = _cpu()
    t0 = time.perf_counter()
    for _ in run:
        stamps.append(time.perf_counter())
    wall = time.perf_counter() - t0
    n = len(stamps)
    steady = (n - 1) / (stamps[-1] - stamps[0]) if n > 1 and stamps[-1] > stamps[0] else 0.0
    return {"n": n, "wall": wall, "rate": n / wall, "steady": steady,
            "cores": (_cpu() - cpu0) / wall, "statuses": dict(run.summary.statuses)}


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed_in_process(paths: list[Path]) -> dict:
    from formsift import Engine

    engine = Engine()
    engine.prepare("invoice")
    statuses: Counter[str] = Counter()
    cpu0 = _cpu()
    t0 = time.perf_counter()
    for p in paths:
        statuses[engine.extract(p, "invoice").status.value] += 1
    wall = time.perf_counter() - t0
    return {"n": len(paths), "wall": wall, "rate": len(paths) / wall,
            "steady": len(paths) / wall, "cores": (_cpu() - cpu0) / wall,
            "statuses": dict(statuses)}


def best(results: list[dict]) -> dict:
    return max(results, key=lambda r: r["rate"])


def throughput(tmp: Path, digital: int, scans: int, repeats: int) -> None:
    sets = {}
    if digital:
        sets["born-digital"] = make_digital(tmp / "digital", digital, start=5000)
    if scans:
        sets["scanned"] = make_scans(tmp / "scans", scans, start=6000)
    configs = [("1 worker (default threads)", 1, None), ("1 worker x 1 thread", 1, 1),
               ("2 workers x 1 thread (default)", 2, None)]
    for label, paths in sets.items():
        folder = paths[0].parent
        rows = [("run", "docs", "wall s", "docs/s", "steady docs/s", "CPU cores used",
                 "docs per CPU-s", "statuses")]
        measured = {}
        inproc = best([timed_in_process(paths) for _ in range(repeats)])
        measured["in-process"] = inproc
        for name, workers, threads in configs:
            runs = [timed_batch(folder, tmp / "out.jsonl", workers, threads)
                    for _ in range(repeats)]
            measured[name] = best(runs)
        for name, r in measured.items():
            rows.append((name, str(r["n"]), f"{r['wall']:.2f}", f"{r['rate']:.2f}",
                         f"{r['steady']:.2f}", f"{r['cores']:.2f}",
                         f"{r['rate'] / r['cores']:.2f}",
                         json.dumps(r["statuses"], sort_keys=True)))
        two = measured["2 workers x 1 thread (default)"]
        print(f"\n## {label}: {len(paths)} documents, best of {repeats}\n")
        print(table(rows))
        for base in ("1 worker (default threads)", "1 worker x 1 thread", "in-process"):
            one = measured[base]
            eff = (two["rate"] / two["cores"]) / (one["rate"] / one["cores"])
            line = (f"2 workers vs {base}: {two['rate'] / one['rate']:.2f}x overall, "
                    f"{two['steady'] / one['steady']:.2f}x steady state; per CPU-second "
                    f"{eff:.2f}x")
            if base == "1 worker x 1 thread":  # both sides single-threaded per worker
                line += f" (with 2 free cores: {2 * eff:.2f}x, a prediction)"
            print(line)


# ---------------------------------------------------------------------- (b) chaos
def chaos(tmp: Path, total: int, timeout: float) -> None:
    from formsift.batch import run_batch

    inbox = tmp / "chaos"
    corrupt_n = max(5, total // 50)
    good = make_digital(inbox, total - corrupt_n - 1)
    corrupt = make_corrupt(inbox, corrupt_n, good)
    hang = inbox / "invoice-00500-hang.pdf"  # sorts into the middle of the run
    hang.write_bytes(marker_pdf("CHAOS-HANG"))
    inputs = {str(p) for p in [*good, *corrupt, hang]}
    assert len(inputs) == total
    print(f"\n## chaos: {total} inputs ({len(good)} invoices, {len(corrupt)} corrupt, "
          f"1 hanging past a {timeout:g} s timeout), 2 workers\n")

    # 1) a worker killed with SIGKILL mid-run, by this script
    out = tmp / "chaos.jsonl"
    run = run_batch([inbox], "invoice", out, workers=2, timeout=timeout, plugins=[CHAOS])
    killed = None
    t0 = time.perf_counter()
    for n, _ in enumerate(run, start=1):
        if n == total // 3 and killed is None:
            killed = run.worker_pids()[0]
            os.kill(killed, signal.SIGKILL)
    wall = time.perf_counter() - t0
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    sources = Counter(x["source"] for x in lines)
    lost = inputs - set(sources)
    dupes = sum(c - 1 for c in sources.values())
    s = run.summary
    print(f"run 1 (worker pid {killed} killed with SIGKILL after {total // 3} results): "
          f"{len(lines)} lines for {total} inputs in {wall:.1f} s; lost {len(lost)}, "
          f"duplicated {dupes}")
    print(f"  statuses {dict(s.statuses)}; errors {dict(s.errors)}; "
          f"retried after a worker died: {s.retried}")
    print(table([("worker", "pid", "docs", "ended")] +
                [(str(w.id), str(w.pid or "-"), str(w.docs), w.fate) for w in s.workers]))

    # 2) the real command, interrupted with Ctrl-C (SIGINT), then run again
    out2 = tmp / "interrupted.jsonl"
    cmd = [sys.executable, "-m", "formsift", "batch", str(inbox), "-t", "invoice", "-o",
           str(out2), "-w", "2", "--timeout", str(timeout), "--plugin", CHAOS,
           "--no-progress"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    target = total * 2 // 5
    while proc.poll() is None:
        if out2.exists() and out2.read_text().count("\n") >= target:
            os.killpg(proc.pid, signal.SIGINT)
            break
        time.sleep(0.05)
    _, err1 = proc.communicate(timeout=120)
    first = [json.loads(x) for x in out2.read_text().splitlines()]
    rerun = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    all_lines = [json.loads(x) for x in out2.read_text().splitlines()]
    second = all_lines[len(first):]
    skipped = re.search(r"([\d,]+) skipped as already done", rerun.stderr)
    first_ids = {(x["source"], x.get("document_id")) for x in first}
    redone = [x for x in second if (x["source"], x.get("document_id")) in first_ids]
    sources2 = Counter(x["source"] for x in all_lines)
    print(f"\nrun 2 (formsift batch, SIGINT after >= {target} lines): exit "
          f"{proc.returncode}, {len(first)} lines written")
    said = [line for line in err1.splitlines() if "interrupted" in line]
    print(f"  it said: {said[-1] if said else '(nothing about the interrupt)'}")
    print(f"  resumed: exit {rerun.returncode}, reported "
          f"{skipped.group(1) if skipped else '?'} skipped, {len(second)} new lines, "
          f"{len(redone)} of them redone from the first run")
    print(f"  together: {len(all_lines)} lines for {total} inputs; lost "
          f"{len(inputs - set(sources2))}, duplicated "
          f"{sum(c - 1 for c in sources2.values())}")
    tail = [line for line in rerun.stderr.splitlines() if line.strip()]
    print("  resumed run's summary:\n    " + "\n    ".join(tail[-16:]))
    ok = not lost and not dupes and not redone and len(all_lines) == total and \
        len(set(sources2)) == total and proc.returncode == 130
    print(f"\nchaos verdict: {'PASS' if ok else 'FAIL'} (zero lost, zero duplicated, "
          f"nothing redone after the interrupt)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--digital", type=int, default=1000)
    ap.add_argument("--scans", type=int, default=8)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--chaos", type=int, default=1000)
    ap.add_argument("--timeout", type=float, default=5.0, help="per document, chaos run")
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--skip-chaos", action="store_true")
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}; load average at start: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="formsift-bench-batch-") as tmp:
        if not args.skip_throughput:
            throughput(Path(tmp), args.digital, args.scans, args.repeats)
        if not args.skip_chaos:
            chaos(Path(tmp), args.chaos, args.timeout)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
