"""Template language costs: parse + check + compile of a 100-line template, and extraction
of a 20-field template on one born-digital page beyond the text extraction itself.

    python benchmarks/bench_templates.py [--repeats 20]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import best_of, table

LABELS = [f"Label {i:02d}" for i in range(20)]


def big_template(lines: int = 100) -> str:
    out = ["template bench {", '  title "benchmark"', '  currency "EUR"', "  match {",
           '    contains "Label 00"', "  }"]
    i = 0
    while len(out) < lines - 1:
        kind = ("money", "date", "text", "int")[i % 4]
        out.append(f'  field f{i}: {kind}? = right of "Label {i % 20:02d}" | "Alt {i}"')
        if i % 5 == 4:
            out.append(f"  warn w{i}: f{i - 4} + f{i - 4} >= f{i - 4} tolerance 0.01")
        i += 1
    out.append("}")
    return "\n".join(out) + "\n"


def twenty_field_template() -> str:
    kinds = ["money", "date", "text", "int"]
    lines = ["template twenty {", '  currency "EUR"']
    for i, label in enumerate(LABELS):
        lines.append(f'  field f{i}: {kinds[i % 4]} = right of "{label}"')
    lines.append("  rule r: f0 + f4 == f8 tolerance 100000")
    lines.append("}")
    return "\n".join(lines) + "\n"


def page_pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    values = ["1,234.50", "2024-03-01", "some text here", "42"]
    for i, label in enumerate(LABELS):
        y = 60 + i * 30
        page.insert_text((50, y), label + ":", fontsize=10)
        page.insert_text((200, y), values[i % 4], fontsize=10)
        page.insert_text((350, y), f"filler words number {i} on the line", fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=20)
    args = ap.parse_args()
    from formsift.core.engine import Engine
    from formsift.core.plugins import default_registry
    from formsift.grammar.parser import get_parser
    from formsift.templates import check_source, runtime

    registry = default_registry()
    get_parser()
    src = big_template()
    n_lines = src.count("\n")
    compile_best, compile_med = best_of(lambda: check_source(src, "bench.sift", registry),
                                        args.repeats)

    engine = Engine(registry=registry)
    tpl, diags = check_source(twenty_field_template(), "twenty.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    template = tpl[0]
    data = page_pdf()
    doc = engine.load(data)
    result = runtime.run(template, doc)
    found = sum(1 for v in result.fields.values() if v is not None)

    def fresh_doc_lines() -> None:
        d = engine.load(data)
        _ = d.pages[0].lines

    def fresh_extract() -> None:
        d = engine.load(data)
        runtime.run(template, d)

    load_best, _ = best_of(fresh_doc_lines, args.repeats)
    full_best, _ = best_of(fresh_extract, args.repeats)
    rows = [("measure", "best ms", "median ms", "target"),
            (f"parse+check+compile ({n_lines} lines)", f"{compile_best * 1000:.2f}",
             f"{compile_med * 1000:.2f}", "< 20 ms"),
            ("load page + lines (text extraction)", f"{load_best * 1000:.2f}", "", ""),
            (f"load + extract 20 fields ({found} found)", f"{full_best * 1000:.2f}", "", ""),
            ("extraction beyond text", f"{(full_best - load_best) * 1000:.2f}", "",
             "< 2 ms")]
    print(table(rows))


if __name__ == "__main__":
    main()
