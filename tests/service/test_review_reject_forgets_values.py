"""A record rejected in review was never booked: the values it recorded for
``seen_before`` are forgotten on every path, also when it is rejected without validation
because its template changed or was retired since its extraction (J2 journey, F4: the
rescan the rejection asked for stayed "seen before" and in review for ever)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.service.conftest import fresh_database, serve
from tests.service.documents import labelled_pdf

V1 = '''template claim {
  version 1
  duplicates "claims"
  field claim_no: text = right of "Claim number"
  field claimed: money = right of "Claimed"
  field payable: money = right of "Payable"
  rule payable_math: claimed == payable
  rule first_time: not seen_before(claim_no) message "this claim number was seen before"
}'''
#: v1 edited (a new version): records of v1 can only be rejected, or extracted again
V2 = V1.replace("version 1", "version 2")
#: v1 renamed, in the same duplicates group: ``claim`` is no longer served
RENAMED = V1.replace("template claim", "template claim_form")


def _pdf(number: str, claimed: str, payable: str, note: str) -> bytes:
    return labelled_pdf((100, "Claim number", number), (140, "Claimed", claimed),
                        (160, "Payable", payable), (220, "Note", note))


def _seen(db_url: str, document_id: str) -> list[tuple[str, str]]:
    from formsift.service.storage import connect

    engine = connect(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT namespace, value FROM seen_values WHERE "
                                        "document_id = :d"), {"d": document_id}).all()
    finally:
        engine.dispose()
    return [tuple(r) for r in rows]


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path):
    """An empty database per test: each sends the same claim number."""
    yield from fresh_database(request.param, tmp_path / "formsift.db")


@pytest.fixture
def waiting(db_url, tmp_path):
    """A claim (v1) in review (its amounts disagree), its claim number recorded; and a
    function serving the same database with another template source."""
    (tmp_path / "v1").mkdir()
    (tmp_path / "v1" / "claim.sift").write_text(V1)
    scan = _pdf("CLM-0960", "900.00", "1900.00", "bad scan")
    with serve(db_url=db_url, data_dir=tmp_path / "data",
               templates=[str(tmp_path / "v1" / "claim.sift")]) as running:
        admin = running.key("admin")
        with running.client(admin) as api:
            bad = api.post("/v1/extract?template=claim&filename=scan1.pdf", content=scan)
            assert bad.status_code == 200, bad.text
            assert bad.json()["status"] == "review"
    document_id = bad.json()["result"]["document_id"]
    assert _seen(db_url, document_id)  # its claim number is recorded

    def serve_with(folder: str, **sources: str):
        (tmp_path / folder).mkdir()
        for name, source in sources.items():
            (tmp_path / folder / f"{name}.sift").write_text(source)
        return serve(db_url=db_url, data_dir=tmp_path / "data",
                     templates=[str(tmp_path / folder)])

    serve_with.scan = scan  # type: ignore[attr-defined]  # the file sent
    return bad.json()["record_id"], document_id, admin, serve_with


def _reject(api, record_id: str) -> dict:
    assert api.post(f"/v1/review/{record_id}/claim").status_code == 200
    resp = api.post(f"/v1/review/{record_id}/submit",
                    json={"reject": "bad scan, rescan requested"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["status"] == "rejected"
    return resp.json()


def test_a_record_rejected_after_its_template_changed_forgets_its_values(waiting, db_url):
    record_id, document_id, admin, serve_with = waiting
    with serve_with("v2", claim=V2) as running, running.client(admin) as api:
        assert _reject(api, record_id)["template_changed"] is True
        assert _seen(db_url, document_id) == []
        rescan = api.post("/v1/extract?template=claim&filename=scan2.pdf",
                          content=_pdf("CLM-0960", "900.00", "900.00", "rescan"))
        assert rescan.status_code == 200, rescan.text
        assert rescan.json()["status"] == "accepted", rescan.json()["result"]["reasons"]


def test_a_record_rejected_after_its_template_was_retired_forgets_its_values(
        waiting, db_url):
    record_id, document_id, admin, serve_with = waiting
    with serve_with("v3", claim_form=RENAMED) as running, running.client(admin) as api:
        assert _reject(api, record_id)["template_served"] is False
        assert _seen(db_url, document_id) == []
        # the renamed template shares the duplicates group: the rescan is no duplicate
        rescan = api.post("/v1/extract?template=claim_form&filename=scan2.pdf",
                          content=_pdf("CLM-0960", "900.00", "900.00", "rescan"))
        assert rescan.status_code == 200, rescan.text
        assert rescan.json()["status"] == "accepted", rescan.json()["result"]["reasons"]


def test_a_rejected_record_keeps_the_values_of_another_template_reading_its_file(
        waiting, db_url):
    """The same file read with another template that stands: the values it recorded
    under its own namespace are its, and stay."""
    other = V1.replace("template claim", "template payout").replace(
        'duplicates "claims"', 'duplicates "payouts"').replace("claimed == payable",
                                                               "claimed > 0")
    record_id, document_id, admin, serve_with = waiting
    with serve_with("v2", claim=V2, payout=other) as running, running.client(admin) as api:
        read = api.post("/v1/extract?template=payout&filename=scan1.pdf",
                        content=serve_with.scan)
        assert read.status_code == 200, read.text
        assert read.json()["status"] == "accepted", read.json()["result"]["reasons"]
        assert {ns for ns, _ in _seen(db_url, document_id)} == {"shared:claims",
                                                                "shared:payouts"}
        _reject(api, record_id)
        assert {ns for ns, _ in _seen(db_url, document_id)} == {"shared:payouts"}
