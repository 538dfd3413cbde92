"""What integration.md promises about copies in the Python API (data engineer journey,
finding 5): ``extract_many`` extracts every input it is given, byte-identical copies
included, each with the same ``document_id`` (batch gives the second a duplicate_input
line), so a caller drops copies by ``document_id``; with a ``seen_before`` rule the copy
is caught as ``duplicate_document``."""

from __future__ import annotations

from formsift.core.engine import Engine
from formsift.core.result import Status

TEMPLATE = ('template inv {\n  field invoice_no: id = right of "Invoice No."\n'
            '  field total: money = right of "Total"\nRULE}\n')


def _setup(tmp_path, rule=""):
    tpl = tmp_path / "inv.sift"
    tpl.write_text(TEMPLATE.replace("RULE", rule), encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("Invoice No. INV-7\nTotal 99.00\n", encoding="utf-8")
    copy = tmp_path / "copy-of-a.txt"
    copy.write_bytes(doc.read_bytes())
    return str(tpl), [doc, copy]


def test_copies_each_give_a_result_with_one_document_id(tmp_path):
    tpl, paths = _setup(tmp_path)
    results = list(Engine(seen_store="memory").extract_many(paths, tpl))
    assert [r.status for r in results] == [Status.ACCEPTED, Status.ACCEPTED]
    assert results[0].document_id == results[1].document_id
    booked = {}
    for r in results:  # the loop integration.md shows
        if r.status is Status.ACCEPTED and r.document_id not in booked:
            booked[r.document_id] = r.source
    assert list(booked.values()) == [str(paths[0])]


def test_a_seen_before_rule_catches_the_copy(tmp_path):
    tpl, paths = _setup(tmp_path, "  rule first_time: not seen_before(invoice_no)\n")
    results = list(Engine(seen_store="memory").extract_many(paths, tpl))
    assert [r.status for r in results] == [Status.ACCEPTED, Status.REVIEW]
    assert [x.code for x in results[1].reasons] == ["duplicate_document"]
