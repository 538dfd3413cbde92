"""Machine-readable-zone strips alone, in the monospaced faces found on a system, read with
MRZ lines decoded to their format's length (``ppocr_rec(mrz_lines=true)``, the default)
and without (``mrz_lines=false``: the greedy reading), in the same run on the same images.

Each strip is a random holder (random letters for names, a random ISO 3166 state, random
document number and dates; every check digit right) as a TD1 (3 x 30) or TD3 (2 x 44)
zone, in DejaVu Sans Mono, Liberation Mono, Nimbus Mono (Courier) and FreeMono where
installed, rendered at each resolution in each degradation of
``formsift.samples.render_scan``. Counted: lines read exactly, MRZ found, found and valid,
fields right (surname, given names, number, dates, sex, states), and MRZs with a wrong
field at a confidence of 0.9 or more, or in a record accepted (a template of the MRZ
field and ``rule check_digits: valid_mrz(mrz)``, as the shipped ``id_card``).

    python benchmarks/bench_mrz_strips.py [--per 1] [--dpi 150,200,300]
        [--degrade clean,noise,blur,skew,jpeg,photo]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table

TEMPLATE = """template strip_{name} {{
  pipeline {{
    recognize ppocr_rec(mrz_lines={on})
  }}
  field mrz: mrz = anywhere
  rule check_digits: valid_mrz(mrz)
}}
"""
MODES = {"mrz_lines=false": "false", "mrz_lines=true": "true"}
FONTS = {
    "DejaVu Sans Mono": "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "Liberation Mono": "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
    "Nimbus Mono": "/usr/share/fonts/opentype/urw-base35/NimbusMonoPS-Regular.otf",
    "FreeMono": "/usr/share/fonts/truetype/freefont/FreeMono.ttf",
}
FIELDS = ("surname", "given_names", "document_number", "birth_date", "expiry_date", "sex",
          "issuing_state", "nationality")


def _word(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                   for _ in range(rng.randint(low, high)))


def holder(seed: int) -> tuple[str, list[str]]:
    """A random TD1 or TD3 zone, as (format, lines), every check digit right."""
    import pycountry

    from formsift.plugins.validators.mrz import check_digit

    rng = random.Random(f"mrz-strip-{seed}")
    states = sorted(c.alpha_3 for c in pycountry.countries)
    state, nation = rng.choice(states), rng.choice(states)
    name = _word(rng, 3, 12) + "<<" + "<".join(_word(rng, 3, 8)
                                               for _ in range(rng.randint(1, 2)))
    number = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(9))
    birth = date(rng.randrange(1940, 2006), rng.randrange(1, 13), rng.randrange(1, 29))
    expiry = date(rng.randrange(2027, 2037), rng.randrange(1, 13), rng.randrange(1, 29))
    b, e = (f"{d.year % 100:02d}{d.month:02d}{d.day:02d}" for d in (birth, expiry))
    sex = rng.choice("MF<")
    if seed % 2:
        l1 = ("I<" + state + number + check_digit(number)).ljust(30, "<")
        l2 = (b + check_digit(b) + sex + e + check_digit(e) + nation).ljust(29, "<")
        l2 += check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
        return "TD1", [l1, l2, name[:30].ljust(30, "<")]
    l1 = ("P<" + state + name)[:44].ljust(44, "<")
    l2 = number + check_digit(number) + nation + b + check_digit(b) + sex + e + \
        check_digit(e) + "<" * 14 + "<"
    l2 += check_digit(l2[0:10] + l2[13:20] + l2[21:43])
    return "TD3", [l1, l2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per", type=int, default=1, help="holders per font, dpi, degradation")
    ap.add_argument("--dpi", default="150,200,300")
    ap.add_argument("--degrade", default="clean,noise,blur,skew,jpeg,photo")
    ap.add_argument("--first", type=int, default=0, help="first holder seed")
    args = ap.parse_args()

    from formsift import Engine
    from formsift.plugins.validators.mrz import parse_mrz
    from formsift.samples import encode_png, mrz_strip, render_scan
    from formsift.templates import check_source

    templates = {}
    for mode, on in MODES.items():
        (tpl,), _ = check_source(TEMPLATE.format(name=on, on=on), "s.sift")
        templates[mode] = tpl
    engine = Engine(list(templates.values()), seen_store="memory")
    fonts = {k: v for k, v in FONTS.items() if Path(v).exists()}
    keys = ("images", "lines", "lines_exact", "found", "valid", "fields", "fields_right",
            "wrong_sure", "wrong_accepted")
    counts = {m: dict.fromkeys(keys, 0) for m in MODES}
    seconds = dict.fromkeys(MODES, 0.0)
    seed = args.first
    for font in fonts.values():
        for dpi in (int(x) for x in args.dpi.split(",")):
            for deg in args.degrade.split(","):
                for _ in range(args.per):
                    _, lines = holder(seed)
                    truth = parse_mrz(lines).as_dict()
                    png = encode_png(render_scan(mrz_strip(lines, font), dpi, deg,
                                                 seed=seed)[0])
                    seed += 1
                    for mode, tpl in templates.items():
                        t0 = time.perf_counter()
                        result = engine.extract(png, tpl, name=f"strip-{seed}.png")
                        seconds[mode] += time.perf_counter() - t0
                        _count(counts[mode], result.fields.get("mrz"), lines, truth,
                               result.status == "accepted")
    rows = [(k, *(str(counts[m][k]) for m in MODES)) for k in keys]
    print(f"MRZ strips: {len(fonts)} fonts ({', '.join(fonts)}), {args.dpi} dpi, "
          f"{args.degrade}, {args.per} per combination, seeds from {args.first}\n")
    print(table([("count", *MODES), *rows]))
    n = counts[next(iter(MODES))]["images"]
    print("\nseconds per image: " + ", ".join(f"{m} {seconds[m] / n:.2f}" for m in MODES))


def _count(c: dict[str, int], fv: object, lines: list[str], truth: dict[str, object],
           accepted: bool) -> None:
    c["images"] += 1
    c["lines"] += len(lines)
    c["fields"] += len(FIELDS)
    if fv is None:
        return
    value = fv.value  # type: ignore[attr-defined]
    c["found"] += 1
    c["valid"] += bool(value["valid"])
    read = value["text"].split("\n")
    c["lines_exact"] += sum(a == b for a, b in zip(read, lines, strict=False))
    right = sum(value[f] == truth[f] for f in FIELDS)
    c["fields_right"] += right
    c["wrong_sure"] += right < len(FIELDS) and fv.confidence >= 0.9  # type: ignore[attr-defined]
    c["wrong_accepted"] += right < len(FIELDS) and accepted


if __name__ == "__main__":
    main()
