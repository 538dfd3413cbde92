"""PDF text layers: numbers in Arabic-Indic digits, which MuPDF gives in an order of its
own, read left to right as the page shows them; right-to-left words read in the order
they are written."""

from __future__ import annotations

from pathlib import Path

import pytest

from formsift.core.engine import Engine

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture(scope="module")
def engine(registry):
    return Engine(registry=registry)


def _mupdf_words(pdf: bytes) -> list[str]:
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return [w[4] for w in doc[0].get_text("words")]


# -- Arabic-Indic digits and right-to-left runs ----------------------------------------


def _glyph_by_glyph(page, x: float, y: float, text: str) -> None:
    """Draw ``text`` one glyph after the other, left to right (as generators place the
    glyphs of a number)."""
    import pymupdf

    font = pymupdf.Font(fontfile=str(DEJAVU))
    for ch in text:
        page.insert_text((x, y), ch, fontname="f0", fontsize=11)
        x += font.text_length(ch, fontsize=11)


def _indic_pdf() -> bytes:
    import pymupdf

    if not DEJAVU.exists():
        pytest.skip("DejaVu Sans is needed to write Arabic-Indic digits")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="f0", fontfile=str(DEJAVU))
    for y, label, value in [(100, "Invoice Date:", "١٤/٠٣/٢٠٢٦"), (120, "Total:", "١٢٣٤٫٥٠"),
                            (140, "Qty:", "١٢"), (160, "VAT No:", "٣١٠٩٨٧٦٥٤٣٠٠٠٠٣"),
                            (180, "Amount:", "\u06f4\u06f5\u06f6"),
                            (200, "Western:", "2026-03-14")]:
        page.insert_text((50, y), label, fontname="f0", fontsize=11)
        _glyph_by_glyph(page, 200, y, value)
    return doc.tobytes()


def test_arabic_indic_numbers_read_left_to_right_as_shown(engine, tmp_path):
    """A Saudi invoice's numbers in Arabic-Indic digits came out reversed (MuPDF's
    order for what it takes as right to left): total 1234.50 read 5, quantity 12 read
    21 and accepted, the date 14/03/2026 as five words '41 / 30 / 6202'."""
    pdf = _indic_pdf()
    assert "٢١" in _mupdf_words(pdf)  # (MuPDF's own order)
    lines = [[w.text for w in ln.words]
             for ln in engine.load(pdf, name="indic.pdf").pages[0].lines]
    assert lines == [["Invoice", "Date:", "١٤/٠٣/٢٠٢٦"], ["Total:", "١٢٣٤٫٥٠"],
                     ["Qty:", "١٢"], ["VAT", "No:", "٣١٠٩٨٧٦٥٤٣٠٠٠٠٣"],
                     ["Amount:", "\u06f4\u06f5\u06f6"], ["Western:", "2026-03-14"]]
    (tmp_path / "t.sift").write_text(
        'template t {\n field qty: int = right of "Qty:"\n'
        ' field when: date = right of "Invoice Date:"\n'
        ' field amount: int = right of "Amount:"\n}\n')
    result = engine.extract(pdf, tmp_path / "t.sift")
    assert result.value("qty") == 12 and result.value("amount") == 456
    assert str(result.value("when")) == "2026-03-14"


def test_numbers_in_a_right_to_left_paragraph_read_left_to_right(engine):
    """The same through a layout engine that shapes and orders right-to-left text
    (HarfBuzz, as browsers print): Hebrew words keep their letters' order, numbers in
    Arabic-Indic digits read as shown, Western digits as they were."""
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page()
    page.insert_htmlbox(pymupdf.Rect(50, 50, 545, 400),
                        "<p dir='rtl'>التاريخ: ١٤/٠٣/٢٠٢٦</p><p>Total: ١٢٣٤٫٥٠</p>"
                        "<p dir='rtl'>מספר חשבונית 2026-118 סך 1,234.50</p>")
    lines = [[w.text for w in ln.words]
             for ln in engine.load(pdf.tobytes(), name="rtl.pdf").pages[0].lines]
    assert "١٤/٠٣/٢٠٢٦" in lines[0]
    assert lines[1] == ["Total:", "١٢٣٤٫٥٠"]
    assert sorted(lines[2]) == sorted(["1,234.50", "סך", "2026-118", "חשבונית", "מספר"])


def test_right_to_left_words_read_in_the_order_they_are_written():
    """Read back from where the characters are drawn: right-to-left letters from right
    to left, digits left to right among them, a ligature's characters in their order."""
    from formsift.plugins.loaders.pdf import _read_back

    def chars(*placed):  # (character, x0, width)
        return [{"c": c, "bbox": (x, 0.0, x + w, 10.0)} for c, x, w in placed]

    # drawn from right to left (a browser's logical order) or left to right: the same
    word = [("ر", 30, 5), ("ق", 25, 5), ("م", 20, 5)]
    assert _read_back(chars(*word)) == _read_back(chars(*word[::-1])) == "رقم"
    # digits of either script keep their order on the page, in or out of such a word
    assert _read_back(chars(("٢", 10, 5), ("٠", 15, 5))) == "٢٠"
    assert _read_back(chars(("ـ", 0, 3), ("ه", 3, 5), ("١", 8, 5), ("٤", 13, 5))) == "١٤هـ"
    # 'لأ' drawn as one glyph: its second character (no width) stays after the first
    assert _read_back(chars(("ل", 20, 5), ("أ", 20, 0), ("ل", 14, 5))) == "لأل"


def test_latin_words_and_unmatched_raw_characters_are_left_as_mupdf_gives_them():
    from formsift.plugins.loaders.pdf import in_visual_order

    words = [(0.0, 0.0, 10.0, 10.0, "Total", 0, 0, 0), (12.0, 0.0, 20.0, 10.0, "12", 0, 0, 1)]
    raw = {"blocks": [{"type": 0, "lines": [{"spans": [{"chars": [
        {"c": c, "bbox": (i * 2.0, 0.0, i * 2.0 + 2, 10.0)}
        for i, c in enumerate("Total 12")]}]}]}]}
    assert in_visual_order(words, raw) == words
    assert in_visual_order(words, {"blocks": []}) is words  # not MuPDF's words: as given


def test_a_right_to_left_phrase_reads_in_logical_order_in_column_reading_order():
    """'رقم الفاتورة' in a left-to-right line is shown with 'الفاتورة' on the left; read
    left to right the phrase came out reversed ('الفاتورة رقم'). ``logical_order``
    reads a run of right-to-left words from right to left (numbers and marks between
    two of them with them), and leaves Latin words, and a line without such words, as
    they are."""
    from formsift.core.document import Word
    from formsift.core.geometry import Box
    from formsift.core.reading_order import logical_order, reading_order

    def line(*texts: str) -> list[Word]:
        return [Word(t, Box(0.05 + 0.1 * i, 0.1, 0.13 + 0.1 * i, 0.12), 0)
                for i, t in enumerate(texts)]

    shown = line("Invoice", "No.", "/", "الفاتورة", "رقم", ":", "AW-2026-118")
    assert [w.text for w in logical_order(shown)] == [
        "Invoice", "No.", "/", "رقم", "الفاتورة", ":", "AW-2026-118"]
    assert [w.box for w in logical_order(shown)] == [shown[i].box for i in (0, 1, 2, 4, 3,
                                                                           5, 6)]
    shown = line("Total", "ريال", "١٢٣", "المبلغ", "9.50")
    assert [w.text for w in logical_order(shown)] == ["Total", "المبلغ", "١٢٣", "ريال",
                                                      "9.50"]
    latin = line("Invoice", "No.", "/", "12")
    assert logical_order(latin) is latin
    (read,) = reading_order(line("Invoice", "No.", "/", "الفاتورة", "رقم", ":"))
    assert read.text == "Invoice No. / رقم الفاتورة :"


def test_a_number_on_a_line_running_up_the_page_reads_along_its_line(engine):
    """A number printed sideways (a line running up the page): its digits are ordered
    along the line, not across the page, where they all stand at one place."""
    import pymupdf

    if not DEJAVU.exists():
        pytest.skip("DejaVu Sans is needed to write Arabic-Indic digits")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="f0", fontfile=str(DEJAVU))
    font = pymupdf.Font(fontfile=str(DEJAVU))
    page.insert_text((100, 440), "Qty:", fontname="f0", fontsize=11, rotate=90)
    y = 400.0
    for ch in "١٢٣٤":
        page.insert_text((100, y), ch, fontname="f0", fontsize=11, rotate=90)
        y -= font.text_length(ch, fontsize=11)
    pdf = doc.tobytes()
    assert "٤٣٢١" in _mupdf_words(pdf)
    assert [w.text for w in engine.load(pdf, name="up.pdf").pages[0].words] == ["Qty:",
                                                                              "١٢٣٤"]
