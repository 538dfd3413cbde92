"""A field's ``default`` is for a blank place, not for writing there that gave no value: a
box holding digits that do not read (printed ``3O.00``, an amount typed into a comb's
cells) has no value and says why (``invalid_value``), and rules are not computed on the
default (VAT-return journey: unreadable boxes took ``000`` at confidence 1.00, and a rule
failed on it, or passed for two unread boxes of a pair)."""

from __future__ import annotations

import pytest

from formsift.templates import check_source

TEMPLATE = """template adj {
  field net:   money = right of "Net"
  field adj:   money? = right of "Adjustment" default 0
  field total: money = right of "Total"
  rule sums: total == net + adj
}"""


@pytest.fixture(scope="module")
def engine(registry):
    from formsift import Engine

    return Engine(registry=registry, seen_store="memory")


@pytest.fixture(scope="module")
def template(registry):
    (t,), diags = check_source(TEMPLATE, "adj.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return t


def _doc(make_pdf, adjustment: str | None) -> bytes:
    lines = [(60, 100, "Net 100.00")]
    lines.append((60, 130, "Adjustment" + (f" {adjustment}" if adjustment else "")))
    lines.append((60, 160, "Total 130.00"))
    return make_pdf(lines)


def test_unread_digits_are_no_default(engine, template, make_pdf):
    result = engine.extract(_doc(make_pdf, "3O.00"), template)
    assert result.record()["adj"] is None
    assert result.status == "review"
    assert any(r.code == "invalid_value" and r.field == "adj" for r in result.reasons)
    sums = next(o for o in result.rules if o.name == "sums")
    assert sums.passed is None  # not computed on 0 (130 != 100 + 0 would fail)
    assert "adj is invalid" in sums.message


def test_a_blank_place_takes_the_default(engine, template, make_pdf):
    """The guard: a blank field has its default, and the rule is computed on it."""
    result = engine.extract(_doc(make_pdf, None), template)
    assert result.record()["adj"] == "0"
    sums = next(o for o in result.rules if o.name == "sums")
    assert sums.passed is False


def test_a_read_value_is_kept(engine, template, make_pdf):
    result = engine.extract(_doc(make_pdf, "30.00"), template)
    assert result.record()["adj"] == "30.00"
    assert result.status == "accepted"

