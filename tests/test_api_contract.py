"""What an integrator relies on: results that survive JSON, a schema that covers every
line written, exporters usable from Python, configuration mistakes reported at once,
duplicates caught under concurrency, and a file of several documents never passed off
as one."""

from __future__ import annotations

import io
import json
import re
import threading
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from formsift import Engine, ErrorResult, ExtractionResult
from formsift.core.errors import FormsiftError, PluginError, TemplateError
from formsift.core.result import Status, result_json_schema
from formsift.core.seen import MemorySeenStore
from formsift.templates import check_source

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "documents"


# ---------------------------------------------------------------- results as JSON
def test_a_result_read_back_from_json_has_its_types(engine):
    result = engine.extract(EXAMPLES / "invoice.pdf", template="invoice")
    assert isinstance(result.value("total"), Decimal)
    back = ExtractionResult.model_validate_json(result.model_dump_json())
    assert isinstance(back.value("total"), Decimal)
    assert isinstance(back.value("invoice_date"), date)
    assert back.value("total") == result.value("total")
    assert back == result


def test_an_amounts_currency_is_written_and_read_back(registry, make_pdf):
    (tpl,), _ = check_source('template t {\n  field total: money = right of "Total"\n}',
                             "t.sift", registry)
    pdf = make_pdf([(50, 100, "Total"), (150, 100, "$12.50")])
    result = Engine([tpl], registry=registry, seen_store="memory").extract(pdf, tpl)
    assert result.field("total").currency == "USD"
    data = json.loads(result.model_dump_json())
    assert data["fields"]["total"] | {"value": "12.50", "value_type": "decimal",
                                      "currency": "USD"} == data["fields"]["total"]
    back = ExtractionResult.model_validate(data)
    assert back.value("total") == Decimal("12.50")
    assert back.value("total").currency == "USD"


def test_error_results_are_valid_against_the_result_schema(engine, tmp_path):
    results = list(engine.extract_many([EXAMPLES / "invoice.pdf", tmp_path / "missing.pdf"],
                                       "invoice"))
    assert isinstance(results[1], ErrorResult)
    schema = result_json_schema()
    for r in results:
        jsonschema.validate(json.loads(r.model_dump_json()), schema)


def test_packet_results_are_valid_against_the_result_schema(engine):
    """extract_packet(...).model_dump_json() (and a --split line) failed validation
    against docs/result.schema.json, which described single results only."""
    from formsift.core.packet import PacketResult
    from formsift.samples import packet

    pdf, _ = packet(["invoice", "receipt"], seed=3)
    result = engine.extract_packet(pdf, name="two.pdf")
    assert isinstance(result, PacketResult) and len(result.documents) == 2
    schema = result_json_schema()
    jsonschema.validate(json.loads(result.model_dump_json()), schema)
    written = json.loads((Path(__file__).resolve().parents[1] / "docs" /
                          "result.schema.json").read_text())
    jsonschema.validate(json.loads(result.model_dump_json()), written)


def test_field_gives_a_single_value_or_says_why_not(engine):
    result = engine.extract(EXAMPLES / "invoice.pdf", template="invoice")
    assert result.field("total").value == result.value("total")
    with pytest.raises(KeyError, match="no field 'totl'"):
        result.field("totl")


# ---------------------------------------------------------------- exporters
def test_export_from_python_and_csv_cells_a_spreadsheet_would_run(registry, make_pdf):
    (tpl,), _ = check_source('template t {\n  field seller: text = right of "Seller"\n'
                             '  field total: money = right of "Total"\n}', "t.sift", registry)
    pdf = make_pdf([(50, 100, "Seller"), (150, 100, '=HYPERLINK("http://x.example")'),
                    (50, 140, "Total"), (150, 140, "-12.50")])
    engine = Engine([tpl], registry=registry, seen_store="memory")
    result = engine.extract(pdf, tpl)
    out = io.StringIO()
    engine.export([result], out, "csv")
    row = out.getvalue().splitlines()[1]
    assert "'=HYPERLINK" in row and ",-12.50" in row  # numbers stay numbers
    assert engine.component("exporter", "json") is engine.component("exporter", "json")
    with pytest.raises(PluginError, match="did you mean 'csv'"):
        engine.export([result], out, "cvs")
    one = io.StringIO()
    engine.export(result, one, "csv")  # one result, not a list of one
    assert one.getvalue() == out.getvalue()
    with pytest.raises(FormsiftError, match="no component kind"):
        engine.component("exporters", "json")


def test_export_writes_to_a_binary_stream_as_utf8(engine, tmp_path):
    """open(path, "wb") gave a bare "TypeError: a bytes-like object is required"."""
    import tempfile

    result = engine.extract(EXAMPLES / "invoice.pdf", template="invoice")
    failed = ErrorResult(source="Müller.pdf", error="input_error", message="no such file")
    for fmt in ("csv", "json", "jsonl"):
        text = io.StringIO()
        engine.export([result, failed], text, fmt)
        path = tmp_path / f"out.{fmt}"
        with open(path, "wb") as fh:
            engine.export([result, failed], fh, fmt)
            fh.write(b"# more\n")  # still the caller's, open
        assert path.read_bytes() == text.getvalue().encode("utf-8") + b"# more\n", fmt
        with open(path, "wb", buffering=0) as raw:  # unbuffered: a raw file
            engine.export([result, failed], raw, fmt)
        assert path.read_bytes() == text.getvalue().encode("utf-8"), fmt
        with io.BytesIO() as memory, tempfile.SpooledTemporaryFile() as spooled:
            for stream in (memory, spooled):
                engine.export([result, failed], stream, fmt)
                stream.seek(0)
                assert stream.read().decode("utf-8") == text.getvalue(), fmt


# ---------------------------------------------------------------- configuration
@pytest.mark.parametrize(("kwargs", "message"), [
    ({"default_preprocess": ["deskw"]}, "did you mean 'deskew'"),
    ({"seen_store": "memroy"}, "did you mean 'memory'"),
    ({"ocr_dpi": 0}, "ocr_dpi must be between"),
])
def test_configuration_mistakes_are_reported_by_the_constructor(kwargs, message):
    with pytest.raises(FormsiftError, match=message):
        Engine(**kwargs)


def test_an_unusable_duplicates_store_is_reported_by_the_constructor(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(FormsiftError, match="cannot be opened"):
        Engine(seen_store=blocker / "seen.db")  # its folder is a file


def test_a_duplicates_store_in_a_missing_folder_is_an_error_naming_it(tmp_path,
                                                                      monkeypatch):
    """Engine(seen_store="/nonexistent/dir/x.db") created /nonexistent/dir/: a mistyped
    folder became a new, empty store that finds no duplicates."""
    missing = tmp_path / "nope" / "deeper"
    message = re.escape(f"its folder '{missing}' does not exist")
    with pytest.raises(FormsiftError, match=message):
        Engine(seen_store=missing / "seen.db")
    monkeypatch.setenv("FORMSIFT_SEEN_STORE", str(missing / "seen.db"))
    with pytest.raises(FormsiftError, match=r"FORMSIFT_SEEN_STORE=.*does not exist"):
        Engine()
    assert not (tmp_path / "nope").exists()
    monkeypatch.delenv("FORMSIFT_SEEN_STORE")
    monkeypatch.setenv("FORMSIFT_STATE_DIR", str(tmp_path / "state" / "formsift"))
    Engine().seen_store.add("t", "INV-1", "doc")  # the default location is created
    assert (tmp_path / "state" / "formsift" / "seen.sqlite3").is_file()
    with pytest.raises(FormsiftError, match="not int"):
        Engine(seen_store=42)


def test_one_path_where_a_list_is_expected_is_one_input(engine):
    results = list(engine.extract_many(str(EXAMPLES / "invoice.pdf"), "invoice"))
    assert len(results) == 1 and results[0].status is not Status.ERROR
    one = Engine(str(EXAMPLES.parent / "templates" / "delivery_note_signed.sift"))
    assert [t.name for t in one.templates] == ["delivery_note_signed"]
    with pytest.raises(FormsiftError, match="not int"):
        engine.extract(EXAMPLES / "invoice.pdf", template=42)


def test_one_file_object_or_memoryview_is_one_input_not_its_lines(engine):
    data = (EXAMPLES / "invoice.pdf").read_bytes()
    with open(EXAMPLES / "invoice.pdf", "rb") as fh:
        from_file = list(engine.extract_many(fh, "invoice"))
    from_view = list(engine.extract_many(memoryview(data), "invoice"))
    for results in (from_file, from_view):
        assert len(results) == 1 and results[0].status is Status.ACCEPTED


def test_a_misspelt_template_is_reported_before_any_input(engine, tmp_path):
    # every input bad: the typo would otherwise never be reported
    with pytest.raises(FormsiftError, match="invoce"):
        list(engine.extract_many([tmp_path / "missing.pdf"], "invoce"))
    with pytest.raises(FormsiftError, match="not int"):
        list(engine.extract_many([EXAMPLES / "invoice.pdf"], 42))


@pytest.mark.parametrize("max_bytes", [None, 0, -1, "10", 1.5])
def test_a_size_limit_that_is_no_size_is_reported_by_the_constructor(max_bytes):
    with pytest.raises(FormsiftError, match="max_bytes must be"):
        Engine(max_bytes=max_bytes)


@pytest.mark.parametrize("name", [123, b"scan.pdf", Path("scan.pdf")])
def test_a_name_that_is_no_str_is_a_usage_error(engine, name):
    data = (EXAMPLES / "invoice.pdf").read_bytes()
    with pytest.raises(FormsiftError, match="name must be a str, not "):
        engine.extract(data, template="invoice", name=name)
    with pytest.raises(FormsiftError, match="name must be a str, not "):
        engine.extract_packet(data, name=name)


def test_a_file_name_too_long_is_an_input_error(engine):
    from formsift.core.errors import InputError

    with pytest.raises(InputError, match="cannot read file"):
        engine.extract("a" * 300 + ".pdf", "invoice")


def test_value_of_a_misspelt_name_raises_and_a_table_gives_its_rows(engine):
    result = engine.extract(EXAMPLES / "invoice.pdf", template="invoice")
    with pytest.raises(KeyError, match="no field or table 'totl'"):
        result.value("totl")
    rows = result.value("items")
    assert rows and isinstance(rows[0]["amount"], Decimal)
    assert sum(r["amount"] for r in rows) == result.value("net")


def test_a_template_given_as_its_text_compiles_and_extracts(registry, make_pdf):
    import formsift
    from formsift.core.errors import TemplateError

    text = 'template shop {\n  field total: money = right of "Total"\n}\n'
    template = formsift.compile_template(text, registry)
    assert template.name == "shop"
    pdf = make_pdf([(50, 100, "Total"), (150, 100, "12.50")])
    result = Engine(registry=registry, seen_store="memory").extract(pdf, template)
    assert result.value("total") == Decimal("12.50")

    with pytest.raises(TemplateError) as caught:  # every diagnostic, as for a file
        formsift.compile_template(text.replace("money", "mony").replace(
            "}", '  field due: dat = right of "Due"\n}'), registry, path="db:shop")
    assert len(caught.value.diagnostics) == 2
    assert "db:shop:2:16: error: unknown field type 'mony'" in str(caught.value)
    two = text + text.replace("shop", "kiosk")
    with pytest.raises(TemplateError, match=r"holds 2 templates \(shop, kiosk\)"):
        formsift.compile_template(two, registry)
    packets = 'packet p {\n  document a: invoice\n}\n'
    assert check_source(packets, "p.sift", registry) == ([], [])
    with pytest.raises(TemplateError, match="defines packets only"):
        formsift.compile_template(packets, registry)
    with pytest.raises(TemplateError, match="text is empty"):
        formsift.compile_template(" \n", registry)
    with pytest.raises(TemplateError, match=r"use load_template\('acme.sift'\)"):
        formsift.compile_template("acme.sift", registry)
    with pytest.raises(TemplateError, match="not bytes"):
        formsift.compile_template(text.encode(), registry)


def test_a_template_file_edited_while_the_engine_runs_is_read_again(registry, make_pdf,
                                                                    tmp_path):
    path = tmp_path / "live.sift"
    path.write_text('template live {\n  field total: money = right of "Total"\n'
                    '  rule big: total > 100\n}\n')
    pdf = make_pdf([(50, 100, "Total"), (150, 100, "12.00")])
    engine = Engine(registry=registry, seen_store="memory")
    first = engine.extract(pdf, path)
    assert first.status is Status.REVIEW
    path.write_text(path.read_text().replace("rule big", "warn big") + "\n")
    again = engine.extract(pdf, path)
    assert again.status is Status.ACCEPTED
    assert again.audit.template_hash != first.audit.template_hash


# ---------------------------------------------------------------- duplicates
DUP = '''template t {
  field invoice_no: id = right of "Invoice No." or right of "Order No."
  rule first_time: not seen_before(invoice_no)
}'''


class SlowStore(MemorySeenStore):
    """A store whose lookups take a while (a remote database): the window in which two
    documents could both find a number new."""

    def seen(self, namespace, value, exclude_document=None):
        answer = super().seen(namespace, value, exclude_document)
        time.sleep(0.3)  # the answer travels back while the other document is checked
        return answer


def test_two_copies_extracted_at_once_are_not_both_new(registry, make_pdf):
    (tpl,), _ = check_source(DUP, "t.sift", registry)
    engine = Engine([tpl], registry=registry, seen_store=SlowStore())
    pdfs = [make_pdf([(50, 100, "Invoice No."), (150, 100, "INV-7"), (50, 200, extra)])
            for extra in ("original", "sent again")]
    engine.extract(make_pdf([(50, 100, "Invoice No."), (150, 100, "INV-1")]), tpl)  # warm
    results: list = [None, None]
    start = threading.Barrier(2)

    def run(i: int) -> None:
        start.wait()
        results[i] = engine.extract(pdfs[i], tpl)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.rules[0].passed for r in results) == [False, True]


def test_a_duplicate_keeps_its_value_instead_of_dodging_the_rule(registry, make_pdf):
    """``not seen_before(x)`` chose among candidates: the second copy took the order
    number as its invoice number, passed, and recorded the wrong value."""
    (tpl,), _ = check_source(DUP, "t.sift", registry)
    engine = Engine([tpl], registry=registry, seen_store="memory")
    lines = [(50, 100, "Invoice No."), (150, 100, "INV-7"), (50, 140, "Order No."),
             (150, 140, "PO-3")]
    first = engine.extract(make_pdf([*lines, (50, 200, "one")]), tpl)
    second = engine.extract(make_pdf([*lines, (50, 200, "two")]), tpl)
    assert first.value("invoice_no") == second.value("invoice_no") == "INV-7"
    assert second.rules[0].passed is False and second.status is Status.REVIEW


# ---------------------------------------------------------------- packets
def test_a_file_of_several_documents_is_not_accepted_as_one(engine):
    from formsift.samples import packet

    pdf, layout = packet(["invoice", "invoice", "receipt"], seed=20)
    assert [kind for kind, _ in layout] == ["invoice", "invoice", "receipt"]
    result = engine.extract(pdf, name="three.pdf")
    assert result.status is not Status.ACCEPTED
    reason = next(r for r in result.reasons if r.code == "several_documents")
    assert "extract_packet" in reason.message
    # a single document of the same kinds is not flagged
    single, _ = packet(["invoice"], seed=20)
    assert all(r.code != "several_documents"
               for r in engine.extract(single, name="one.pdf").reasons)


@pytest.mark.parametrize("kinds, flagged", [
    (["invoice", "receipt"], "page 2 ('receipt')"),
    (["invoice", "delivery_note"], "page 2 ('delivery_note')"),
    (["invoice", "invoice"], "page 2 (another 'invoice': invoice_no"),
])
def test_a_template_asked_for_by_name_does_not_drop_the_files_other_documents(
        engine, kinds, flagged):
    """An integrator's mail gateway: an invoice PDF with a receipt as its second page,
    extracted with template="invoice", was accepted and the receipt silently lost
    (classification would have said several_documents)."""
    from formsift.samples import packet

    pdf, _ = packet(kinds, seed=30)
    result = engine.extract(pdf, "invoice", name="two.pdf")
    assert result.status is not Status.ACCEPTED
    reason = next(r for r in result.reasons if r.code == "several_documents")
    assert flagged in reason.message, reason.message


def test_two_invoices_in_one_file_are_several_documents(engine):
    """Two generated invoices in one PDF, classified: the receipt template claims the
    first page alone and ties with the invoice template, whose item sum over both
    invoices fails; whichever wins, the file is no single accepted record. (Choosing by
    the pages each template claims was tried: a generic receipt template claims every
    page of an invoice-and-receipt file, and such files were then accepted as one
    mixed receipt.)"""
    from formsift.samples import packet

    for kinds in (["invoice", "invoice"], ["invoice_2p", "receipt"], ["invoice", "receipt"],
                  ["receipt", "invoice"]):
        for seed in range(4):
            pdf, _ = packet(kinds, seed=seed)
            result = engine.extract(pdf, name="two.pdf")
            assert result.status is not Status.ACCEPTED, (kinds, seed)
            assert any(r.code == "several_documents" for r in result.reasons), (kinds, seed)


_SUPPLIER = """template nordwind {
  match {
    contains "Nordwind Handels GmbH"
    contains "Invoice"
    threshold 1
  }
  field invoice_no: id = right of "Invoice No."
  field order_no: id? = right of "Order No."
  field total: money = right of "Total"
  table items {
    description: text header "Item"
    amount: money header "Amount"
    until "Total"
  }
  rule sum_items: sum(items.amount) == total tolerance 0.01
}"""


@pytest.mark.parametrize("case", ["table runs on", "blank back", "order no", "terms page"])
def test_one_supplier_invoice_over_two_pages_is_one_document(engine, make_pdf, case):
    """The review of several_documents with a template asked for by name: a supplier's
    template matches page 1 only; page 2 (the rest of the table and the total, which the
    library's receipt template claims; or after a blank back page; or showing an order
    number page 1 has not; or a terms page numbered "Page 1 of 1" like the invoice) made
    accepted invoices go to review."""
    (tpl,), _ = check_source(_SUPPLIER, "nordwind.sift", engine.registry)
    page1 = [(50, 50, "Nordwind Handels GmbH"), (50, 70, "Invoice"),
             (50, 90, "Invoice No."), (150, 90, "NW-2024-0815"), (50, 130, "Item"),
             (400, 130, "Amount"), (50, 150, "Pump"), (400, 150, "10.00")]
    page2 = [(50, 60, "Item"), (400, 60, "Amount"), (50, 80, "Valve"), (400, 80, "5.00"),
             (300, 120, "Total"), (400, 120, "15.00"), (50, 160, "Thank you for your order")]
    pages = [page1, page2]
    if case == "blank back":
        pages = [page1, [], page2]
    elif case == "order no":
        pages = [page1, [(50, 30, "Nordwind Handels GmbH"), (50, 45, "Order No."),
                         (150, 45, "PO-4711-22"), *page2]]
    elif case == "terms page":
        page1 = [*page1, (300, 170, "Total"), (400, 170, "10.00"), (250, 800, "Page 1 of 1")]
        terms = [(50, 60, "Terms: every invoice is payable within 30 days; VAT and total"),
                 (50, 80, "as stated on the invoice."), (250, 800, "Page 1 of 1")]
        pages = [page1, terms]
    result = engine.extract(make_pdf(*pages), tpl)
    assert [r.code for r in result.reasons] == [], result.reasons
    assert result.status is Status.ACCEPTED


def test_an_invoice_after_a_receipt_is_another_document_though_the_items_run_on(engine):
    """The review's receipt-then-invoice file with template="receipt": the receipt's item
    rows ran on over the invoice page, which counted as the receipt's own, and the record
    was accepted with the invoice dropped. A page another template claims with an
    identifier of its own is another document, rows or not."""
    from formsift.samples import packet

    pdf, _ = packet(["receipt", "invoice"], seed=7)
    result = engine.extract(pdf, "receipt", name="two.pdf")
    reason = next(r for r in result.reasons if r.code == "several_documents")
    assert "page 2 ('invoice')" in reason.message


def test_the_pages_of_one_long_document_are_no_other_documents(engine):
    """A two-page invoice (its second page carries the table's end and the totals), and
    a single generated document of each kind, extracted with their template by name."""
    from formsift.samples import packet

    for kind, template in (("invoice_2p", "invoice"), ("invoice", "invoice"),
                           ("receipt", "receipt")):
        for seed in range(3):
            pdf, _ = packet([kind], seed=seed)
            result = engine.extract(pdf, template, name="one.pdf")
            assert all(r.code != "several_documents" for r in result.reasons), (kind, seed)


_CI = """template ci {
  match {
    contains "Commercial invoice"
    contains "Incoterms"
    threshold 1
  }
  field total: money = right of "Total"
}"""


@pytest.mark.parametrize("top, cues, flagged", [
    ("Items", ("", ""), True),  # nothing ties page 3 to page 1: a receipt claims it
    ("Commercial invoice CI-7 (continued)", ("", ""), False),
    ("Items", ("Page 1 of 2", "Page 2 of 2"), False),  # its cue follows, past a blank page
])
def test_a_continued_page_after_a_blank_one_is_no_other_document(engine, make_pdf, top,
                                                                  cues, flagged):
    """A customs user's duplex scan: the blank back of page 5, then page 7 headed
    "... (continued)", which a receipt template claims: one document, not two."""
    (tpl,), _ = check_source(_CI, "ci.sift", engine.registry)
    page1 = [(50, 50, "Commercial invoice"), (50, 70, "Incoterms FCA"),
             (50, 100, "Description"), (400, 100, "Amount"), (50, 120, "Pump"),
             (400, 120, "10.00"), (250, 800, cues[0])]
    page3 = [(50, 50, top), (50, 100, "Item"), (400, 100, "Amount"),
             (50, 120, "Valve"), (400, 120, "5.00"), (300, 200, "Total"),
             (400, 200, "15.00"), (250, 800, cues[1])]
    result = engine.extract(make_pdf(page1, [], page3), tpl)
    assert any(r.code == "several_documents" for r in result.reasons) is flagged


def test_a_pipeline_naming_the_default_components_is_the_default_pipeline(engine):
    """Compared by instance, a template's own copy of the default components counted as
    another pipeline, and every classified scan was read twice."""
    from formsift.core.components import ComponentKind
    from formsift.core.engine import _same

    mine = engine.component(ComponentKind.PREPROCESSOR, "deskew")
    theirs = engine.registry.create(ComponentKind.PREPROCESSOR, "deskew")
    assert mine is not theirs and _same([mine], [theirs])
    other = engine.registry.create(ComponentKind.PREPROCESSOR, "deskew",
                                   {"max_angle": 5.0})
    assert not _same([mine], [other])


def test_a_template_asked_for_by_name_still_has_to_fit_the_document(engine):
    # a credit note extracted with the invoice template was accepted: its match block's
    # vetoes (not contains "Credit note") were never looked at
    import pymupdf

    from formsift.samples import generate

    sample = generate("invoice", 0)
    doc = pymupdf.open(stream=sample.pdf, filetype="pdf")
    doc[0].insert_text((300, 40), "CREDIT NOTE", fontsize=12)
    credit = engine.extract(doc.tobytes(), "invoice")
    assert credit.status is Status.REVIEW
    (reason,) = [r for r in credit.reasons if r.code == "template_mismatch"]
    assert '"CREDIT NOTE"' in reason.message  # what the veto found, not its pattern
    assert credit.classification[0].score == 0
    # a document of another kind altogether: under the template's threshold
    receipt = engine.extract(EXAMPLES / "receipt.pdf", "invoice")
    assert any(r.code == "template_mismatch" and "threshold" in r.message
               for r in receipt.reasons)
    fits = engine.extract(sample.pdf, "invoice")
    assert fits.status is Status.ACCEPTED and fits.classification[0].score == 1.0


def test_a_named_template_fits_keywords_spread_over_pages_and_vetoes_alone(registry,
                                                                          make_pdf):
    # invoice2data keywords apply to the whole document: "ACME Corp" on page 1 and "IBAN"
    # on page 2 went to review; a match block of vetoes alone reviewed every document
    src = '''template acme {
      match {
        contains "ACME Corp"
        contains "IBAN"
        threshold 1
      }
      field total: money = right of "Total"
    }'''
    (tpl,), _ = check_source(src, "t.sift", registry)
    engine = Engine([tpl], registry=registry, seen_store="memory")
    pdf = make_pdf([(50, 100, "ACME Corp"), (50, 140, "Total"), (150, 140, "110.00")],
                   [(50, 100, "IBAN DE02 1203 0000 0000 2020 51")])
    assert engine.extract(pdf, tpl).status is Status.ACCEPTED
    only = make_pdf([(50, 100, "ACME Corp"), (50, 140, "Total"), (150, 140, "110.00")])
    assert engine.extract(only, tpl).status is Status.REVIEW  # IBAN nowhere
    vetoes = src.replace('contains "ACME Corp"\n        contains "IBAN"\n        threshold 1',
                         'not contains "Credit note"')
    (veto,), _ = check_source(vetoes, "v.sift", registry)
    assert engine.extract(only, veto).status is Status.ACCEPTED
    credit = make_pdf([(50, 100, "Credit note"), (50, 140, "Total"), (150, 140, "110.00")])
    assert engine.extract(credit, veto).status is Status.REVIEW


def test_value_of_an_unknown_document_is_none(engine, make_pdf):
    result = engine.extract(make_pdf([(50, 100, "Nothing to see here")]))
    assert result.template is None and result.value("total") is None


def test_a_template_given_as_its_text_is_compiled_and_a_long_string_is_no_path(
        engine, make_pdf):
    """An integrator kept templates in a database: Engine.extract(data, template=text)
    said "no template named 'template claim {...'" (echoing the whole text), and text
    over 4 KB raised OSError: File name too long."""
    src = 'template claim {\n  field total: money = right of "Total"\n}\n'
    pdf = make_pdf([(50, 100, "Total"), (150, 100, "12.50")])
    assert engine.extract(pdf, src).record() == {"total": "12.50"}
    assert engine.template(src) is engine.template(src)  # compiled once
    for wrong in ("x" * 5000, "invoice\nreceipt"):
        with pytest.raises(TemplateError, match="not a library name or a template file"):
            engine.extract(pdf, wrong)


def test_a_misspelt_box_segmenter_is_an_error():
    with pytest.raises(PluginError, match=r"box_segmenter: no segmenter named 'inklines'.*"
                                          r"did you mean 'ink_lines'"):
        Engine(box_segmenter="inklines")


def test_a_timeout_stops_ocr_between_pages(registry):
    """An integrator's worker could not stop a long scan inside the process: a thread
    cannot be killed, and asyncio.wait_for only stopped waiting."""
    import time

    import pymupdf

    from formsift.core.errors import DocumentTimeout
    from formsift.plugins.ocr.models import models_available
    from formsift.samples import encode_png, generate, render_scan

    if not models_available():
        pytest.skip("OCR models not installed")
    png = encode_png(render_scan(generate("receipt", 1).pdf, 100, "clean", 1)[0])
    scan = pymupdf.open()
    for _ in range(2):
        page = scan.new_page(width=300, height=500)
        page.insert_image(page.rect, stream=png)
    pdf = scan.tobytes()
    engine = Engine(registry=registry, seen_store="memory")
    engine.prepare("receipt")  # models loaded before the clock starts
    engine.on_page_read = lambda doc, done, total: time.sleep(2.1)
    with pytest.raises(DocumentTimeout, match=r"not done after 2 s \(1 of 2 page"):
        engine.extract(pdf, "receipt", timeout=2)
    engine.on_page_read = None
    assert engine.extract(pdf, "receipt", timeout=600).template == "receipt"
    for wrong in (0, -1, float("nan"), float("inf"), "10", True):
        with pytest.raises(FormsiftError, match="timeout must be a number of seconds"):
            engine.extract(pdf, "receipt", timeout=wrong)
