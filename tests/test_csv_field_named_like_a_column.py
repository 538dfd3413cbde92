"""A template field named like a column the CSV exporters write themselves (``status``,
``source``, ``message``, ``page``, a packet's ``packet_status``...) overwrote that column:
a loader booked a shipping status as the record's status, or lost the field. The
metadata columns keep their names; such a field is written as ``field:NAME``, in every
file, and ``formsift check`` warns about it (stop 35's loose ends, issue 5)."""

from __future__ import annotations

import csv
import io

import pytest

from formsift import Engine
from formsift.templates import check_source

ORDER = '''template order {
  match { contains "ORDER FORM" threshold 1 }
  field order_no: id = right of "Order No."
  field status: text = right of "Status:"
  field source: text = right of "Source:"
  field message: text = right of "Message:"
  field page: int = right of "Sheets:"
  field Template: text = right of "Form:"
  table items {
    article: text header "Article"
    qty: int header "Qty"
    until "End of order"
  }
}
'''


def _order_pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines = ["ORDER FORM", "Order No.  A-100", "Status: shipped", "Source: web shop",
             "Message: leave at the door", "Sheets: 3", "Form: OF-2"]
    for n, line in enumerate(lines):
        page.insert_text((50, 60 + 20 * n), line, fontsize=11)
    y = 60 + 20 * len(lines) + 20
    for article, qty in (("Article", "Qty"), ("Bolts", "40"), ("Nuts", "60")):
        page.insert_text((50, y), article, fontsize=10)
        page.insert_text((250, y), qty, fontsize=10)
        y += 18
    page.insert_text((50, y + 20), "End of order", fontsize=11)
    return doc.tobytes()


def _rows(engine: Engine, results: list, fmt: str) -> list[dict[str, str]]:
    out = io.StringIO()
    engine.export(results, out, fmt)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


@pytest.fixture(scope="module")
def order(tmp_path_factory):
    path = tmp_path_factory.mktemp("order") / "order.sift"
    path.write_text(ORDER)
    engine = Engine(templates=[path])
    result = engine.extract(_order_pdf(), "order", name="o-100.pdf")
    assert result.status.value == "accepted", result.reasons
    assert result.value("status") == "shipped" and result.value("page") == 3
    return engine, result


@pytest.mark.parametrize("fmt", ["csv", "csv-rows"])
def test_a_field_named_like_a_column_keeps_both(order, fmt):
    engine, result = order
    rows = _rows(engine, [result], fmt)
    for row in rows:
        # the record's own columns
        assert (row["source"], row["status"], row["template"], row["message"]) == (
            "o-100.pdf", "accepted", "order", "")
        # the fields, each under its stated name
        assert row["field:status"] == "shipped" and row["field:source"] == "web shop"
        assert row["field:message"] == "leave at the door"
        assert row["field:page"] == "3"
        assert row["field:Template"] == "OF-2"  # a loader folding case: no second 'template'
        assert row["order_no"] == "A-100"
    header = list(rows[0])
    assert header.count("status") == 1 and "Template" not in header
    if fmt == "csv-rows":  # the page column is the table row's page, the field beside it
        assert [(r["table"], r["row"], r["page"], r["items.article"]) for r in rows] == [
            ("items", "1", "1", "Bolts"), ("items", "2", "1", "Nuts")]
        # the template's order: order_no, then the renamed fields in their place
        assert header[header.index("order_no"):header.index("items.article")] == [
            "order_no", "field:status", "field:source", "field:message", "field:page",
            "field:Template"]


def test_the_columns_option_names_the_field_by_its_column(order):
    engine, result = order
    out = io.StringIO()
    engine.component("exporter", "csv", {"columns": ["source", "status", "field:status"]}
                     ).export([result], out)
    assert out.getvalue().splitlines() == ["source,status,field:status",
                                           "o-100.pdf,accepted,shipped"]


def test_a_packet_documents_field_named_like_a_packet_column(registry, tmp_path):
    from tests.test_packet_customs_entry import PACKET, TEMPLATES, entry_pdf

    templates = TEMPLATES.replace(
        'field invoice_no: id = right of "Invoice No."\n  table items {\n    description: '
        'text header "Description"\n    origin',
        'field invoice_no: id = right of "Invoice No."\n  field packet_status: id = right of '
        '"Invoice No."\n  table items {\n    description: text header "Description"\n    '
        'origin', 1)
    assert templates != TEMPLATES
    path = tmp_path / "customs.sift"
    path.write_text(templates + PACKET.replace("RULES", ""))
    engine = Engine(templates=[path], registry=registry, seen_store="memory")
    packet = engine.extract_packet(entry_pdf(packed={"Gate valve": 38}), name="P03.pdf")
    assert packet.status.value == "review"
    for fmt in ("csv", "csv-rows"):
        (invoice, *_) = [r for r in _rows(engine, [packet], fmt) if r["packet_role"] == "inv"]
        assert invoice["packet_status"] == "review"
        assert invoice["field:packet_status"] == "SBE-26-5179"


def test_check_warns_about_a_field_named_like_a_column():
    _, diags = check_source(ORDER, "order.sift")
    warned = {d.message.split("'")[1]: d for d in diags if d.severity == "warning"}
    assert set(warned) == {"status", "source", "message", "page", "Template"}
    assert "'field:status'" in warned["status"].message
    assert "order_status" in (warned["status"].hint or "")
    assert not [d for d in diags if d.severity == "error"]
    # a table named so too (-f csv writes a table as a cell); other names are quiet
    _, diags = check_source('template t {\n  field order_status: text = right of "S"\n'
                            '  table row {\n    a: text header "A"\n  }\n}\n', "t.sift")
    assert [d.message.split("'")[1] for d in diags] == ["row"]


def test_a_columns_list_naming_a_field_the_file_writes_no_column_for(order):
    """A code read's find: ``-f csv`` writes no ``page`` column of its own, yet the field
    is ``field:page`` there too; a columns list written before (``page``) got an empty
    column without a word. A name the file does not write reads the field."""
    engine, result = order
    out = io.StringIO()
    engine.component("exporter", "csv", {"columns": ["source", "status", "page"]}
                     ).export([result], out)
    assert out.getvalue().splitlines() == ["source,status,page", "o-100.pdf,accepted,3"]
    # where the file writes the column itself (csv-rows: the table row's page), it is that
    out = io.StringIO()
    engine.component("exporter", "csv-rows", {"columns": ["row", "page", "field:page"]}
                     ).export([result], out)
    assert out.getvalue().splitlines() == ["row,page,field:page", "1,1,3", "2,1,3"]
