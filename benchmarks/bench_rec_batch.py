"""The printed recognizer's batching (``ppocr_rec``'s ``batch``, ``batch_columns``,
``batch_spread``) compared in one run, settings interleaved document by document.

Every document is read once with each setting, the order of the settings turned by one
each document, so that all see the same machine load. Workloads: real receipts (SROIE,
``../shared/corpora/sroie-dev``, the ``receipt`` template as in ``bench_receipts.py``),
generated scans (as in ``bench_scans.py``: four kinds, 150 and 300 dpi, clean and
degraded), and generated payslips through ``payslip_form.sift`` read full page and
region-first (as in ``bench_region_first.py``). For each setting: the median CPU time
(``time.process_time``: all the process's threads) and wall time per document, the
median of the per-document CPU ratio to the first setting, the accuracy each benchmark
reports, the words read differently from the first setting, and the model calls and
padded columns it made.

    python benchmarks/bench_rec_batch.py [--receipts 40] [--scans 1] [--payslips 5]
        [--setting batch=1 --setting batch=4 --setting batch_spread=1.25 ...]

The first setting is always the shipped default. Set ``FORMSIFT_THREADS`` to fix the
recognizer's threads (unset: onnxruntime's own choice).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _common import table

HERE = Path(__file__).parent
PAYSLIP = HERE / "templates" / "payslip_form.sift"

#: The setting in force (ppocr_rec option overrides) and what the model calls cost.
CURRENT: dict[str, float] = {}
STATS: Counter[str] = Counter()


def install() -> None:
    """Route ``ppocr_rec``'s grouping of lines through the setting in force (the only
    thing a setting changes), and count model calls, lines and padded columns."""
    from formsift.plugins.ocr import recognize

    original = recognize._batches

    def batches(widths: list[int], count: int, columns: int, spread: float
                ) -> list[list[int]]:
        out = original(widths, int(CURRENT.get("batch", count)),
                       int(CURRENT.get("batch_columns", columns)),
                       float(CURRENT.get("batch_spread", spread)))
        STATS["calls"] += len(out)
        STATS["lines"] += len(widths)
        STATS["columns"] += sum(len(b) * max(widths[i] for i in b) for b in out)
        return out

    recognize._batches = batches


def parse_setting(text: str) -> dict[str, float]:
    out = {}
    for part in text.split(","):
        key, _, value = part.partition("=")
        if key not in ("batch", "batch_columns", "batch_spread") or not value:
            sys.exit(f"--setting {text!r}: give batch=N, batch_columns=N, batch_spread=X")
        out[key] = float(value)
    return out


class Tally:
    """One setting's figures on one workload."""

    def __init__(self) -> None:
        self.cpu: list[float] = []
        self.wall: list[float] = []
        self.ratio: list[float] = []
        self.words: list[Counter[str]] = []
        self.stats: Counter[str] = Counter()
        self.extra: Counter[str] = Counter()


def timed(fn: Callable[[], Any], tally: Tally) -> Any:
    before = Counter(STATS)
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    tally.cpu.append(time.process_time() - c)
    tally.wall.append(time.perf_counter() - t)
    tally.stats.update(Counter(STATS) - before)
    return out


def interleaved(names: list[str], settings: dict[str, dict[str, float]], n: int,
                run: Callable[[int, str, Tally], None]) -> dict[str, Tally]:
    """``run(document, setting, tally)`` for every document and setting, the settings'
    order turned by one each document; ratios against the first setting."""
    tallies = {s: Tally() for s in names}
    for k in range(n):
        order = names[k % len(names):] + names[:k % len(names)]
        for s in order:
            CURRENT.clear()
            CURRENT.update(settings[s])
            run(k, s, tallies[s])
        base = tallies[names[0]].cpu[-1]
        for s in names:
            tallies[s].ratio.append(tallies[s].cpu[-1] / base)
    CURRENT.clear()
    return tallies


def report(title: str, names: list[str], tallies: dict[str, Tally],
           accuracy: Callable[[Tally], str]) -> None:
    base = tallies[names[0]]
    rows = [("setting", "median CPU s", "median wall s", "CPU / default (median)",
             "words differing (docs)", "calls", "columns/line", "accuracy")]
    for s in names:
        t = tallies[s]
        differ = sum(sum(((a - b) + (b - a)).values())
                     for a, b in zip(base.words, t.words, strict=True))
        docs = sum(a != b for a, b in zip(base.words, t.words, strict=True))
        total = sum(sum(a.values()) for a in base.words)
        rows.append((s, f"{statistics.median(t.cpu):.3f}", f"{statistics.median(t.wall):.3f}",
                     f"{statistics.median(t.ratio):.3f}", f"{differ}/{total} ({docs})",
                     str(t.stats["calls"]),
                     f"{t.stats['columns'] / max(1, t.stats['lines']):.0f}", accuracy(t)))
    print(title)
    print(table(rows))
    print()


def receipts(names: list[str], settings: dict[str, dict[str, float]], n: int) -> None:
    from bench_receipts import CORPUS, Score, _amount, parse_printed_date, truth_words

    from formsift import Engine

    if not CORPUS.is_dir():
        print(f"{CORPUS} not found: receipts skipped\n")
        return
    labels = [json.loads(x) for x in (CORPUS / "labels.jsonl").read_text().splitlines()][:n]
    engine = Engine()
    template = engine.template("receipt")
    engine.extract(CORPUS / labels[0]["image"], template)
    scores = {s: Score() for s in names}

    def run(k: int, s: str, tally: Tally) -> None:
        row = labels[k]
        key = json.loads((CORPUS / "key" / f"{row['id']}.json").read_text())
        result = timed(lambda: engine.extract(CORPUS / row["image"], template), tally)
        read = "\n".join(" ".join(w.text for w in p.words) for p in result.page_info)
        scores[s].add(read, truth_words(CORPUS / "box" / f"{row['id']}.csv"), key,
                      tally.wall[-1])
        tally.words.append(Counter(read.split()))
        rec = result.record()
        want = parse_printed_date(key["date"])
        tally.extra["date"] += want is not None and rec.get("date") == want.isoformat()
        tally.extra["total"] += rec.get("total") is not None and \
            _amount(rec["total"]) == _amount(key["total"])

    tallies = interleaved(names, settings, len(labels), run)

    def accuracy(t: Tally) -> str:
        s = scores[names[list(tallies.values()).index(t)]]
        r = s.row("")
        return (f"recall {r[1]} precision {r[2]} total {r[3]} date {r[4]}; template "
                f"date {t.extra['date']} total {t.extra['total']}")

    report(f"SROIE receipts: {len(labels)}, s/receipt", names, tallies, accuracy)


def scans(names: list[str], settings: dict[str, dict[str, float]], n: int) -> None:
    from bench_scans import DEGRADED, KINDS, Score, fields_right

    from formsift import Engine
    from formsift.samples import encode_png, generate, render_scan

    engine = Engine()
    pages = []
    for kind in KINDS:
        for seed in range(n):
            sample = generate(kind, seed)
            digital = engine.load(sample.pdf, name="truth.pdf").pages[0]
            degrade = DEGRADED[(seed + KINDS.index(kind)) % len(DEGRADED)]
            for dpi in (150, 300):
                for how in ("clean", degrade):
                    png = encode_png(render_scan(sample.pdf, dpi, how, seed)[0])
                    pages.append((kind, sample, digital, png))
    engine.recognize(engine.load(pages[0][3]))
    scores = {s: Score() for s in names}

    def run(k: int, s: str, tally: Tally) -> None:
        kind, sample, digital, png = pages[k]
        template = engine.template(kind)
        doc = engine.load(png)
        timed(lambda: engine.recognize(doc, template), tally)
        page = doc.pages[0]
        scores[s].add(page.text, digital.text, [w.text for w in page.words],
                      [w.text for w in digital.words],
                      fields_right(template, doc, sample.truth), tally.wall[-1])
        tally.words.append(Counter(w.text for w in page.words))

    tallies = interleaved(names, settings, len(pages), run)

    def accuracy(t: Tally) -> str:
        c = scores[names[list(tallies.values()).index(t)]].cells()
        return f"CER {c[0]} word acc {c[1]} field acc {c[2]}"

    report(f"generated scans: {len(pages)} pages (recognition, s/page)", names, tallies,
           accuracy)


def payslips(names: list[str], settings: dict[str, dict[str, float]], n: int) -> None:
    from formsift import Engine
    from formsift.samples import encode_png, generate, render_scan

    for mode, engine in (("full page", Engine()), ("region-first", Engine(region_first=True))):
        docs = []
        for seed in range(n):
            sample = generate("payslip", seed)
            docs.append((encode_png(render_scan(sample.pdf, 300, "clean", seed)[0]),
                         sample.truth))
        engine.extract(docs[0][0], PAYSLIP)
        fields = [f for f in engine.template(PAYSLIP).fields if f in docs[0][1]]

        def run(k: int, s: str, tally: Tally, engine: Any = engine,
                fields: list[str] = fields, docs: list[Any] = docs) -> None:
            png, truth = docs[k]
            result = timed(lambda: engine.extract(png, PAYSLIP), tally)
            record = result.record()
            tally.extra["right"] += sum(str(record.get(f)) == str(truth[f]) for f in fields)
            tally.extra["fields"] += len(fields)
            tally.words.append(Counter(str(record.get(f)) for f in fields))

        tallies = interleaved(names, settings, len(docs), run)
        report(f"payslips ({mode}, payslip_form.sift, s/page; words = field values)", names,
               tallies, lambda t: f"fields right {t.extra['right']}/{t.extra['fields']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--receipts", type=int, default=40, help="SROIE receipts (0: none)")
    ap.add_argument("--scans", type=int, default=1, help="seeds per kind (0: none)")
    ap.add_argument("--payslips", type=int, default=5, help="payslips (0: none)")
    ap.add_argument("--setting", action="append", default=[],
                    help="ppocr_rec batching options beside the default, e.g. batch=1 or "
                         "batch=8,batch_spread=1.25 (repeat)")
    args = ap.parse_args()
    settings = {"default": {}} | {s: parse_setting(s) for s in args.setting}
    names = list(settings)
    install()
    import os
    print(f"FORMSIFT_THREADS={os.environ.get('FORMSIFT_THREADS', '(unset)')}\n")
    if args.receipts:
        receipts(names, settings, args.receipts)
    if args.scans:
        scans(names, settings, args.scans)
    if args.payslips:
        payslips(names, settings, args.payslips)


if __name__ == "__main__":
    main()
