"""CSV columns a warehouse load can rely on: the same header whatever order the documents
came in or finished in (batch lines arrive in completion order), and a way to fix the
columns (data engineer journey, finding 3)."""

from __future__ import annotations

import csv
import io

from formsift.cli import main
from formsift.core.engine import Engine

RECEIPT = ('template receipt {\n  match { contains "RECEIPT" }\n'
           '  field merchant: text = right of "Merchant:"\n'
           '  field date: date = right of "Date:"\n'
           '  field total: money = right of "Total"\n'
           '  field cash: money? = right of "Cash"\n}\n')
INVOICE = ('template invoice {\n  match { contains "INVOICE" }\n'
           '  field invoice_no: id = right of "Invoice No."\n'
           '  field date: date = right of "Date:"\n'
           '  field total: money = right of "Total"\n}\n')


def _setup(tmp_path):
    (tmp_path / "receipt.sift").write_text(RECEIPT, encoding="utf-8")
    (tmp_path / "invoice.sift").write_text(INVOICE, encoding="utf-8")
    receipt = tmp_path / "r.txt"
    receipt.write_text("RECEIPT\nMerchant: Corner Shop\nDate: 2026-11-12\nTotal 12.50\n"
                       "Cash 20.00\n", encoding="utf-8")
    invoice = tmp_path / "i.txt"
    invoice.write_text("INVOICE\nInvoice No. INV-1\nDate: 2026-11-13\nTotal 99.00\n",
                       encoding="utf-8")
    engine = Engine(templates=[tmp_path / "receipt.sift", tmp_path / "invoice.sift"],
                    seen_store="memory")
    return engine, receipt, invoice


def _header(text):
    return next(csv.reader(io.StringIO(text)))


def _export(engine, results, fmt="csv"):
    out = io.StringIO()
    engine.export(results, out, fmt)
    return out.getvalue()


def test_columns_do_not_depend_on_the_order_of_the_documents(tmp_path):
    engine, receipt, invoice = _setup(tmp_path)
    r, i = engine.extract(receipt), engine.extract(invoice)
    assert (r.template, i.template) == ("receipt", "invoice")
    for fmt in ("csv", "csv-rows"):
        one, other = _header(_export(engine, [r, i], fmt)), _header(_export(engine, [i, r], fmt))
        assert one == other, fmt
    # templates by name, each template's fields in the order it declares them
    assert _header(_export(engine, [r, i])) == [
        "source", "status", "template", "message",
        "invoice_no", "date", "total", "merchant", "cash"]


def test_the_columns_option_fixes_the_header_and_its_order(tmp_path):
    engine, receipt, _ = _setup(tmp_path)
    csv_ = engine.component("exporter", "csv",
                            {"columns": ["source", "status", "total", "invoice_no", "vat"]})
    out = io.StringIO()
    csv_.export([engine.extract(receipt)], out)  # a night with no invoices
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["source", "status", "total", "invoice_no", "vat"]
    assert rows[1][1:] == ["accepted", "12.50", "", ""]


def test_cli_extract_csv_columns(tmp_path, capsys):
    _, receipt, invoice = _setup(tmp_path)
    tpls = ["--templates", str(tmp_path / "receipt.sift"),
            "--templates", str(tmp_path / "invoice.sift")]
    headers = []
    for files in ([receipt, invoice], [invoice, receipt]):
        assert main(["extract", *map(str, files), *tpls, "-f", "csv", "--no-progress",
                     "--seen-store", "memory"]) == 0
        headers.append(_header(capsys.readouterr().out))
    assert headers[0] == headers[1]
    assert main(["extract", str(receipt), *tpls, "-f", "csv", "--no-progress",
                 "--seen-store", "memory", "--csv-columns", "source,total,invoice_no"]) == 0
    assert _header(capsys.readouterr().out) == ["source", "total", "invoice_no"]
    assert main(["extract", str(receipt), *tpls, "--no-progress", "--seen-store", "memory",
                 "--csv-columns", "source,total"]) == 2  # json: no columns to fix
    assert "--csv-columns" in capsys.readouterr().err
