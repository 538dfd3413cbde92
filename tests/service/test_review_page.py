"""The review web page, end to end in headless Chromium (Debian's chromium, Playwright)."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.service.conftest import serve
from tests.service.documents import invoice_missing_a_line, invoice_needing_review

CHROMIUM = os.environ.get("FORMSIFT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _claim(browser, svc, record_id: str, key: str | None = None):
    """A reviewer's page in the browser, logged in and holding ``record_id``; and the list
    the page's script errors go to."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{svc.url}/review")
    page.fill("#api-key", key or svc.key("Rita Reviewer", roles=["review"]))
    page.click("#login button")
    page.wait_for_selector(f'#queue tr[data-record="{record_id}"]')
    page.click(f'#queue tr[data-record="{record_id}"] button.claim')
    return page, errors


def test_reviewer_claims_corrects_and_submits_in_the_browser(browser, tmp_path):
    pdf, truth, wrong = invoice_needing_review(2)
    with serve(db_url=f"sqlite:///{tmp_path / 'db.sqlite'}", data_dir=tmp_path) as svc, \
            svc.client(svc.key("uploader")) as uploader:
        body = uploader.post("/v1/extract?template=invoice&filename=wrong-total.pdf",
                             content=pdf).json()
        assert body["status"] == "review"
        record_id = body["record_id"]
        reviewer_key = svc.key("Rita Reviewer", roles=["review"])
        reviewer_id = reviewer_key[4:].split("_")[0]

        page, errors = _claim(browser, svc, record_id, reviewer_key)
        total = page.locator('input[name="field:total"]')
        total.wait_for()
        assert total.input_value() == body["result"]["fields"]["total"]["value"]
        assert total.input_value() != truth["total"]
        page.wait_for_selector(".page img")  # the page image, fetched with the key
        total.focus()
        assert page.locator(".box.active").count() == 1  # its box is drawn on the page
        assert page.locator(".box").count() >= 5
        total.fill(truth["total"])
        page.click("#submit")
        page.wait_for_selector("#outcome:not([hidden])")
        assert page.inner_text("#new-status") == "accepted"
        assert "total" in page.inner_text("#changes")
        assert not errors, errors

        with svc.client(svc.key("auditor", roles=["audit"])) as auditor:
            record = auditor.get(f"/v1/records/{record_id}").json()
            corrections = auditor.get(f"/v1/records/{record_id}/corrections").json()
            events = [json.loads(x) for x in auditor.get(
                "/v1/audit/export", params={"record_id": record_id}).text.splitlines()]
    assert record["status"] == "accepted" and record["reviewed_by"] == reviewer_id
    assert record["result"]["fields"]["total"]["value"] == truth["total"]
    assert [(c["field"], c["before"]["raw"], c["after"]["value"], c["reviewer"])
            for c in corrections] == [("total", wrong, truth["total"], reviewer_id)]
    assert [e["action"] for e in events] == ["extract", "review.claim", "review.submit"]
    assert events[-1]["actor"] == reviewer_id and events[-1]["status"] == "accepted"


def test_reviewer_adds_a_missing_line_item_in_the_browser(browser, tmp_path):
    """The extraction missed a line item: the reviewer deletes a row and restores it
    (undo), adds a row, fills it in, and the sum rule passes."""
    pdf, _, missing = invoice_missing_a_line(1)
    with serve(db_url=f"sqlite:///{tmp_path / 'db.sqlite'}", data_dir=tmp_path) as svc, \
            svc.client(svc.key("uploader")) as uploader:
        body = uploader.post("/v1/extract?template=invoice", content=pdf).json()
        assert body["status"] == "review"
        record_id = body["record_id"]
        page, errors = _claim(browser, svc, record_id)
        table = page.locator('table[data-table="items"]')
        table.locator("tbody tr").nth(1).wait_for()
        first = table.locator('tr[data-row="0"]')
        first.locator("button.delete-row").click()
        assert "deleted" in first.get_attribute("class")
        first.locator("button.delete-row").click()  # undo
        assert "deleted" not in (first.get_attribute("class") or "")
        page.click("button.add-row")
        new = table.locator("tr.new")
        for column, value in missing.items():
            new.locator(f'input[data-col="{column}"]').fill(str(value))
        page.click("#submit")
        page.wait_for_selector("#outcome:not([hidden])")
        assert page.inner_text("#new-status") == "accepted"
        assert "items[2]" in page.inner_text("#changes")
        assert not errors, errors
        record = uploader.get(f"/v1/records/{record_id}").json()
    items = record["result"]["tables"]["items"]
    assert len(items) == 3 and items[2]["amount"]["value"] == missing["amount"]
    assert items[2]["description"]["value"] == missing["description"]


def test_a_document_of_a_split_file_shows_its_own_pages(browser, tmp_path):
    """A record of a split file (split=true) is on pages of the file: the page showed
    pages 1..n of the file (another document's page 1, refused with 404) and drew the
    document's boxes on no page. It shows the document's pages, with its boxes."""
    import pymupdf

    from tests.service.documents import invoice

    wrong, truth, _ = invoice_needing_review(5)
    out = pymupdf.open()
    for part in (invoice(6)[0], wrong):  # page 1 an accepted invoice, page 2 to review
        out.insert_pdf(pymupdf.open(stream=part, filetype="pdf"))
    with serve(db_url=f"sqlite:///{tmp_path / 'db.sqlite'}", data_dir=tmp_path) as svc, \
            svc.client(svc.key("uploader")) as uploader:
        body = uploader.post("/v1/extract?split=true", content=out.tobytes()).json()
        (document,) = [d for d in body["packet"]["documents"] if d["status"] == "review"]
        assert document["pages"] == [2]
        record_id = document["record_id"]
        page, errors = _claim(browser, svc, record_id)
        page.wait_for_selector('.page[data-page="2"] img')
        assert page.locator(".page").count() == 1 and page.locator(".missing").count() == 0
        assert page.locator('.page[data-page="2"] .box').count() >= 5
        total = page.locator('input[name="field:total"]')
        total.fill(truth["total"])
        page.click("#submit")
        page.wait_for_selector("#outcome:not([hidden])")
        assert page.inner_text("#new-status") == "accepted"
        assert not errors, errors
