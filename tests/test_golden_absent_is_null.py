"""``formsift test``: a key the expected JSON leaves out is expected null (GST journey,
finding 4): golden files written without the optional fields a document does not fill
(``igst_rate`` on an intra-state invoice, ``received_date`` without a stamp) failed with
"igst_rate: not expected (got null)". A value the expected JSON does not name still fails."""

from __future__ import annotations

import json

from formsift.cli import EXIT_CHECK, EXIT_OK, main
from formsift.templates.golden import diff

TEMPLATE = """template t {
  match { contains "TAX INVOICE" }
  field invoice_no: id = right of "Invoice No."
  field cgst_rate: percent? = right of "CGST @"
  field igst_rate: percent? = right of "IGST @"
  field received_date: date? = right of "Received:"
}
"""


def test_an_absent_key_passes_when_its_value_is_null_and_only_then():
    assert diff({"a": "1"}, {"a": "1", "igst_rate": None}) == []
    # in a table's rows too
    assert diff({"items": [{"qty": "2"}]}, {"items": [{"qty": "2", "unit": None}]}) == []
    # a value the expected JSON does not name still fails
    assert diff({"a": "1"}, {"a": "1", "igst_rate": "18"}) == [
        'igst_rate: not expected (got "18")']
    # and a key expected null that got a value
    assert diff({"a": "1", "igst_rate": None}, {"a": "1", "igst_rate": "18"}) != []


def test_a_golden_folder_without_the_optional_fields_left_blank(tmp_path, capsys):
    (tmp_path / "t.sift").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "a.txt").write_text("TAX INVOICE\nInvoice No. INV-7\nCGST @ 9%\n",
                                    encoding="utf-8")
    expected = {"invoice_no": "INV-7", "cgst_rate": "9"}
    (tmp_path / "a.json").write_text(json.dumps(expected), encoding="utf-8")
    assert main(["test", str(tmp_path), "-t", str(tmp_path / "t.sift")]) == EXIT_OK
    out = capsys.readouterr().out
    assert "1 passed" in out
    # a value it did not expect fails
    (tmp_path / "a.json").write_text(json.dumps({"invoice_no": "INV-7"}), encoding="utf-8")
    assert main(["test", str(tmp_path), "-t", str(tmp_path / "t.sift")]) == EXIT_CHECK
    assert 'cgst_rate: not expected (got "9")' in capsys.readouterr().out
