"""``extract --record`` as a pipeline uses it: a record in review (a duplicate, an unknown
document) printed exactly as an accepted one, exit 0, and with several files no source
or status (data engineer journey, finding 2). ``--with-status`` gives each record its
source, status, template and reasons, and exit 7 when a result is not accepted; plain
``--record`` stays the record alone (what golden tests expect)."""

from __future__ import annotations

import json

from formsift.cli import EXIT_INPUT, EXIT_NOT_ACCEPTED, EXIT_OK, main

TEMPLATE = ('template inv {\n  match { contains "INVOICE" }\n'
            '  field invoice_no: id = right of "Invoice No."\n'
            '  field total: money = right of "Total"\n'
            '  rule first_time: not seen_before(invoice_no)\n}\n')


def _files(tmp_path):
    tpl = tmp_path / "inv.sift"
    tpl.write_text(TEMPLATE, encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("INVOICE\nInvoice No. INV-7\nTotal 99.00\n", encoding="utf-8")
    other = tmp_path / "b.txt"
    other.write_text("INVOICE\nInvoice No. INV-8\nTotal 15.00\n", encoding="utf-8")
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Sir,\nthank you for your letter.\n", encoding="utf-8")
    return tpl, doc, other, letter


def _run(args, capsys):
    code = main(["extract", *map(str, args), "--no-progress"])
    return code, capsys.readouterr()


def test_a_duplicate_is_not_exit_0_with_status(tmp_path, capsys):
    tpl, doc, _, _ = _files(tmp_path)
    store = ["--seen-store", str(tmp_path / "seen.db")]
    code, out = _run([doc, "-t", tpl, "--record", *store], capsys)
    assert code == EXIT_OK
    assert json.loads(out.out) == {"invoice_no": "INV-7", "total": "99.00"}  # as before
    code, out = _run([doc, "-t", tpl, "--record", "--with-status", *store], capsys)
    assert code == EXIT_NOT_ACCEPTED  # sent again: review, duplicate_document
    item = json.loads(out.out)
    assert list(item) == ["source", "status", "template", "reasons", "record"]
    assert item["status"] == "review" and item["record"]["total"] == "99.00"
    assert [r["code"] for r in item["reasons"]] == ["duplicate_document"]
    # the full result says its status itself; the exit code is the same
    code, out = _run([doc, "-t", tpl, "--with-status", *store], capsys)
    assert code == EXIT_NOT_ACCEPTED and json.loads(out.out)["status"] == "review"


def test_several_files_give_each_record_its_source_and_status(tmp_path, capsys):
    tpl, doc, other, letter = _files(tmp_path)
    store = ["--seen-store", "memory"]
    code, out = _run([doc, other, doc, letter, "--templates", tpl, "--record",
                      "--with-status", *store], capsys)
    assert code == EXIT_NOT_ACCEPTED  # the copy of a.txt and the letter
    items = json.loads(out.out)
    assert [(i["source"], i["status"]) for i in items] == [
        (str(doc), "accepted"), (str(other), "accepted"), (str(doc), "review"),
        (str(letter), "review")]
    assert items[1]["record"] == {"invoice_no": "INV-8", "total": "15.00"}
    assert items[1]["template"] == "inv" and items[1]["reasons"] == []
    assert items[3]["template"] is None and items[3]["record"] == {}
    assert items[3]["reasons"][0]["code"] == "unknown_document"
    code, _ = _run([doc, other, "--templates", tpl, "--record", "--with-status",
                    "--seen-store", "memory"], capsys)
    assert code == EXIT_OK  # every record accepted


def test_json_lines_with_status_and_an_input_error(tmp_path, capsys):
    tpl, doc, _, letter = _files(tmp_path)
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    code, out = _run([doc, bad, letter, "--templates", tpl, "--record", "-f", "jsonl",
                      "--with-status", "--seen-store", "memory"], capsys)
    assert code == EXIT_INPUT  # an input error outranks a record in review
    lines = [json.loads(x) for x in out.out.splitlines()]
    assert [x["status"] for x in lines] == ["accepted", "error", "review"]
    assert all(list(x)[:2] == ["source", "status"] for x in lines)
