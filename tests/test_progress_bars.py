"""The command line's progress bars on a terminal that reports no size. A pseudo-terminal
of 0 columns and 0 lines (``script`` outside a terminal, some CI runners) made tqdm print
nothing during a 10-minute run of a 25-page scan (lease journey, finding 7)."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

import pytest

pty = pytest.importorskip("pty")


@pytest.fixture
def sizeless_terminal(monkeypatch):
    """A function that puts stderr on a fresh pseudo-terminal (0 x 0 until someone sizes
    it; called in the test, as pytest's capture sets stderr after fixtures) and returns a
    function giving what was written to it so far."""
    master, slave = pty.openpty()
    assert os.get_terminal_size(slave) == (0, 0)
    stream = open(slave, "w", encoding="utf-8", buffering=1)  # noqa: SIM115

    def written() -> str:
        stream.flush()
        os.set_blocking(master, False)
        out = b""
        try:
            while chunk := os.read(master, 65536):
                out += chunk
        except (BlockingIOError, OSError):
            pass
        return out.decode("utf-8", "replace")

    def use() -> Any:
        monkeypatch.setattr(sys, "stderr", stream)
        return written

    yield use
    stream.close()
    os.close(master)


def test_a_terminal_without_a_size_gets_bars_of_a_fallback_width(sizeless_terminal):
    from formsift.cli.commands import FALLBACK_BAR_SIZE, bar_size

    sizeless_terminal()
    assert sys.stderr.isatty()
    assert bar_size() == {"ncols": FALLBACK_BAR_SIZE[0], "nrows": FALLBACK_BAR_SIZE[1]}


def test_the_page_bar_shows_pages_on_a_terminal_without_a_size(sizeless_terminal):
    from tqdm import tqdm

    from formsift.cli.commands import _page_bar
    from formsift.core.document import Document

    written = sizeless_terminal()
    bar = _page_bar(tqdm)
    doc = Document("sha256:x", "scan.pdf", "application/pdf", [], "scan.pdf")
    for done in (1, 2, 3):
        time.sleep(0.12)  # tqdm redraws at most every 0.1 s; OCR takes seconds a page
        bar(doc, done, 3)
    shown = written()
    assert "scan.pdf" in shown and "3/3" in shown and "page" in shown


def test_the_document_bar_shows_documents_on_a_terminal_without_a_size(sizeless_terminal):
    from formsift.cli.commands import _progress

    written = sizeless_terminal()
    for _ in _progress(["a.pdf", "b.pdf"], enabled=True):
        time.sleep(0.12)
    assert "2/2" in written()


def test_a_sized_terminal_keeps_a_bar_that_follows_its_width(monkeypatch):
    from formsift.cli import commands

    monkeypatch.setattr(commands.os, "get_terminal_size",
                        lambda fd: os.terminal_size((120, 40)))

    class Tty:
        def fileno(self) -> int:
            return 2

    assert commands.bar_size(Tty()) == {"dynamic_ncols": True}
