"""Accent restoration on typed names in nine TrueType faces (the Polish print measurement).

Typed lines of Polish, Czech, German, French and Spanish place and company names
(:data:`FACE_LINES`, 9 pt as on a form) in the installed TrueType faces (DejaVu
Sans/Serif/Sans Mono, Liberation Sans/Serif/Mono, FreeSans/FreeSerif/FreeMono), rendered
clean at 150, 200 and 300 dpi and recognized by the default pipeline (restoration on).
Each line is aligned letter by letter with its reading; per language it prints the
accented letters read right, the letters read as another letter (or digit) at a
confidence of 0.8 or more (wrong but sure: what a record must not accept), and the
letters read right below 0.8. ``--italic`` takes the italic and oblique faces of the same
families instead (where PP-OCR's ł is not put back: it must not be made up there either);
``--capitals`` reads names in capitals (:data:`CAPITAL_LINES`, Portuguese tildes among
them) instead of the mixed-case lines.

    python benchmarks/bench_accents_faces.py [--dpi 150,200,300] [--italic] [--capitals]

Faces that are not installed are skipped (named in the output).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table
from bench_accents import LEFT, TOP, fold

FONTS = Path("/usr/share/fonts/truetype")
FACES = ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSansMono.ttf",
         "liberation/LiberationSans-Regular.ttf", "liberation/LiberationSerif-Regular.ttf",
         "liberation/LiberationMono-Regular.ttf", "freefont/FreeSans.ttf",
         "freefont/FreeSerif.ttf", "freefont/FreeMono.ttf")
ITALIC_FACES = ("dejavu/DejaVuSans-Oblique.ttf", "dejavu/DejaVuSerif-Italic.ttf",
                "dejavu/DejaVuSansMono-Oblique.ttf", "liberation/LiberationSans-Italic.ttf",
                "liberation/LiberationSerif-Italic.ttf", "liberation/LiberationMono-Italic.ttf",
                "freefont/FreeSansOblique.ttf", "freefont/FreeSerifItalic.ttf",
                "freefont/FreeMonoOblique.ttf")
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
#: (language, line): names in capitals as an identity card or a block-letter form prints
#: them (``--capitals``), Portuguese and Spanish tildes among them (HR new-hire journey)
CAPITAL_LINES = (
    ("pt", "JOÃO PEDRO GONÇALVES"), ("pt", "SÃO PAULO, CAMÕES"), ("pt", "CONCEIÇÃO ASSUNÇÃO"),
    ("pt", "ESTÊVÃO LOUSÃ, GUIMARÃES"), ("es", "MUÑOZ PEÑA, ESPAÑA"),
    ("es", "JOSÉ MARÍA NÚÑEZ"), ("fr", "HÉLÈNE DUBOIS, ÉLODIE"), ("fr", "FRANÇOIS LEFÈVRE"),
    ("de", "JÜRGEN MÜLLER, KÖLN"), ("de", "GÖTZ BÄUMER, LÜBECK"),
    ("pl", "ŁUKASZ WIŚNIEWSKI, ŁÓDŹ"), ("cs", "DVOŘÁK, ČESKÉ BUDĚJOVICE"),
)
FACE_SIZE, FACE_PITCH = 9, 22
def face_page(face: Path, lines: tuple[tuple[str, str], ...] = FACE_LINES
              ) -> tuple[bytes, list[tuple[float, str, str]]]:
    """A PDF page of ``lines`` in ``face``, with (line middle as a fraction of the page,
    language, text) for each line."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="f0", fontfile=str(face))
    placed = []
    for k, (lang, text) in enumerate(lines):
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


def faces_main(dpis: list[int], faces: tuple[str, ...] = FACES,
               lines: tuple[tuple[str, str], ...] = FACE_LINES) -> None:
    """The measurement (see the module's docstring), over ``faces`` and ``lines``."""
    from formsift import Engine
    from formsift.samples import encode_png, render_scan

    engine = Engine()
    langs = sorted({lang for lang, _ in lines})
    rows = [("face", "dpi", *(f"{lang} accented right" for lang in langs),
             *(f"{lang} wrong >=0.8" for lang in langs),
             *(f"{lang} right <0.8" for lang in langs))]
    sums: dict[str, list[int]] = {lang: [0, 0, 0, 0] for lang in langs}
    for face in faces:
        path = FONTS / face
        if not path.is_file():
            print(f"skipped: {path} is absent")
            continue
        pdf, placed = face_page(path, lines)
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
    ap.add_argument("--dpi", default="150,200,300")
    ap.add_argument("--italic", action="store_true",
                    help="the italic and oblique faces of the same families")
    ap.add_argument("--capitals", action="store_true",
                    help="names in capitals (CAPITAL_LINES: Portuguese, Spanish, French, "
                         "German, Polish, Czech) instead of the mixed-case lines")
    args = ap.parse_args()
    faces_main([int(d) for d in args.dpi.split(",")], ITALIC_FACES if args.italic else FACES,
               CAPITAL_LINES if args.capitals else FACE_LINES)


if __name__ == "__main__":
    main()
