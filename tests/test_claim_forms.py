"""Hand-filled, scanned claim forms (the health insurer's journey): comb fields, years that
start with 0, stray spaces in handwriting, checkbox groups in rules."""

from __future__ import annotations

from datetime import date

import pytest

from formsift.core.kinds import ParseContext
from formsift.core.locale import get_locale


def ctx(locale: str = "en_GB") -> ParseContext:
    return ParseContext(get_locale(locale), None)


def ftype(registry, name: str, **options):
    return registry.create("field_type", name, options or None)


# -- a four-digit year starting with 0 is no year ---------------------------------------

@pytest.mark.parametrize("raw, options", [
    ("07020994", {"format": "%d%m%Y"}),    # "17 12 1994" in comb cells, its 1s read as 0
    ("07.02.0994", {}),
    ("0994-02-07", {}),
    ("07/02/0994", {"format": "%d/%m/%Y"}),
    ("7 February 0994", {}),
    ("11.10.0319", {}),
])
def test_a_year_starting_with_0_is_no_date(registry, raw, options):
    t = ftype(registry, "date", **options)
    with pytest.raises(ValueError, match="starts with 0"):
        t.parse(raw, ctx())
    assert [f.value for f in t.find(f"Date of birth {raw} signed", ctx())] == []


@pytest.mark.parametrize("raw, options, expected", [
    ("17121994", {"format": "%d%m%Y"}, date(1994, 12, 17)),
    ("17.12.1994", {}, date(1994, 12, 17)),
    ("1994-12-17", {}, date(1994, 12, 17)),
    ("17 December 1994", {}, date(1994, 12, 17)),
    ("17.12.94", {}, date(1994, 12, 17)),
    ("01.01.1000", {}, date(1000, 1, 1)),
])
def test_dates_with_a_real_year_still_read(registry, raw, options, expected):
    t = ftype(registry, "date", **options)
    assert t.parse(raw, ctx()) == expected
    assert [f.value for f in t.find(f"born {raw} in", ctx())] == [expected]


# -- comb fields: one character per printed cell ----------------------------------------

def page_doc(*lines: tuple[str, ...], handwritten: tuple[str, ...] = (), pitch: float = 0.03,
             conf: float = 0.97):
    """A one-page document: each line's words side by side; a word whose line starts with
    a label is followed by its cells at an even pitch, as OCR reads a comb field."""
    from formsift.core.document import Document, Page, Word
    from formsift.core.geometry import Box

    words = []
    for i, line in enumerate(lines):
        x = 0.05
        y = 0.1 + 0.04 * i
        for text in line:
            w = 0.012 * len(text) if len(text) > 1 else 0.015
            words.append(Word(text, Box(x, y, x + w, y + 0.02), 0, conf, "test-ocr",
                              handwritten=text in handwritten,
                              char_confidences=tuple([conf] * len(text))))
            x += max(w + 0.02, pitch) if len(text) == 1 else w + 0.02
    return Document("sha256:test", "t", "image/png", [Page(0, 100, 100, words=words)], "t")


def tpl(src: str, registry):
    from formsift.templates import check_source

    (t,), diags = check_source(src, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return t


def cells(value: str) -> tuple[str, ...]:
    return tuple(value)


COMB = '''template t {
  locale "en_GB"
  field member_id:  id(/\\d{10}/) = right of "Member ID" handwritten
  field birth_date: date = right of "Date of birth" handwritten
  field code:       text(pattern=/[A-Z]{2}\\d{4}/) = right of "Code"
  field fmt_date:   date(format="%d%m%Y") = right of "Signed"
}'''


def test_a_comb_field_reads_as_one_value(registry):
    from formsift.templates import runtime

    t = tpl(COMB, registry)
    ex = runtime.run(t, page_doc(("Member", "ID", *cells("4410382917")),
                                 ("Date", "of", "birth", *cells("17121994")),
                                 ("Code", *cells("AB1234")),
                                 ("Signed", *cells("03022026"))))
    assert ex.fields["member_id"].value == "4410382917"
    assert ex.fields["member_id"].raw == "4 4 1 0 3 8 2 9 1 7"
    assert ex.fields["birth_date"].value == date(1994, 12, 17)
    assert ex.fields["code"].value == "AB1234"
    assert ex.fields["fmt_date"].value == date(2026, 2, 3)


def test_a_comb_date_whose_1s_were_read_as_0_is_no_date(registry):
    from formsift.templates import runtime

    t = tpl(COMB, registry)
    ex = runtime.run(t, page_doc(("Date", "of", "birth", *cells("07020994")),
                                 ("Signed", *cells("07020994"))))
    assert ex.fields.get("birth_date") is None and ex.fields.get("fmt_date") is None


@pytest.mark.parametrize("name, options, text, expected", [
    ("id", {"pattern": r"\d{10}"}, "4 4 1 0 3 8 2 9 1 7", "4410382917"),
    ("id", {"pattern": r"[A-Z]{2}\d{6}"}, "X Y 1 2 3 4 5 6", "XY123456"),
    ("id", {"pattern": r"\d{10}"}, "9 01 3 3 7 4 4 6 2", "9013374462"),  # two cells as one
    ("date", {}, "1 7 12 1 9 9 4", date(1994, 12, 17)),
    ("text", {"pattern": r"\d{4}"}, "1 2 3 4", "1234"),
    ("date", {}, "1 7 1 2 1 9 9 4", date(1994, 12, 17)),
    ("date", {}, "1 7 1 2 9 4", date(1994, 12, 17)),
    ("date", {"format": "%d%m%Y"}, "1 7 1 2 1 9 9 4", date(1994, 12, 17)),
])
def test_comb_text_is_parsed_and_found_whole(registry, name, options, text, expected):
    t = ftype(registry, name, **options)
    assert t.parse(text, ctx()) == expected
    found = t.find(f" {text} ", ctx())
    assert found[0].value == expected and (found[0].start, found[0].end) == (1, 1 + len(text))


def test_a_comb_date_follows_the_locales_order(registry):
    t = ftype(registry, "date")
    assert t.parse("1 2 1 7 1 9 9 4", ctx("en_US")) == date(1994, 12, 17)


@pytest.mark.parametrize("name, options, text", [
    ("id", {"pattern": r"\d{3}"}, "1 2 3"),             # three numbers, not a comb
    ("id", {"pattern": r"\d{4}"}, "Qty 1 2 3 4"),       # not the whole text
    ("id", {"pattern": r"\d{5}"}, "12 3 4 5"),          # three single characters
    ("id", {"pattern": r"\d{10}"}, "90 13 37 4 4 6 2"),  # three words of two
    ("date", {}, "17 12 1 9 9 4"),
    ("id", {"pattern": r"\d{10}"}, "4 4 1 0 3 8 2 9 1"),  # a cell lost: no value
    ("id", {"pattern": r"[\d ]+"}, "1 2 3 4"),           # the pattern takes it as written
    ("date", {}, "1 2 3 4"),
    ("date", {}, "1 2 3 4 5 6 7 8"),                     # month 34
    ("date", {}, "1 7 1 2 1 9 9"),
    ("date", {"format": "%d.%m.%Y"}, "1 7 1 2 1 9 9 4 x"),
    ("int", {}, "1 2 3 4"),                             # numbers are not joined
])
def test_what_is_no_comb_is_not_joined(registry, name, options, text):
    t = ftype(registry, name, **options)
    joined = text.replace(" ", "")
    assert all(str(f.value) != joined for f in t.find(text, ctx()))
    if name == "date":
        assert t.find(text, ctx()) == []


# -- a group of checkboxes: exactly one ticked -----------------------------------------

BOXES = '''template t {
  field a: checkbox = left of "Doctor"
  field b: checkbox = left of "Hospital"
  field c: checkbox = left of "Pharmacy"
  RULE
}'''


def checks(registry, rule: str):
    from formsift.templates import check_source

    _, diags = check_source(BOXES.replace("RULE", rule), "t.sift", registry)
    return [d for d in diags if d.severity == "error"]


@pytest.mark.parametrize("ticks, holds", [
    (("☒", "☐", "☐"), True),
    (("☐", "☐", "☒"), True),
    (("☒", "☒", "☐"), False),
    (("☐", "☐", "☐"), False),
])
def test_exactly_one_of_a_group_of_checkboxes(registry, ticks, holds):
    from formsift.templates import runtime

    t = tpl(BOXES.replace("RULE", 'rule one_type: count_true(a, b, c) == 1 '
                                  'message "tick exactly one claim type"'), registry)
    ex = runtime.run(t, page_doc((ticks[0], "Doctor"), (ticks[1], "Hospital"),
                                 (ticks[2], "Pharmacy")))
    assert [ex.fields[n].value for n in "abc"] == [x == "☒" for x in ticks]
    outcome = {o.name: o for o in ex.rules}["one_type"]
    assert outcome.passed is holds
    if not holds:
        assert "tick exactly one claim type" in " ".join(r.message for r in ex.reasons)


def test_count_true_of_values_and_of_a_column():
    from formsift.grammar.parser import parse
    from formsift.templates.rules import MissingValue, Scope, evaluate

    def ev(text: str, **values):
        tree, diags = parse(f"template t {{\n  rule r: {text}\n}}\n")
        assert not diags
        tables = {k: v for k, v in values.items() if isinstance(v, list)}
        scalars = {k: v for k, v in values.items() if not isinstance(v, list)}
        return evaluate(tree.templates[0].rules[0].expr, Scope(scalars, tables))

    assert ev("count_true(a, b, c) == 1", a=False, b=True, c=False) is True
    assert ev("count_true(a, b, c)", a=True, b=True, c=False) == 2
    assert ev("count_true(items.sel)", items=[{"sel": True}, {"sel": False},
                                              {"sel": True}]) == 2
    with pytest.raises(MissingValue):  # a box not read: the count is unknown
        ev("count_true(a, b, c) == 1", a=True, b=False)
    with pytest.raises(MissingValue):
        ev("count_true(items.sel) == 1", items=[{"sel": True}, {"sel": None}])


@pytest.mark.parametrize("rule, message, hint", [
    ("rule r: a + b + c == 1", "cannot apply '+'", "count_true(a, b, c)"),
    ("rule r: count(a, b, c) == 1", "count() takes a table column", "count_true"),
    ('rule r: count_true(a, "x") == 1', "count_true() counts true/false values, not text",
     "count_true(a, b, c) == 1"),
])
def test_adding_or_counting_checkboxes_points_to_count_true(registry, rule, message, hint):
    errors = checks(registry, rule)
    assert any(message in d.message and hint in (d.hint or "") for d in errors), errors


def test_count_true_passes_the_checker(registry):
    assert checks(registry, "rule r: count_true(a, b, c) == 1") == []
    assert checks(registry, "rule r: count_true(a, b) <= 1 and count_true(c) == 1") == []
