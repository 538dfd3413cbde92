"""Duplicate checks: an invoice number written with other separators is the same number,
and a key of several values (seller, date, amount) catches a duplicate sent with another
number (audit journey, finding 5)."""

from __future__ import annotations

import sqlite3

from formsift.core import seen
from formsift.core.engine import Engine
from formsift.core.result import Status


def _template(tmp_path, rule):
    path = tmp_path / "t.sift"
    path.write_text('template t {\n'
                    '  field invoice_no: id = right of "Invoice No."\n'
                    '  field seller: text = right of "Seller:"\n'
                    '  field invoice_date: date = right of "Date:"\n'
                    '  field total: money = right of "Total"\n'
                    f'  rule first_time: {rule}\n}}\n')
    return path


def _invoice(make_pdf, number, total="370.57", date="2026-11-12"):
    return make_pdf([(50, 100, f"Invoice No. {number}"), (50, 120, "Seller: Nordlicht GmbH"),
                     (50, 140, f"Date: {date}"), (50, 300, f"Total {total}")])


def test_a_number_with_its_separators_changed_is_a_duplicate(tmp_path, make_pdf):
    engine = Engine(templates=[_template(tmp_path, "not seen_before(invoice_no)")],
                    seen_store="memory")
    first = engine.extract(_invoice(make_pdf, "INV-2026-1001"), template="t")
    assert first.status == Status.ACCEPTED, first.reasons
    for number in ("INV20261001", "inv2026/1001", "INV.2026.1001"):
        again = engine.extract(_invoice(make_pdf, number), template="t")
        assert again.status == Status.REVIEW, (number, again.reasons)
    other = engine.extract(_invoice(make_pdf, "INV-2026-1002"), template="t")
    assert other.status == Status.ACCEPTED, other.reasons


def test_a_key_of_seller_date_and_total_catches_a_changed_number(tmp_path, make_pdf):
    engine = Engine(templates=[_template(
        tmp_path, "not seen_before(seller, invoice_date, total)")], seen_store="memory")
    assert engine.extract(_invoice(make_pdf, "INV-2026-1001"),
                          template="t").status == Status.ACCEPTED
    again = engine.extract(_invoice(make_pdf, "INV-2026-1001-A"), template="t")
    assert again.status == Status.REVIEW, again.reasons
    # another amount, or another date, is another invoice
    for kwargs in ({"total": "370.58"}, {"date": "2026-11-13"}):
        other = engine.extract(_invoice(make_pdf, "INV-2026-1003", **kwargs), template="t")
        assert other.status == Status.ACCEPTED, (kwargs, other.reasons)


def test_amounts_keep_their_decimal_point():
    assert seen.normalize("15.00") != seen.normalize("1500")
    assert seen.normalize(seen.key(["ACME Ltd.", "2026-11-12", "15.00"])) != \
        seen.normalize(seen.key(["ACME Ltd.", "2026-11-12", "1500"]))


def test_a_sqlite_store_written_before_still_finds_its_numbers(tmp_path):
    path = tmp_path / "seen.sqlite3"
    with sqlite3.connect(path) as conn:  # the table and value form of earlier versions
        conn.execute("CREATE TABLE seen (namespace TEXT NOT NULL, value TEXT NOT NULL, "
                     "document_id TEXT NOT NULL, PRIMARY KEY (namespace, value, document_id))")
        conn.execute("INSERT INTO seen VALUES ('t', 'inv-2026-1001', 'old-doc')")
    store = seen.SqliteSeenStore(path)
    assert store.seen("t", "INV-2026-1001", "new-doc")
    assert store.first("t", "INV-2026-1001", "new-doc") == ("old-doc", None)
    store.add("t", "INV-2026-1002", "new-doc")  # the file takes new values as well
    assert store.first("t", "inv2026/1002", "other")[0] == "new-doc"
    # a value corrected away in review is forgotten in the form it was recorded in
    store.discard("t", "INV-2026-1001", "old-doc")
    assert not store.seen("t", "INV-2026-1001", "new-doc")


def test_a_memory_store_forgets_a_discarded_value_and_its_time():
    store = seen.MemorySeenStore()
    store.add("t", "INV-1", "a")
    store.add("t", "inv 1", "b")
    assert store.first("t", "INV1", "b")[0] == "a" and store.first("t", "INV1", "b")[1]
    assert store.first("t", "INV1", "a") is None  # b came after a: a is no duplicate
    store.discard("t", "INV-1", "a")
    assert not store.seen("t", "INV-1", "b") and store.first("t", "INV-1")[0] == "b"


def test_a_duplicate_points_at_the_earlier_document(tmp_path, make_pdf):
    """Audit journey, finding 8: the reason named the earlier document only in its message
    (or not at all): a program had to parse free text to link a duplicate to its original."""
    import json

    import jsonschema

    from formsift.core.result import result_json_schema

    for store in ("memory", str(tmp_path / "seen.sqlite3")):
        engine = Engine(templates=[_template(tmp_path, "not seen_before(invoice_no)")],
                        seen_store=store)
        original = _invoice(make_pdf, "INV-2026-1001")
        first = engine.extract(original, template="t")
        again = engine.extract(_invoice(make_pdf, "INV2026-1001", total="12.00"), template="t")
        failed = [r for r in again.reasons if r.rule == "first_time"]
        assert failed and failed[0].refers_to is not None, again.reasons
        assert failed[0].refers_to.document_id == first.document_id
        assert failed[0].refers_to.seen_at is not None
        assert failed[0].refers_to.value == "INV2026-1001"
        jsonschema.validate(json.loads(again.model_dump_json()), result_json_schema())
        # the first one, extracted again, is no duplicate of another document; it is
        # a copy of itself sent again, and says when it was extracted first
        reasons = engine.extract(original, template="t").reasons
        assert not [r for r in reasons if r.rule == "first_time"]
        (resent,) = [r for r in reasons if r.code == "duplicate_document"]
        assert resent.refers_to is not None, reasons
        assert resent.refers_to.document_id == first.document_id
        assert resent.refers_to.seen_at is not None
        assert resent.refers_to.value == "INV-2026-1001"
