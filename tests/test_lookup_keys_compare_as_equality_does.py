"""``lookup(...)`` and a template's maps find a key as ``==`` compares it (code read R5 of
823dcc2): a rule held 'Anna-Lena' equal to an MRZ's 'ANNA LENA', but the index a lookup
keeps of its key column put the two in different buckets, so a key 'Anna-Lena' found no
row 'ANNA LENA' (the rule not evaluated, for a pair ``==`` calls equal)."""

from __future__ import annotations

from decimal import Decimal
from itertools import product

from formsift.grammar.parser import parse
from formsift.templates.rules import NoMatchingRow, Scope, evaluate, map_function

NAMES = ["Anna-Lena", "ANNA LENA", "Anna  Lena", "anna lena ", "ANNALENA", "Anna-Léna",
         "D'Artagnan", "DARTAGNAN", "D ARTAGNAN", "O\u2019Brien", "OBRIEN", "Müller",
         "MUELLER", "MULLER", "Anna,Lena", "Anna-Lena,", "RE-1", "RE 1", "ハヤシ", "バヤシ"]


def ev(text: str, **values):
    tables = {k: v for k, v in values.items() if isinstance(v, list)}
    scalars = {k: v for k, v in values.items() if not isinstance(v, list)}
    tree, diags = parse(f"template t {{\n  rule r: {text}\n}}\n")
    assert not diags, [d.format() for d in diags]
    return evaluate(tree.templates[0].rules[0].expr, Scope(scalars, tables))


def _found(key: str, row_key: str) -> bool:
    staff = [{"name": "someone else", "age": Decimal(40)}, {"name": row_key, "age": Decimal(15)}]
    try:
        return ev("lookup(key, staff.name, staff.age) == 15", key=key, staff=staff)
    except NoMatchingRow:
        return False


def test_a_hyphenated_name_finds_its_row_as_the_zone_writes_it():
    assert _found("Anna-Lena", "ANNA LENA") is True
    assert _found("ANNA LENA", "Anna-Lena") is True
    assert _found("D'Artagnan", "DARTAGNAN") is True


def test_lookup_finds_a_row_exactly_when_its_key_equals():
    differ = [(key, row_key) for key, row_key in product(NAMES, NAMES)
              if _found(key, row_key) is not ev("a == b", a=key, b=row_key)]
    assert differ == []


def _in_map(key: str, entry: str) -> bool:
    rate = map_function("rate", [("someone else", Decimal(1)), (entry, Decimal(2))],
                        "text", "number")
    try:
        return rate.impl(key) == Decimal(2)
    except NoMatchingRow:
        return False


def test_a_map_has_a_key_exactly_when_one_of_its_keys_equals():
    differ = [(key, entry) for key, entry in product(NAMES, NAMES)
              if _in_map(key, entry) is not ev("a == b", a=key, b=entry)]
    assert differ == []
