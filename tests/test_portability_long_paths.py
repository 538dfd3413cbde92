"""batch over a folder that holds a file under a path longer than the system allows:
an error line for what could not be read, never a document left out in silence."""

from __future__ import annotations

import os

import pytest

from formsift.batch.inputs import content_hash, expand
from formsift.core.errors import FormsiftError


@pytest.fixture
def deep_pdf(tmp_path):
    """tmp_path/inbox/ddd.../ddd.../invoice.pdf, the path over 4,096 bytes (PATH_MAX)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ok.pdf").write_bytes(b"%PDF-1.4\n")
    fd = os.open(inbox, os.O_RDONLY)
    first = None
    try:
        for _ in range(24):  # 24 x 201 bytes
            os.mkdir("d" * 200, dir_fd=fd)
            first = first or str(inbox / ("d" * 200))
            nxt = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
        out = os.open("invoice.pdf", os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=fd)
        os.write(out, b"%PDF-1.4\n")
        os.close(out)
    finally:
        os.close(fd)
    return inbox


def test_a_file_past_the_path_limit_is_an_input_with_an_error(deep_pdf):
    found = expand([str(deep_pdf)], suffixes={".pdf"})
    deep = [p for p in found.paths if len(p.encode()) > 4096]
    assert len(found.paths) == 2 and deep, found
    assert not any(len(p.encode()) > 4096 for p in found.ignored_paths)
    with pytest.raises(FormsiftError, match="File name too long"):
        content_hash(deep[0])


def test_it_is_an_input_whatever_the_glob(deep_pdf):
    found = expand([str(deep_pdf)], globs=["*.pdf"])
    assert any(len(p.encode()) > 4096 for p in found.paths)
