"""invoice2data template features as invoice2data's own code reads them, converted by
``formsift import invoice2data`` and run on generated PDFs.

Each expected value is what invoice2data 1.0 gives for the same text (reasoned from its
``invoice_template.extract``, ``parsers.regex`` and ``loader``), except where that is a
value no document gave, and the import notes the difference: invoice2data outputs the
template's issuer where an ``issuer`` field finds nothing (here: missing, for review) and
sets ``currency`` and ``desc`` after the fields (here: the field's value is kept). An
unknown ``type`` stops the extraction, ``required_fields`` names output keys (``static_``
dropped), the settings beside a lines field's ``rules`` apply to each rule set, and
exclude keywords are found as text, with their words on one line.
"""

from __future__ import annotations

import textwrap

import pytest

yaml = pytest.importorskip("yaml")

from formsift import Engine  # noqa: E402
from formsift.importers.invoice2data import convert  # noqa: E402
from formsift.templates import check_source  # noqa: E402
from tests.pdfs import text_lines  # noqa: E402


@pytest.fixture(scope="module")
def engine():
    return Engine(templates=[])


def converted(text: str):
    conv = convert(yaml.safe_load(textwrap.dedent(text)), "acme")
    templates, diags = check_source(conv.text, "acme.sift")
    assert not [d for d in diags if d.severity == "error"], conv.text
    return conv, templates[0]


def notes(conv) -> list[str]:
    return [str(n) for n in conv.notes]


ISSUER = """
    issuer: ACME Corp
    keywords: [ACME]
    fields:
      issuer: {parser: regex, regex: 'Seller:\\s+(\\w+ \\w+)'}
      invoice_number: 'Invoice no\\.\\s+(\\w+)'
      amount: {parser: regex, regex: 'Total\\s+(\\d+\\.\\d\\d)', type: float}
      date: {parser: regex, regex: 'Date:\\s+(\\S+)', type: date}
    options:
      date_formats: ['%Y-%m-%d']
"""


def test_an_issuer_field_that_finds_nothing_leaves_the_issuer_missing(engine, make_pdf):
    # invoice2data would output the template's issuer (for a template without one: its
    # first keyword) where the field's regex matches nothing; a regex that finds nothing
    # is no evidence of who issued the document, so the required issuer is missing here
    conv, tpl = converted(ISSUER)
    pdf = make_pdf(text_lines("ACME", "Invoice no. A17", "Date: 2024-03-05", "Total 12.50"))
    result = engine.extract(pdf, tpl, name="i.pdf")
    assert result.record()["issuer"] is None
    assert result.status == "review"
    assert any(r.code == "field_missing" and "issuer" in str(r) for r in result.reasons)
    assert any("invoice2data's output gives the template's issuer 'ACME Corp'" in n
               for n in notes(conv)), notes(conv)
    pdf = make_pdf(text_lines("ACME", "Seller: Acme Ltd", "Invoice no. A17",
                              "Date: 2024-03-05", "Total 12.50"))
    result = engine.extract(pdf, tpl, name="i.pdf")
    assert result.record()["issuer"] == "Acme Ltd" and result.status == "accepted"
    # without `issuer:` invoice2data's issuer is the first keyword: never taken for one
    conv, tpl = converted(ISSUER.replace("    issuer: ACME Corp\n", ""))
    assert "default" not in next(x for x in conv.text.splitlines() if "field issuer" in x)
    pdf = make_pdf(text_lines("ACME", "Invoice no. A17", "Date: 2024-03-05", "Total 12.50"))
    result = engine.extract(pdf, tpl, name="i.pdf")
    assert result.record()["issuer"] is None and result.status == "review"
    assert any("'ACME' (its first keyword" in n for n in notes(conv)), notes(conv)


def test_currency_and_desc_fields_keep_what_they_find(engine, make_pdf):
    # invoice2data sets currency (options.currency) and desc after the fields, whatever a
    # field of that name found; the document's own currency is kept here, and the
    # template's given only where the field finds nothing
    conv, tpl = converted("""
        issuer: ACME Corp
        keywords: [ACME]
        fields:
          currency: {parser: regex, regex: 'Currency:\\s+([A-Z]{3})'}
          desc: 'Subject:\\s+(.+)'
          ref: 'Ref\\s+(\\d+)'
        required_fields: [ref]
        options: {currency: GBP}
    """)
    pdf = make_pdf(text_lines("ACME", "Currency: USD", "Subject: Repairs", "Ref 42"))
    record = engine.extract(pdf, tpl, name="i.pdf").record()
    assert record["currency"] == "USD"
    assert record["desc"] == "Repairs"
    assert record["ref"] == "42"
    record = engine.extract(make_pdf(text_lines("ACME", "Ref 42")), tpl, name="i.pdf").record()
    assert record["currency"] == "GBP"
    assert record["desc"] == "Invoice from ACME Corp"
    said = notes(conv)
    assert any("currency" in n and "options.currency ('GBP')" in n and "field's value is kept"
               in n for n in said), said
    assert conv.complete
    # a static currency is the template's word for it: kept, noted
    conv, tpl = converted("""
        issuer: ACME Corp
        keywords: [ACME]
        fields:
          static_currency: USD
          ref: 'Ref\\s+(\\d+)'
        required_fields: [ref]
    """)
    record = engine.extract(make_pdf(text_lines("ACME", "Ref 42")), tpl, name="i.pdf").record()
    assert record["currency"] == "USD"
    assert any("static_currency" in n and "options.currency ('EUR')" in n
               for n in notes(conv)), notes(conv)


def test_a_type_invoice2data_does_not_know_is_refused_by_name():
    conv, _tpl = converted("""
        issuer: ACME Corp
        keywords: [ACME]
        fields:
          qty: {parser: regex, regex: 'Qty\\s+(\\d+)', type: number}
          lines:
            parser: lines
            start: Item
            end: Total
            line: '(?P<description>\\w+)\\s+(?P<price>\\d+\\.\\d\\d)'
            types: {price: decimal}
        tables:
          - start: Hotel
            end: Booking
            body: '(?P<rooms>\\d+)\\s+rooms'
            types: {rooms: integer}
        required_fields: []
    """)
    said = notes(conv)
    for kind in ("number", "decimal", "integer"):
        assert any(f"type {kind!r} is not an invoice2data type" in n and n.startswith(
            "skipped") for n in said), said
    assert "field qty" not in conv.text and "field rooms" not in conv.text
    assert not conv.complete


def test_required_fields_name_the_output_keys(engine, make_pdf):
    # invoice2data checks required_fields against its output, where static_vat is "vat":
    # requiring static_vat rejects every document
    conv, _ = converted("""
        issuer: ACME Corp
        keywords: [ACME]
        fields:
          static_vat: DE123
          sum_amount_tax: ['VAT\\s+(\\d+\\.\\d\\d)']
          ref: 'Ref\\s+(\\d+)'
        required_fields: [static_vat, sum_amount_tax, ref]
    """)
    said = notes(conv)
    for key in ("static_vat", "sum_amount_tax"):
        assert any(f"required field {key!r} is not defined" in n for n in said), said
    conv, tpl = converted("""
        issuer: ACME Corp
        keywords: [ACME]
        fields:
          ref: 'Ref\\s+(\\d+)'
        required_fields: ref
    """)
    assert any("required_fields is text, not a list" in n for n in notes(conv)), notes(conv)
    assert not any("required field 'r' is not defined" in n for n in notes(conv))
    assert "field ref: text(collapse_spaces=false, strip=false) =" in conv.text
    pdf = make_pdf(text_lines("ACME", "Ref 42"))
    assert engine.extract(pdf, tpl, name="i.pdf").record()["ref"] == "42"
    # a number is a mistake invoice2data stops on: reported, and the defaults required
    conv, _ = converted("""
        keywords: [ACME]
        fields:
          ref: 'Ref\\s+(\\d+)'
        required_fields: 5
    """)
    assert any("required_fields 5 is not a list" in n for n in notes(conv)), notes(conv)
    assert "field ref: text(collapse_spaces=false, strip=false)[] =" in conv.text


def test_an_area_says_how_its_text_differs_from_invoice2data_s():
    conv, _ = converted("""
        issuer: ACME Corp
        keywords: [ACME]
        fields:
          ref:
            parser: regex
            regex: 'Ref\\s{2,}(\\d+)'
            area: {f: 1, l: 1, x: 0, y: 0, r: 100, W: 400, H: 300}
        required_fields: []
        options: {remove_whitespace: true}
    """)
    note = next(n for n in notes(conv) if n.startswith("approximate: ref: area"))
    assert "remove_whitespace apply to the region's text" in note
    assert "column gap of two spaces or more" in note



@pytest.mark.parametrize("gap,needs_two", [
    ("\\s{2,}", True), ("\\s{10,}", True), ("[ ]{2,}", True), ("\\s\\s+", True),
    ("  ", True), ("[ \\t]{3}", True), ("\\s{1,}", False), ("\\s+", False),
    ("[\\s\\S]{2,}", False), (" ", False)])
def test_an_area_regex_needing_a_column_gap_is_noted(gap, needs_two):
    conv = convert({"issuer": "ACME", "keywords": ["ACME"], "required_fields": [],
                    "fields": {"ref": {"parser": "regex", "regex": f"Ref{gap}(\\d+)", "area": {
                        "f": 1, "l": 1, "x": 0, "y": 0, "r": 72, "W": 300, "H": 200}}}}, "acme")
    note = next(n for n in notes(conv) if n.startswith("approximate: ref: area"))
    assert ("column gap of two spaces or more" in note) is needs_two, (gap, note)


def test_settings_beside_rules_apply_to_every_rule_set(engine, make_pdf):
    # invoice2data 1.0 merges the lines settings written beside `rules` into each rule
    # set (parsers/lines: {**common, **rule}): `types` there types every rule's columns
    conv, tpl = converted("""
        issuer: ACME Corp
        keywords: [ACME]
        fields:
          lines:
            parser: lines
            rules:
              - start: Item
                end: Total
                line: '^(?P<name>[A-Z]\\w+)\\s+(?P<date_start>\\S+)\\s+(?P<price_subtotal>\\S+)$'
              - start: Shipping
                end: Total
                line: '^(?P<description>[a-z]\\w+)\\s+(?P<price_subtotal>\\d+,\\d\\d)$'
            types: {price_subtotal: float, date_start: date}
        required_fields: [lines]
        options:
          decimal_separator: ','
          date_formats: ['%d/%m/%Y']
    """)
    assert "price_subtotal: decimal default 0" in conv.text
    assert "date_start: date" in conv.text
    pdf = make_pdf(text_lines("ACME", "Item", "Widget   05/03/2024   1.234,50",
                              "Gadget   06/03/2024   3,00", "Total", "Shipping",
                              "courier   7,00", "Total"))
    rows = engine.extract(pdf, tpl, name="i.pdf").record()["lines"]
    assert [(r["name"], r.get("date_start"), r["price_subtotal"]) for r in rows] == [
        ("Widget", "2024-03-05", "1234.50"), ("Gadget", "2024-03-06", "3.00"),
        ("courier", None, "7.00")]
    # a rule set's own types replace those beside `rules`: one column, two types, noted
    conv, _ = converted("""
        keywords: [ACME]
        fields:
          lines:
            parser: lines
            rules:
              - {start: Item, end: Total, line: '(?P<qty>\\d+) x'}
              - {start: Extra, end: Total, line: '(?P<qty>\\d+) x', types: {qty: int}}
            types: {qty: float}
        required_fields: []
    """)
    assert any("column 'qty' has another type here" in n for n in notes(conv)), notes(conv)


def test_an_exclude_keyword_on_another_page_keeps_the_record_from_being_accepted(
        engine, make_pdf):
    # invoice2data tests exclude_keywords on the whole document's text: a credit note
    # whose mark is on page 2 is not read with the invoice template
    conv, tpl = converted("""
        issuer: ACME Corp
        keywords: [ACME Corp, Invoice]
        exclude_keywords: [Credit note]
        fields:
          ref: 'Ref\\s+(\\d+)'
        required_fields: [ref]
    """)
    page = text_lines("ACME Corp", "Invoice", "Ref 42")
    result = engine.extract(make_pdf(page, text_lines("Credit note", "page 2")), tpl,
                            name="i.pdf")
    assert result.status == "review"
    assert any("exclude keyword" in str(r) for r in result.reasons), result.reasons
    result = engine.extract(make_pdf(page, text_lines("Terms", "page 2")), tpl, name="i.pdf")
    assert result.status == "accepted"
    record = result.record()
    assert record.pop("exclude_keywords_found") is None
    assert record == {"ref": "42", "issuer": "ACME Corp", "currency": "EUR",
                      "desc": "Invoice from ACME Corp"}
    assert conv.complete


def test_a_table_group_that_is_also_a_field_is_noted_as_invoice2data_merges_it():
    # invoice2data's tables plugin ends with output.update(table_data): where the table
    # finds the group, its value replaces the field's
    conv, _ = converted("""
        issuer: ACME Corp
        keywords: [ACME]
        fields:
          booking_id: 'Booking\\s+(\\w+)'
        tables:
          - start: Booking ID
            end: DESCRIPTION
            body: '(?P<booking_id>\\w+)\\s+(?P<payment_method>\\w+)'
        required_fields: []
    """)
    assert any("'booking_id' is also a field: invoice2data's table value replaces the "
               "field's" in n for n in notes(conv)), notes(conv)


EXCLUDING = """
    issuer: ACME Corp
    keywords: [ACME Corp, Invoice]
    exclude_keywords: [Credit note]
    fields:
      ref: 'Ref\\s+(\\d+)'
    required_fields: [ref]
"""


def test_an_exclude_keyword_s_words_wrapped_over_two_lines_exclude_nothing(engine, make_pdf):
    # invoice2data tests `kw in text`: "...a Credit" / "note for..." holds a line break,
    # not a space, so the terms of an ordinary invoice do not rule it out
    _conv, tpl = converted(EXCLUDING)
    page = text_lines("ACME Corp", "Invoice", "Ref 42")
    terms = text_lines("Terms: goods returned within 14 days get a Credit",
                       "note for the price paid.")
    result = engine.extract(make_pdf(page, terms), tpl, name="i.pdf")
    assert result.status == "accepted", result.reasons
    assert result.record()["exclude_keywords_found"] is None
    result = engine.extract(make_pdf(text_lines("ACME Corp", "Invoice", "Ref 42",
                                                "Terms: goods returned get a Credit",
                                                "note for the price paid.")), tpl, name="i.pdf")
    assert result.template == "acme" and result.status == "accepted", result.reasons
    # on one line, with any spacing, the keyword still excludes
    result = engine.extract(make_pdf(page, text_lines("This is a Credit   note")), tpl,
                            name="i.pdf")
    assert result.status == "review"
    assert any("exclude keyword" in str(r) for r in result.reasons), result.reasons


def test_a_field_named_like_the_exclusion_field_does_not_disable_the_exclusion(
        engine, make_pdf):
    conv, tpl = converted(EXCLUDING.replace(
        "      ref:", "      exclude_keywords_found: 'Code\\s+(\\w+)'\n      ref:"))
    assert any("the field finding exclude keywords in the document is named "
               "'exclude_keywords_found_'" in n for n in notes(conv)), notes(conv)
    page = text_lines("ACME Corp", "Invoice", "Ref 42", "Code X1")
    result = engine.extract(make_pdf(page, text_lines("Credit note")), tpl, name="i.pdf")
    assert result.status == "review", result.reasons
    assert result.record()["exclude_keywords_found"] == ["X1"]
    result = engine.extract(make_pdf(page, text_lines("Terms")), tpl, name="i.pdf")
    assert result.status == "accepted", result.reasons
