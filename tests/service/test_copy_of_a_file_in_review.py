"""A copy of a file whose record stands goes to review (``duplicate_document``): the
metrics count it as review, and a confirmation that leaves it there vouches for nothing
(J2 journey, F2 and F3)."""

from __future__ import annotations

import json
import re

import pytest

from tests.service.conftest import serve, wait_for
from tests.service.documents import labelled_pdf

CLAIM = '''template claim {
  currency "EUR"
  field claim_no: text = right of "Claim number"
  field claimed: money = right of "Claimed"
  field payable: money = right of "Payable"
  rule payable_math: claimed == payable
}'''


def _pdf(number: str, note: str, payable: str = "900.00") -> bytes:
    return labelled_pdf((100, "Claim number", number), (140, "Claimed", "900.00"),
                        (160, "Payable", payable), (220, "Note", note))


@pytest.fixture(scope="module")
def svc(db_url, tmp_path_factory):
    root = tmp_path_factory.mktemp("copy")
    (root / "claim.sift").write_text(CLAIM)
    with serve(db_url=db_url, data_dir=root / "data",
               templates=[str(root / "claim.sift")]) as running:
        running.admin = running.key("admin")
        yield running


def _counted(api) -> dict[tuple[str, str], float]:
    """formsift_extractions_total of template claim by (mode, status)."""
    out = {}
    for labels, value in re.findall(r'^formsift_extractions_total\{([^}]*)\} (\S+)$',
                                    api.get("/metrics").text, re.M):
        found = dict(re.findall(r'(\w+)="([^"]*)"', labels))
        if found["template"] == "claim":
            out[found["mode"], found["status"]] = float(value)
    return out


def _submit(api, record_id: str, body: dict) -> dict:
    assert api.post(f"/v1/review/{record_id}/claim").status_code == 200
    resp = api.post(f"/v1/review/{record_id}/submit", json=body)
    assert resp.status_code == 200, resp.text
    return resp.json()


def _confidences(result: dict) -> dict[str, float]:
    return {name: fv["confidence"] for name, fv in result["fields"].items() if fv}


def _last_submit(api, record_id: str) -> dict:
    resp = api.get(f"/v1/audit/export?record_id={record_id}&action=review.submit")
    assert resp.status_code == 200, resp.text
    return [json.loads(line) for line in resp.text.splitlines() if line.strip()][-1]


def test_a_copy_is_counted_as_review_in_the_metrics(svc):
    """The answer, the record and the webhook said review; the counter said accepted."""
    with svc.client(svc.admin) as api:
        before = _counted(api)
        pdf = _pdf("CLM-1", "sent twice")
        first = api.post("/v1/extract?template=claim", content=pdf).json()
        copy = api.post("/v1/extract?template=claim", content=pdf).json()
        assert (first["status"], copy["status"]) == ("accepted", "review")
        job_id = api.post("/v1/jobs?template=claim", content=pdf).json()["job_id"]
        job = wait_for(lambda: (j := api.get(f"/v1/jobs/{job_id}").json())["status"]
                       == "done" and j)
        assert api.get(f"/v1/records/{job['record_id']}").json()["status"] == "review"
        after = _counted(api)

    def added(mode: str, status: str) -> float:
        return after.get((mode, status), 0) - before.get((mode, status), 0)

    assert (added("sync", "accepted"), added("sync", "review")) == (1, 1)
    assert (added("job", "accepted"), added("job", "review")) == (0, 1)


def test_confirming_a_copy_that_stays_in_review_vouches_for_nothing(svc):
    """docs/service.md: a submit that leaves the record in review vouches for nothing.
    A copy kept in review by duplicate_document had every confidence raised to 1.0 and
    the audit event listed every field as confirmed."""
    with svc.client(svc.admin) as api:
        pdf = _pdf("CLM-2", "sent twice")
        first = api.post("/v1/extract?template=claim", content=pdf).json()
        copy = api.post("/v1/extract?template=claim", content=pdf).json()
        assert (first["status"], copy["status"]) == ("accepted", "review")
        read = _confidences(copy["result"])
        assert min(read.values()) < 1.0
        out = _submit(api, copy["record_id"], {"corrections": {}, "confirm": True})
        assert out["status"] == "review"
        assert [r["code"] for r in out["result"]["reasons"]] == ["duplicate_document"]
        assert _confidences(out["result"]) == read
        stored = api.get(f"/v1/records/{copy['record_id']}").json()["result"]
        assert _confidences(stored) == read
        assert _last_submit(api, copy["record_id"])["details"]["confirmed"] == []
        # a copy of a record rejected (a rescan requested) is accepted by a
        # confirmation, which vouches for the values left as read
        pdf = _pdf("CLM-3", "sent twice", payable="990.00")
        first = api.post("/v1/extract?template=claim", content=pdf).json()
        copy = api.post("/v1/extract?template=claim", content=pdf).json()
        assert (first["status"], copy["status"]) == ("review", "review")
        assert _submit(api, first["record_id"], {"reject": "rescan"})["status"] == "rejected"
        out = _submit(api, copy["record_id"], {"corrections": {"payable": "900.00"},
                                               "confirm": True})
        assert out["status"] == "accepted", out["result"]["reasons"]
        assert set(_confidences(out["result"]).values()) == {1.0}
        assert sorted(_last_submit(api, copy["record_id"])["details"]["confirmed"]) == [
            "claim_no", "claimed"]
