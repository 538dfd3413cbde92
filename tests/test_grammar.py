"""The template language: parsing, diagnostics, formatting."""

from __future__ import annotations

import pytest

from formsift.grammar.formatter import format_source
from formsift.grammar.parser import parse

FULL = '''# ACME Corp invoices
template acme_invoice {
  title "ACME Corp invoice"
  version 3
  locale "de_DE"
  currency "EUR"

  match {
    contains /ACME\\s+Corp/i weight 2
    contains "Rechnung"
    not contains "Gutschrift"
    any {
      contains "Invoice"
      contains "Rechnung"
    }
    threshold 0.6
  }

  region totals = box(55%, 70%, 100%, 95%) on last page
  region approval = below "Approved by" size(40%, 8%)

  field invoice_no: id(/[A-Z]{2}-\\d{6}/) = after "Rechnung Nr."  # trailing comment
  field invoice_date: date = right of "Datum" | "Date"
  field due_date: date? = right of "Fällig"
  field iban: iban = anywhere
  field net: money = right of "Netto" in totals
  field total: money = right of "Gesamt" or below "Total" in totals
  field tags: text[] = pattern /#\\w+/

  table items {
    # a comment inside a table
    description: text header "Beschreibung" multiline
    qty: int header "Menge"
    amount: money header "Betrag"
    until "Zwischensumme"
  }

  rule sum_items: sum(items.amount) == net tolerance 0.01
  rule line_math: each items: qty * amount == amount tolerance 0.01
  rule dates: due_date >= invoice_date
  warn vat_rate: total - net == net * 0.19 tolerance 2% message "VAT is not 19%"

  review when confidence(total) < 0.90 or not present(iban)
  reject when missing(total)
}
'''


def test_parses_every_construct():
    tree, diags = parse(FULL, "acme.sift")
    assert diags == []
    t = tree.templates[0]
    assert t.name.text == "acme_invoice"
    assert [s.key for s in t.settings] == ["title", "version", "locale", "currency"]
    assert t.match is not None and str(t.match.threshold) == "0.6"
    assert [f.name.text for f in t.fields][:3] == ["invoice_no", "invoice_date", "due_date"]
    total = t.fields[5]
    assert [loc.kind for loc in total.locators] == ["relative", "relative"]
    assert total.locators[1].direction == "below"
    assert total.modifiers[0].region.text == "totals"
    assert t.fields[2].type.cardinality == "?"
    assert t.fields[6].type.cardinality == "[]"
    assert t.tables[0].columns[0].multiline
    assert t.rules[1].each.text == "items"
    assert t.rules[3].severity == "warn" and t.rules[3].tolerance.percent
    assert [p.action for p in t.policies] == ["review", "reject"]


def test_spans_point_at_the_source():
    tree, _ = parse(FULL, "acme.sift")
    field = tree.templates[0].fields[0]
    line = FULL.splitlines()[field.name.span.line - 1]
    assert line[field.name.span.column - 1:field.name.span.end_column - 1] == "invoice_no"


def test_keywords_can_be_names_where_a_name_is_expected():
    src = '''template t {
      field currency: text = right of "Currency"
      field value: money = right of "Value"
      field description: text = after "Desc"
      rule r: value > 1 or currency == "EUR"
    }'''
    tree, diags = parse(src)
    assert diags == []
    assert [f.name.text for f in tree.templates[0].fields] == ["currency", "value", "description"]


@pytest.mark.parametrize("src, line, col, needle", [
    ('template t {\n  feild a: money = anywhere\n}', 2, 3, "did you mean 'field'"),
    ('template t {\n  field a: money = rigth of "x"\n}', 2, 20, "did you mean 'right'"),
    ("template t {\n  field a: money = right of 'x'\n}", 2, 29, 'double quotes'),
    ('template t {\n  rule r: a + == b\n}', 2, 15, "expected"),
    ('template t {', 1, 13, "the file ends too early"),
])
def test_syntax_errors_are_located_and_worded_for_users(src, line, col, needle):
    tree, diags = parse(src, "t.sift")
    assert tree is None
    d = diags[0]
    assert (d.line, d.column) == (line, col)
    text = d.format()
    assert needle in text
    assert f"t.sift:{line}:{col}" in text
    assert "^" in text  # the caret under the source line
    # no internal token names leak into what users read
    for token_name in ("LBRACE", "RPAR", "__ANON", "$END", "COLON"):
        assert token_name not in text


def test_all_independent_syntax_errors_are_reported_in_one_run():
    src = '''template t {
  feild a: money = anywhere
  field b: money = rigth of "y"
  rule r: a + == b
  field ok: money = anywhere
}'''
    _, diags = parse(src)
    assert [d.line for d in diags] == [2, 3, 4]


def test_format_is_canonical_idempotent_and_keeps_comments():
    messy = FULL.replace("  field iban: iban = anywhere", "field   iban :iban=anywhere")
    once = format_source(messy)
    assert once == format_source(once)
    assert "# ACME Corp invoices" in once
    assert "# trailing comment" in once
    assert "# a comment inside a table" in once
    assert "  field iban: iban = anywhere" in once
    # formatting does not change meaning
    a, _ = parse(FULL)
    b, _ = parse(once)
    names = [[f.name.text for f in x.templates[0].fields] for x in (a, b)]
    assert names[0] == names[1]


def test_formatter_keeps_needed_parentheses():
    src = 'template t {\n  field a: money = anywhere\n  field b: money = anywhere\n' \
          '  rule r: a - (b - 1) == (a - b) * 2\n}\n'
    out = format_source(src)
    assert "a - (b - 1) == (a - b) * 2" in out


@pytest.mark.parametrize("column", ["description", "title", "currency", "locale", "value",
                                    "version"])
def test_columns_may_be_named_like_header_keywords(column):
    src = f'template t {{\n  table items {{\n    qty: int header "Qty"\n' \
          f'    {column}: text header "X" | /Y/\n    until "Total"\n  }}\n}}\n'
    tree, diags = parse(src)
    assert diags == [], diags[0].format()
    assert tree.templates[0].tables[0].columns[1].name.text == column


def test_adjacent_misspelled_statements_are_all_reported():
    src = '''template x {
  verison 1
  curency "EUR"
  feild a: text = anywhere
  field b: text = anywhere
  field c: money = rightof "X"
  field d: money = right "X"
  field e: money = bellow "X"
}'''
    _, diags = parse(src)
    assert [d.line for d in diags] == [2, 3, 4, 6, 7, 8]
    assert "'curency'" in diags[1].message and "currency" in diags[1].hint
    # a keyword is a whole word: 'rightof' is not read as 'right of'
    assert "'rightof'" in diags[3].message and diags[3].hint == "did you mean 'right of'?"


def test_a_statement_that_goes_on_over_lines_is_one_error():
    src = '''template x {
  field a: money = rigth of "A"
      or below "B"
  field b: money = below "C"
      defualt 5
}'''
    _, diags = parse(src)
    assert [d.line for d in diags] == [2, 5]


def test_expected_statements_name_every_statement():
    _, diags = parse('template t {\n  feild a: text = anywhere\n}\n')
    for word in ("version", "currency", "normalize", "description", "date_order"):
        assert word in diags[0].message


@pytest.mark.parametrize("src, message", [
    ('template t {\n  field a: text = after "Ref\n}\n', "unterminated string"),
    ('template t {\n  title "x\n}\n', "unterminated string"),
    ('template t {\n  field a: text = pattern /abc\n}\n', "unterminated regex"),
])
def test_unterminated_strings_and_regexes_say_so(src, message):
    _, diags = parse(src)
    assert diags[0].message == message and diags[0].line == 2


def test_unexpected_character_does_not_offer_a_name_where_none_fits():
    _, diags = parse("template t {\n  field total: money = right of 'Total'\n}\n")
    assert diags[0].message == "unexpected character \"'\"; expected a \"quoted text\" or a /regex/"


def test_too_deeply_nested_expression_is_a_clean_error():
    from formsift.grammar.parser import MAX_NESTING

    terms = " + ".join(["a"] * 600)
    tree, diags = parse(f'template t {{\n  field a: money = anywhere\n  rule r: {terms} == a\n}}\n')
    assert tree is None
    assert [(d.line, d.code) for d in diags] == [(3, "syntax")]
    assert f"more than {MAX_NESTING}" in diags[0].message
    shown = diags[0].format()
    assert max(len(line) for line in shown.splitlines()) < 200  # a long line is cut


@pytest.mark.parametrize("src, message, hint", [
    ("template t {", "the file ends too early; expected a statement", "is a '}' missing?"),
    ("template t {\n  field a: money = anywhere within\n}\n", "expected a number", None),
    ("template t {\n  version\n}\n", "a /regex/ or a number", None),
    ("template t {\n  field a: money = anywhere\n  rule r: a = 1\n}\n",
     "unexpected '='; expected a comparison", "did you mean '=='?"),
    ("template t {\n  field a: money = anywhere\n  review when a = 1\n}\n",
     "unexpected '='", "did you mean '=='?"),
])
def test_syntax_errors_read_naturally(src, message, hint):
    _, diags = parse(src)
    assert message in diags[0].message
    if hint:
        assert hint in (diags[0].hint or "")
    for clumsy in ("unexpected the end", "or a whole number", "number or a number"):
        assert clumsy not in diags[0].message


def test_a_statement_cut_short_by_the_next_line_is_one_error():
    src = """template x {
  field a: money = right of "A"
  field b: money = below "C" within
  rule r: a == b
  field c: money = rigth of "C"
}"""
    _, diags = parse(src)
    assert [(d.line, d.column) for d in diags] == [(4, 3), (5, 20)]
    assert diags[0].message.endswith("expected a number")


def test_parse_recovering_blanks_broken_statements_and_keeps_positions():
    from formsift.grammar.parser import parse_recovering

    src = """template x {
  feild a: money = anywhere
  field b: money = right of "B"
  table items {
    amount money header "Amount"
  }
}"""
    result = parse_recovering(src)
    assert result.tree is None
    assert [d.line for d in result.diagnostics] == [2, 5]
    t = result.recovered.templates[0]
    assert [f.name.text for f in t.fields] == ["b"]
    b = t.fields[0].name.span
    assert (b.line, b.column) == (3, 9)  # where it is in the source
    assert t.tables[0].columns == ()
    assert [(x.first_line, x.last_line, x.names, x.within) for x in result.blanked] == [
        (2, 2, {"feild", "a"}, None), (5, 5, {"amount", "money", "header"}, "items")]


def test_the_parser_cache_is_private_to_the_user(tmp_path, monkeypatch):
    import os
    import stat

    from formsift.grammar import parser as P

    monkeypatch.delenv("FORMSIFT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    where = P.cache_dir()
    assert where == tmp_path / "xdg" / "formsift"
    assert stat.S_IMODE(where.stat().st_mode) == 0o700
    cache = P._cache_file(P.GRAMMAR_PATH.read_text(encoding="utf-8"))
    assert isinstance(cache, str) and cache.startswith(str(where))

    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # invalid: ignored
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert P.cache_dir() == tmp_path / "home" / ".cache" / "formsift"

    monkeypatch.setenv("FORMSIFT_CACHE_DIR", str(tmp_path / "own"))
    assert P.cache_dir() == tmp_path / "own"

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp: anyone could plant a pickle there
    monkeypatch.setenv("FORMSIFT_CACHE_DIR", str(shared))
    assert P.cache_dir() is None
    assert P._cache_file("grammar") is False

    (tmp_path / "file").write_text("")
    monkeypatch.setenv("FORMSIFT_CACHE_DIR", str(tmp_path / "file" / "sub"))
    assert P.cache_dir() is None  # cannot be created: no disk cache, no error

    if os.getuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        monkeypatch.setenv("FORMSIFT_CACHE_DIR", str(locked))
        assert P.cache_dir() is None


def test_the_parser_works_without_a_disk_cache(tmp_path):
    import subprocess
    import sys

    (tmp_path / "file").write_text("")
    code = ("from formsift.grammar.parser import parse\n"
            "tree, diags = parse('template t {\\n  field a: money = anywhere\\n}')\n"
            "assert tree is not None and diags == []\n")
    env = {"FORMSIFT_CACHE_DIR": str(tmp_path / "file" / "sub"), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""


def test_a_byte_order_mark_is_not_an_error():
    """Some editors start UTF-8 files with a BOM; it is not part of the template."""
    from formsift.grammar.parser import parse

    tree, diags = parse("\ufefftemplate t {\n  field a: text = anywhere\n}\n", "bom.sift")
    assert not diags and tree is not None and tree.templates[0].name.text == "t"
    _, diags = parse("\ufefftemplate t {\n  feild a: text = anywhere\n}\n", "bom.sift")
    assert diags[0].line == 2 and diags[0].column == 3  # positions as the editor shows


def test_letters_glued_to_a_regex_are_reported_as_unknown_flags():
    from formsift.grammar.parser import parse

    _, diags = parse('template t {\n  field a: text = search /x(\\d+)/q\n}\n', "f.sift")
    assert diags[0].message == "unknown regex flag 'q'" and diags[0].column == 34
    assert "i (ignore case), m, s and x" in diags[0].hint
    # a division is no regex
    _, diags = parse("template t {\n  field a: money = anywhere\n  field b: money = anywhere\n"
                     "  rule r: a/b/a > 1\n}\n", "f.sift")
    assert not diags


def test_fmt_keeps_every_comment_including_the_thresholds():
    """The comment on a match block's threshold line was dropped by fmt (and by
    ``fmt --write`` from the file)."""
    from formsift.grammar.formatter import format_source

    src = ('template t {\n  match {\n    threshold 0.6   # the score needed\n'
           '    contains "Invoice"  # a word\n  }\n'
           '  field total: money = right of "Total"  # trailing\n}\n')
    out = format_source(src)
    assert "threshold 0.6  # the score needed" in out
    for comment in ("# a word", "# trailing"):
        assert comment in out
    assert format_source(out) == out


def test_negative_numbers_are_literals_in_options_and_values():
    """'weight(offset=-40)' was "unexpected '-'; expected ... a number"."""
    src = ('template t {\n  field adj: money = value -5.50\n'
           '  field n: int(min=-10) = right of "N"\n}\n')
    tree, diags = parse(src, "t.sift")
    assert not diags, [d.format() for d in diags]
    adj, n = tree.templates[0].fields
    assert str(adj.locators[0].value.value) == "-5.50"
    assert [str(a.value.value) for a in n.type.call.args] == ["-10"]
    assert format_source(src) == src


@pytest.mark.parametrize("statement, hint", [
    # `header` read as the next column's name: "unexpected '"Disc"'; expected ':'" alone
    ('    discount: decimal default 0 header "Disc"',
     "in a column, 'header' comes right after the type, before 'default': "
     'discount: decimal header "Disc" default 0'),
    ('    description: text multiline header "Description" | /Desc\\.?/i  # the label',
     "before 'multiline': description: text header \"Description\" | /Desc\\.?/i multiline"),
    ('    qty: int(min=0)? handwritten default 1 header "Qty"',
     "before 'handwritten' and 'default': qty: int(min=0)? header \"Qty\" handwritten "
     "default 1"),
    # a field's modifiers before its locator
    ('  field total: money default 0 = right of "Total" or below "Sum"',
     "in a field, the locator ('= right of ...') comes first, then modifiers such as "
     "'default': field total: money = right of \"Total\" or below \"Sum\" default 0"),
    ('  field ref: text pattern /A=(\\d+)/ = anywhere',
     "field ref: text = anywhere pattern /A=(\\d+)/"),
    # a user's bug: a modifier between two locators gave "unexpected 'or'" and no more
    ('  field iban: iban = below "Konto / Zahlbar an" in zahlteil or anywhere',
     "modifiers such as 'in' come after the last locator and apply to every one: "
     'field iban: iban = below "Konto / Zahlbar an" or anywhere in zahlteil'),
    # CMR journey: `in REGION` as the first locator was taken for the misplaced modifier,
    # and the hint began with 'or': "field d: date = or in b handwritten in a handwritten"
    ('  field d: date = in a handwritten or in b handwritten',
     "modifiers such as 'handwritten' come after the last locator and apply to every "
     "one: field d: date = in a or in b handwritten"),
])
def test_clauses_in_the_wrong_order_get_a_hint_with_the_order(statement, hint):
    in_table = not statement.lstrip().startswith("field")
    body = (f"  table items {{\n{statement}\n    amount: money header \"Amount\"\n  }}"
            if in_table else statement)
    _, diags = parse(f"template t {{\n{body}\n}}\n")
    assert len(diags) == 1 and diags[0].code == "syntax"
    assert hint in (diags[0].hint or ""), diags[0].format()


def test_a_modifier_the_last_locator_carries_already_is_not_written_twice():
    # china journey: the hint said '... in buyer in buyer', itself an error
    _, diags = parse('template t {\n  field buyer: text = right of "Name" in buyer or '
                     'search /Name: (\\S+)/ in buyer\n}\n')
    assert len(diags) == 1 and diags[0].hint is not None
    assert diags[0].hint.endswith('field buyer: text = right of "Name" or search '
                                  '/Name: (\\S+)/ in buyer'), diags[0].hint


def test_the_documented_column_order_parses():
    source = ('template t {\n  table items {\n    discount: decimal header "Disc" multiline '
              'handwritten default 0\n  }\n}\n')
    tree, diags = parse(source)
    assert tree is not None and not diags
