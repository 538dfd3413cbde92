"""Word spaces on real receipt lines: where PP-OCRv4 wrote no space between two
characters, does formsift's recognizer put a word boundary where the transcript has one?

Each ground-truth line of ``../shared/corpora/sroie-dev`` (its polygon and transcript) is
read once by ``ppocr_rec``; then every option set below splits the same characters into
words. A pair of neighbouring characters counts when both are matched to neighbouring
characters of the transcript; it is a true space when the transcript has one between them.
The receipts are split in two halves by id: the thresholds were chosen on the first, so
the second is the fair figure.

    python benchmarks/bench_word_spaces.py [--limit N]
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "sroie-dev"

VARIANTS = {
    "ink gaps and pitch only (before 2026-12-02)": {"space_model": 2.0,
                                                    "digit_space_model": 0.0},
    "+ the model's space probability (default)": {},
    "no splitting (the model's own spaces)": {"space_model": 2.0, "space_gap": 99.0,
                                              "split_gap": 99.0},
}


def lines_of(box_csv: Path, w: int, h: int) -> list[tuple[list[tuple[float, float]], str]]:
    out = []
    for row in box_csv.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = row.split(",", 8)
        if len(parts) == 9 and parts[8].strip():
            xy = [float(v) for v in parts[:8]]
            out.append(([(xy[k] / w, xy[k + 1] / h) for k in range(0, 8, 2)],
                        parts[8].strip()))
    return out


def truth_pairs(chars: list[tuple[str, float, float]], truth: str) -> dict[int, bool]:
    """For each index i of ``chars`` whose character and the one before it (no space
    written between) match neighbouring transcript characters: is there a space?"""
    plain, space_before = [], []
    gap = False
    for ch in truth:
        if ch == " ":
            gap = True
            continue
        space_before.append(gap and bool(plain))
        plain.append(ch)
        gap = False
    read = [(i, c[0]) for i, c in enumerate(chars) if c[0] != " "]
    sm = difflib.SequenceMatcher(None, "".join(c for _, c in read), "".join(plain),
                                 autojunk=False)
    match = {}
    for a, b, size in sm.get_matching_blocks():
        for k in range(size):
            match[a + k] = b + k
    out = {}
    for k in range(1, len(read)):
        i, j = read[k][0], read[k - 1][0]
        if i == j + 1 and k in match and k - 1 in match and match[k] == match[k - 1] + 1:
            out[i] = space_before[match[k]]
    return out


def starts(words: list[str], chars: list[tuple[str, float, float]]) -> set[int]:
    """The indices of ``chars`` that begin a word."""
    idx = [i for i, c in enumerate(chars) if c[0] != " "]
    out, k = set(), 0
    for w in words:
        out.add(idx[k])
        k += len(w)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"{args.corpus} not found: this benchmark needs ../shared/corpora")
    import cv2

    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.core.plugins import default_registry
    from formsift.plugins.ocr.recognize import _crop

    registry = default_registry()
    recs = {name: registry.create("recognizer", "ppocr_rec", opts or None)
            for name, opts in VARIANTS.items()}
    base = next(iter(recs.values()))
    ids = sorted(p.stem for p in (args.corpus / "box").glob("*.csv"))
    if args.limit:
        ids = ids[: args.limit]
    half = set(ids[: len(ids) // 2])
    counts = {(name, part): [0, 0, 0] for name in VARIANTS for part in ("first", "second")}
    pairs = {"first": 0, "second": 0}
    for rid in ids:
        img = cv2.imread(str(args.corpus / "img" / f"{rid}.jpg"))
        h, w = img.shape[:2]
        part = "first" if rid in half else "second"
        found = lines_of(args.corpus / "box" / f"{rid}.csv", w, h)
        regions = []
        for poly, _ in found:
            xs, ys = [p[0] for p in poly], [p[1] for p in poly]
            box = Box(max(0.0, min(xs)), max(0.0, min(ys)), min(1.0, max(xs)),
                      min(1.0, max(ys)))
            regions.append(TextRegion(box, polygon=poly))
        crops = [_crop(img, r) for r in regions]
        read = base.read(crops)
        for (_, truth), region, crop, line in zip(found, regions, crops, read, strict=True):
            want = truth_pairs(line.chars, truth)
            pairs[part] += len(want)
            for name, rec in recs.items():
                words = [x.text for x in rec._words(line, region, 0, crop)]
                got = starts(words, line.chars) if words else set()
                c = counts[(name, part)]
                for i, space in want.items():
                    c[0] += space and i in got            # spaces found
                    c[1] += (not space) and i in got      # words split wrongly
                    c[2] += space and i not in got        # spaces missed
    rows = [("splitting", "half", "pairs", "spaces found", "split wrongly", "missed",
             "errors")]
    for name in VARIANTS:
        for part in ("first", "second"):
            tp, fp, fn = counts[(name, part)]
            rows.append((name, part, str(pairs[part]), str(tp), str(fp), str(fn),
                         str(fp + fn)))
    print(f"SROIE dev receipts: {len(ids)} (thresholds chosen on the first half)")
    print(table(rows))


if __name__ == "__main__":
    main()
