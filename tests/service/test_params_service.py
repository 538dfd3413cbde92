"""Template parameters over HTTP: ``POST /v1/extract?param=applicant=Anna%20Berg`` gives
the values a template's rules read as ``param.NAME``; the record's audit keeps them, and a
review's corrections and a re-extraction run the rules with the same values (without them
the rule would be "not evaluated" and the record would stay in review)."""

from __future__ import annotations

import pytest

from tests.service.conftest import api_error, serve
from tests.test_template_params import STATEMENT, statement_pdf


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    root = tmp_path_factory.mktemp("params")
    (root / "statement.sift").write_text(STATEMENT)
    with serve(db_url=f"sqlite:///{root / 'formsift.db'}", data_dir=root / "data",
               templates=[str(root / "statement.sift")]) as svc:
        yield svc


def test_the_parameters_of_a_sync_extraction(running):
    with running.client(running.key("admin")) as api:
        resp = api.post("/v1/extract", params=[
            ("template", "statement"), ("filename", "s.pdf"),
            ("param", "applicant=Anna Berg"), ("param", "open_pos=PO-1002")],
            content=statement_pdf(holder="John Doe"))
        assert resp.status_code == 200, resp.text
        result = resp.json()["result"]
        assert result["status"] == "review"
        assert result["audit"]["params"]["applicant"] == "Anna Berg"
        (holder,) = [r for r in result["rules"] if r["name"] == "holder_is_applicant"]
        assert "John Doe against Anna Berg" in holder["message"]


MISTAKES = [
    ([], "needs the parameter 'applicant' (text), which was not given (give it: "
         "?param=applicant=...)"),
    ([("param", "aplicant=Anna")], "did you mean 'applicant'"),
    ([("param", "applicant")], "?param= takes NAME=VALUE, not 'applicant' (e.g. "
                               "?param=applicant=Anna%20Berg)"),
]


@pytest.mark.parametrize("params, said", MISTAKES)
def test_a_mistake_is_a_422(running, params, said):
    """An HTTP client is told how to give a parameter over HTTP (before: "--param takes
    NAME=VALUE", "params={...}")."""
    with running.client(running.key("admin")) as api:
        resp = api.post("/v1/extract", params=[("template", "statement"), *params],
                        content=statement_pdf())
        err = api_error(resp, 422, "param_error")
        assert said in err["message"]
        assert "--param" not in err["message"] and "params={" not in err["message"]


def test_a_reviewed_record_keeps_its_parameters(running):
    with running.client(running.key("admin")) as api:
        resp = api.post("/v1/extract", params=[
            ("template", "statement"), ("filename", "misread.pdf"),
            ("param", "applicant=Anna Berg")],
            content=statement_pdf(holder="Anna Borg"))  # a misread the reviewer puts right
        record_id = resp.json()["record_id"]
        assert resp.json()["status"] == "review"
        assert api.post(f"/v1/review/{record_id}/claim").status_code == 200
        again = api.post(f"/v1/review/{record_id}/reextract")
        assert again.status_code == 200, again.text
        (holder,) = [r for r in again.json()["result"]["rules"]
                     if r["name"] == "holder_is_applicant"]
        assert holder["passed"] is False  # evaluated with the recorded applicant
        fixed = api.post(f"/v1/review/{record_id}/submit",
                         json={"corrections": {"holder": "Anna Berg"}})
        assert fixed.status_code == 200, fixed.text
        assert fixed.json()["status"] == "accepted", fixed.json()["result"]["reasons"]


def test_a_reextraction_gives_the_parameters_given_not_the_defaults(running):
    """A record's audit names the parameters that took their default; a re-extraction
    gives only those given (a changed default applies) and skips one the template no
    longer declares (before, it was passed back: a ParamError, the record could not be
    re-extracted)."""
    from formsift.service import storage

    with running.client(running.key("admin")) as api:
        resp = api.post("/v1/extract", params=[
            ("template", "statement"), ("filename", "replay.pdf"),
            ("param", "applicant=Anna Berg")], content=statement_pdf(holder="Anna Borg"))
        record_id = resp.json()["record_id"]
        audit = resp.json()["result"]["audit"]
        assert audit["params_defaulted"] == ["open_pos", "limit"]
        # as if extracted by an earlier version: 'region' given (since dropped), and a
        # default of 1 for 'limit' (since raised to 5000)
        store = running.service.store
        row = store.record(record_id)
        result = dict(row["result"])
        result["audit"] = {**audit, "params": {**audit["params"], "region": "EU",
                                               "limit": "1"}}
        records = storage.T.records
        with store._begin() as conn:
            conn.execute(records.update().where(records.c.id == record_id)
                         .values(result=result))
        assert api.post(f"/v1/review/{record_id}/claim").status_code == 200
        again = api.post(f"/v1/review/{record_id}/reextract")
        assert again.status_code == 200, again.text
        redone = again.json()["result"]
        assert redone["audit"]["params"]["limit"] == "5000"
        assert {r["name"]: r["passed"] for r in redone["rules"]}["under_limit"] is True


def _job_done(api, job_id):
    from tests.service.conftest import wait_for

    return wait_for(lambda: (j := api.get(f"/v1/jobs/{job_id}").json())["status"]
                    in ("done", "failed") and j)


def test_a_job_takes_the_parameters_as_extract_does(running):
    """``POST /v1/jobs?param=...`` (before: an unknown query parameter, 422): the job keeps
    them, its worker extracts with them, and its record's audit says them."""
    with running.client(running.key("admin")) as api:
        resp = api.post("/v1/jobs", params=[
            ("template", "statement"), ("filename", "job.pdf"),
            ("param", "applicant=Anna Berg"), ("param", "open_pos=PO-1002")],
            content=statement_pdf(holder="John Doe"))
        assert resp.status_code == 202, resp.text
        assert resp.json()["params"] == {"applicant": "Anna Berg", "open_pos": "PO-1002"}
        job = _job_done(api, resp.json()["job_id"])
        assert job["status"] == "done", job
        assert job["params"] == {"applicant": "Anna Berg", "open_pos": "PO-1002"}
        result = job["result"]
        assert result["audit"]["params"]["applicant"] == "Anna Berg"
        (holder,) = [r for r in result["rules"] if r["name"] == "holder_is_applicant"]
        assert "John Doe against Anna Berg" in holder["message"]
        # a re-extraction in review gives the template the job's parameters again
        record_id = job["record_id"]
        assert api.post(f"/v1/review/{record_id}/claim").status_code == 200
        again = api.post(f"/v1/review/{record_id}/reextract")
        assert again.status_code == 200, again.text
        assert again.json()["result"]["audit"]["params"]["applicant"] == "Anna Berg"


@pytest.mark.parametrize("params, said", [
    *MISTAKES, ([("param", "applicant=Anna"), ("param", "limit=lots")], "limit")])
def test_a_mistake_in_a_jobs_parameters_is_a_422_at_submission(running, params, said):
    """Said when the job is submitted, as extract says it (not a job that fails later)."""
    with running.client(running.key("admin")) as api:
        resp = api.post("/v1/jobs", params=[("template", "statement"), *params],
                        content=statement_pdf())
        err = api_error(resp, 422, "param_error")
        assert said in err["message"]
        assert "--param" not in err["message"] and "params={" not in err["message"]


def test_a_job_without_a_template_refuses_a_parameter_no_template_declares(running):
    with running.client(running.key("admin")) as api:
        resp = api.post("/v1/jobs", params=[("param", "aplicant=Anna")],
                        content=statement_pdf())
        err = api_error(resp, 422, "param_error")
        assert "aplicant" in err["message"]


def test_a_job_taken_over_runs_with_its_parameters(running):
    """A job left by a process that stopped is run by the next with the values it was
    given (they are in the database, not only in the submitting process's memory)."""
    from formsift.core.document import content_id

    store = running.service.store
    data = statement_pdf(holder="John Doe", balance="1,251.00")
    store.save_document(content_id(data), "left.pdf", data)
    job_id = store.add_job(source="left.pdf", document_hash=content_id(data),
                           template="statement", callback_url=None, api_key_id=None,
                           params={"applicant": "Anna Berg"})
    with running.client(running.key("admin", roles=["extract", "audit"])) as api:
        job = _job_done(api, job_id)
    assert job["status"] == "done", job
    assert job["result"]["audit"]["params"]["applicant"] == "Anna Berg"


@pytest.fixture(scope="module")
def two_templates(tmp_path_factory):
    """statement (declares applicant) and the library's invoice (no parameters) served."""
    root = tmp_path_factory.mktemp("params_scope")
    (root / "statement.sift").write_text(STATEMENT)
    with serve(db_url=f"sqlite:///{root / 'formsift.db'}", data_dir=root / "data",
               templates=[str(root / "statement.sift"), "invoice"]) as svc:
        yield svc


@pytest.mark.parametrize("path", ["/v1/jobs", "/v1/extract"])
@pytest.mark.parametrize("param", ["applicant=Anna", "aplicant=Anna"])
def test_a_split_request_takes_only_the_parameters_of_the_keys_templates(
        two_templates, path, param):
    """A key limited to invoice gives ``applicant``, which only statement (a template it
    may not use) declares: a 422 at submission from both endpoints, and no hint naming
    statement's parameter (before: /v1/jobs took it, 202, and the job failed later; its
    typo was told "did you mean 'applicant'?")."""
    key = two_templates.key("invoice-only", templates=["invoice"], roles=["extract"])
    with two_templates.client(key) as api:
        resp = api.post(path, params=[("split", "true"), ("param", param)],
                        content=statement_pdf())
        err = api_error(resp, 422, "param_error")
        assert f"no parameter '{param.split('=')[0]}' is declared" in err["message"]
        assert "'applicant'" not in err["message"].replace(f"'{param.split('=')[0]}'", "")
