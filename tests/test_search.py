"""The layout text view, the ``search`` locator, ``normalize``, ``from``/``until``,
``combine`` and tables read by line rules."""

from __future__ import annotations

import textwrap

import pytest

from formsift import Engine
from formsift.grammar.formatter import format_source
from formsift.templates import check_source
from formsift.templates.required_text import Required, required_pieces
from formsift.templates.textview import NormalizeStep, apply_step, document_view

TEXT = """\
INVOICE                                   No. 2024-0042
Date: 03.04.2024
Item            Qty        Amount
Tea               2         10,00
Coffee            1          5,50

                  Total     15,50
                  Total due 15,50 EUR
"""


@pytest.fixture(scope="module")
def engine():
    return Engine(templates=[])


def compiled(src: str):
    templates, diags = check_source(textwrap.dedent(src))
    errors = [d for d in diags if d.severity == "error"]
    assert not errors, [d.format() for d in errors]
    return templates[0]


def run(engine, src: str, text: str = TEXT):
    return engine.extract(text.encode(), compiled(src), name="doc.txt")


def test_text_files_lay_out_as_written(engine):
    doc = engine.load(TEXT.encode(), name="doc.txt")
    view = document_view(doc)
    assert view.text == TEXT + "\f"  # pages end with a form feed, as pdftotext writes
    start = view.text.index("2024-0042")
    [word] = view.words_in(start, start + 9)
    assert word.text == "No." or word.text == "2024-0042"
    assert view.words_in(start, start + 9)[0].text == "2024-0042"


def test_pdf_columns_stay_apart(engine, make_pdf):
    doc = engine.load(make_pdf([(50, 100, "Invoice number:"), (400, 100, "A-17"),
                                (50, 120, "Total"), (400, 120, "12.50")]), name="a.pdf")
    text = document_view(doc).text
    first, second = [ln for ln in text.split("\n") if ln.strip()][:2]
    assert first.startswith("Invoice number:") and first.endswith("A-17")
    assert "   " in first  # a wide gap is several spaces, not one
    assert first.index("A-17") == second.index("12.50")  # the column is kept


def test_runs_of_spaces_inside_one_pdf_string_are_one_space_as_pdftotext_writes(
        engine, make_pdf):
    # a spool PDF writes "Total   EUR   1,190.00" as one string: pdftotext (and the
    # invoice2data regexes written against it) have "Total EUR 1,190.00"; columns that
    # are separate strings stay apart
    doc = engine.load(make_pdf([(50, 100, "Total   EUR   1,190.00"),
                                (50, 120, "Net"), (95, 120, "EUR"), (140, 120, "1,000.00")]),
                      name="spool.pdf")
    lines = [ln for ln in document_view(doc).text.split("\n") if ln.strip()]
    assert lines[0] == "Total EUR 1,190.00"
    assert "   " in lines[1]


def test_search_finds_groups_across_the_text_in_reading_order(engine):
    result = run(engine, r"""
        template t {
          field number: text = search /No\.\s+(\S+)/
          field totals: decimal[] = search /Total(?: due)?\s+(?P<totals>[\d,]+)/
          field first: decimal = search /Total\s+([\d,]+)/ combine first
          field last_total: decimal = search /Total(?: due)?\s+([\d,]+)/ combine last
          field all_amounts: decimal = search /(\d+,\d\d)\n/ combine sum
          field biggest: decimal = search /(\d+,\d\d)/ combine max
          field names: text = search /\n(Tea|Coffee)/ combine join
          field due: decimal = search /due\s+([\d,]+)/ from "Total" until /EUR/
          field none: decimal? = search /due\s+([\d,]+)/ until /Qty/
          decimal ","
          thousands "."
        }""")
    rec = result.record()
    assert rec["number"] == "2024-0042"
    assert rec["totals"] == ["15.50"]  # a repeated field keeps distinct values
    assert rec["first"] == "15.50" and rec["last_total"] == "15.50"
    assert rec["all_amounts"] == "31.00"  # 10,00 + 5,50 + 15,50: amounts that end a line
    assert rec["biggest"] == "15.50"
    assert rec["names"] == "Tea Coffee"
    assert rec["due"] == "15.50" and rec["none"] is None
    fv = result.fields["number"]
    assert fv.raw == "2024-0042" and fv.page == 1 and fv.box is not None
    assert fv.locator.startswith("search ")


def test_each_line_runs_the_regex_on_every_line_alone(engine):
    text = "Items\nA1   tea\n   green\nB2   coffee\nEnd\n"
    rec = run(engine, r"""
        template t {
          field whole: text[] = search /(?P<whole>\w+)\s+(\w+)/ from "Items" until "End"
          field code: text[] = search /^(\w+)\s+\w+/ from "Items" until "End" each line
        }""", text).record()
    # over the whole block, \s+ crosses line ends; line by line it cannot
    assert rec["whole"] == ["A1", "green"]
    assert rec["code"] == ["A1", "B2"]


def test_normalize_steps_keep_each_character_s_word(engine):
    doc = engine.load(b"Total   EUR   1 234,50\n", name="d.txt")
    view = document_view(doc)
    squeezed = apply_step(view, NormalizeStep("remove_spaces"))
    assert squeezed.text.startswith("TotalEUR1234,50")
    i = squeezed.text.index("1234")
    assert [w.text for w in squeezed.words_in(i, i + 7)] == ["1", "234,50"]
    lowered = apply_step(view, NormalizeStep("lowercase"))
    assert lowered.text.startswith("total")
    replaced = apply_step(view, NormalizeStep("replace", r"EUR\s+", "", "€"))
    assert "Total   €1 234,50" in replaced.text
    j = replaced.text.index("€")
    assert replaced.words_in(j, j + 1)[0].text == "EUR"  # the replacement keeps its word
    # a replacement over several words spreads over them: a value read from it has the
    # box of every word it came from, not only the first's (a utility-bill journey's
    # period, rewritten from "1 jan t/m 31 mrt", pointed at the word "1")
    period = document_view(engine.load(b"Periode 1 jan t/m 31 mrt 2026\n", name="p.txt"))
    rewritten = apply_step(period, NormalizeStep("replace", r"1 jan t/m 31 mrt", "",
                                                  "01.01.-31.03."))
    k = rewritten.text.index("01.01.")
    assert [w.text for w in rewritten.words_in(k, k + len("01.01.-31.03."))] == [
        "1", "jan", "t/m", "31", "mrt"]
    accents = apply_step(engine and document_view(engine.load("Café".encode(), name="c.txt")),
                         NormalizeStep("remove_accents"))
    assert accents.text.startswith("Cafe")


def test_normalize_block_applies_to_search(engine):
    rec = run(engine, r"""
        template t {
          normalize {
            remove_spaces
            lowercase
            replace /totaldue/ "due:"
          }
          field due: text = search /due:([\d,]+)/
        }""").record()
    assert rec["due"] == "15,50"


def test_line_rules_read_a_table_from_the_text(engine):
    result = run(engine, r"""
        template t {
          decimal ","
          thousands "."
          table items {
            name: text
            qty: int
            amount: decimal
            from /Item\s+Qty/
            until /Total/
            line /^(?P<name>\w+)\s+(?P<qty>\d+)\s+(?P<amount>[\d,]+)$/
          }
        }""")
    rows = result.record()["items"]
    assert rows == [{"name": "Tea", "qty": 2, "amount": "10.00"},
                    {"name": "Coffee", "qty": 1, "amount": "5.50"}]
    cell = result.tables["items"][0]["amount"]
    assert cell.raw == "10,00" and cell.box is not None


def test_first_and_last_line_make_multi_line_rows(engine):
    text = "Items\nA  widget\n  blue\n  end-A\nB  gadget\n  red\nTotal\n"
    rows = run(engine, r"""
        template t {
          table items {
            code: text(collapse_spaces=false)
            note: text(collapse_spaces=false)
            from "Items"
            until "Total"
            first_line /^(?P<code>[A-Z])\s+(?P<note>\w+)/
            line /^\s+(?P<note>\w+)$/
            last_line /^\s+end-(?P<code>\w)/
            skip_line /red/
          }
        }""", text).record()["items"]
    assert rows == [{"code": "A\nA", "note": "widget\nblue"},
                    {"code": "B", "note": "gadget"}]


def test_a_blank_cell_takes_its_column_default(engine):
    text = "Items\nA-1  3 kg  5\nB-2  4 pcs\nNote: fragile goods\nC-3  2 m2\nTotal\n"
    result = run(engine, r"""
        template t {
          table items {
            code: text
            qty: int
            uom: text
            discount: decimal default 0
            unit_code: text default unece_unit(uom)
            twice: int default qty * 2
            note: text
            from "Items"
            until "Total"
            line /^(?P<code>[A-Z]-\d)\s+(?P<qty>\d+) (?P<uom>\S+)(?:\s+(?P<discount>\d+))?$/
               | /^Note: (?P<note>.+)$/
          }
        }""", text)
    rows = result.record()["items"]
    assert [{k: v for k, v in r.items() if v is not None} for r in rows] == [
        {"code": "A-1", "qty": 3, "uom": "kg", "discount": "5", "unit_code": "KGM",
         "twice": 6},
        {"code": "B-2", "qty": 4, "uom": "pcs", "discount": "0", "unit_code": "H87",
         "twice": 8},
        # the note's line has no discount group: that cell is not blank, it is absent;
        # defaults computed from cells it lacks stay empty
        {"note": "fragile goods"},
        {"code": "C-3", "qty": 2, "uom": "m2", "discount": "0", "unit_code": "MTK",
         "twice": 4},
    ]
    assert set(rows[2]) == set(rows[0])  # every row has every column
    cell = result.tables["items"][1]["discount"]
    assert cell.locator == "default" and cell.raw == "0" and cell.box is None
    assert cell.confidence == result.tables["items"][1]["qty"].confidence


def test_a_header_table_cell_left_blank_takes_the_default(engine):
    text = ("Item      Qty    Unit    Price\n"
            "Tea       2      kg      4.00\n"
            "Coffee           l       2.50\n")
    rows = run(engine, r"""
        template t {
          table items {
            name: text header "Item"
            qty: int? header "Qty" default 1
            unit: text header "Unit"
            price: decimal header "Price"
            code: text header "Code" default unece_unit(unit)
          }
        }""", text).record()["items"]
    assert [{k: v for k, v in r.items() if k != "price"} for r in rows] == [
        {"name": "Tea", "qty": 2, "unit": "kg", "code": "KGM"},
        {"name": "Coffee", "qty": 1, "unit": "l", "code": "LTR"}]


@pytest.mark.parametrize("src, message", [
    ('table t { a: decimal default a + 1 line /(?P<a>x)/ }', "uses the column itself"),
    ('table t { a: text b: date default a line /(?P<a>x)(?P<b>y)/ }',
     "the default of column 'b' is text; the column holds a date"),
    ('table t { a: text default nope line /(?P<a>x)/ }', "unknown field 'nope'"),
    ('table t { a: text b: int default sum(t.b) line /(?P<a>x)/ }',
     "a default is computed from its own row's cells"),
    ('normalize { lowercse }', "unknown normalization step 'lowercse'"),
    ('field a: text = right of "X" from "Y"', "'from' limits a search locator"),
    ('field a: text = search /(x)/ combine sum', "cannot combine text values with 'sum'"),
    ('field a: decimal = search /(x)/ combine avg', "unknown way to combine values 'avg'"),
    ('field a: decimal[] = search /(x)/ combine sum', "'combine' makes one value"),
    ('field a: text = anywhere each line', "'each line' applies to a search locator"),
    ('table t { a: text line /(?P<b>x)/ }', "group 'b' is not a column of table 't'"),
    ('table t { a: text header "A" line /(?P<a>x)/ }', "either by column headers or by line"),
    ('table t { a: text b: text header "B" }', "column 'a' needs a header"),
    ('table t { a: text first_line /(?P<a>x)/ }', "has line rules but no 'line'"),
    ('table t { a: text block { from "x" } }', "a block needs line rules"),
])
def test_checker_reports_mistakes(src, message):
    _, diags = check_source(f"template t {{\n  {src}\n}}\n")
    assert any(message in d.message for d in diags), [d.format() for d in diags]


def test_new_syntax_formats_idempotently():
    src = textwrap.dedent(r"""
        template t {
          normalize { remove_spaces replace /a(b)/ "\\1" }
          field a: text = search /x(\d)/ from "A" until /B/ combine first
          table items { code: text from /S/ until /E/ line /(?P<code>\w)/
            block { from "X" line /(?P<code>\d)/ } }
        }""")
    once = format_source(src)
    assert format_source(once) == once
    assert "  block {\n      from \"X\"\n      line /(?P<code>\\d)/\n    }" in once
    assert check_source(once)[0]
    with_default = format_source(
        "template t { table x { a: text b: decimal default a_len(a) * 2 c: int default 0 "
        "line /(?P<a>\\w)/ } }")
    assert "    b: decimal default a_len(a) * 2\n    c: int default 0\n" in with_default
    assert format_source(with_default) == with_default


@pytest.mark.parametrize("pattern, flags, pieces, ignore_case", [
    (r"Amazon\s+Web\s+Services", "", ("Amazon", "Web", "Services"), False),
    (r"\$", "", ("$",), False),
    (r"Total\s+\d+", "", ("Total",), False),
    (r"Invoice\s(\w{3}[\/]\S+)\s+", "", ("Invoice", "/"), False),
    (r"Total Due:?", "", ("Total", "Due"), False),  # ':' is optional
    (r"(?:Net )+(Amount)", "", ("Net", "Amount"), False),
    (r"(?i)Accor", "", ("accor",), True),
    (r"Accor", "i", ("accor",), True),
    (r"Rechnung(?i:snummer)", "", ("Rechnung",), False),
    (r"Fa(?:ktura)?", "", ("Fa",), False),
    (r"\bVAT\b", "", ("VAT",), False),
])
def test_keyword_regexes_are_prefiltered_by_what_every_match_holds(pattern, flags, pieces,
                                                                   ignore_case):
    assert required_pieces(pattern, flags) == Required(pieces, ignore_case)


@pytest.mark.parametrize("pattern", [
    r"a|b", r"(?:Invoice)?", r"[A-Z]+\d", r"Rechnung{e<=1}", r"\p{Lu}\w+", r"(?|a|b)",
    r"x*", r"(?=Total)",
])
def test_what_cannot_be_known_is_never_prefiltered(pattern):
    assert required_pieces(pattern, "") is None


def test_the_prefilter_never_rejects_a_page_the_regex_matches():
    from decimal import Decimal

    from formsift.core.document import Page, Word
    from formsift.core.geometry import Box
    from formsift.grammar import ast as A
    from formsift.templates.matching import _node, _PageText, _test

    words = ["Invoice", "INV/2024-17", "ſum", "Total", "Due:", "12.50", "STRASSE", "{e<=1}"]
    page = Page(0, 600, 800, "pt", words=[
        Word(w, Box(0.2 * (i % 4), 0.1 * (i // 4), 0.2 * (i % 4) + 0.15, 0.1 * (i // 4) + 0.02),
             0) for i, w in enumerate(words)])
    for pattern, flags in [(r"Invoice\s+(\w{3}/\S+)", ""), (r"total\s+due", "i"),
                           (r"SUM", "i"), (r"stra(ss|ß)e", "i"), (r"\{e<=1\}", ""),
                           (r"Due:?\s+\d+\.\d\d", "")]:
        rx = A.Regex(pattern, flags, A.Span(1, 1, 1, 1))
        node = _node(A.MatchTest(rx, Decimal(1), A.Span(1, 1, 1, 1)))
        assert node[3] is not None or pattern == r"\{e<=1\}", pattern  # prefiltered
        assert _test(node, _PageText(page)), pattern


def test_a_hash_inside_a_regex_is_not_a_comment():
    src = 'template t {\n  field a: text = search /No #(\\d+)/  # the number\n}\n'
    out = format_source(src)
    assert out.count("# the number") == 1 and "search /No #(\\d+)/" in out
    assert format_source(out) == out


def test_converted_templates_are_canonical():
    from formsift.importers.invoice2data import convert

    conv = convert({"issuer": "X", "keywords": ["X #1"], "fields": {
        "invoice_number": "Invoice #(\\d+)", "lines": {
            "parser": "lines", "start": "A", "end": "B", "line": "(?P<x>#\\d)"}}}, "x")
    assert format_source(conv.text) == conv.text


def test_remove_spaces_removes_every_space_character_but_not_line_breaks(engine):
    """French numbers group thousands with a narrow no-break space (U+202F): it stayed,
    and a search over the lines added up cut numbers."""
    doc = engine.load("Total 15\u202f915,50\nTVA 1\u00a0234,00\n".encode(), name="d.txt")
    squeezed = apply_step(document_view(doc), NormalizeStep("remove_spaces"))
    assert squeezed.text.startswith("Total15915,50\nTVA1234,00\n")


@pytest.mark.parametrize("text, net, total", [
    ("Rechnung\nNetto: 1 950,00\nMwSt: 370,50\nGesamt: 2 320,50\n", "1950.00", "2320.50"),
    # a position number before the amount: the rule picks the part
    ("Rechnung\nNetto: 1 250,00\nMwSt: 47,50\nGesamt: 297,50\n", "250.00", "297.50"),
])
def test_rules_choose_between_a_space_grouped_amount_and_its_part(engine, text, net, total):
    result = run(engine, """
        template t {
          locale "de_DE"
          match { contains "Rechnung" }
          field net: money = right of "Netto"
          field vat: money = right of "MwSt"
          field total: money = right of "Gesamt"
          rule sum: net + vat == total
        }
    """, text)
    assert str(result.value("net")) == net and str(result.value("total")) == total
    assert result.status == "accepted"


def test_a_space_grouped_amount_no_rule_decides_goes_to_review(engine):
    """'12 345,67' in de_DE (which groups with '.') was read 345.67 and accepted."""
    result = run(engine, """
        template t {
          locale "de_DE"
          match { contains "Rechnung" }
          field total: money = right of "Gesamtbetrag"
        }
    """, "Rechnung\nGesamtbetrag: 12 345,67 EUR\n")
    assert str(result.value("total")) == "12345.67"
    assert result.status == "review"
    assert [r.code for r in result.reasons] == ["ambiguous"]


@pytest.mark.parametrize("locator", ["anywhere", "box(0%, 0%, 100%, 100%)"])
def test_a_space_grouped_amount_is_ambiguous_whatever_the_locator(engine, locator):
    """Read by 'anywhere' (or in a region, a box), '12 345,67' was accepted as either
    reading: only label-anchored locators counted rivals. (A regex capture, as in
    'search', reads what it captured as one number.)"""
    result = run(engine, f"""
        template t {{
          locale "de_DE"
          match {{ contains "Rechnung" }}
          field total: money = {locator}
        }}
    """, "Rechnung\nGesamt: 12 345,67\n")
    assert str(result.value("total")) == "12345.67"
    assert result.status == "review" and result.reasons[0].code == "ambiguous"


def test_a_table_cell_that_reads_two_ways_goes_to_review_unless_a_rule_decides(engine):
    table = """
        template t {
          locale "de_DE"
          match { contains "Rechnung" }
          field net: money = right of "Summe"
          table items {
            desc: text header "Artikel"
            amount: money header "Betrag"
            until "Summe"
          }
          RULE
        }
    """
    text = ("Rechnung\nArtikel            Betrag\nStuhl              1 250,00\n"
            "Tisch                 80,00\nSumme              1 330,00\n")
    alone = run(engine, table.replace("RULE", "rule some: count(items) > 0"), text)
    assert alone.status == "review"
    assert [r.field for r in alone.reasons if r.code == "ambiguous"] == ["items.amount",
                                                                         "net"]
    decided = run(engine, table.replace("RULE", "rule s: sum(items.amount) == net"), text)
    assert decided.status == "accepted"
    assert [str(row["amount"].value) for row in decided.tables["items"]] == ["1250.00",
                                                                             "80.00"]


def test_a_date_read_in_the_locales_order_where_the_document_writes_the_other(engine):
    """en_US read 03/04/2024 as 4 March although the same invoice's due date, 13/04/2024,
    can only be day first; accepted at 0.9997."""
    src = """
        template t {
          locale "en_US"
          match { contains "Invoice" }
          field invoice_date: date = right of "Invoice date"
          field due_date: date = right of "Due date"
          rule order: due_date >= invoice_date
        }
    """
    mixed = run(engine, src, "Invoice\nInvoice date: 03/04/2024\nDue date: 13/04/2024\n")
    assert mixed.status == "review"
    assert [(r.code, r.field) for r in mixed.reasons] == [("ambiguous", "invoice_date")]
    same = run(engine, src, "Invoice\nInvoice date: 03/04/2024\nDue date: 04/13/2024\n")
    assert same.status == "accepted"


@pytest.mark.parametrize("rule, decided", [
    ("rule p: each items: amount > 0", False),      # holds for both readings
    ("warn w: sum(items.amount) == net", False),    # a warning decides nothing
    ("rule s: sum(items.amount) == net", True),
])
def test_only_an_error_rule_tying_the_column_to_other_values_decides_a_cell(engine, rule,
                                                                            decided):
    src = f"""
        template t {{
          locale "de_DE"
          match {{ contains "Rechnung" }}
          field net: money = right of "Summe"
          table items {{
            desc: text header "Artikel"
            amount: money header "Betrag"
            until "Summe"
          }}
          {rule}
        }}
    """
    text = ("Rechnung\nArtikel            Betrag\nStuhl              1 250,00\n"
            "Tisch                 80,00\nSumme              1.330,00\n")
    result = run(engine, src, text)
    fields = [r.field for r in result.reasons if r.code == "ambiguous"]
    assert ("items.amount" in fields) is not decided


def test_a_narrow_no_break_space_inside_a_word_is_a_space_in_the_layout_text():
    # pdftotext writes "13 024,68" with a plain space; regexes written against it
    # ("[\d ]+,\d{2}") must match, and the word keeps its own text for the amount types
    from formsift.core.document import Document, Page, Word
    from formsift.core.geometry import Box

    words = [Word("Total", Box(0.1, 0.1, 0.18, 0.12), 0, 1.0, "pdf"),
             Word("13\u202f024,68", Box(0.2, 0.1, 0.32, 0.12), 0, 1.0, "pdf")]
    doc = Document("sha256:x", "x.pdf", "application/pdf", [Page(0, 595, 842, words=words)],
                   "pdf")
    view = document_view(doc)
    assert "Total 13 024,68" in view.text
    start = view.text.index("13 024,68")
    assert [w.text for w in view.words_in(start, start + 9)] == ["13\u202f024,68"]


def test_combine_counts_each_printed_amount_once(engine):
    """A user's bug: with the locale left out, "2 636,26" read both as 2636.26 and as its
    part 636.26, and `combine sum` added both (a VAT of 3354.52, printed nowhere)."""
    text = "VAT 23%   2 636,26\nVAT 8%    80,00\n"
    result = run(engine, r"""
        template t {
          field vat: money = right of /VAT\s*\d+\s*%/ combine sum
          field most: money = right of /VAT\s*\d+\s*%/ combine min
        }""", text)
    rec = result.record()
    assert rec["vat"] == "2716.26"
    assert rec["most"] == "80.00"  # 636.26 is no amount of its own
    # matches side by side in one word are all counted (the review's regressions)
    rec = run(engine, r"""
        template t {
          field name: text = search /Name:[^\n]*/ combine first
          field parts: text = search /(?<=Name: |-| )(\w+)(?=[- \n])/ combine join
          field hours: int = search /(\d+)h/ combine sum
          field pos: int = search /(?<=Pos |,)(\d)/ combine sum
        }""", "Name: Jean-Pierre Dupont\nArbeit 2h+3h\nPos 1,2,3\n").record()
    assert rec["parts"] == "Jean Pierre Dupont"
    assert rec["hours"] == 5 and rec["pos"] == 6


def test_a_search_with_alternative_groups_takes_the_one_that_matched(engine):
    # a user's bug: /TOTAL\s+(\d+\.\d\d)|SUMME\s+(\d+,\d\d)/ found "SUMME 12,50" and
    # reported "no value found" (the first group took no part)
    result = run(engine, r"""
        template t {
          field total: money = search /TOTAL\s+(\d+\.\d\d)|SUMME\s+(\d+,\d\d)/
          field paid: money = after "BAR" pattern /(\d+\.\d\d)|(\d+,\d\d)/
        }""", "Kasse 3\nSUMME     12,50\nBAR       20,00\n")
    rec = result.record()
    assert rec["total"] == "12.50" and rec["paid"] == "20.00"
    # an optional first group that took no part leaves the value empty, as documented
    rec = run(engine, r"""
        template t {
          field nr: text? = search /Rechnung(?:\s+Nr\.\s*(\S+))?\s+vom\s+(\S+)/
        }""", "Rechnung vom 14.03.2026\n").record()
    assert rec["nr"] is None


LEASE_CLAUSE = [
    (70, 100, "Article 12 - Rent and Service Charges"),
    (70, 124, "The net monthly rent amounts to EUR 4,800.00 (four thousand eight hundred "
              "euros). In addition, the"),
    (70, 139, "Tenant shall pay a monthly advance on service charges of EUR 720.00 and value "
              "added tax at the"),
    (70, 154, "statutory rate, currently 19 %, on the net rent and the service charges "
              "(EUR 1,048.80). The gross"),
    (70, 169, "monthly rent is therefore EUR 6,568.80. The rent is payable monthly in "
              "advance."),
]


def test_a_label_that_ends_a_phrase_wrapped_from_the_line_above_ranks_as_one_inside_a_line(
        make_pdf, tmp_path):
    """A user's bug (lease contracts): `after "net monthly rent amounts to" | "monthly rent
    is"` took the gross rent, accepted: "monthly rent is" starts a line of the paragraph,
    where "The gross" ends the line above, and it outranked the exact label mid-line."""
    from formsift import Engine

    pdf = tmp_path / "lease.pdf"
    pdf.write_bytes(make_pdf(LEASE_CLAUSE))
    tpl = tmp_path / "t.sift"
    tpl.write_text('template t {\n  locale "en_GB"\n  field rent: money = after '
                   '"net monthly rent amounts to" | "monthly rent is"\n}\n')
    result = Engine().extract(pdf, tpl)
    assert str(result.fields["rent"].value) == "4800.00"
    # a label starting a line of a form (the line above is no sentence going on) keeps
    # its score
    form = tmp_path / "form.pdf"
    form.write_bytes(make_pdf([(70, 100, "Customer: ACME GmbH"),
                               (70, 115, "monthly rent is EUR 900.00")]))
    assert str(Engine().extract(form, tpl).fields["rent"].value) == "900.00"


def test_the_result_of_a_sum_written_out_ranks_before_its_operand(make_pdf, tmp_path):
    """A user's bug (lease contracts): `right of "deposit"` on "... three months' rent (3 x
    EUR 1,200.00 = EUR 3,600.00)" gave the monthly rent, 1,200.00, accepted."""
    from formsift import Engine

    pdf = tmp_path / "deposit.pdf"
    pdf.write_bytes(make_pdf([(70, 100, "The deposit is three months' rent (3 x EUR 1,200.00 "
                                        "= EUR 3,600.00).")]))
    tpl = tmp_path / "t.sift"
    tpl.write_text('template t {\n  locale "en_GB"\n  field deposit: money = right of '
                   '"deposit"\n}\n')
    assert str(Engine().extract(pdf, tpl).fields["deposit"].value) == "3600.00"
    # without an equals sign the nearest amount stays first
    pdf.write_bytes(make_pdf([(70, 100, "The deposit is EUR 1,200.00, payable with EUR "
                                        "3,600.00 of rent.")]))
    assert str(Engine().extract(pdf, tpl).fields["deposit"].value) == "1200.00"


@pytest.mark.parametrize("line, value", [
    ("Amount: 100.00 = 50.00 x 2", "100.00"),        # the result written first
    ("Amount: EUR 100.00 = CHF 95.00", "100.00"),    # a conversion, no operation
])
def test_an_equals_sign_alone_reorders_nothing(make_pdf, tmp_path, line, value):
    """The review's case: after c9bb639 these gave 50.00 and 95.00."""
    from formsift import Engine

    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(make_pdf([(70, 100, line)]))
    tpl = tmp_path / "t.sift"
    tpl.write_text('template t {\n  field amt: money = right of "Amount"\n}\n')
    assert str(Engine().extract(pdf, tpl).fields["amt"].value) == value


def test_a_label_under_a_two_column_line_keeps_its_score(make_pdf, tmp_path):
    """The review's case: under "Invoice number INV-2023-2474   ...   Bill to" (two
    columns, not a sentence going on), "Invoice date" lost to a "Date:" elsewhere on the
    page, and the library invoice template took the wrong date, accepted."""
    from formsift import Engine

    pdf = tmp_path / "inv.pdf"
    pdf.write_bytes(make_pdf([(50, 40, "Kessler & Sohn KG"), (420, 40, "INVOICE"),
                              (50, 75, "22 Station Road, Bristol"),
                              (50, 128, "Invoice number INV-2023-2474"), (340, 128, "Bill to"),
                              (50, 142, "Invoice date 2023-01-28"),
                              (340, 142, "Riverside Clinic"),
                              (50, 156, "Due date 2023-03-29"),
                              (340, 156, "192 Harbour View, York"),
                              (360, 196, "Date: 2023-01-10")]))
    result = Engine().extract(pdf, "invoice")
    assert str(result.fields["invoice_date"].value) == "2023-01-28"
