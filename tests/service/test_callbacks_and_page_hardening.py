"""--webhook-allow-private opens loopback and private networks, never link-local or cloud
metadata addresses (J2 journey, F5: a job's result was POSTed to 169.254.169.254); the
review page is served with a Content-Security-Policy, no framing and no sniffing, and
still works under them."""

from __future__ import annotations

import asyncio
import os
import shutil

import pytest

from tests.service.conftest import api_error, serve
from tests.service.documents import invoice_needing_review

METADATA = ["http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/hook",
            "http://[::ffff:169.254.169.254]/latest", "http://[64:ff9b::a9fe:a9fe]/latest",
            "http://[fd00:ec2::254]/latest", "http://100.100.100.200/latest"]


@pytest.mark.parametrize("url", METADATA)
def test_link_local_and_metadata_hosts_are_refused_even_allowing_private(url):
    from formsift.service.webhooks import CallbackRefused, check_callback

    for allow_private in (False, True):
        with pytest.raises(CallbackRefused, match="link-local or cloud metadata"
                           if allow_private else "not a public|link-local"):
            asyncio.run(check_callback(url, allow_private=allow_private))


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/hook", "http://[::1]/hook",
                                 "http://10.1.2.3/hook", "http://192.168.0.10/hook"])
def test_allowing_private_still_opens_loopback_and_private_networks(url):
    from formsift.service.webhooks import check_callback

    asyncio.run(check_callback(url, allow_private=True))


def test_a_job_to_the_metadata_address_is_refused_by_a_service_allowing_private(tmp_path):
    with serve(db_url=f"sqlite:///{tmp_path / 'db.sqlite'}", data_dir=tmp_path,
               webhook_allow_private=True, webhook_secret="s" * 32) as svc, \
            svc.client(svc.key()) as api:
        resp = api.post("/v1/jobs", params={"template": "invoice",
                                            "callback_url": METADATA[0]},
                        content=invoice_needing_review(1)[0])
        error = api_error(resp, 422, "callback_not_allowed")
        assert "169.254.169.254" in error["message"]


PAGE_FILES = ["/review", "/static/review.js", "/static/review.css"]


def test_the_review_page_is_served_with_a_policy_no_framing_and_no_sniffing(tmp_path):
    with serve(db_url=f"sqlite:///{tmp_path / 'db.sqlite'}", data_dir=tmp_path) as svc, \
            svc.client() as web:
        for path in PAGE_FILES:
            resp = web.get(path)
            assert resp.status_code == 200, (path, resp.text)
            policy = resp.headers.get("Content-Security-Policy", "")
            assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
            assert resp.headers.get("X-Frame-Options") == "DENY"
            assert resp.headers.get("X-Content-Type-Options") == "nosniff"


CHROMIUM = os.environ.get("FORMSIFT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_the_review_page_works_under_its_policy(tmp_path):
    """Its script, style sheet, API calls, page image (a blob: URL) and boxes are all
    allowed: nothing the browser reports as refused."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    pdf = invoice_needing_review(2)[0]
    with serve(db_url=f"sqlite:///{tmp_path / 'db.sqlite'}", data_dir=tmp_path) as svc, \
            svc.client(svc.key("uploader")) as uploader, sync_api.sync_playwright() as pw:
        record_id = uploader.post("/v1/extract?template=invoice", content=pdf).json()[
            "record_id"]
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            said: list[str] = []
            page.on("console", lambda m: said.append(m.text))
            page.on("pageerror", lambda e: said.append(str(e)))
            page.goto(f"{svc.url}/review")
            page.fill("#api-key", svc.key("Rita Reviewer", roles=["review"]))
            page.click("#login button")
            page.click(f'#queue tr[data-record="{record_id}"] button.claim')
            page.locator('input[name="field:total"]').wait_for()
            page.wait_for_selector(".page img")
            assert page.evaluate("document.querySelector('.page img').naturalWidth") > 0
            assert page.locator(".box").count() >= 5
            # the style sheet applies: a box is absolutely placed over the page
            assert page.evaluate("getComputedStyle(document.querySelector('.box'))"
                                 ".position") == "absolute"
        finally:
            browser.close()
    assert not [m for m in said if "Content Security Policy" in m or "Refused" in m], said
