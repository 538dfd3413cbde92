"""The order a record's reasons are shown in: what a person acts on first.

A record in review for a box ticked twice and a missing page also carries the low
confidence of every handwritten value read; shown in the order they were found, the
reasons that decide what the team does were under a dozen ``low_confidence`` lines (the
CLI's stderr line shows three). :func:`by_action` puts them first, keeping each tier's
own order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from formsift.core.result import Reason

#: A field's low confidence that the template accepts (``accept low_confidence(...)``):
#: said, but it sends no record to review.
LOW_CONFIDENCE_ACCEPTED = "low_confidence_accepted"

#: The codes of doubts about a value that is there, least pressing last; every other code
#: (a failed rule, a missing page, a duplicate, a plugin's own code) is acted on first.
_DOUBT_TIERS = {
    "field_missing": 1, "rule_not_evaluated": 1, "invalid_value": 1,
    "currency_mismatch": 1, "regex_timeout": 1,
    "ambiguous": 2,
    "low_confidence": 3,
    LOW_CONFIDENCE_ACCEPTED: 4,
}


def tier(code: str) -> int:
    """0 for a reason about the document or a failed check, up to 4 for a doubt the
    template accepts (:data:`_DOUBT_TIERS`)."""
    return _DOUBT_TIERS.get(code, 0)


def by_action(reasons: Iterable[Reason]) -> list[Reason]:
    """``reasons`` with those a person acts on first: failed rules, missing pages and
    other reasons about the document; then missing or invalid values and rules not
    evaluated; then ambiguous values; then low confidence; last, low confidence the
    template accepts. Each tier keeps its order."""
    return sorted(reasons, key=lambda r: tier(r.code))


def routes(reason: Reason) -> bool:
    """Whether ``reason`` keeps its record from being accepted (an accepted doubt does
    not)."""
    return reason.code != LOW_CONFIDENCE_ACCEPTED
