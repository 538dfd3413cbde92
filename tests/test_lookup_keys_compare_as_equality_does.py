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


# Code read R5 of 30a5cd3: of two rows whose keys == calls equal ('KIT-PRO' and 'KIT PRO'),
# lookup('KIT PRO') gave the first row's price, 10.00 for the row KIT PRO's 99.00.
TWINS = [("KIT-PRO", "KIT PRO"), ("Marie-Claire Dubois", "Marie Claire Dubois"),
         ("O'Neil", "ONeil"), ("Anna-Lena", "ANNA LENA")]


def test_lookup_finds_the_row_of_its_own_key_before_one_equal_otherwise():
    for a, b in TWINS:
        for first, second in ((a, b), (b, a)):
            rows = [{"code": first, "price": Decimal(1)}, {"code": second, "price": Decimal(2)}]
            got = {key: ev("lookup(key, items.code, items.price)", key=key, items=rows)
                   for key in (first, second, f" {second.lower()} ")}
            assert got == {first: 1, second: 2, f" {second.lower()} ": 2}, (first, second)


def test_a_map_answers_its_own_key_before_one_equal_otherwise():
    for a, b in TWINS:
        for first, second in ((a, b), (b, a)):
            rate = map_function("rate", [(first, Decimal(1)), (second, Decimal(2))],
                                "text", "number")
            assert (rate.impl(first), rate.impl(second)) == (1, 2), (first, second)


def test_a_key_equal_only_as_the_zone_writes_it_still_finds_its_row():
    rows = [{"code": "someone else", "price": Decimal(1)}, {"code": "KIT PRO", "price": Decimal(2)}]
    assert ev("lookup(key, items.code, items.price)", key="Kit-Pro", items=rows) == 2
