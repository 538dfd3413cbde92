"""``formsift import invoice2data``: conversion of small YAML templates written here, the
converted templates run on small text documents, and the CLI."""

from __future__ import annotations

import json
import textwrap
from decimal import Decimal

import pytest

yaml = pytest.importorskip("yaml")

from formsift import Engine  # noqa: E402
from formsift.cli import EXIT_INPUT, EXIT_OK, main  # noqa: E402
from formsift.importers.compare import compare, same  # noqa: E402
from formsift.importers.invoice2data import convert, keyword_regex, sift_regex  # noqa: E402
from formsift.templates import check_source  # noqa: E402


def convert_yaml(text: str, name: str = "acme"):
    conv = convert(yaml.safe_load(textwrap.dedent(text)), name)
    templates, diags = check_source(conv.text, f"{name}.sift")
    errors = [d.format() for d in diags if d.severity == "error"]
    assert not errors, conv.text + "\n".join(errors)
    return conv, templates[0]


@pytest.fixture(scope="module")
def engine():
    return Engine(templates=[])


def extract(engine, template, text: str) -> dict:
    result = engine.extract(textwrap.dedent(text).encode(), template, name="invoice.txt")
    return result.record()


BASIC = """
    issuer: ACME Corp
    keywords: [ACME Corp, Invoice]
    exclude_keywords: [Credit note]
    fields:
      amount: Total\\s+EUR\\s+([\\d.]+,\\d\\d)
      invoice_number: Invoice no\\.\\s+(\\w+)
      date: Date:\\s+(\\d{2}\\.\\d{2}\\.\\d{4})
      static_vat: DE123
      partner_name:
        parser: regex
        regex: (ACME\\s\\w+)
      fees:
        parser: regex
        regex: Fee\\s+(\\d+,\\d\\d)
        type: float
        group: sum
    options:
      currency: EUR
      decimal_separator: ","
      date_formats: ["%d.%m.%Y"]
"""

BASIC_DOC = """\
    ACME Corp                                      Invoice no. A-17
                                                   Date:  03.04.2024
    Fee     1,50
    Fee     2,25
                                     Total  EUR    1.234,56
"""


def test_keywords_become_a_match_block_every_keyword_required():
    conv, _tpl = convert_yaml(BASIC)
    assert "contains /ACME\\s+Corp/" in conv.text
    # invoice2data's `kw in text`: the words on one line (a line break is no space)
    assert "not contains /Credit[^\\S\\r\\n\\f]+note/" in conv.text
    assert "threshold 1" in conv.text
    assert conv.complete and conv.fields_converted == conv.fields_total == 6


def test_converted_template_extracts_like_invoice2data(engine):
    _, tpl = convert_yaml(BASIC)
    rec = extract(engine, tpl, BASIC_DOC)
    assert rec["amount"] == "1234.56"  # a float field with a decimal comma, as Decimal
    assert rec["invoice_number"] == "A"  # \w+ stops at the dash, as in Python's re
    assert rec["date"] == "2024-04-03"
    assert rec["vat"] == "DE123"  # static_ prefix dropped, like invoice2data's output
    assert rec["partner_name"] == ["ACME Corp"]  # invoice2data writes a list of one as "ACME Corp"
    assert rec["fees"] == "3.75"  # group: sum
    assert rec["issuer"] == "ACME Corp" and rec["currency"] == "EUR"
    assert rec["desc"] == "Invoice from ACME Corp"


def test_optional_text_field_gives_every_distinct_match_as_invoice2data_does(engine):
    # invoice2data: no ``group`` -> the distinct matches, one as itself, several as a list
    conv, tpl = convert_yaml(BASIC.replace("    options:", """\
      order_ref:
        parser: regex
        regex: (SO-\\d+)
    options:""", 1))
    assert "field order_ref: text(collapse_spaces=false, strip=false)[] = " in conv.text
    rec = extract(engine, tpl, BASIC_DOC + "    Orders SO-11, SO-12 and SO-11 again\n")
    assert rec["order_ref"] == ["SO-11", "SO-12"]
    assert all(r.ok for r in compare({"order_ref": ["SO-11", "SO-12"], "amount": 1234.56},
                                      rec) if r.kind == "expected")
    assert extract(engine, tpl, BASIC_DOC)["order_ref"] == []
    # numbers and dates stay one value: the first match
    assert rec["amount"] == "1234.56"


def test_required_fields_decide_what_is_optional():
    _conv, tpl = convert_yaml(BASIC)
    assert not tpl.fields["amount"].optional and not tpl.fields["date"].optional
    assert tpl.fields["partner_name"].repeated  # a list that may be empty
    _conv2, tpl2 = convert_yaml(BASIC.replace("fields:", "required_fields: [partner_name]\n"
                                                       "    fields:", 1))
    assert tpl2.fields["amount"].optional and not tpl2.fields["partner_name"].optional


def test_classification_uses_the_keywords(engine, tmp_path):
    conv, _ = convert_yaml(BASIC)
    (tmp_path / "acme.sift").write_text(conv.text)
    other, _ = convert_yaml(BASIC.replace("ACME Corp, Invoice", "Globex, Invoice"), "globex")
    (tmp_path / "globex.sift").write_text(other.text)
    e = Engine(templates=[tmp_path])
    result = e.extract(textwrap.dedent(BASIC_DOC).encode(), name="x.txt")
    assert result.template == "acme"
    vetoed = e.extract(textwrap.dedent(BASIC_DOC + "Credit note\n").encode(), name="x.txt")
    assert vetoed.template is None  # exclude_keywords


def test_a_required_field_the_template_does_not_define_is_reported():
    # invoice2data rejects every document of such a template: dropping the requirement
    # silently turned those documents into accepted records
    conv, _ = convert_yaml(BASIC.replace("fields:", "required_fields: [amount, vat_id]\n"
                                                   "    fields:", 1))
    notes = [n for n in conv.notes if "vat_id" in n.message]
    assert len(notes) == 1 and notes[0].kind == "skipped" and not conv.complete
    assert "not defined by the template" in notes[0].message
    # fields of the tables plugin, static_ fields and the defaults are defined
    ok, _ = convert_yaml("""
        issuer: T
        keywords: [T]
        fields:
          amount: Total (\\d+)
          static_vat: DE1
        tables:
          - start: Number
            end: Ref
            body: (?P<invoice_number>\\d+)\\s+(?P<date>\\d{2}.\\d{2}.\\d{4})
        required_fields: [amount, vat, invoice_number, date, issuer]
    """)
    assert not [n for n in ok.notes if "required field" in n.message]


def test_dates_without_date_formats_are_read_month_first_and_the_import_says_so(engine):
    text = BASIC.replace('      date_formats: ["%d.%m.%Y"]\n', "")
    text = text.replace("(\\d{2}\\.\\d{2}\\.\\d{4})", "(\\d{2}/\\d{2}/\\d{4})")
    conv, tpl = convert_yaml(text)
    notes = [n for n in conv.notes if "month first" in n.message]
    assert len(notes) == 1 and notes[0].kind == "approximate"
    record = extract(engine, tpl, BASIC_DOC.replace("03.04.2024", "05/04/2024"))
    assert str(record["date"]) == "2024-05-04"  # as invoice2data reads it, and as noted
    with_formats, _ = convert_yaml(BASIC)
    assert not [n for n in with_formats.notes if "month first" in n.message]


def test_a_document_no_template_matches_says_which_template_ruled_it_out(tmp_path):
    conv, _ = convert_yaml(BASIC)
    (tmp_path / "acme.sift").write_text(conv.text)
    other, _ = convert_yaml(BASIC.replace("ACME Corp, Invoice", "Globex, Invoice"), "globex")
    (tmp_path / "globex.sift").write_text(other.text)
    e = Engine(templates=[tmp_path])
    vetoed = e.extract(textwrap.dedent(BASIC_DOC + "Credit note\n").encode(), name="x.txt")
    message = vetoed.reasons[0].message
    assert vetoed.template is None and vetoed.reasons[0].code == "unknown_document"
    assert "'acme' would match" in message and "Credit" in message
    # every template at 0: none of them is named as the "best"
    nothing = e.extract(b"Lorem ipsum dolor sit amet\n", name="y.txt")
    assert "best" not in nothing.reasons[0].message
    assert "globex" not in nothing.reasons[0].message


LINES = """
    issuer: Lines Inc
    keywords: [Lines Inc]
    fields:
      amount: Total\\s+(\\d+\\.\\d\\d)
    lines:
      start: Item\\s+Qty\\s+Price
      end: Total
      first_line: ^\\s*(?P<description>\\w[\\w ]*?)\\s{2,}(?P<qty>\\d+)\\s+(?P<price>\\d+\\.\\d\\d)$
      line: ^\\s{4,}(?P<description>.+)$
      skip_line: Page \\d+
      types:
        qty: int
        price: float
    required_fields: [amount]
"""

LINES_DOC = """\
    Lines Inc
    Item            Qty     Price
    Widget           2      10.00
        blue, large
    Page 1
    Gadget           1       5.50
    Total                   25.50
"""


def test_lines_become_a_table_with_line_rules(engine):
    conv, tpl = convert_yaml(LINES)
    assert "first_line /" in conv.text and "skip_line /Page \\d+/" in conv.text
    rows = extract(engine, tpl, LINES_DOC)["lines"]
    # "description" is renamed "name", as invoice2data renames it in its output
    assert rows == [
        {"name": "Widget\nblue, large", "qty": 2, "price": "10.00"},
        {"name": "Gadget", "qty": 1, "price": "5.50"},
    ]


def test_lines_get_invoice2data_s_empty_numbers_and_unit_codes(engine):
    # invoice2data reads a numeric group the matched line left empty as 0, and adds the
    # UN/ECE code of each row's printed unit after extraction
    conv, tpl = convert_yaml(r"""
        issuer: Units Inc
        keywords: [Units Inc]
        fields:
          amount: Total\s+(\d+\.\d\d)
          lines:
            parser: lines
            start: Item
            end: Total
            line:
              - ^(?P<name>\w+) +(?P<qty>\d+) +(?P<uom>\w+) +(?P<discount>\d+)?%? +(?P<price>[\d.]+)$
              - '^-- (?P<sectionheader>.+) --$'
            types:
              qty: int
              discount: float
              price: float
        required_fields: [amount]
    """)
    assert "discount: decimal default 0" in conv.text
    assert "unece_code: text default unece_unit(uom)" in conv.text
    rows = extract(engine, tpl, """\
        Units Inc
        Item
        -- Food --
        Oil      2  l     10%  9.00
        Nuts     1  kg        12.00
        Chairs   4  gizmo  5%  80.00
        Total                 101.00
    """)["lines"]
    got = [{k: v for k, v in r.items() if v is not None} for r in rows]
    assert got == [
        {"sectionheader": "Food"},
        {"name": "Oil", "qty": 2, "uom": "l", "discount": "10", "price": "9.00",
         "unece_code": "LTR"},
        {"name": "Nuts", "qty": 1, "uom": "kg", "discount": "0", "price": "12.00",
         "unece_code": "KGM"},
        {"name": "Chairs", "qty": 4, "uom": "gizmo", "discount": "5", "price": "80.00"},
    ]
    expected = {"lines": [
        {"sectionheader": "Food"},
        {"name": "Oil", "qty": 2, "uom": "l", "discount": 10.0, "price": 9.0,
         "unece_code": "LTR"},
        {"name": "Nuts", "qty": 1, "uom": "kg", "discount": 0.0, "price": 12.0,
         "unece_code": "KGM"},
        {"name": "Chairs", "qty": 4, "uom": "gizmo", "discount": 5.0, "price": 80.0}]}
    assert all(r.ok for r in compare(expected, {"lines": rows}))


def test_required_lines_become_a_rule(engine):
    conv, tpl = convert_yaml(LINES.replace("required_fields: [amount]",
                                           "required_fields: [amount, lines]"))
    assert "rule lines_required: count(lines.name) + count(lines.qty)" in conv.text
    ok = engine.extract(textwrap.dedent(LINES_DOC).encode(), tpl, name="a.txt")
    assert [r.passed for r in ok.rules] == [True]
    empty = engine.extract(b"Lines Inc\nTotal 3.00\n", tpl, name="b.txt")
    assert [r.passed for r in empty.rules] == [False] and empty.status.value == "review"


def test_several_rule_sets_become_blocks(engine):
    data = yaml.safe_load(textwrap.dedent(LINES))
    rules = {k: data["lines"].pop(k) for k in list(data["lines"])}
    data["fields"]["items"] = {"parser": "lines", "rules": [
        rules, {"start": "Item", "end": "Total", "line": r"^(?P<description>Gadget)\s"}]}
    del data["lines"]
    conv = convert(data, "multi")
    assert conv.text.count("block {") == 2
    tpl = check_source(conv.text)[0][0]
    rows = extract(engine, tpl, LINES_DOC)["items"]
    # (a field other than lines keeps its group names, as in invoice2data)
    assert [r["description"] for r in rows] == ["Widget\nblue, large", "Gadget", "Gadget"]


def test_tables_plugin_fields_come_from_the_block(engine):
    conv, tpl = convert_yaml("""
        issuer: Hotel
        keywords: [Hotel]
        fields:
          amount: TOTAL\\s+(\\d+)
        tables:
          - start: Booking ID\\s+Payment
            end: Thank you
            body: (?P<booking_id>[A-Z0-9]+)\\s+(?P<payment_method>\\w+)
        required_fields: [amount]
    """)
    assert "from /Booking ID\\s+Payment/ until /Thank you/ each line" in conv.text
    rec = extract(engine, tpl, """\
        Hotel   XYZ99 Cash
        Booking ID    Payment
        BK77          PayPal
        Thank you     TOTAL  120
    """)
    assert (rec["booking_id"], rec["payment_method"], rec["amount"]) == ("BK77", "PayPal",
                                                                         "120")


def test_tables_plugin_groups_combine_the_lines(engine):
    conv, tpl = convert_yaml("""
        issuer: Rooms
        keywords: [Rooms]
        fields:
          amount: Total\\s+(\\d+)
        tables:
          - start: Room\\s+Nights
            end: Total
            body: (?P<room>\\w+)\\s+(?P<nights>\\d+)
            types:
              nights: int
            fields:
              nights:
                group: sum
              room:
                group: last
        required_fields: [amount]
    """)
    assert "combine sum" in conv.text and "combine last" in conv.text
    rec = extract(engine, tpl, "Rooms\nRoom   Nights\nA1     2\nB7     3\nTotal  9\n")
    assert (rec["nights"], rec["room"]) == (5, "B7")


def test_text_options_become_normalize_steps(engine):
    conv, tpl = convert_yaml("""
        issuer: Shop
        keywords: [Shop]
        fields:
          amount: total(\\d+)
          method: (paypal)
        options:
          remove_whitespace: true
          lowercase: true
          replace:
            - ['pay-pal', 'paypal']
        required_fields: [amount]
    """)
    assert "normalize {\n    remove_spaces\n    lowercase\n    replace /pay-pal/" in conv.text
    rec = extract(engine, tpl, "Shop\nTOTAL   120\nPaid with Pay-Pal\n")
    assert rec["amount"] == "120" and rec["method"] == ["paypal"]


def test_what_cannot_be_converted_is_reported_per_field():
    conv = convert(yaml.safe_load(textwrap.dedent("""
        issuer: Odd
        keywords: [Odd]
        fields:
          amount: Total\\s+(\\d+
          weird:
            parser: camelot
          two:
            parser: regex
            regex: (a)(b)
          strange-name: X(\\d)
        lines:
          start: A
          line: (?P<x>.)
        options:
          languages: [pl, hu]
          priority: 3
    """)), "odd")
    messages = {(n.field, n.kind): n.message for n in conv.notes}
    assert "does not compile" in messages[("amount", "skipped")]
    assert "camelot" in messages[("weird", "skipped")]
    assert "several groups" in messages[("two", "approximate")]
    assert "renamed" in messages[("strange-name", "approximate")]
    assert any("without 'end'" in n.message for n in conv.notes if n.field == "lines")
    assert any("month names in hu" in n.message for n in conv.notes)
    assert not any("month names in pl" in n.message for n in conv.notes)  # pl is known
    assert not conv.complete
    # the notes are also written at the top of the .sift file, and it still checks
    assert "# skipped: amount:" in conv.text
    assert not [d for d in check_source(conv.text)[1] if d.severity == "error"]


def test_keywords_written_as_regexes_are_found_as_text_or_as_regexes(engine, tmp_path):
    conv = convert({"issuer": "A", "keywords": ["(?i)acme", "NL8152[.]54", "$", "Total (EUR)"],
                    "fields": {"amount": "T (\\d+)"}}, "a")
    assert "contains /(?i)acme/" in conv.text and "contains /NL8152[.]54/" in conv.text
    assert "contains /\\$/" in conv.text and "contains /Total\\s+\\(EUR\\)/" in conv.text
    assert sum("found as text" in n.message for n in conv.notes) == 2
    # invoice2data 1.0 reads keywords as text: "Betrag [EUR]" is found as written (as a
    # regex it never matched), and the exclude keyword "[STORNO]" is the text, not a
    # class that rules out every page holding an S
    conv, _ = convert_yaml("""
        issuer: Krause
        keywords: [Krause, "Betrag [EUR]"]
        exclude_keywords: ["[STORNO]"]
        fields:
          amount: Summe\\s+(\\d+)
    """, "krause")
    (tmp_path / "krause.sift").write_text(conv.text)
    e = Engine(templates=[tmp_path])
    page = "Krause GmbH   Rechnung\nBetrag [EUR]\nSumme 248\nSTORNOS are text here\n"
    assert e.extract(page.encode(), name="k.txt").template == "krause"
    assert e.extract((page + "[STORNO]\n").encode(), name="k.txt").template is None


def test_literals():
    assert sift_regex("a/b\\/c") == "/a\\/b\\/c/"
    assert keyword_regex("Total (EUR) $") == "Total\\s+\\(EUR\\)\\s+\\$"


def test_compare_matches_invoice2data_conventions():
    assert same(4.11, "4.11") and same(1.0, "1.00") and not same(4.11, "4.12")
    assert same("2014-08-03", "2014-08-03") and same("", None)
    assert same([{"a": "x", "b": ""}], [{"a": "x", "b": None, "c": None}])
    assert not same([{"a": "x", "c": "1"}], [{"a": "x"}])
    # a list of one value is written as the value; a longer list must match item by item
    assert same("A1", ["A1"]) and not same("A1", ["A1", "B2"]) and not same("A1", ["B2"])
    assert same(["A1", "B2"], ["A1", "B2"]) and not same(["A1", "B2"], ["B2", "A1"])
    out = compare({"amount": 1.5, "template_name": "t"}, {"amount": Decimal("1.5"), "z": "1"})
    assert [(r.name, r.ok, r.kind) for r in out] == [("amount", True, "expected"),
                                                       ("z", False, "extra")]
    # a column only formsift fills is an extra of its own, not a wrong row
    out = compare({"lines": [{"a": "x"}]}, {"lines": [{"a": "x", "unece_code": "H87"}]})
    assert [(r.name, r.ok, r.kind, r.got) for r in out] == [
        ("lines", True, "expected", [{"a": "x", "unece_code": "H87"}]),
        ("lines[].unece_code", False, "extra", ["H87"])]


def test_cli_converts_a_folder_and_reports(tmp_path, capsys):
    src = tmp_path / "tpl" / "de"
    src.mkdir(parents=True)
    (src / "acme.yml").write_text(textwrap.dedent(BASIC))
    (src / "broken.yml").write_text("fields: [unclosed\n")
    (tmp_path / "tpl" / "x.json").write_text(json.dumps(
        {"issuer": "X", "keywords": ["X"], "fields": {
            "amount": "T (\\d+)",
            "ref": {"parser": "regex", "regex": "R (\\S+)", "replace": ["-", ""]}}}))
    out = tmp_path / "out"
    code = main(["import", "invoice2data", str(tmp_path / "tpl"), "--out", str(out)])
    text = capsys.readouterr().out
    assert code == EXIT_INPUT  # one file was unreadable; the others were converted
    assert (out / "acme.sift").exists() and (out / "x.sift").exists()
    assert "not converted: " in text and "broken.yml:2:1: not a valid template file" in text
    assert "3 template(s): 2 converted, 2 pass formsift check" in text
    # what was skipped is counted on the file's own line, not only below it
    assert "acme.sift: converted (6/6 fields)" in text
    # a field whose replace was skipped is there, but not counted as converted
    # (and the template defines neither date nor invoice_number, which invoice2data requires)
    assert "x.sift: converted (1/2 fields; 3 thing(s) skipped, listed below)" in text
    assert main(["check", str(out / "acme.sift")]) == EXIT_OK
    capsys.readouterr()
    code = main(["import", "invoice2data", str(src / "acme.yml"), "--out", str(out),
                 "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == EXIT_OK and report["summary"]["check_ok"] == 1


def test_cli_missing_path_is_one_line(tmp_path, capsys):
    code = main(["import", "invoice2data", str(tmp_path / "nope")])
    err = capsys.readouterr().err
    assert code == EXIT_INPUT and "no such file or folder" in err and "Traceback" not in err


def test_a_verbose_regex_on_several_lines_keeps_its_meaning(engine):
    # its line breaks were written as \n escapes, so the first comment ran to the end
    # and swallowed the group: the value was the label's text, accepted
    _, tpl = convert_yaml("""
        issuer: Verbose
        keywords: [Verbose]
        fields:
          invoice_number:
            parser: regex
            regex: |-
              (?x)
              Invoice \\s+ number \\s* : \\s*   # the label [#]
              (VW-\\d+)                       # the number
    """, "vx")
    record = extract(engine, tpl, "Verbose Widgets\nInvoice number: VW-5521\n")
    assert record["invoice_number"] == "VW-5521"
    # a "]" first in a class is one of its characters: the "#" after it is no comment
    assert sift_regex("(?x)\n[]#] x  # note\n[^]#]") == "/(?x) []#] x   [^]#]/"


def test_only_lines_and_tax_lines_get_invoice2data_s_line_item_names(engine):
    # invoice2data renames description -> name, unit_price -> price_unit only in the rows
    # of these two fields; a field "deliveries" keeps its group names
    conv, _ = convert_yaml("""
        issuer: D
        keywords: [D]
        fields:
          amount: Total\\\\s+(\\\\d+)
          deliveries:
            parser: lines
            start: Deliveries
            end: Total
            line: (?P<description>\\\\w+)\\\\s+(?P<unit_price>\\\\d+)
          lines:
            parser: lines
            start: Items
            end: Deliveries
            line: (?P<description>\\\\w+)\\\\s+(?P<unit_price>\\\\d+)
    """, "d")
    deliveries = conv.text[conv.text.index("table deliveries"):]
    assert "description:" in deliveries and "unit_price:" in deliveries
    items = conv.text[conv.text.index("table lines"):conv.text.index("table deliveries")] \
        if conv.text.index("table lines") < conv.text.index("table deliveries") \
        else conv.text[conv.text.index("table lines"):]
    assert "name:" in items and "price_unit:" in items


def test_a_line_item_group_another_rule_does_not_capture_leaves_the_record_accepted(engine):
    # invoice2data rows simply lack a group their rule did not capture; converted as a
    # required column, every such row sent the record to review (field_missing)
    _, tpl = convert_yaml("""
        issuer: Blocks
        keywords: [Blocks]
        fields:
          amount: Total\\s+(\\d+)
          lines:
            parser: lines
            rules:
              - start: Items
                end: Services
                line: ^(?P<description>\\w+)\\s+(?P<code>[A-Z]\\d+)$
              - start: Services
                end: Total
                line: ^(?P<description>\\w+)$
    """, "blocks")
    doc = "Blocks Ltd\nItems\nScrews A12\nServices\nInstallation\nTotal 40\n"
    result = engine.extract(doc.encode(), tpl, name="b.txt")
    assert [r.get("name") for r in result.record()["lines"]] == ["Screws", "Installation"]
    assert result.status.value == "accepted", result.reasons
