"""Refused requests say what to send (J2 journey, F6): a JSON number as a correction gets
the reason the docs give (send it as a string: a float can lose digits), not pydantic's
two union branches; a callback_url that is no URL gets "must be an http(s) URL", not a
regular expression."""

from __future__ import annotations

import uuid

import pytest

from tests.service.conftest import api_error, serve
from tests.service.documents import invoice_needing_review


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    root = tmp_path_factory.mktemp("errors")
    with serve(db_url=f"sqlite:///{root / 'db.sqlite'}", data_dir=root) as running, \
            running.client(running.key()) as client:
        yield client


@pytest.mark.parametrize("value", [1250.00, 1250, ["1.00", 2.5]])
def test_a_json_number_as_a_correction_says_to_send_a_string(api, value):
    resp = api.post(f"/v1/review/{uuid.uuid4()}/submit",
                    json={"corrections": {"payable": value}})
    error = api_error(resp, 422, "invalid_request")
    assert "body.corrections.payable: a JSON number: send the value as a string" in \
        error["message"]
    assert "lose digits" in error["message"]
    assert "list[str]" not in resp.text and "Input should be" not in resp.text
    assert [d["loc"] for d in error["details"]] == [["body", "corrections", "payable"]]


def test_a_correction_of_another_json_type_says_what_it_takes(api):
    resp = api.post(f"/v1/review/{uuid.uuid4()}/submit",
                    json={"corrections": {"payable": {"value": "1.00"}}})
    error = api_error(resp, 422, "invalid_request")
    assert "takes a string (the value as typed), a list of strings" in error["message"]
    assert "list[str]" not in resp.text


@pytest.mark.parametrize("url", ["notaurl", "file:///etc/passwd", "ftp://host/x"])
def test_a_callback_url_that_is_no_http_url_says_so(api, url):
    resp = api.post("/v1/jobs", params={"template": "invoice", "callback_url": url},
                    content=invoice_needing_review(1)[0])
    error = api_error(resp, 422, "invalid_request")
    assert "query.callback_url: must be an http(s) URL" in error["message"]
    assert "pattern" not in resp.text and "https?" not in resp.text
