"""The service's review keeps what every served template sharing the record's
``duplicates "NAME"`` asks ``last_seen`` for (2cef312, wired into ``/v1/review/.../submit``):
payapp_a reads an application whose line 6 only payapp_b's rule compares the next
application with; a reviewer's correction of that line 6, submitted through the HTTP API,
is what the next application is compared with."""

from __future__ import annotations

import pytest

from tests.service.conftest import serve
from tests.test_last_seen import application_pdf
from tests.test_last_seen_fixes import PREV_CERTS, SHARED

SEQUENCE = "rule app_sequence: app_no == 1 or app_no == last_seen(project_no, app_no) + 1"


@pytest.fixture(scope="module")
def shared_svc(db_url, tmp_path_factory):
    root = tmp_path_factory.mktemp("payapps")
    paths = []
    for name, rule in (("payapp_a", SEQUENCE), ("payapp_b", PREV_CERTS)):
        path = root / f"{name}.sift"
        path.write_text(SHARED.replace("NAME", name).replace("RULE", rule))
        paths.append(str(path))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FORMSIFT_STATE_DIR", str(root / "state"))
        mp.delenv("FORMSIFT_SEEN_STORE", raising=False)
        with serve(db_url=db_url, data_dir=root / "data", templates=paths,
                   zero_retention=True) as running:
            running.admin = running.key("admin")
            yield running


def test_a_review_keeps_a_correction_only_a_sharing_template_asks_for(shared_svc):
    """Application 2, its number and line 6 misread (3, 1,900.00), is read by payapp_a
    (app_sequence fails: review); the reviewer corrects both. Application 3, read by
    payapp_b, is compared with the corrected line 6 (1,950.00), not with 1,900.00."""
    with shared_svc.client(shared_svc.admin) as api:
        def extract(pdf: bytes, template: str) -> dict:
            resp = api.post(f"/v1/extract?template={template}", content=pdf)
            assert resp.status_code == 200, resp.text
            return resp.json()

        assert extract(application_pdf(1, "RMOB-1234", "1,000.00", "0.00"),
                       "payapp_b")["status"] == "accepted"
        second = extract(application_pdf(3, "RMOB-1234", "1,900.00", "1,000.00",
                                          period="02/28/2026"), "payapp_a")
        assert second["status"] == "review", second
        record_id = second["record_id"]
        assert api.post(f"/v1/review/{record_id}/claim").status_code == 200
        resp = api.post(f"/v1/review/{record_id}/submit",
                        json={"corrections": {"app_no": "2", "earned_less_ret": "1,950.00"}})
        assert resp.status_code == 200, resp.text
        assert resp.json()["status"] == "accepted", resp.json()
        third = extract(application_pdf(3, "RMOB-1234", "2,500.00", "1,950.00"), "payapp_b")
        rules = {r["name"]: r["passed"] for r in third["result"]["rules"]}
        assert rules == {"prev_certs_match": True}  # was False: compared with 1,900.00
        assert third["status"] == "accepted", third
