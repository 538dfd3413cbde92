"""A packet's CSV rows (``-f csv``, ``-f csv-rows``): each document's row says its packet,
role and the packet's status, and never reads as accepted while its packet is in review;
a packet template has a record schema (``formsift schema -t PACKET``) (customs broker
journey, finding 3)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from formsift.core.result import Status
from tests.test_packet_customs_entry import _engine, entry_pdf


def _rows(engine, results, fmt: str) -> list[dict[str, str]]:
    out = io.StringIO()
    engine.export(results, out, fmt)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


@pytest.mark.parametrize("fmt", ["csv", "csv-rows"])
def test_no_document_row_reads_accepted_while_its_packet_is_in_review(registry, tmp_path,
                                                                      fmt):
    """The invoice's rows said 'accepted' while the packet was in review (a quantity the
    packing list contradicts): a loader filtering on status booked them."""
    engine = _engine(registry, tmp_path)
    result = engine.extract_packet(entry_pdf(packed={"Gate valve": 38}), name="P03.pdf")
    assert result.status is Status.REVIEW
    assert result.document("inv").result.status is Status.ACCEPTED
    rows = _rows(engine, [result], fmt)
    documents = [r for r in rows if r["packet_role"]]
    assert {r["packet_role"] for r in documents} == {"inv", "pl", "coo"}
    for r in documents:
        assert r["status"] == "review" and r["packet_status"] == "review", r
        assert r["document_status"] == "accepted"
        assert r["packet"] == "entry" and r["packet_source"] == "P03.pdf"
        assert r["message"].startswith("the packet is in review: ") and "Gate valve" in r["message"]
    # the packet's own row: its status, no role
    (own,) = [r for r in rows if not r["packet_role"]]
    assert (own["source"], own["status"], own["document_status"]) == ("P03.pdf", "review", "")
    if fmt == "csv-rows":  # every line item of the invoice
        assert len([r for r in documents if r["table"] == "items"]) == 6


def test_a_document_row_of_an_accepted_packet_and_a_missing_document(registry, tmp_path):
    engine = _engine(registry, tmp_path)
    ok = engine.extract_packet(entry_pdf(), name="ok.pdf")
    rows = _rows(engine, [ok], "csv")
    assert [(r["status"], r["packet_status"], r["document_status"]) for r in rows] == [
        ("accepted", "accepted", "accepted")] * 3
    assert rows[0]["message"] == "" and rows[0]["invoice_no"] == "SBE-26-5179"
    lacking = engine.extract_packet(entry_pdf(packing_list=False, coo=None), name="P10.pdf")
    rows = _rows(engine, [lacking], "csv")
    (invoice,) = [r for r in rows if r["template"] == "c_invoice"]
    assert invoice["status"] == "review" and invoice["document_status"] == "accepted"
    assert "lacks: pl (c_packing)" in invoice["message"]
    # a document extracted alone: no packet columns
    one = engine.extract(entry_pdf(packing_list=False, coo=None), template="c_invoice")
    rows = _rows(engine, [one], "csv")
    assert list(rows[0])[:4] == ["source", "status", "template", "message"]
    assert not any(k.startswith("packet") or k == "document_status" for k in rows[0])


def test_cli_split_csv_has_the_packet_columns(registry, tmp_path, capsys):
    from formsift.cli import main

    _engine(registry, tmp_path)
    pdf = tmp_path / "P03.pdf"
    pdf.write_bytes(entry_pdf(packed={"Gate valve": 38}))
    main(["extract", "--split", "--templates", str(tmp_path / "customs.sift"), "-f", "csv",
          "--no-progress", "--seen-store", "memory", str(pdf)])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0])[:9] == ["source", "status", "template", "message", "packet",
                                 "packet_source", "packet_status", "packet_role",
                                 "document_status"]
    assert {r["status"] for r in rows} == {"review"}


# ------------------------------------------------------------- finding 3: the schema
def test_a_packet_template_has_a_record_schema(registry, tmp_path, capsys):
    from formsift.cli import main

    _engine(registry, tmp_path)
    sift = str(tmp_path / "customs.sift")
    assert main(["schema", "--templates", sift, "-t", "entry"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$id"].startswith("urn:formsift:packet:entry")
    roles = schema["properties"]["documents"]["items"]["oneOf"]
    assert [r["properties"]["role"].get("const") for r in roles] == ["inv", "pl", "coo", None]
    invoice = roles[0]["properties"]["record"]
    assert set(invoice["properties"]) == {"invoice_no", "items"}
    # the record --record prints is valid under it
    import jsonschema

    engine = _engine(registry, tmp_path)
    record = engine.extract_packet(entry_pdf(packed={"Gate valve": 38}),
                                   name="P03.pdf").record()
    jsonschema.validate(json.loads(json.dumps(record, default=str)), schema)
