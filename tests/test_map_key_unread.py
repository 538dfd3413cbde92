"""`present(map(key))` asks whether the map has the key; a key that was not read says
nothing about the map: the rule is not evaluated, as its neighbour `rate <= map(key)` is,
never failed (with a `reject` policy a bill was rejected because a cell was blank; code
read of 33ff098)."""

from __future__ import annotations

import pytest

from tests.parsing import extract_text

TEMPLATE = '''template t {
  map approved_rate { "JS": 650.00, "MR": 450.00 }
  table entries {
    tk: text? header "TK"
    rate: decimal header "Rate"
  }
  rule on_card: each entries: present(approved_rate(tk)) message "not on the card"
  rule known: present(approved_rate(first(entries.tk)))
}
'''


def _outcomes(tmp_path, rows):
    text = "TK    Rate\n" + "\n".join(f"{tk:<6}{rate}" for tk, rate in rows) + "\n"
    ex = extract_text(tmp_path, TEMPLATE, text)
    return {o.name: o for o in ex.rules}, ex


def test_a_key_on_the_card_passes(tmp_path):
    rules, _ = _outcomes(tmp_path, [("JS", "600.00"), ("MR", "400.00")])
    assert rules["on_card"].passed is True and rules["known"].passed is True


def test_a_key_not_on_the_card_fails(tmp_path):
    rules, _ = _outcomes(tmp_path, [("XY", "600.00")])
    assert rules["on_card"].passed is False and rules["known"].passed is False


@pytest.mark.parametrize("rule", ["on_card", "known"])
def test_an_unread_key_leaves_the_rule_not_evaluated(tmp_path, rule):
    rules, ex = _outcomes(tmp_path, [("", "600.00")])
    assert ex.tables["entries"][0]["tk"] is None
    assert rules[rule].passed is None, rules[rule].message
