"""Accented Latin print: ppocr_rec with and without putting back the accents it cannot write.

The text is real French prose that nobody here wrote or chose: the transcriptions of the
contemporary French lines of ``../shared/corpora/handwriting-dev`` (Wikipedia sentences),
*printed* in Helvetica, 10 pt on a 16 pt line pitch, rendered as scans at 200 and 300 dpi,
clean and with noise. Each page is recognized twice by the default pipeline, with
``ppocr_rec(diacritics=true)`` (the default) and ``(diacritics=false)``. Printed:

- CER over all lines (words assigned to the printed line nearest their centre, read left
  to right), and the same with accents folded away on both sides (what the recognizer
  reads apart from accents: it must not get worse);
- accented letters read: per line, how many of the printed accented letters (é è à ç ...)
  the reading holds (multiset);
- false accents: per line, accented letters of the reading the printed line does not
  hold (multiset): a mark put back where there is none (a speck read as a cedilla);
- seconds per page of each mode.

    python benchmarks/bench_accents.py [--dpi 200,300] [--degrade clean,noise]

Skipped (exit 0 with a message) when the corpus is absent.

``--faces`` measures instead typed lines of Polish, Czech, German, French and Spanish place
and company names (:data:`FACE_LINES`, 9 pt as on a form) in the installed TrueType faces
(DejaVu Sans/Serif/Sans Mono, Liberation Sans/Serif/Mono, FreeSans/FreeSerif/FreeMono), at
150, 200 and 300 dpi, clean, recognized with the restoration on. Each line is aligned letter
by letter with its reading; per language it prints the accented letters read right, and the
letters read as another letter (or digit) reported at a confidence of 0.8 or more: wrong
but sure, what a record must not accept.

    python benchmarks/bench_accents.py --faces [--dpi 150,200,300]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "handwriting-dev"
FONT_SIZE, PITCH, TOP, LEFT, PER_PAGE = 10, 16, 60, 50, 40
TEMPLATE = """template accents_{mode} {{
  match {{ contains "accents" }}
  pipeline {{
    recognize ppocr_rec(diacritics={flag})
  }}
  field any: text = box(0%, 0%, 100%, 100%)
}}
"""


def french_lines(corpus: Path) -> list[str]:
    """The contemporary French transcriptions that Helvetica (cp1252) can print."""
    out = []
    for line in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        text = " ".join(rec["text"].split())
        if rec["source"] != "copiste_dun_jour" or not text or "://" in text:
            continue
        try:
            text.encode("cp1252")
        except UnicodeEncodeError:
            continue
        out.append(text)
    return out


def pages(lines: list[str]) -> list[tuple[bytes, list[tuple[float, str]]]]:
    """PDF pages of the lines, each with (baseline y as a fraction of the page, text)."""
    import pymupdf

    out = []
    for start in range(0, len(lines), PER_PAGE):
        doc = pymupdf.open()
        page = doc.new_page(width=595, height=842)
        placed = []
        for k, text in enumerate(lines[start:start + PER_PAGE]):
            y = TOP + k * PITCH
            page.insert_text((LEFT, y), text, fontsize=FONT_SIZE, fontname="helv")
            placed.append(((y - 0.35 * FONT_SIZE) / 842, text))
        out.append((doc.tobytes(), placed))
        doc.close()
    return out


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c))


def accented(text: str) -> Counter[str]:
    return Counter(c for c in text if c != fold(c))


def read_lines(words: list, placed: list[tuple[float, str]]) -> list[str]:
    """Each printed line's reading: the words whose centre is nearest its middle."""
    ys = [y for y, _ in placed]
    groups: list[list] = [[] for _ in placed]
    for w in words:
        cy = (w.box.y0 + w.box.y1) / 2
        k = min(range(len(ys)), key=lambda i: abs(ys[i] - cy))
        if abs(ys[k] - cy) < PITCH / 842:
            groups[k].append(w)
    return [" ".join(w.text for w in sorted(g, key=lambda w: w.box.x0)) for g in groups]


FONTS = Path("/usr/share/fonts/truetype")
FACES = ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSansMono.ttf",
         "liberation/LiberationSans-Regular.ttf", "liberation/LiberationSerif-Regular.ttf",
         "liberation/LiberationMono-Regular.ttf", "freefont/FreeSans.ttf",
         "freefont/FreeSerif.ttf", "freefont/FreeMono.ttf")
#: (language, line): names as a consignment note or an invoice types them
FACE_LINES = (
    ("pl", "Zakład Usług Ślusarskich, Łańcut"), ("pl", "Przedsiębiorstwo Włókiennicze Łódź"),
    ("pl", "ul. Wąska 7, Białystok, Częstochowa"), ("pl", "Hurtownia Żółw, Gniezno"),
    ("pl", "Spółka Jawna Kołodziej, Głogów"), ("pl", "Księgowość: płatność przelewem"),
    ("pl", "Świętochłowice, Jelenia Góra, Kraśnik"), ("pl", "Mleczarnia Łowicz, Piątnica"),
    ("cs", "Přerov, daňový doklad, úhradě"), ("cs", "Zámečnictví Šťastný, Čeněk"),
    ("de", "Bäckerei Großhandel, Mühlenweg"), ("de", "Straße der Einheit, Lößnitz"),
    ("fr", "Entrepôts Généraux d'Orléans"), ("fr", "Besançon, Fenêtres à côté"),
    ("es", "Año de fabricación, Muñoz"), ("es", "Camión pequeño, José Peña"),
)
FACE_SIZE, FACE_PITCH = 9, 22


def face_page(face: Path) -> tuple[bytes, list[tuple[float, str, str]]]:
    """A PDF page of :data:`FACE_LINES` in ``face``, with (line middle as a fraction of the
    page, language, text) for each line."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="f0", fontfile=str(face))
    placed = []
    for k, (lang, text) in enumerate(FACE_LINES):
        y = TOP + k * FACE_PITCH
        page.insert_text((LEFT, y), text, fontsize=FACE_SIZE, fontname="f0")
        placed.append(((y - 0.35 * FACE_SIZE) / 842, lang, text))
    data = doc.tobytes()
    doc.close()
    return data, placed


def line_reading(words: list, y: float) -> tuple[str, list[float]]:
    """The words whose centre lies nearest the line at ``y`` (within half the pitch), left
    to right, joined by spaces, and a confidence for each character (1.0 for the spaces)."""
    near = sorted((w for w in words if abs((w.box.y0 + w.box.y1) / 2 - y)
                   < FACE_PITCH / 2 / 842), key=lambda w: w.box.x0)
    text, confs = "", []
    for w in near:
        if text:
            text, confs = text + " ", [*confs, 1.0]
        cc = list(w.char_confidences) or [w.confidence] * len(w.text)
        text += w.text
        confs += cc if len(cc) == len(w.text) else [w.confidence] * len(w.text)
    return text, confs


def marked(c: str) -> bool:
    """Whether ``c`` is a letter the recognizer cannot write plainly: an accented letter,
    or one of its own (ł ß ø æ)."""
    return c != fold(c) or c in "łŁßøØæÆ"


def letter_outcomes(truth: str, got: str, confs: list[float], sure: float = 0.8
                    ) -> tuple[int, int, int, int]:
    """(accented letters of ``truth`` read right, its accented letters, its letters read
    as another character at ``sure`` or more, its letters read right below ``sure``):
    letters aligned by difflib's matching blocks, and a letter replaced one for one in an
    equal-length run."""
    import difflib

    right = sum(1 for c in truth if marked(c))
    total = right
    wrong = unsure = 0
    matcher = difflib.SequenceMatcher(None, truth, got, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            unsure += sum(1 for k in range(a1 - a0)
                          if truth[a0 + k].isalpha() and confs[b0 + k] < sure)
            continue
        right -= sum(1 for c in truth[a0:a1] if marked(c))
        if op == "replace":
            for k in range(min(a1 - a0, b1 - b0)):
                t, g = truth[a0 + k], got[b0 + k]
                if t.isalpha() and g != t and g != " " and confs[b0 + k] >= sure:
                    wrong += 1
    return right, total, wrong, unsure


def faces_main(dpis: list[int]) -> None:
    """The ``--faces`` measurement (see the module's docstring)."""
    from formsift import Engine
    from formsift.samples import encode_png, render_scan

    engine = Engine()
    langs = sorted({lang for lang, _ in FACE_LINES})
    rows = [("face", "dpi", *(f"{lang} accented right" for lang in langs),
             *(f"{lang} wrong >=0.8" for lang in langs),
             *(f"{lang} right <0.8" for lang in langs))]
    sums: dict[str, list[int]] = {lang: [0, 0, 0, 0] for lang in langs}
    for face in FACES:
        path = FONTS / face
        if not path.is_file():
            print(f"skipped: {path} is absent")
            continue
        pdf, placed = face_page(path)
        for dpi in dpis:
            doc = engine.load(encode_png(render_scan(pdf, dpi, "clean", 0)[0]))
            engine.recognize(doc)
            per = {lang: [0, 0, 0, 0] for lang in langs}
            for y, lang, text in placed:
                got, confs = line_reading(doc.pages[0].words, y)
                for k, v in enumerate(letter_outcomes(text, got, confs)):
                    per[lang][k] += v
                    sums[lang][k] += v
            rows.append((path.stem, str(dpi), *(f"{per[lang][0]}/{per[lang][1]}" for lang in langs),
                         *(str(per[lang][k]) for k in (2, 3) for lang in langs)))
    rows.append(("all", "", *(f"{sums[lang][0]}/{sums[lang][1]}" for lang in langs),
                 *(str(sums[lang][k]) for k in (2, 3) for lang in langs)))
    print(table(rows))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", default=None)
    ap.add_argument("--degrade", default="clean,noise")
    ap.add_argument("--faces", action="store_true",
                    help="typed lines of five languages in nine faces (see above)")
    args = ap.parse_args()
    if args.faces:
        faces_main([int(d) for d in (args.dpi or "150,200,300").split(",")])
        return
    args.dpi = args.dpi or "200,300"
    if not (CORPUS / "labels.jsonl").is_file():
        print(f"skipped: {CORPUS} is absent")
        return

    from formsift import Engine
    from formsift.handwriting.metrics import cer
    from formsift.samples import encode_png, render_scan

    lines = french_lines(CORPUS)
    docs = pages(lines)
    engine = Engine()
    tmp = Path(tempfile.mkdtemp())
    templates = {}
    for mode, flag in (("on", "true"), ("off", "false")):
        path = tmp / f"accents_{mode}.sift"
        path.write_text(TEMPLATE.format(mode=mode, flag=flag), encoding="utf-8")
        templates[mode] = engine.template(path)
    total_accents = sum(sum(accented(t).values()) for t in lines)
    print(f"{len(lines)} printed French lines on {len(docs)} pages, "
          f"{total_accents} accented letters")
    rows = [("condition", "mode", "CER", "CER accents folded", "accented letters read",
             "false accents", "median s/page")]
    for dpi in (int(d) for d in args.dpi.split(",")):
        for degrade in args.degrade.split(","):
            found: dict[str, list[tuple[str, str]]] = {"on": [], "off": []}
            seconds: dict[str, list[float]] = {"on": [], "off": []}
            hits = {"on": 0, "off": 0}
            false = {"on": 0, "off": 0}
            for n, (pdf, placed) in enumerate(docs):
                png = encode_png(render_scan(pdf, dpi, degrade, n)[0])
                for mode in ("off", "on"):
                    doc = engine.load(png)
                    t0 = time.perf_counter()
                    engine.recognize(doc, templates[mode])
                    seconds[mode].append(time.perf_counter() - t0)
                    reads = read_lines(doc.pages[0].words, placed)
                    for (_, truth), got in zip(placed, reads, strict=True):
                        found[mode].append((truth, got))
                        hits[mode] += sum((accented(truth) & accented(got)).values())
                        false[mode] += sum((accented(got) - accented(truth)).values())
            for mode in ("off", "on"):
                pairs = found[mode]
                rows.append((f"{dpi} dpi {degrade}", f"diacritics={mode == 'on'}",
                             f"{cer(pairs):.4f}",
                             f"{cer((fold(a), fold(b)) for a, b in pairs):.4f}",
                             f"{hits[mode]}/{total_accents}", str(false[mode]),
                             f"{statistics.median(seconds[mode]):.2f}"))
    print(table(rows))


if __name__ == "__main__":
    main()
