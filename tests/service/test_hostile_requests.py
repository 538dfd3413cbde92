"""Findings of a security review of the service: a page too large to draw at the dpi asked
for, template names leaking to keys limited to other templates, requests waiting for a
worker without a limit (each holding its document), JSON bodies refused for the wrong
reason, and page limits answered with the loaders' limits instead of the service's."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from tests.service.conftest import api_error, serve, wait_for
from tests.service.documents import invoice

#: The library's templates and packet template a key limited to receipts must not learn
OTHERS = ("invoice", "payslip", "kyc_form", "id_card", "delivery_note", "proof_of_address",
          "kyc")


@pytest.fixture(scope="module")
def svc(db_url, tmp_path_factory):
    with serve(db_url=db_url, data_dir=tmp_path_factory.mktemp("data")) as running:
        running.admin = running.key("admin")
        yield running




def _huge_page_pdf() -> bytes:
    """One page of 14,400 x 14,400 pt (200 inches, PDF's largest) with a text layer."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=14_400, height=14_400)
    page.insert_text((72, 100), "Invoice INV-2024-001 Date 2024-01-31", fontsize=24)
    page.insert_text((72, 200), "Total 1,234.50 EUR", fontsize=24)
    data = doc.tobytes()
    doc.close()
    return data


def _png_size(png: bytes) -> tuple[int, int]:
    import struct

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def test_a_page_too_large_to_draw_is_drawn_smaller(api):
    """A stored document with a 200-inch page answered 500 internal_error at every dpi
    the endpoint allows (the loader refuses to draw over 200,000,000 pixels): a reviewer
    could never see the page of a record in review. It is drawn at the highest dpi within
    the page image budget, and the answer says which dpi."""
    from formsift.service.workers import MAX_PAGE_IMAGE_PIXELS

    resp = api.post("/v1/extract?template=invoice&filename=huge.pdf",
                    content=_huge_page_pdf())
    assert resp.status_code == 200, resp.text
    rid = resp.json()["record_id"]
    for dpi in ("72", "150", "200", None, "36"):
        image = api.get(f"/v1/records/{rid}/pages/1",
                        params={"dpi": dpi} if dpi else None)
        assert image.status_code == 200, (dpi, image.text)
        assert image.headers["content-type"] == "image/png"
        width, height = _png_size(image.content)
        drawn = int(image.headers["X-Formsift-Dpi"])
        assert width * height <= MAX_PAGE_IMAGE_PIXELS * 1.01, (dpi, width, height)
        assert drawn < int(dpi or 110) and abs(width - 14_400 * drawn / 72) <= 2
    # a page of ordinary size is drawn at the dpi asked for, as before
    ordinary = api.post("/v1/extract?template=invoice", content=invoice(11)[0]).json()
    image = api.get(f"/v1/records/{ordinary['record_id']}/pages/1?dpi=150")
    assert image.status_code == 200 and image.headers["X-Formsift-Dpi"] == "150"
    assert _png_size(image.content)[0] == round(595 * 150 / 72)


def test_a_large_image_page_is_drawn_within_the_budget():
    """An image page is scaled from the pixels it was read at (a 20,000 px square scan
    at 300 dpi asked for at 200 dpi would be 178 million pixels)."""
    from formsift.core.document import Page
    from formsift.service.workers import MAX_PAGE_IMAGE_PIXELS, fitting_dpi

    scan = Page(index=0, width=20_000, height=20_000, unit="px",
                notes={"image": {"dpi": 300, "size_px": [20_000, 20_000]}})
    dpi = fitting_dpi(scan, 200)
    side = 20_000 * dpi / 300
    assert side * side <= MAX_PAGE_IMAGE_PIXELS < (side + 20_000 / 300) ** 2
    a4 = Page(index=0, width=2480, height=3508, unit="px", notes={"image": {"dpi": 300}})
    assert fitting_dpi(a4, 200) == 200
    assert fitting_dpi(Page(index=0, width=80, height=66, unit="char"), 150) == 150


def test_a_limited_key_learns_no_other_templates_name(svc):
    """A key limited to receipts was told 'did you mean payslip?' for 'payslp', and 403
    for 'invoice' but 422 for a name that does not exist (which confirmed a guess), on
    /v1/extract, /v1/jobs and with split=true; the public OpenAPI spec listed every
    template. A template the key may not use now answers as one that does not exist,
    and hints name only the key's own templates."""
    pdf, _ = invoice(12)
    with svc.client(svc.key("receipts only", templates=["receipt"])) as c:
        answers = {}
        for name in ("payslp", "kyc_fom", "invoice", "payslip", "kyc", "nonexistent"):
            for path in ("/v1/extract", "/v1/jobs", "/v1/extract?split=true",
                         "/v1/jobs?split=true"):
                sep = "&" if "?" in path else "?"
                err = api_error(c.post(f"{path}{sep}template={name}", content=pdf), 422,
                             "unknown_template")
                message = err["message"].replace(repr(name), "NAME")
                for other in OTHERS:
                    assert other not in message, (path, name, err["message"])
                answers.setdefault(path, set()).add(message)
        # the same answer whether the name exists or not
        assert all(len(messages) == 1 for messages in answers.values()), answers
        # hints among its own templates still help
        err = api_error(c.post("/v1/extract?template=receit", content=pdf), 422,
                     "unknown_template")
        assert "did you mean 'receipt'?" in err["message"]
        err = api_error(c.post("/v1/extract?template=receipt&split=true", content=pdf), 422,
                     "invalid_request")
        assert "leave out template" in err["message"]
        api_error(c.post("/v1/extract", content=pdf), 403, "forbidden")  # it must name one
        assert c.post("/v1/extract?template=receipt", content=pdf).status_code == 200
        spec = c.get("/openapi.json").text
        for other in ("invoice", "payslip", "kyc_form", "delivery_note"):
            assert f'"{other}"' not in spec, other
    with svc.client(svc.admin) as c:  # an unlimited key is told about every template
        err = api_error(c.post("/v1/extract?template=payslp", content=pdf), 422,
                     "unknown_template")
        assert "did you mean 'payslip'?" in err["message"]
        err = api_error(c.post("/v1/extract?template=kyc&split=true", content=pdf), 422,
                     "invalid_request")
        assert "is a packet template" in err["message"]


def test_valid_json_the_parser_cannot_take_is_refused_for_what_it_is(api):
    """JSON nested a thousand levels deep, or with a number of 4,400 digits, was refused
    as 'not UTF-8 text', which sent the client looking for an encoding problem."""
    as_json = {"Content-Type": "application/json"}
    deep = b'{"corrections": {"total": ' + b"[" * 5000 + b"]" * 5000 + b"}}"
    err = api_error(api.post("/v1/review/r_none/submit", content=deep, headers=as_json), 422,
                 "invalid_request")
    assert "nested too deeply" in err["message"] and "UTF-8" not in err["message"]
    big = b'{"corrections": {"total": 1' + b"0" * 4400 + b"}}"
    err = api_error(api.post("/v1/review/r_none/submit", content=big, headers=as_json), 422,
                 "invalid_request")
    assert "number of more than 4,300 digits" in err["message"], err["message"]
    assert "UTF-8" not in err["message"]
    err = api_error(api.post("/v1/review/r_none/submit", content=b'{"corrections": "\xff"}',
                          headers=as_json), 422, "invalid_request")
    assert "not UTF-8 text" in err["message"]


def test_requests_waiting_for_a_worker_are_limited(tmp_path):
    """Requests to /v1/extract waited for a worker without a limit, each holding its
    body in memory (150 uploads of 4.9 MB behind two slow documents: 1.07 GB). Beyond
    max_waiting they are answered 503 busy with Retry-After at once, before their body
    is read; page images wait in the same line; jobs keep their own queue."""
    with serve(db_url=f"sqlite:///{tmp_path / 'db.sqlite'}", data_dir=tmp_path,
               max_waiting=2) as svc, svc.client(svc.key()) as api:
        service = svc.service
        stored = api.post("/v1/extract?template=invoice", content=invoice(13)[0]).json()
        (worker,) = service.pool._all
        answers: dict[str, object] = {}

        def send(name: str, seed: int) -> None:
            with svc.client(svc.key(name)) as c:
                answers[name] = c.post("/v1/extract?template=invoice",
                                       content=invoice(seed)[0])

        threads = []
        os.kill(worker.process.pid, signal.SIGSTOP)  # the worker takes a long time
        try:
            threads.append(threading.Thread(target=send, args=("on the worker", 14)))
            threads[-1].start()
            wait_for(lambda: service.pool.busy == 1, timeout=30)
            for i in range(2):
                threads.append(threading.Thread(target=send, args=(f"waiting {i}", 15 + i)))
                threads[-1].start()
            wait_for(lambda: getattr(service, "waiting", 0) == 2, timeout=30)
            with svc.client(svc.key("one too many")) as c:
                busy = c.post("/v1/extract?template=invoice", content=invoice(17)[0],
                              timeout=10)
                err = api_error(busy, 503, "busy")
                assert busy.headers["Retry-After"].isdigit()
                assert "POST /v1/jobs" in err["message"]
                api_error(c.get(f"/v1/records/{stored['record_id']}/pages/1", timeout=10),
                       503, "busy")
                assert 'formsift_requests_waiting 2.0' in c.get("/metrics").text
        finally:
            os.kill(worker.process.pid, signal.SIGCONT)
        for thread in threads:
            thread.join(120)
        assert {name: resp.status_code for name, resp in answers.items()} == {
            "on the worker": 200, "waiting 0": 200, "waiting 1": 200}
        assert service.waiting == 0
        assert api.post("/v1/extract?template=invoice", content=invoice(17)[0]
                        ).status_code == 200


def test_the_docs_say_these_limits_and_answers():
    from pathlib import Path

    from formsift.service import ServiceConfig
    from formsift.service.workers import MAX_PAGE_IMAGE_PIXELS

    text = " ".join((Path(__file__).resolve().parents[2] / "docs" / "service.md")
                    .read_text().split())
    cfg = ServiceConfig()
    assert f"| `--max-waiting` | {cfg.max_waiting} |" in text
    assert f"at most `--max-waiting` ({cfg.max_waiting}; `max_waiting`" in text
    assert "`503 busy`" in text and "| 503 | `busy`" in text
    assert f"over {MAX_PAGE_IMAGE_PIXELS:,} pixels" in text and "X-Formsift-Dpi" in text
    assert "with another template, or with none, answer `403 forbidden`" not in text
    assert "names only templates the key may use" in text


def _pdf_of(pages: int) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    for i in range(pages):
        doc.new_page(width=200, height=200).insert_text((20, 40), f"page {i + 1}")
    data = doc.tobytes(garbage=1, deflate=True)
    doc.close()
    return data


def _tiff_of(pages: int) -> bytes:
    import cv2
    import numpy as np

    ok, data = cv2.imencodemulti(".tif", [np.full((8, 8), 255, np.uint8)] * pages)
    assert ok
    return data.tobytes()


def test_page_limits_answer_413_with_the_services_limit(api):
    """A 6,000-page PDF got 422 input_error citing 5,000 (the PDF loader's own limit) and
    a 2,000-page TIFF 'more than 1,000 pages', where the service's limit is 50 and the
    documented answer 413 too_many_pages: the loaders' limits fired first. Every file over
    --max-pages is 413 too_many_pages citing it, on /v1/extract (also with split=true) and
    as a job."""
    cases = {"pages60.pdf": _pdf_of(60), "pages6000.pdf": _pdf_of(6000),
             "multi60.tif": _tiff_of(60), "multi2000.tif": _tiff_of(2000),
             "formfeeds.txt": b"\f".join(b"line %d" % i for i in range(6000))}
    for name, data in cases.items():
        for split in ("", "&split=true"):
            template = "" if split else "&template=invoice"
            err = api_error(api.post(f"/v1/extract?filename={name}{template}{split}",
                                  content=data), 413, "too_many_pages")
            assert "over the limit of 50" in err["message"], (name, err["message"])
            assert "5,000" not in err["message"] and "1,000" not in err["message"]
    job = api.post("/v1/jobs?template=invoice&filename=pages6000.pdf",
                   content=cases["pages6000.pdf"]).json()
    done = wait_for(lambda: (j := api.get(f"/v1/jobs/{job['job_id']}").json())["status"]
                    in ("done", "failed") and j)
    assert done["error"]["code"] == "too_many_pages", done
    assert "over the limit of 50" in done["error"]["message"]


def test_the_docs_say_which_page_limit_is_checked():
    from pathlib import Path

    text = " ".join((Path(__file__).resolve().parents[2] / "docs" / "service.md")
                    .read_text().split())
    row = text[text.index("| `--max-pages` |"):].split(" |\n")[0]
    assert "`413 too_many_pages` beyond, citing this limit" in row
    assert "before its pages are read" in row
