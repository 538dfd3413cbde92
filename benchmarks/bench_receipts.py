"""Real scanned receipts (SROIE, ../shared/corpora/sroie-dev): formsift's OCR beside
rapidocr's own pipeline (same PP-OCRv4 models) and Tesseract, measured in the same run.

For each engine: word recall and precision (bag of words, case-folded, against the line
transcripts), whether the printed total and date appear exactly in what was read, and
seconds per receipt. For formsift also: the shipped generic ``receipt`` template's date
and total against the key fields (dates compared after normalising the printed form).

    python benchmarks/bench_receipts.py [--limit N] [--rapidocr-python PY] [--no-tesseract]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import peak_rss_mb, table
from _peers import RapidOCR, tesseract, tesseract_available

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "sroie-dev"


def words(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in text.split())


def truth_words(box_csv: Path) -> Counter[str]:
    c: Counter[str] = Counter()
    for line in box_csv.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split(",", 8)
        if len(parts) == 9:
            c += words(parts[8])
    return c


def printed(value: str, text: str, strict: bool = False) -> bool:
    """The printed string appears in the text, whitespace normalised and, unless
    ``strict``, case-folded: SROIE's transcripts and key fields are upper case where the
    receipt prints "03 Apr 2018" (the word figures are case-folded for the same reason)."""
    squash = re.sub(r"\s+", "", text)
    value = re.sub(r"\s+", "", value)
    return value in squash if strict else value.casefold() in squash.casefold()


def parse_printed_date(s: str) -> date | None:
    """The key field's printed date as a date (day-first unless impossible)."""
    from formsift.core.kinds import ParseContext
    from formsift.core.locale import get_locale
    from formsift.plugins.fieldtypes.dates import DateType

    found = DateType().find(s, ParseContext(get_locale("en")))
    return found[0].value if found else None


def _amount(text: str) -> Decimal | None:
    digits = re.sub(r"[^0-9.]", "", text)
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


class Score:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0
        self.total = self.date = self.date_strict = self.n = 0
        self.seconds: list[float] = []

    def add(self, read: str, truth: Counter[str], key: dict, seconds: float) -> None:
        got = words(read)
        common = sum((got & truth).values())
        self.tp += common
        self.fp += sum(got.values()) - common
        self.fn += sum(truth.values()) - common
        self.total += printed(key["total"], read)
        self.date += printed(key["date"], read)
        self.date_strict += printed(key["date"], read, strict=True)
        self.n += 1
        self.seconds.append(seconds)

    def row(self, name: str) -> tuple[str, ...]:
        recall = self.tp / max(1, self.tp + self.fn)
        precision = self.tp / max(1, self.tp + self.fp)
        return (name, f"{recall:.3f}", f"{precision:.3f}", f"{self.total / self.n:.0%}",
                f"{self.date / self.n:.0%} ({self.date_strict / self.n:.0%})",
                f"{statistics.median(self.seconds):.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--rapidocr-python", help="interpreter with rapidocr-onnxruntime")
    ap.add_argument("--no-tesseract", action="store_true")
    ap.add_argument("--peer-cache", type=Path,
                    help="keep the peers' outputs here and reuse them on the next run")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"{args.corpus} not found: this benchmark needs ../shared/corpora")

    from formsift import Engine

    labels = [json.loads(x) for x in (args.corpus / "labels.jsonl").read_text().splitlines()]
    if args.limit:
        labels = labels[: args.limit]
    paths = [args.corpus / row["image"] for row in labels]
    engine = Engine()
    template = engine.template("receipt")
    engine.extract(paths[0], template)  # load the models once before timing

    ours, tess, rapid = Score(), Score(), Score()
    fields_ok = {"date": 0, "total": 0, "both": 0}
    misses = []
    cache = json.loads(args.peer_cache.read_text()) if args.peer_cache and \
        args.peer_cache.exists() else {}
    rapid_out = cache.get("rapidocr") or ({} if args.rapidocr_python else None)
    worker = RapidOCR(args.rapidocr_python) if args.rapidocr_python and not rapid_out \
        else None
    tess_out = cache.get("tesseract", {})
    for row, path in zip(labels, paths, strict=True):
        key = json.loads((args.corpus / "key" / f"{row['id']}.json").read_text())
        truth = truth_words(args.corpus / "box" / f"{row['id']}.csv")
        t = time.perf_counter()
        result = engine.extract(path, template)
        seconds = time.perf_counter() - t
        read = "\n".join(" ".join(w.text for w in p.words) for p in result.page_info)
        ours.add(read, truth, key, seconds)
        rec = result.record()
        want_date = parse_printed_date(key["date"])
        ok_date = want_date is not None and rec.get("date") == want_date.isoformat()
        ok_total = rec.get("total") is not None and _amount(rec["total"]) == _amount(key["total"])
        fields_ok["date"] += ok_date
        fields_ok["total"] += ok_total
        fields_ok["both"] += ok_date and ok_total
        if not (ok_date and ok_total):
            misses.append((row["id"], key["date"], rec.get("date"), key["total"],
                           rec.get("total")))
        if worker is not None:  # interleaved with ours: the same machine load
            rapid_out[str(path)] = worker.read(path)
        if rapid_out is not None:
            text, secs = rapid_out[str(path)]
            rapid.add(text, truth, key, secs)
        if str(path) in tess_out or (tesseract_available() and not args.no_tesseract):
            if str(path) not in tess_out:
                tess_out[str(path)] = tesseract(path)
            text, secs = tess_out[str(path)]
            tess.add(text, truth, key, secs)

    if worker is not None:
        worker.close()
    if args.peer_cache:
        args.peer_cache.write_text(json.dumps({"rapidocr": rapid_out, "tesseract": tess_out}))
    n = len(labels)
    rows = [("engine", "word recall", "word precision", "total read",
             "date read (case as in SROIE)", "median s/receipt"),
            ours.row("formsift (PP-OCRv4 det+rec, own pipeline)")]
    if rapid.n:
        rows.append(rapid.row("rapidocr 1.4.4 (PP-OCRv4)"))
    if tess.n:
        rows.append(tess.row("Tesseract (--psm 3)"))
    print(f"SROIE dev receipts: {n}")
    print(table(rows))
    print()
    print(f"receipt template (generic): date right {fields_ok['date']}/{n} "
          f"({fields_ok['date'] / n:.0%}), total right {fields_ok['total']}/{n} "
          f"({fields_ok['total'] / n:.0%}), both {fields_ok['both']}/{n} "
          f"({fields_ok['both'] / n:.0%})")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    for m in misses:
        print("  miss", m)


if __name__ == "__main__":
    main()
