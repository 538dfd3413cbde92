"""``last_seen`` in the service: the values are kept in the service's database (SQLite or
PostgreSQL) beside ``seen_before``'s, asked by the workers through their pipes, and a
review's correction replaces a value in its place while a rejection forgets it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from formsift.core import seen
from formsift.core.money import Amount
from tests.service.conftest import serve
from tests.test_last_seen import PAYAPP, application_pdf


@pytest.fixture
def store(db_url, tmp_path):
    from formsift.service.storage import Store

    s = Store(db_url.replace("formsift.db", f"{tmp_path.name}.db"))
    yield s
    s.close()


def test_the_database_store_recalls_typed_values_in_order(store):
    from formsift.service.storage import Store

    kept = store.seen
    key = seen.series_key("earned_less_ret", ["RMOB-1234"])
    kept.remember("payapp", key, Amount("1000.00", "USD"), "doc-1")
    kept.remember("payapp", key, Decimal("1900.00"), "doc-2")
    kept.remember("payapp", seen.series_key("earned_less_ret", ["RMOB-7777"]),
                  Decimal("5.00"), "doc-3")
    assert kept.recall("payapp", key, "doc-9")[:2] == ("doc-2", Decimal("1900.00"))
    doc, value, when = kept.recall("payapp", key, "doc-2")  # not itself, nor a later one
    assert (doc, value, value.currency) == ("doc-1", Decimal("1000.00"), "USD")
    assert when is not None and when.tzinfo is not None
    assert kept.recall("payapp", key, "doc-1") is None  # the first of its series
    assert kept.recall("other", key, "doc-9") is None  # another template's
    assert not kept.seen("payapp", key) and not kept.seen("payapp", "RMOB-1234")
    kept.remember("payapp", key, Decimal("2500.00"), "doc-4")
    kept.remember("payapp", key, Decimal("1950.00"), "doc-2")  # corrected: in its place
    assert kept.recall("payapp", key, "doc-4")[:2] == ("doc-2", Decimal("1950.00"))
    long_key = seen.series_key("name", ["x" * 400])  # stored as its hash
    kept.remember("payapp", long_key, date(2026, 2, 28), "doc-1")
    kept.remember("payapp", seen.series_key("app_no", ["RMOB-1234"]), 2, "doc-2")
    kept.remember("payapp", seen.series_key("note", ["RMOB-1234"]), "y" * 400, "doc-2")
    other = Store(store.url)  # another service process on the same database
    try:
        assert other.seen.recall("payapp", long_key, "doc-9")[1] == date(2026, 2, 28)
        assert other.seen.recall("payapp", seen.series_key("app_no", ["rmob 1234"]),
                                 "doc-9")[1] == 2
        with pytest.raises(ValueError, match="longer than the service keeps"):
            other.seen.recall("payapp", seen.series_key("note", ["RMOB-1234"]), "doc-9")
        other.seen.forget_remembered("payapp", key, "doc-2")
    finally:
        other.close()
    assert kept.recall("payapp", key, "doc-4")[:2] == ("doc-1", Decimal("1000.00"))


def _compile():
    from formsift.core.plugins import default_registry
    from formsift.templates import check_source

    (tpl,), _ = check_source(PAYAPP, "payapp.sift", default_registry())
    return tpl


def _rules(result: dict) -> dict[str, bool | None]:
    return {r["name"]: r["passed"] for r in result["rules"]}


def test_a_rejected_application_is_forgotten_by_review():
    """Rejected in review, the second application is not the one its resubmission
    follows: the first is."""
    from formsift import Engine
    from formsift.service.review import apply_review, record_seen

    tpl = _compile()
    engine = Engine([tpl], seen_store="memory")
    engine.extract(application_pdf(1, "RMOB-1234", "1,000.00", "0.00"), tpl)
    second = engine.extract(application_pdf(2, "RMOB-1234", "1,900.00", "1,000.00"), tpl)
    out = apply_review(second.model_dump(mode="json"), tpl, {}, "rita",
                       seen_store=engine.seen_store, reject="the wrong contract sum")
    assert out.result["status"] == "rejected" and out.kept_values == {}
    record_seen(engine.seen_store, tpl, second.document_id, out)
    resent = engine.extract(application_pdf(2, "RMOB-1234", "1,900.00", "1,000.00",
                                            note="resent"), tpl)
    assert resent.status.value == "accepted", resent.reasons


@pytest.fixture(scope="module")
def payapp_svc(db_url, tmp_path_factory):
    root = tmp_path_factory.mktemp("payapp")
    (root / "payapp.sift").write_text(PAYAPP)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FORMSIFT_STATE_DIR", str(root / "state"))
        mp.delenv("FORMSIFT_SEEN_STORE", raising=False)
        with serve(db_url=db_url, data_dir=root / "data", templates=[str(root / "payapp.sift")],
                   zero_retention=True) as running:
            running.admin = running.key("admin")
            yield running


def test_the_service_checks_each_application_against_the_previous_one(payapp_svc):
    """Extracted by a worker (asking the service's store through its pipe): the third
    application's line 7 is not the second's line 6 as read; a reviewer corrects the
    second's line 6, and the third, submitted unchanged, now follows it."""
    with payapp_svc.client(payapp_svc.admin) as api:
        def extract(pdf: bytes) -> dict:
            resp = api.post("/v1/extract?template=payapp", content=pdf)
            assert resp.status_code == 200, resp.text
            return resp.json()

        def review(record_id: str, corrections: dict) -> dict:
            assert api.post(f"/v1/review/{record_id}/claim").status_code == 200
            resp = api.post(f"/v1/review/{record_id}/submit",
                            json={"corrections": corrections})
            assert resp.status_code == 200, resp.text
            return resp.json()

        assert extract(application_pdf(1, "RMOB-1234", "1,000.00", "0.00"))["status"] \
            == "accepted"
        second = extract(application_pdf(2, "RMOB-1234", "1,900.00", "1,100.00"))
        assert _rules(second["result"])["prev_certs_match"] is False
        third = extract(application_pdf(3, "RMOB-1234", "2,500.00", "1,950.00"))
        assert third["status"] == "review"
        assert _rules(third["result"]) == {"prev_certs_match": False, "app_sequence": True,
                                           "later_period": True}
        # the second's figures as the reviewer reads them on the paper
        out = review(second["record_id"], {"previous_certs": "1,000.00",
                                           "earned_less_ret": "1,950.00"})
        assert out["status"] == "accepted", out
        out = review(third["record_id"], {})
        assert out["status"] == "accepted", out
