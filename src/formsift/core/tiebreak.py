"""Near-ties between templates, decided by what each extracts.

Classification scores a page against every template's ``match`` block. When two templates
score within a hair of each other (an invoice matches a generic receipt template too), the
engine runs each contender on the document and keeps the one whose record is clearly
better. What each explains of the page decides first: fewer required fields missing, then
more fields and tables found (a specific template that explains more of the page beats a
generic one that explains less). Status and rule outcomes (fewer error rules failed, more
rules passed) decide only between contenders that explain as much: a rule failed by a
template that checks more is evidence about the document, not against the template, so a
narrower template whose few rules pass never wins for checking less. When no contender is
clearly better, the near-tie stands and the record goes to review. A template marked
``fallback true`` contends only with other fallbacks (classification chooses one only when
no other template is eligible), and one classification chose among last (its ``not``
test fires on a page of the file, and another fits its best page as well) only with
others so chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from formsift.core.document import Document
from formsift.core.result import Status

#: Templates whose scores are this close to the best are contenders (as matching.classify).
NEAR_TIE = 0.05

_STATUS_RANK = {Status.ACCEPTED: 2, Status.REVIEW: 1, Status.REJECTED: 0}


def quality(ex: Any) -> tuple[int, int, int, int, int]:
    """How good a template run's record is: (minus the required fields missing, fields and
    tables found, status rank, minus the error rules failed, rules passed). What the
    template explains comes before how its checks came out."""
    missing = sum(1 for r in ex.reasons if r.code == "field_missing")
    failed = sum(1 for r in ex.reasons if r.code == "rule_failed")
    passed = sum(1 for o in ex.rules if o.passed is True)
    found = sum(v is not None for v in ex.fields.values())
    found += sum(bool(rows) for rows in ex.tables.values())
    return -missing, found, _STATUS_RANK.get(ex.status, 0), -failed, passed


def decide(templates: list[Any], table: list[tuple[str, float, list[float]]],
           chosen: Any, run: Callable[[Any], Any], doc: Document) -> tuple[Any, bool]:
    """The template to use among ``chosen`` and the templates near-tied with it in the
    classification ``table``, and whether the tie was decided (False: it stands)."""
    from formsift.templates.matching import demoted_in, eligible, is_fallback

    by_name = {t.name: t for t in templates}
    best = next(s for n, s, _ in table if n == chosen.name)
    near = [by_name[n] for n, s, _ in table
            if n in by_name and eligible(by_name[n], s) and best - s <= NEAR_TIE
            and is_fallback(by_name[n]) == is_fallback(chosen)]
    # a template classification chose among last (vetoed on a page of the file, where
    # another fits as well) contends only with others so demoted
    demoted = demoted_in(templates, table, doc) if len(near) > 1 else set()
    contenders = [t for t in near if (t.name in demoted) == (chosen.name in demoted)]
    if len(contenders) < 2:
        return chosen, True
    runs = [run(t) for t in contenders]
    ranked = sorted(((quality(ex), i, t) for i, (t, ex) in enumerate(zip(contenders, runs,
                                                                          strict=True))),
                    key=lambda x: (x[0], -x[1]), reverse=True)
    if ranked[0][0] == ranked[1][0]:
        return chosen, False
    winner = runs[ranked[0][1]]
    if any(_doubts(ex, winner) for ex in runs if ex is not winner):
        return chosen, False
    return ranked[0][2], True


def _doubts(loser: Any, winner: Any) -> bool:
    """Whether ``loser`` failed an error rule on values ``winner`` read the same: the
    better record is better only for checking less (a generic template's sum beside a
    supplier's template that also checks the VAT rate), so the tie stands."""
    for outcome in loser.rules:
        if outcome.passed is not False or outcome.severity != "error" or not outcome.fields:
            continue
        names = [f for f in outcome.fields if "." not in f]
        if names and all(_same(loser.fields.get(f), winner.fields.get(f)) for f in names):
            return True
    return False


def _same(a: Any, b: Any) -> bool:
    """Whether two fields' values are both there and equal."""
    va, vb = getattr(a, "value", None), getattr(b, "value", None)
    return va is not None and vb is not None and va == vb
