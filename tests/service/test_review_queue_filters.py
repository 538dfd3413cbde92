"""The review queue as a review screen needs it (reviewer journey): how many records wait
and whether more follow, filters by template, reason code and failed rule, and the rule
each item failed (a duplicate and a sum are both rule_failed)."""

from __future__ import annotations

import pytest

from tests.service.conftest import api_error, serve
from tests.service.conftest import invoice_pdf as _pdf

QUEUE = '''template q {
  field invoice_no: text = right of "Invoice No."
  field amount: money = right of "Amount"
  rule first_time: not seen_before(invoice_no) message "this invoice number was seen before"
  rule small: amount < 1000
}'''


@pytest.fixture(scope="module")
def queue_svc(db_url, tmp_path_factory):
    root = tmp_path_factory.mktemp("queue")
    (root / "q.sift").write_text(QUEUE)
    with serve(db_url=db_url, data_dir=root / "data", templates=[str(root / "q.sift")],
               zero_retention=True) as running:
        running.admin = running.key("admin")
        with running.client(running.admin) as api:
            ids = {}
            for n in range(5):  # too big: rule small fails
                resp = api.post("/v1/extract?template=q", content=_pdf(f"Q-{n}", "5000.00"))
                assert resp.json()["status"] == "review", resp.text
                ids.setdefault("small", []).append(resp.json()["record_id"])
            for n in range(2):  # seen before: first_time fails
                assert api.post("/v1/extract?template=q",
                                content=_pdf(f"D-{n}", "10.00")).json()["status"] == "accepted"
                resp = api.post("/v1/extract?template=q", content=_pdf(f"d-{n}", "11.00"))
                assert resp.json()["status"] == "review", resp.text
                ids.setdefault("first_time", []).append(resp.json()["record_id"])
        running.ids = ids
        yield running


def test_the_queue_says_how_many_wait_and_whether_more_follow(queue_svc):
    with queue_svc.client(queue_svc.admin) as api:
        first = api.get("/v1/review/queue?limit=3")
        assert first.status_code == 200, first.text
        assert first.headers["X-Total-Count"] == "7"
        assert first.headers["X-Has-More"] == "true"
        assert first.headers["X-Next-After"] == first.json()[-1]["record_id"]
        seen = [q["record_id"] for q in first.json()]
        after = first.headers["X-Next-After"]
        while after:
            page = api.get(f"/v1/review/queue?limit=3&after={after}")
            assert page.headers["X-Total-Count"] == "7"
            seen += [q["record_id"] for q in page.json()]
            after = page.headers.get("X-Next-After")
            if page.headers["X-Has-More"] == "false":
                assert after is None
        assert sorted(seen) == sorted(queue_svc.ids["small"] + queue_svc.ids["first_time"])


def test_the_queue_filters_by_rule_reason_and_template(queue_svc):
    with queue_svc.client(queue_svc.admin) as api:
        dups = api.get("/v1/review/queue?rule=first_time")
        assert dups.status_code == 200, dups.text
        assert [q["record_id"] for q in dups.json()] == queue_svc.ids["first_time"]
        assert dups.headers["X-Total-Count"] == "2"
        assert all(q["rules"] == ["first_time"] and q["reasons"] == ["rule_failed"]
                   for q in dups.json())
        # paging within a filter
        one = api.get("/v1/review/queue?rule=small&limit=2")
        assert (one.headers["X-Total-Count"], one.headers["X-Has-More"]) == ("5", "true")
        rest = api.get(f"/v1/review/queue?rule=small&limit=10&after="
                       f"{one.headers['X-Next-After']}")
        assert [q["record_id"] for q in one.json() + rest.json()] == queue_svc.ids["small"]
        assert rest.headers["X-Has-More"] == "false"
        both = api.get("/v1/review/queue?rule=small&rule=first_time")
        assert both.headers["X-Total-Count"] == "7"
        assert api.get("/v1/review/queue?reason=rule_failed").headers["X-Total-Count"] == "7"
        none = api.get("/v1/review/queue?reason=duplicate_document")
        assert (none.json(), none.headers["X-Total-Count"]) == ([], "0")
        assert api.get("/v1/review/queue?template=q").headers["X-Total-Count"] == "7"
        assert api.get("/v1/review/queue?template=other").json() == []
        api_error(api.get("/v1/review/queue?reasons=rule_failed"), 422, "invalid_request")
