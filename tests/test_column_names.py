"""A table column may be named like a keyword of a table's statements: "Line" and "From
Previous" are common schedule-of-values headers (construction journey, finding 8: `line:`
and `from:` gave "unexpected ':'; expected a "quoted text" or a /regex/")."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.cli import EXIT_OK, EXIT_TEMPLATE, main
from formsift.grammar.formatter import format_source
from formsift.grammar.parser import parse
from formsift.templates import check_source

SOV = '''template pay_app {
  locale "en_US"
  currency "USD"

  table lines {
    line: text header "Line"
    from: money header "From Previous"
    until: date header "Until"
    in: text header "In"
    block: text header "Block"
    first_line: text header "First"
    amount: money header "Amount"
    until "Total"
  }

  rule lines_ok: each lines: from <= amount
}
'''


def test_check_accepts_columns_named_like_table_keywords(tmp_path, capsys):
    tpl = tmp_path / "sov.sift"
    tpl.write_text(SOV)
    assert main(["check", str(tpl)]) == EXIT_OK, capsys.readouterr().err
    assert "ok (pay_app)" in capsys.readouterr().out
    tree, diags = parse(SOV)
    assert diags == []
    table = tree.templates[0].tables[0]
    assert [c.name.text for c in table.columns] == ["line", "from", "until", "in", "block",
                                                    "first_line", "amount"]
    assert table.until is not None  # `until "Total"` is still the table's end
    assert format_source(SOV) == SOV


def test_the_table_statements_keep_their_meaning_beside_such_columns():
    src = '''template t {
  table items {
    line: text header "Line"
    from "Schedule of values"
    in body
    line /^(?P<line>\\d+)\\s+(?P<desc>.+)$/
  }
}'''
    tree, diags = parse(src)
    assert diags == [], diags[0].format()
    table = tree.templates[0].tables[0]
    assert [c.name.text for c in table.columns] == ["line"]
    assert table.start is not None and table.region is not None
    assert [kind for kind, _ in table.rows] == ["line"]


def test_a_field_and_a_rule_may_use_such_names(registry):
    src = '''template t {
  field line: text = right of "Line"
  field from: date = right of "From"

  table items {
    from: text header "From"
    amount: money header "Amount"
  }

  rule r: line != "" and from <= today()
}'''
    _, diags = check_source(src, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], [d.format() for d in diags]


def test_columns_named_line_and_from_are_read(registry, make_pdf):
    (tpl,), diags = check_source(SOV.replace('    until: date header "Until"\n', "")
                                 .replace('    in: text header "In"\n', "")
                                 .replace('    block: text header "Block"\n', "")
                                 .replace('    first_line: text header "First"\n', ""),
                                 "sov.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    pdf = make_pdf([(50, 80, "CONTINUATION SHEET"),
                    (50, 120, "Line"), (150, 120, "From Previous"), (300, 120, "Amount"),
                    (50, 140, "1"), (150, 140, "1,000.00"), (300, 140, "1,500.00"),
                    (50, 160, "2"), (150, 160, "200.00"), (300, 160, "250.00"),
                    (50, 190, "Total"), (300, 190, "1,750.00")])
    result = Engine([tpl], registry=registry).extract(pdf, tpl)
    rows = result.record()["lines"]
    assert [(r["line"], r["from"], r["amount"]) for r in rows] == [
        ("1", "1000.00", "1500.00"), ("2", "200.00", "250.00")]


@pytest.mark.parametrize("word", ["multiline", "handwritten", "default"])
def test_a_column_option_keyword_as_a_name_is_told_to_be_renamed(tmp_path, capsys, word):
    """After a column, its options may follow: a next column named like one of them cannot
    be told apart, so check says so and suggests another name (not "expected a quoted
    text")."""
    tpl = tmp_path / "t.sift"
    tpl.write_text(f'template t {{\n  table items {{\n    qty: int header "Qty"\n'
                   f'    {word}: text header "X"\n  }}\n}}\n')
    assert main(["check", str(tpl)]) == EXIT_TEMPLATE
    err = capsys.readouterr().err
    assert f"t.sift:4:5: error: '{word}' is a keyword here" in err
    assert f"'{word}_col'" in err
