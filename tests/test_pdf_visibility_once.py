"""The PDF loader checks what a page shows (:mod:`pdf_visibility`) once a page, and only
when its text layer is kept: a page read again upright (its text runs sideways) was
checked twice, a page whose fonts map glyphs to no characters (read as a scan) once for
nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_loaders import _DEJAVU, _LINES, _pdf_without_character_map


@pytest.fixture
def engine(registry):
    from formsift.core.engine import Engine

    return Engine(registry=registry)


def _counting(monkeypatch) -> list[int]:
    from formsift.plugins.loaders import pdf_visibility

    calls: list[int] = []
    check = pdf_visibility.check
    monkeypatch.setattr(pdf_visibility, "check",
                        lambda page, words: calls.append(len(words)) or check(page, words))
    return calls


def _sideways() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i in range(14):
        page.insert_text((60, 100 + 20 * i), f"Line {i} of an ordinary page of text",
                         fontsize=10)
    page.insert_text((60, 500), "Total", fontsize=10)
    page.insert_text((200, 500), "370.57", fontsize=10)
    page.draw_rect(pymupdf.Rect(195, 488, 240, 504), color=(1, 1, 1), fill=(1, 1, 1))
    page.set_rotation(90)
    data = doc.tobytes()
    doc.close()
    return data


def test_a_page_read_again_upright_is_checked_once(engine, monkeypatch):
    calls = _counting(monkeypatch)
    page = engine.load(_sideways(), name="turned.pdf").pages[0]
    assert page.notes["orientation"]["rotated"] in (90, 270)
    assert len(calls) == 1
    # what is hidden is said in the page as shown (upright), once
    (hidden,) = page.notes["hidden_text"]["listed"]
    assert hidden["text"] == "370.57"
    total = next(w for w in page.words if w.text == "Total")
    x0, y0, _x1, y1 = hidden["box"]
    assert x0 > total.box.x1 and abs((y0 + y1) / 2 - total.box.cy) < 0.01
    assert "370.57" not in [w.text for w in page.words]


@pytest.mark.skipif(not Path(_DEJAVU).is_file(), reason="fonts-dejavu-core not installed")
def test_a_text_layer_read_as_a_scan_is_not_checked(engine, monkeypatch):
    calls = _counting(monkeypatch)
    page = engine.load(_pdf_without_character_map(_LINES), name="glyphs.pdf").pages[0]
    assert page.words == [] and "text_layer" in page.notes
    assert calls == []
