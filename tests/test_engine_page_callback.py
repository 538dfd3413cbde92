"""A per-call page callback (``on_page_read=``): a back office's worker shares one Engine
between threads, and the engine's ``on_page_read`` saw every thread's pages (another
customer's progress). The call's own callback sees that call's pages only."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pymupdf
import pytest

from formsift import Engine
from formsift.core.document import Page, Word
from formsift.core.geometry import Box
from formsift.core.kinds import Recognizer


class PageReader(Recognizer):
    """Reads each scanned page as one word; the first pages of two calls wait for each
    other, so both calls read their pages at the same time."""

    name = "page_reader"

    def __init__(self, meet: threading.Barrier | None = None) -> None:
        super().__init__()
        self.meet = meet

    def recognize(self, image: Any, page: Page, regions: list[Any],
                  constraint: Any = None) -> list[Word]:
        if self.meet is not None and page.index == 0:
            self.meet.wait()
        return [Word("Notes", Box(0.1, 0.1, 0.3, 0.15), page.index, 0.99, self.name)]


def scan(pages: int) -> bytes:
    """A PDF of blank pages without a text layer (each one is read by OCR)."""
    doc = pymupdf.open()
    for _ in range(pages):
        doc.new_page(width=300, height=400)
    return doc.tobytes()


@pytest.fixture
def engine(registry, monkeypatch):
    engine = Engine(registry=registry, seen_store="memory")
    reader = PageReader()
    monkeypatch.setattr(engine, "_recognition_stages", lambda template: ([], [], [reader]))
    return engine, reader


def test_threads_sharing_an_engine_each_see_their_own_pages(engine):
    engine, reader = engine
    reader.meet = threading.Barrier(2, timeout=120)  # (a broken run fails, not hangs)
    everyone: list[tuple[str, int, int]] = []
    engine.on_page_read = lambda doc, done, total: everyone.append((doc.name, done, total))
    seen: dict[str, list[tuple[str, int, int]]] = {"a.pdf": [], "b.pdf": []}

    def own(name: str):
        return lambda doc, done, total: seen[name].append((doc.name, done, total))

    with ThreadPoolExecutor(2) as pool:
        one = pool.submit(engine.extract, scan(2), "invoice", name="a.pdf",
                          on_page_read=own("a.pdf"))
        many = pool.submit(lambda: list(engine.extract_many(
            [("b.pdf", scan(3))], "invoice", on_page_read=own("b.pdf"))))
        assert one.result().source == "a.pdf"
        assert [r.source for r in many.result()] == ["b.pdf"]
    assert seen["a.pdf"] == [("a.pdf", 1, 2), ("a.pdf", 2, 2)]
    assert seen["b.pdf"] == [("b.pdf", 1, 3), ("b.pdf", 2, 3), ("b.pdf", 3, 3)]
    # the engine's own callback still sees every call's pages, as before
    assert sorted(everyone) == sorted(seen["a.pdf"] + seen["b.pdf"])


def test_a_call_without_one_leaves_no_callback_behind(engine):
    engine, _ = engine
    seen: list[int] = []
    engine.extract(scan(1), "invoice", on_page_read=lambda doc, done, total: seen.append(done))
    engine.extract(scan(2), "invoice")
    list(engine.extract_many([scan(1)], "invoice"))
    assert seen == [1]


def test_extract_document_and_packets_take_one(engine):
    engine, _ = engine
    seen: list[tuple[str, int, int]] = []

    def note(doc, done, total):
        seen.append((doc.name, done, total))

    engine.extract_document(engine.load(scan(2), name="d.pdf"), "invoice", on_page_read=note)
    assert seen == [("d.pdf", 1, 2), ("d.pdf", 2, 2)]
    seen.clear()
    engine.extract_packet(scan(2), name="p.pdf", on_page_read=note)
    assert seen[:2] == [("p.pdf", 1, 2), ("p.pdf", 2, 2)]


@pytest.mark.parametrize("wrong", [True, "print", lambda doc, done: None])
def test_a_callback_that_cannot_be_called_so_is_one_clear_error(engine, wrong):
    """``on_page_read=True`` (or a function of two arguments) failed deep in the engine
    on a scan (TypeError: 'bool' object is not callable), became an internal_error result
    per input in extract_many, and passed unnoticed on a page with a text layer."""
    from formsift import FormsiftError

    engine, _ = engine
    calls = [lambda: engine.extract(scan(1), "invoice", on_page_read=wrong),
             lambda: list(engine.extract_many([scan(1), scan(1)], "invoice",
                                              on_page_read=wrong)),
             lambda: engine.extract_document(engine.load(scan(1), name="d.pdf"), "invoice",
                                             on_page_read=wrong),
             lambda: engine.extract_packet(scan(1), name="p.pdf", on_page_read=wrong)]
    for call in calls:
        with pytest.raises(FormsiftError, match="on_page_read must be a function "
                                                r"f\(document, pages_done, pages_to_read\)"):
            call()
