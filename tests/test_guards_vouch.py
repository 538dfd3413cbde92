"""A guard vouches by what it tested, and for its own equation only.

ce2e5f6 made a rule held by a presence test on a value not read vouch for nothing, by
asking whether the names inside the test had values. A test that is no plain name slipped
through: ``missing(kind(note)) or ref == order`` with a note the map has no key for, and
``missing(items.disc) or sum(items.disc) == discount`` with every disc cell blank, held by
the absence alone and still lifted differing values to 0.99. And the guards were pooled for
the whole rule: in ``(missing(a) or p == q) and (missing(b) or r == s)`` with no ``b``,
``p == q`` was compared, yet ``p`` and ``q`` lost their vouching (0.99 -> 0.88).
Each guard is now evaluated as the rule was, and pairs with the equation beside it.
"""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.templates import compile_template
from tests import test_vacuous_ties as vacuous_ties

#: test_vacuous_ties' template with a map, its rule left to fill in (``REFS % rule``).
REFS = vacuous_ties.REFS.replace("  rule tie: missing(note) or ref == order",
                                 '  map kind { "urgent": "U" }\n  rule tie: %s')

ORDER = """
template vac {
  title "vacuous"
  version 1
  match { contains /ORDER/ }
  field discount: money = right of "Discount"
  table items {
    desc: text header "Item"
    disc: money? header "Disc"
    amount: money header "Amount"
    until "Discount"
  }
  rule tie: missing(items.disc) or sum(items.disc) == discount
}
"""

PAIRS = """
template vac {
  title "vacuous"
  version 1
  match { contains /REF/ }
  field p: text = right of "P:"
  field q: text = right of "Q:"
  field r: text = right of "R:"
  field s: text = right of "S:"
  field a: text? = right of "A:"
  field b: text? = right of "B:"
  rule tie: (missing(a) or p == q) and (missing(b) or r == s)
}
"""


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry, seen_store="memory")


def _extract(engine, registry, source: str, text: str):
    result = engine.extract(text.encode(), compile_template(source, registry), name="x.txt")
    assert [(o.name, o.passed) for o in result.rules] == [("tie", True)]
    return result


def _refs(engine, registry, note: str, order: str) -> dict[str, float]:
    result = _extract(engine, registry, REFS % "missing(kind(note)) or ref == order",
                      f"REF\nRef AB-1234\nOrder {order}\nNote {note}\n")
    return {n: result.fields[n].confidence for n in ("ref", "order")}


def test_a_map_lookup_with_no_key_vouches_for_nothing(engine, registry):
    """The map has no key 'whenever': the rule held by that, references that differ."""
    got = _refs(engine, registry, "whenever", "XY-9876")
    assert max(got.values()) < 0.9, got


def test_a_map_lookup_with_its_key_compares(engine, registry):
    """Guard: the key is there, the references were compared and agree."""
    got = _refs(engine, registry, "urgent", "AB-1234")
    assert min(got.values()) > 0.95, got


def _discount(engine, registry, discs: tuple[str, str]) -> float:
    text = ("ORDER\n\nItem          Disc       Amount\n"
            f"Bolts         {discs[0]:8}   12.00\nNuts          {discs[1]:8}    8.00\n\n"
            "Discount    5.00\n")
    return _extract(engine, registry, ORDER, text).fields["discount"].confidence


def test_a_column_blank_in_every_row_vouches_for_nothing(engine, registry):
    assert _discount(engine, registry, ("", "")) < 0.9


def test_a_column_read_compares(engine, registry):
    """Guard: disc cells read (3.00 + 2.00): the sum was compared with the discount."""
    assert _discount(engine, registry, ("3.00", "2.00")) > 0.95


def _pairs(engine, registry, text: str) -> dict[str, float]:
    result = _extract(engine, registry, PAIRS, text)
    return {n: round(result.fields[n].confidence, 3) for n in "pqrs"}


def test_an_equation_pairs_with_its_own_guard(engine, registry):
    """No b: r == s compared nothing (r and s differ), p == q was compared and holds."""
    got = _pairs(engine, registry, "REF\nP: AB-1234\nQ: AB-1234\nR: CD-1\nS: EF-2\nA: yes\n")
    assert got["p"] > 0.95 and got["q"] > 0.95, got
    assert got["r"] < 0.9 and got["s"] < 0.9, got


def test_both_guards_held_vouch_for_nothing(engine, registry):
    """Guard: neither a nor b: nothing compared, equal values or not."""
    got = _pairs(engine, registry, "REF\nP: AB-1234\nQ: AB-1234\nR: CD-1\nS: CD-1\n")
    assert max(got.values()) < 0.9, got
