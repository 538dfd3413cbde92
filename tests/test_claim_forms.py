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


# -- handwriting split by a stray space --------------------------------------------------

def placed_doc(rows: list[list[tuple[float, str, bool]]], conf: float = 0.9):
    """A one-page document from (x, text, handwritten) words, a line every 4%."""
    from formsift.core.document import Document, Page, Word
    from formsift.core.geometry import Box

    words = []
    for i, row in enumerate(rows):
        y = 0.1 + 0.04 * i
        for x, text, hand in row:
            words.append(Word(text, Box(x, y, x + 0.011 * len(text), y + 0.02), 0, conf,
                              "test-ocr", handwritten=hand,
                              char_confidences=tuple([conf] * len(text))))
    return Document("sha256:test", "t", "image/png", [Page(0, 100, 100, words=words)], "t")


LINES = '''template t {
  locale "en_GB"
  table treatments {
    treated_on: date header "Treatment date" handwritten
    code: id header "Code" handwritten
    amount: money header "Amount" handwritten
    until "Total"
  }
}'''


def claim_lines(*rows: tuple[list[str], str, str], hand: bool = True, gap: float = 0.004):
    """The treatment lines of a claim form; the words of a date or a code ``gap`` apart
    (a stray space of handwriting: nearly touching)."""
    lines = [[(0.05, "Treatment", False), (0.17, "date", False), (0.40, "Code", False),
              (0.70, "Amount", False)]]
    for date_words, code, amount in rows:
        line = []
        for x, texts in ((0.05, date_words), (0.40, code.split())):
            for w in texts:
                line.append((x, w, hand))
                x += 0.011 * len(w) + gap
        line.append((0.70, amount, hand))
        lines.append(line)
    lines.append([(0.05, "Total", False)])
    return placed_doc(lines)


def test_a_handwritten_cell_split_by_a_stray_space_reads_at_a_lower_confidence(registry):
    from formsift.templates import runtime

    t = tpl(LINES, registry)
    ex = runtime.run(t, claim_lines((["21.01.202", "6"], "GP1 01", "45.00"),
                                    (["21.01.2026"], "GP101", "45.00")))
    split, whole = ex.tables["treatments"]
    assert split["treated_on"].value == whole["treated_on"].value == date(2026, 1, 21)
    assert split["code"].value == whole["code"].value == "GP101"
    assert split["treated_on"].raw == "21.01.202 6" and split["code"].raw == "GP1 01"
    assert split["treated_on"].confidence < whole["treated_on"].confidence
    assert split["code"].confidence < whole["code"].confidence


@pytest.mark.parametrize("date_words, code", [
    (["05", "01.2026"], "GP101"),        # a space for a dot: taking it out is no date
    (["2", "1.01.202", "6"], "GP101"),   # two spaces: taking one out is no date
    (["21.01.2026"], "GP1 01 7"),        # two spaces, two codes
])
def test_a_split_cell_that_reads_no_way_or_two_ways_stays_unread(registry, date_words, code):
    from formsift.templates import runtime

    t = tpl(LINES, registry)
    ex = runtime.run(t, claim_lines((date_words, code, "45.00")))
    (row,) = ex.tables["treatments"]
    assert (row["treated_on"] is None) == (len(date_words) > 1)
    assert (row["code"] is None) == (code != "GP101")


def test_words_a_space_apart_are_not_joined(registry):
    from formsift.templates import runtime

    t = tpl(LINES, registry)
    ex = runtime.run(t, claim_lines((["21.01.202", "6"], "6 GP101", "45.00"), gap=0.03))
    (row,) = ex.tables["treatments"]
    assert row["treated_on"] is None and row["code"] is None


def test_printed_cells_are_not_read_with_a_space_taken_out(registry):
    from formsift.templates import runtime

    t = tpl(LINES.replace(" handwritten", ""), registry)
    ex = runtime.run(t, claim_lines((["21.01.202", "6"], "GP1 01", "45.00"), hand=False))
    (row,) = ex.tables["treatments"]
    assert row["treated_on"] is None and row["code"] is None


def test_beside_boxes_yes_and_no_are_labels_not_values(registry):
    """A user's bug (claims journey, c05): neither "other insurance" box ticked; with the
    "No" label read, `left of "No"` offered the word "Yes" too, and the rule `other_yes !=
    other_no` took it: other_no came out true at 0.84. Beside boxes, the words are their
    labels."""
    from formsift.core.document import Document, Page, Word
    from formsift.core.geometry import Box
    from formsift.templates import check_source, runtime

    def word(text: str, x: float, src: str = "test-ocr") -> Word:
        return Word(text, Box(x, 0.5, x + 0.012 * max(2, len(text)), 0.515), 0, 0.95, src)

    words = [word("Other", 0.05), word("insurance?", 0.12), word("☐", 0.30, "checkboxes"),
             word("Yes", 0.33), word("☐", 0.40, "checkboxes"), word("No", 0.43)]
    doc = Document("sha256:t", "t", "image/png", [Page(0, 100, 100, words=words)], "t")
    (t,), diags = check_source('''template t {
      field other_yes: checkbox = left of "Yes"
      field other_no: checkbox = left of "No"
      rule other_answered: other_yes != other_no
    }''', "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"]
    ex = runtime.run(t, doc)
    assert ex.fields["other_yes"].value is False
    assert ex.fields["other_no"].value is False  # the empty box, not the word "Yes"
    assert ex.rules[0].passed is False
