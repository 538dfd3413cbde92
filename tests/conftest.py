"""Shared fixtures. Tests that need ../shared/corpora skip cleanly when it is absent."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The tests' parsed templates and parser go to a cache of their own, not the user's,
# removed when the run ends (each run used to leave one behind in the temp folder).
if "FORMSIFT_CACHE_DIR" not in os.environ:
    _cache = tempfile.mkdtemp(prefix="formsift-test-cache-")
    os.environ["FORMSIFT_CACHE_DIR"] = _cache
    atexit.register(shutil.rmtree, _cache, ignore_errors=True)

ROOT = Path(__file__).resolve().parents[1]
CORPORA = Path(os.environ.get("FORMSIFT_CORPORA", ROOT.parent / "shared" / "corpora"))


@pytest.fixture(scope="session")
def corpora() -> Path:
    if not CORPORA.is_dir():
        pytest.skip("../shared/corpora is not present")
    return CORPORA


@pytest.fixture(scope="session")
def registry():
    from formsift.core.plugins import PluginRegistry

    return PluginRegistry.discover()


@pytest.fixture(scope="module")
def engine():
    """A test module's Engine, its seen-documents store in memory (a module with an
    ``engine`` fixture of its own, built otherwise, uses that one)."""
    from formsift import Engine

    return Engine(seen_store="memory")


@pytest.fixture(scope="session")
def make_pdf():
    """Build a born-digital PDF: make_pdf([(x_pt, y_pt, "text"), ...], pages=1)."""
    import pymupdf

    def build(*pages: list[tuple[float, float, str]], size=(595, 842), font="helv") -> bytes:
        doc = pymupdf.open()
        for items in pages or ([],):
            page = doc.new_page(width=size[0], height=size[1])
            for x, y, text in items:
                page.insert_text((x, y), text, fontsize=10, fontname=font)
        data = doc.tobytes()
        doc.close()
        return data

    return build


@pytest.fixture
def fake_site(tmp_path, monkeypatch):
    """Installed distributions for plugin-discovery tests (:class:`tests.fake_dists.FakeSite`):
    ``fake_site.install(name, sources, entries, ...)``; their modules are forgotten after."""
    from tests.fake_dists import FakeSite

    site = FakeSite(tmp_path, monkeypatch)
    yield site
    site.forget()
