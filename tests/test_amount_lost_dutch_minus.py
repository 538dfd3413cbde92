"""The Dutch minus '-/-' read '--' on a scan (benelux journey, finding 4): 'Subtotaal --
175,50' on a credit note's scan gave net 175.50, a confident positive, and the record went
to review on its sum rule. Two dashes before an amount may be the mark without its slash:
the amount is read both ways, tied, so that a rule picks the sign, or review does."""

from __future__ import annotations

import pytest

from tests.parsing import ctx, ftype


@pytest.mark.parametrize("text", ["-- 175,50", "Subtotaal -- 175,50", "-- € 175,50",
                                  "€ -- 175,50", ": --175,50 ".replace("--1", "-- 1")])
def test_two_dashes_before_an_amount_give_both_signs_tied(registry, text):
    found = ftype(registry, "money").find(text, ctx("nl", "EUR"))
    assert [(str(f.value), f.tied) for f in found] == [("175.50", False), ("-175.50", True)]
    assert found[0].score == found[1].score


@pytest.mark.parametrize("text, values", [
    ("-/- 175,50", ["-175.50"]),      # the mark itself: a minus, as before
    ("175,50 --", ["175.50"]),        # a dash column after an amount is no sign
    ("--- 175,50", ["175.50"]),       # a rule of dashes
])
def test_other_dashes_are_unchanged(registry, text, values):
    assert [str(f.value) for f in ftype(registry, "money").find(text, ctx("nl", "EUR"))] \
        == values

