"""formsift with converted invoice2data templates, against invoice2data 1.0.1 itself.

The scans (PNG, OCR: about 10 s of CPU each) make a run heavy: on a shared machine run
``--no-scans`` and ``--scans-only --repeats 1`` separately, the second under
``flock /tmp/formsift-heavy.lock``.

1. Converts the invoice2data templates (``CORPUS/templates``, 215 files) with
   ``formsift import invoice2data`` and checks each converted file.
2. Extracts every golden sample of ``CORPUS/compare`` (PDFs, a .txt, PNG scans: each file
   with a ``.json`` of the same stem) with formsift, classifying among ALL converted
   templates as invoice2data does, and compares the record with the expected JSON field
   by field (:mod:`formsift.importers.compare`).
3. With ``--peer-python`` (a venv with ``pip install 'invoice2data[dateparser]==1.0.1'``
   and poppler's ``pdftotext``; tesseract + ImageMagick for the PNGs), runs invoice2data
   on the same files in a process of its own and prints both tools' accuracy and
   per-document time, warm (templates loaded, one warm-up document of each kind,
   interpreter start excluded; invoice2data's per-file text caches are cleared before
   each timed run, so every run reads the document as a new one would be).

    python benchmarks/bench_invoice2data.py [--corpus ../shared/corpora/invoice2data]
        [--peer-python /tmp/i2d-venv/bin/python] [--repeats 5] [--no-scans | --scans-only]
        [--custom] [--cold N] [-v]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _common import table

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "invoice2data"
SCANS = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}

_PEER = r"""
import json, logging, sys, time, datetime
logging.disable(logging.CRITICAL)
import warnings; warnings.simplefilter("ignore")
from invoice2data import extract_data
from invoice2data.extract.loader import read_templates
from invoice2data import input as inp
from invoice2data.input import pdftotext
from invoice2data.extract import _dates
templates = read_templates(sys.argv[1])
repeats = int(sys.argv[2])
paths = json.loads(sys.stdin.read())
def clear():
    inp._cached_to_text.cache_clear(); pdftotext._words.cache_clear()
    _dates.parse_date.cache_clear()
def run(p):
    module = "tesseract" if p.lower().endswith((".png", ".jpg", ".tif", ".tiff")) else None
    try:
        return extract_data(p, templates, input_module=module) or {}
    except Exception as exc:
        return {"__error__": f"{type(exc).__name__}: {exc}"}
def plain(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    return v
warmed = set()
for p in paths:  # warm-up: one document of each kind (imports, models, caches)
    kind = p.rsplit(".", 1)[-1].lower()
    if kind not in warmed:
        warmed.add(kind); clear(); run(p)
for p in paths:
    times = []
    for _ in range(repeats):
        clear()
        t = time.perf_counter(); out = run(p); times.append(time.perf_counter() - t)
    print(json.dumps({"path": p, "record": plain(out), "seconds": times}), flush=True)
"""


def samples(corpus: Path, scans: bool) -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for f in sorted((corpus / "compare").iterdir()):
        if f.suffix == ".json" or f.name.startswith("."):
            continue
        if f.suffix.lower() in SCANS and not scans:
            continue
        expected = f.with_suffix(".json")
        if expected.exists():
            out.append((f, json.loads(expected.read_text(encoding="utf-8"))[0]))
    return out


def convert_all(corpus: Path, out: Path, folder: str = "templates"
                ) -> tuple[list[Path], int, int]:
    from formsift.importers.invoice2data import convert_many
    from formsift.templates import check_source

    files, ok = [], 0
    out.mkdir(parents=True, exist_ok=True)
    pairs = list(convert_many([corpus / folder]))
    for _, conv in pairs:
        if isinstance(conv, Exception):
            continue
        target = out / f"{conv.name}.sift"
        target.write_text(conv.text, encoding="utf-8")
        _, diags = check_source(conv.text, str(target))
        if not any(d.severity == "error" for d in diags):
            ok += 1
            files.append(target)
    return files, ok, len(pairs)


def score(expected: dict[str, Any], record: dict[str, Any]) -> tuple[int, int, list[str], int]:
    """(fields right, fields expected, names of wrong fields, extra fields)."""
    from formsift.importers.compare import compare

    results = compare(expected, record)
    exp = [r for r in results if r.kind == "expected"]
    wrong = [r.name for r in exp if not r.ok]
    extra = sum(1 for r in results if r.kind == "extra")
    return len(exp) - len(wrong), len(exp), wrong, extra


def peer(python: str, corpus: Path, paths: list[Path], repeats: int,
         templates: Path | None = None) -> dict[str, Any]:
    run = subprocess.run([python, "-c", _PEER, str(templates or corpus / "templates"),
                          str(repeats)],
                         input=json.dumps([str(p) for p in paths]), capture_output=True,
                         text=True, timeout=3600)
    if run.returncode != 0:
        raise RuntimeError(f"invoice2data failed: {run.stderr[-2000:]}")
    return {Path(d["path"]).name: d for d in map(json.loads, run.stdout.splitlines())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--peer-python", help="python of a venv with invoice2data 1.0.1")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-scans", action="store_true", help="skip the PNG samples (OCR)")
    ap.add_argument("--scans-only", action="store_true", help="only the PNG samples (OCR)")
    ap.add_argument("--text-only", action="store_true",
                    help="formsift without its OCR plugins (text layers only, as pdftotext "
                         "reads PDFs): no OCR of images in PDFs, scans unreadable")
    ap.add_argument("--cold", type=int, default=0, metavar="N",
                    help="also time N born-digital documents with interpreter start: one "
                         "CLI process per document for each tool")
    ap.add_argument("--custom", action="store_true",
                    help="also the corpus's custom/ samples with their own templates "
                         "(text files; not part of the 16 golden samples)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print every field that differs, with both values")
    args = ap.parse_args()
    if not (args.corpus / "compare").is_dir():
        sys.exit(f"no corpus at {args.corpus} (expected compare/ and templates/)")

    from formsift import Engine

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        files, ok, total = convert_all(args.corpus, Path(tmp))
        print(f"templates: {ok}/{total} converted and pass formsift check "
              f"({100 * ok / total:.1f}%) in {time.perf_counter() - t0:.1f}s\n")
        # --text-only: the OCR plugins blocked, as pdftotext reads only text layers
        engine = Engine(templates=files, block=("ocr", "handwriting") if args.text_only
                        else ())
        _ = engine.templates  # compile them all once
        if args.text_only:
            print("formsift: text layers only (OCR plugins blocked)\n")
        docs = samples(args.corpus, not args.no_scans)
        if args.scans_only:
            docs = [(p, e) for p, e in docs if p.suffix.lower() in SCANS]
        ours: dict[str, tuple[dict[str, Any], str | None, list[float]]] = {}
        warmed: set[str] = set()
        for path, _exp in docs:  # warm-up: one document of each kind (OCR models...)
            if path.suffix.lower() not in warmed:
                warmed.add(path.suffix.lower())
                engine.extract(path)
        for path, _exp in docs:
            times = []
            result = None
            for _ in range(args.repeats):
                t = time.perf_counter()
                result = engine.extract(path)
                times.append(time.perf_counter() - t)
            assert result is not None
            ours[path.name] = (result.record(), result.template, times)

    theirs = peer(args.peer_python, args.corpus, [p for p, _ in docs], args.repeats) \
        if args.peer_python else {}

    rows: list[tuple[str, ...]] = [("sample", "template (formsift)", "formsift fields",
                                    "extra", "invoice2data fields", "formsift ms",
                                    "invoice2data ms", "ratio")]
    passed = {"formsift": 0, "invoice2data": 0}
    fields = {"formsift": [0, 0], "invoice2data": [0, 0]}
    times_digital: dict[str, list[float]] = {"formsift": [], "invoice2data": []}
    details = []
    for path, expected in docs:
        record, tname, times = ours[path.name]
        right, n, wrong, extra = score(expected, record)
        fields["formsift"][0] += right
        fields["formsift"][1] += n
        passed["formsift"] += not wrong
        ms = statistics.median(times) * 1000
        peer_cells = ("-", "-", "-")
        if path.name in theirs:
            d = theirs[path.name]
            pr, pn, pwrong, _ = score(expected, d["record"])
            fields["invoice2data"][0] += pr
            fields["invoice2data"][1] += pn
            passed["invoice2data"] += not pwrong
            pms = statistics.median(d["seconds"]) * 1000
            peer_cells = (f"{pr}/{pn}", f"{pms:.1f}", f"{pms / ms:.1f}x")
            if path.suffix.lower() not in SCANS:
                times_digital["invoice2data"].append(pms)
            if args.verbose and pwrong:
                details.append(f"  invoice2data {path.name}: wrong {', '.join(pwrong)}"
                               + (f" ({d['record'].get('__error__')})"
                                  if "__error__" in d["record"] else ""))
        if path.suffix.lower() not in SCANS:
            times_digital["formsift"].append(ms)
        rows.append((path.name, tname or "(none)", f"{right}/{n}", str(extra),
                     peer_cells[0], f"{ms:.1f}", peer_cells[1], peer_cells[2]))
        if args.verbose and wrong:
            for name in wrong:
                details.append(f"  formsift {path.name}: {name}: expected "
                               f"{expected.get(name)!r}, got {record.get(name)!r}")
    print(table(rows))
    n = len(docs)
    print(f"\nsamples with every expected field right: formsift {passed['formsift']}/{n}"
          + (f", invoice2data {passed['invoice2data']}/{n}" if theirs else ""))
    f_ok, f_n = fields["formsift"]
    print(f"fields right: formsift {f_ok}/{f_n}" + (
        f", invoice2data {fields['invoice2data'][0]}/{fields['invoice2data'][1]}"
        if theirs else ""))
    if theirs and times_digital["formsift"]:
        a = statistics.median(times_digital["formsift"])
        b = statistics.median(times_digital["invoice2data"])
        print(f"born-digital documents (PDF, text), median per document: formsift {a:.1f} ms, "
              f"invoice2data {b:.1f} ms: formsift {b / a:.1f}x faster (target: >= 10x)")
        pdfs = [p for p, _ in docs if p.suffix.lower() == ".pdf" and p.name in theirs
                and p.name != "saeco.pdf"]  # (saeco's keyword is in an image: OCR)
        floor = statistics.median(_text_layer_ms(p, args.repeats) for p in pdfs)
        print(f"floor: PyMuPDF alone (open, text page, words; no formsift code) takes "
              f"{floor:.1f} ms per PDF (median of {len(pdfs)}): with no other cost at all "
              f"formsift would be {b / floor:.1f}x faster than invoice2data")
    if details:
        print("\ndifferences:")
        print("\n".join(details))
    if args.custom:
        custom(args)
    if args.cold:
        cold(args, [p for p, _ in docs if p.suffix.lower() not in SCANS][:args.cold])


def _text_layer_ms(path: Path, repeats: int) -> float:
    """Median ms PyMuPDF takes to open ``path`` and list each page's words (what any
    extraction of a born-digital PDF through PyMuPDF must do)."""
    import pymupdf

    data = path.read_bytes()
    times = []
    for _ in range(max(3, repeats)):
        t = time.perf_counter()
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            for page in doc:
                page.get_textpage(flags=pymupdf.TEXTFLAGS_WORDS
                                  | pymupdf.TEXT_PRESERVE_IMAGES).extractWORDS()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def cold(args: argparse.Namespace, paths: list[Path]) -> None:
    """Wall time of one CLI process per document (interpreter start, template loading)."""
    # Both tools run as installed: with their modules' bytecode cached (pip writes it when
    # it installs a wheel; an editable install writes it on first import, which
    # PYTHONDONTWRITEBYTECODE would prevent, so it is unset here), each after one untimed
    # run that writes what it caches.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        files, _, _ = convert_all(args.corpus, Path(tmp) / "sift")
        blocked = ["--block", "ocr", "--block", "handwriting"] if args.text_only else []
        commands = {"formsift": lambda path: [
            sys.executable, "-m", "formsift", *blocked, "extract", str(path),
            "--templates", str(files[0].parent), "--record"]}
        if args.peer_python:
            cli = str(Path(args.peer_python).with_name("invoice2data"))
            commands["invoice2data"] = lambda path: [
                cli, "--output-format", "json", "--output-name", str(Path(tmp) / "out"),
                str(path)]

        def wall(argv: list[str]) -> float:
            t = time.perf_counter()
            subprocess.run(argv, capture_output=True, check=False, env=env)
            return time.perf_counter() - t

        for command in commands.values():
            if paths:
                wall(command(paths[0]))
        rows: list[tuple[str, ...]] = [("document (cold)", "formsift s", "invoice2data s")]
        for path in paths:
            ours = wall(commands["formsift"](path))
            theirs = (f"{wall(commands['invoice2data'](path)):.2f}"
                      if "invoice2data" in commands else "-")
            rows.append((path.name, f"{ours:.2f}", theirs))
    print("\nwith interpreter start (formsift compiles the 215 templates in each process):")
    print(table(rows))


def custom(args: argparse.Namespace) -> None:
    """The custom/ samples: text files, each with its own template in custom/templates."""
    from formsift import Engine

    root = args.corpus / "custom"
    with tempfile.TemporaryDirectory() as tmp:
        files, ok, total = convert_all(root, Path(tmp))
        engine = Engine(templates=files)
        docs = [(p, json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))[0])
                for p in sorted(root.glob("*.txt")) if p.with_suffix(".json").exists()]
        records = {p.name: engine.extract(p).record() for p, _ in docs}
    theirs = peer(args.peer_python, args.corpus, [p for p, _ in docs], 1,
                  root / "templates") if args.peer_python else {}
    rows: list[tuple[str, ...]] = [("custom sample", "formsift fields", "invoice2data fields")]
    for path, expected in docs:
        right, n, wrong, _ = score(expected, records[path.name])
        cell = "-"
        if path.name in theirs:
            pr, pn, _, _ = score(expected, theirs[path.name]["record"])
            cell = f"{pr}/{pn}"
        rows.append((path.name, f"{right}/{n}", cell))
        if args.verbose and wrong:
            print(f"  formsift {path.name}: wrong {', '.join(wrong)}")
    print(f"\ncustom templates: {ok}/{total} converted and pass formsift check")
    print(table(rows))


if __name__ == "__main__":
    main()
