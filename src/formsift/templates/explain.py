"""``formsift explain``: why each field got its value, or none."""

from __future__ import annotations

from typing import Any

from formsift.templates.runtime import run


def explain(engine: Any, source: Any, template_ref: Any) -> str:
    template = engine.template(template_ref)
    doc = engine.load(source)
    engine.recognize(doc, template)
    ex = run(template, doc)
    out = [f"document {doc.name} ({len(doc.pages)} page(s)) with template {template.id}",
           f"status: {ex.status.value}"]
    out += [f"  reason [{r.code}] {r.message}" for r in ex.reasons]
    out.append("")
    for name, spec in template.fields.items():
        fv = ex.fields.get(name)
        locs = " or ".join(loc.describe() for loc in spec.locators)
        out.append(f"field {name}: {spec.type_name}{spec.cardinality} = {locs}")
        cands = ex.candidates.get(name, [])
        if not cands:
            out.append("    no candidates" + (" (default used)" if fv is not None else ""))
        for i, c in enumerate(cands[:8]):
            chosen = fv is not None and not isinstance(fv, list) and fv.raw == c.raw \
                and fv.page == c.page + 1
            mark = "->" if chosen else "  "
            box = ", ".join(f"{v:.3f}" for v in c.box.as_list()) if c.box else "-"
            out.append(f"  {mark} #{i + 1} {c.raw!r} = {c.value!r}  score {c.score:.2f}  "
                       f"conf {c.confidence:.2f}  page {c.page + 1} [{box}] via {c.locator}")
        if len(cands) > 8:
            out.append(f"     ... {len(cands) - 8} more")
        if isinstance(fv, list):
            out.append(f"    value: {[v.value for v in fv]!r}")
        elif fv is not None:
            out.append(f"    value: {fv.value!r} (confidence {fv.confidence:.2f})")
            sig = ex.signals.get(name)
            if sig is not None:
                out.append("    evidence: " + ", ".join(f"{k} {v:g}"
                                                        for k, v in sig.as_dict().items()))
    for name, rows in ex.tables.items():
        out.append(f"table {name}: {len(rows)} row(s)")
        for i, row in enumerate(rows[:20], start=1):
            cells = ", ".join(f"{k}={v.value!r}" if v else f"{k}=-" for k, v in row.items())
            out.append(f"    {i}: {cells}")
    out.append("")
    for r in ex.rules:
        state = {True: "pass", False: "FAIL", None: "skip"}[r.passed]
        out.append(f"{r.severity} {r.name}: {state} {r.message}".rstrip())
    return "\n".join(out)
