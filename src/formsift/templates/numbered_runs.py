"""A document numbered "page 1 of y" to "page y of y" on pages that follow each other,
classified as a whole when its pages' own classification cuts it.

A two-page invoice titled on page 1 (with its due date or payment terms there) and
totalled on page 2 scores as an invoice only as a whole; page 2 alone reads like a till
receipt, whose ``not`` test fires on page 1. Page by page, the split took page 2 for a
receipt and left page 1 unassigned. Its page numbers say it is one document: classified
as a whole (:func:`~formsift.templates.matching.classify`), it is the invoice, and the
receipt is chosen last, vetoed on page 1.
"""

from __future__ import annotations

from formsift.core.document import Document
from formsift.templates.matching import (
    PluginScores,
    classify,
    demoted_in,
    page_texts,
    vetoed_on,
)
from formsift.templates.model import CompiledTemplate


def numbered_runs(cues: list[tuple[int, int] | None], blank: list[bool]) -> list[list[int]]:
    """The runs of pages (0-based) numbered "page 1 of y" to "page y of y" (y > 1), in
    that order, each page following the one before in the file (blank pages, the backs
    of a duplex scan, aside: they are no run's)."""
    runs: list[list[int]] = []
    run: list[int] = []
    for i, cue in enumerate(cues):
        if blank[i]:
            continue
        before = cues[run[-1]] if run else None
        if cue is not None and before is not None and cue == (before[0] + 1, before[1]):
            run.append(i)
        elif cue is not None and cue[0] == 1 and cue[1] > 1:
            run = [i]
        else:
            run = []
        if run and cue is not None and len(run) == cue[1]:
            runs.append(run)
            run = []
    return runs


def run_template(templates: list[CompiledTemplate], doc: Document, run: list[int],
                 labels: list[str | None], extra: PluginScores | None = None
                 ) -> tuple[str, str] | None:
    """The template of the document on pages ``run`` (0-based, numbered 1 to y) of
    ``doc`` classified as a whole, and why, where its pages' own labels (``labels``: per
    page of ``doc``, the best template each reaches alone) cut it because of a veto: a
    page is labelled with a template that the run, as a whole, chooses last (its ``not``
    test fires on another page of the run, and another fits as well), and every page's
    label is that template's, the run's or none. None where not (the pages' labels stand:
    two templates claiming pages of the run unvetoed tell more than the numbering)."""
    pages = [doc.pages[i] for i in run]
    view = Document(doc.id, doc.name, doc.media_type, pages, "view")
    best, table, _ = classify(templates, view, extra=[extra[i] for i in run]
                              if extra is not None and len(extra) == len(doc.pages) else None)
    if best is None:
        return None
    demoted = demoted_in(templates, table, view)
    if best.name in demoted:
        return None
    cut = sorted({labels[i] for i in run if labels[i] in demoted})  # type: ignore[type-var]
    if not cut or any(labels[i] not in (None, best.name, *demoted) for i in run):
        return None
    score = next(s for name, s, _ in table if name == best.name)
    texts = page_texts(view)
    by_name = {t.name: t for t in templates}
    vetoes = "; ".join(
        f"{name} chosen last: its not test fires on page "
        + ", ".join(str(run[k] + 1) for k in vetoed_on(by_name[name], texts))
        for name in cut)
    return best.name, (f"pages {run[0] + 1}-{run[-1] + 1} are numbered 1 to {len(run)} of "
                       f"{len(run)}: one document, classified as {best.name} as a whole "
                       f"({score:.2f}); {vetoes}")
