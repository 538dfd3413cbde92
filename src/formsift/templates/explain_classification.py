"""``formsift explain``'s classification section: how the document scores against the
engine's templates, page by page and as a whole, and which templates a ``not`` test
ruled out on which page (and so ranked last, or kept out)."""

from __future__ import annotations

from typing import Any

from formsift.core.document import Document
from formsift.templates.matching import (
    classify,
    demoted_in,
    eligible,
    fired_vetoes,
    ruled_out,
)

#: Templates shown, the best scoring first (those scoring nothing are left out, unless a
#: page would fit them but for their ``not`` test).
_SHOWN = 6


def classification_lines(engine: Any, doc: Document, used: str) -> list[str]:
    """The lines that tell how ``doc`` (its pages read) is classified among ``engine``'s
    templates, and whether that is the template ``used`` to explain it."""
    templates = engine.templates
    if not templates:
        return []
    best, table, notes = classify(templates, doc, extra=engine.classifier_scores(doc))
    by_name = {t.name: t for t in templates}
    demoted = demoted_in(templates, table, doc)
    kept_out = {name for name, _ in ruled_out(templates, doc)}
    rows = []
    for name, score, pages in table:
        if score <= 0 and name not in kept_out:
            continue
        fired = fired_vetoes(by_name[name], doc)
        rows.append(_row(by_name[name], score, pages, fired, name in demoted,
                         best is not None and name == best.name))
    if not rows:
        return []
    out = [f"classification ({len(templates)} template(s); a score is the best page's, or "
           f"the pages' tests taken together where that is higher): "
           + (best.name if best is not None else "none reaches its threshold")
           + ("" if best is None or best.name == used else f"; explained with {used}, as asked")
           + ("; near-tied: what each near-tied template extracts decides (extract's "
              "`ambiguous` reason says where it could not)"
              if any(code == "ambiguous" for code, _ in notes) else "")]
    out += [f"  {line}" for line in rows[:_SHOWN]]
    if len(rows) > _SHOWN:
        out.append(f"  ... {len(rows) - _SHOWN} more")
    return out


def _row(template: Any, score: float, pages: list[float], fired: dict[int, str],
         demoted: bool, chosen: bool) -> str:
    """One template's line: its score (as a whole, where its pages together score
    higher than any page), each page's, and its vetoes."""
    whole = len(pages) > 1 and score > max(pages, default=0.0)
    line = (f"{'->' if chosen else '  '} {template.name} {score:.2f}"
            + (" as a whole" if whole else "")
            + (f" (pages {', '.join(f'{p:.2f}' for p in pages)})" if len(pages) > 1 else "")
            + ("" if eligible(template, score) else
               f", under its threshold {template.match.threshold:.2f}"
               if template.match is not None else ""))
    if not fired:
        return line
    where = "; ".join(f"page {k + 1}: {what}" for k, what in sorted(fired.items()))
    if len(pages) < 2 or all(k in fired for k in range(len(pages))):
        return f"{line}; ruled out by its not test ({where})"
    if demoted:
        return (f"{line}; chosen last: its not test fires on another page of the document "
                f"({where}) and a template vetoed nowhere fits as well")
    if eligible(template, score):
        return (f"{line}; its not test fires ({where}), but it keeps its rank: no template "
                f"vetoed nowhere fits its best page as well")
    return f"{line}; its not test fires ({where})"
