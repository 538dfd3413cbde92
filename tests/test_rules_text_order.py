"""No ordering of text (meter-reading journey, finding 1): readings typed ``id`` to keep
their leading zeros, a previous reading 115870 and a current one written 11596 (a digit
dropped) passed ``current >= prev``, and the record was accepted: text is ordered letter
by letter. ``<``, ``<=``, ``>``, ``>=`` between two texts is now an error when the template
is checked, with a hint to type numbers as numbers."""

from __future__ import annotations

import pytest

from formsift.templates import check_source

CARD = '''template self_read {
  field prev: %(prev)s = right of "Previous reading:"
  field current: %(current)s = right of "Your reading:"
  rule not_lower: current >= prev
}
'''


def _errors(source: str, registry) -> list:
    _, diags = check_source(source, "t.sift", registry)
    return [d for d in diags if d.severity == "error"]


def test_ordering_two_ids_is_a_check_error(registry):
    source = CARD % {"prev": r"id(/\d{5,7}/)", "current": r"id(/\d{5,7}/)"}
    errors = _errors(source, registry)
    assert [e.message for e in errors] == [
        "cannot order text: '>=' would compare it letter by letter"]
    assert "current: digits" in errors[0].hint


@pytest.mark.parametrize("rule", ['code < "B"', "each meters: serial > code",
                                  'upper(code) <= "Z"'])
def test_ordering_any_texts_is_an_error(registry, rule):
    source = ('template t {\n  field code: text = right of "Code"\n  table meters {\n'
              '    serial: id header "Serial"\n  }\n  rule r: ' + rule + '\n}\n')
    assert [e.message.split(":")[0] for e in _errors(source, registry)] == [
        "cannot order text"]
