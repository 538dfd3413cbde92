"""`-f csv-rows`: one CSV row per table row, for matching line items against a ledger
(statement journey: `-f csv` put a whole table as JSON into one cell)."""

import csv
import io
from pathlib import Path

from formsift import Engine
from formsift.cli import main

ROOT = Path(__file__).resolve().parents[1]
INVOICE = ROOT / "examples" / "documents" / "invoice.pdf"


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_each_line_item_is_a_row_carrying_the_documents_fields():
    engine = Engine()
    result = engine.extract(INVOICE, "invoice")
    out = io.StringIO()
    engine.export([result], out, "csv-rows")
    rows = _rows(out.getvalue())
    items = result.record()["items"]
    assert len(items) > 1 and len(rows) == len(items)
    for n, (row, item) in enumerate(zip(rows, items, strict=True), start=1):
        assert row["table"] == "items" and row["row"] == str(n) and row["page"] == "1"
        assert row["invoice_no"] == result.record()["invoice_no"]
        assert row["total"] == result.record()["total"]
        assert row["items.amount"] == item["amount"]
        assert row["items.description"] == item["description"]
    assert "items" not in rows[0]  # the table is not also dumped as JSON into a cell


def test_an_error_and_a_document_without_rows_are_one_row_each(tmp_path, capsys):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf")
    note = tmp_path / "note.txt"
    note.write_text("Invoice INV-7\nTotal 12.00\n")
    tpl = tmp_path / "t.sift"
    tpl.write_text('template t {\n  match { contains "Invoice" }\n'
                   '  field number: text = right of "Invoice"\n'
                   '  field total: money = right of "Total"\n'
                   '  table items {\n    amount: money header "Amount"\n  }\n}\n')
    main(["extract", str(note), str(bad), "-t", str(tpl), "-f", "csv-rows"])
    rows = _rows(capsys.readouterr().out)
    assert [r["source"] for r in rows] == [str(note), str(bad)]
    assert rows[0]["number"] == "INV-7" and rows[0]["table"] == "" and rows[0]["row"] == ""
    assert rows[1]["status"] == "error" and "broken.pdf" in rows[1]["message"]


def test_a_row_under_a_heading_from_an_earlier_page_is_on_its_own_page(tmp_path):
    """A row's page is its own, not its section heading's (rent roll journey: rows of a
    building whose heading was on page 1 all came out on page 1 in `-f csv-rows`)."""
    import fitz

    doc = fitz.open()
    unit = 0
    for page_no in range(2):
        page = doc.new_page(width=595, height=842)
        y = 60
        page.insert_text((40, y), "Unit      Tenant        Rent", fontsize=10)
        if page_no == 0:
            y += 20
            page.insert_text((40, y), "Building A", fontsize=10, fontname="hebo")
        for _ in range(5):
            unit += 1
            y += 16
            page.insert_text((48, y), f"A-{unit:02d}", fontsize=10)
            page.insert_text((100, y), f"Tenant {unit}", fontsize=10)
            page.insert_text((200, y), f"{1000 + unit}.00", fontsize=10)
    path = tmp_path / "roll.pdf"
    doc.save(path)
    tpl = tmp_path / "roll.sift"
    tpl.write_text('template roll {\n  locale "en_US"\n  table units {\n'
                   '    building: text? heading\n    unit: id header "Unit"\n'
                   '    tenant: text header "Tenant"\n    rent: money header "Rent"\n  }\n}\n')
    engine = Engine()
    result = engine.extract(path, tpl)
    out = io.StringIO()
    engine.export([result], out, "csv-rows")
    rows = _rows(out.getvalue())
    assert [r["units.unit"] for r in rows] == [f"A-{n:02d}" for n in range(1, 11)]
    assert {r["units.building"] for r in rows} == {"Building A"}
    assert [r["page"] for r in rows] == ["1"] * 5 + ["2"] * 5
