"""A serial-number column whose header a scan sets a word space before a declared header
(GST journey, finding 1): OCR read a Tally invoice's "Sl No." as "SI No.", a word space
from "Description of Goods", so the header line held one phrase and the serial numbers
under it were read into the description ("1 Road Transport Bengaluru - Chennai",
accepted). Header words before a declared header that head a column of serial numbers
set a column's gap apart from the cells after them are a column the template leaves
out: its numbers go to no column. A description that starts with a number keeps it."""

from __future__ import annotations

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.templates import check_source, runtime

#: A character's width (of the page's width), a word space and a word's height (of the
#: page's height), on an A4 page: about a 9 pt face scanned.
CHAR, SPACE, HEIGHT = 0.0095, 0.005, 0.013

TEMPLATE = """template t {
  table items {
    description: text header "Description of Goods" | "Description" multiline
    hsn: text header "HSN/SAC"
    qty: decimal header "Quantity"
    amount: money header "Amount"
    until "Taxable Value"
  }
}
"""


def _line(y: float, *cells: tuple[float, str]) -> list[Word]:
    """Words of the cells (x where the cell starts, its text), a word space apart."""
    out = []
    for x, text in cells:
        for part in text.split():
            w = CHAR * len(part)
            out.append(Word(part, Box(x, y, x + w, y + HEIGHT), 0, 0.97, "ppocr_rec",
                            char_confidences=(0.97,) * len(part)))
            x += w + SPACE
    return out


def _run(registry, header: list[tuple[float, str]], rows: list[list[tuple[float, str]]]):
    lines = [_line(0.30, *header)] + [_line(0.33 + 0.03 * i, *r) for i, r in enumerate(rows)]
    total = sum(float(r[-1][1].replace(",", "")) for r in rows)
    lines.append(_line(0.33 + 0.03 * len(rows), (0.50, "Taxable Value"),
                       (0.80, f"{total:,.2f}")))
    page = Page(0, 595, 842, words=[w for ln in lines for w in ln])
    doc = Document("sha256:t", "t", "image/png", [page], "t")
    (t,), _ = check_source(TEMPLATE, "t.sift", registry)
    return runtime.run(t, doc)


def _descriptions(ex) -> list[str]:
    return [row["description"].value for row in ex.tables["items"]]


# "SI No." (as OCR reads "Sl No.") at 0.067, "Description of Goods" a word space after it
TALLY = [(0.067, "SI No."), (0.1245, "Description of Goods"), (0.50, "HSN/SAC"),
         (0.62, "Quantity"), (0.85, "Amount")]


def _row(serial: str, description: str, hsn: str, qty: str, amount: str
         ) -> list[tuple[float, str]]:
    return [(0.067, serial), (0.127, description), (0.50, hsn), (0.62, qty), (0.85, amount)]


def test_the_serial_numbers_under_a_header_glued_to_the_description_go_nowhere(registry):
    ex = _run(registry, TALLY, [
        _row("1", "Road Transport Chennai", "996511", "1", "20,231.37"),
        _row("2", "Warehousing Charges Dec-2026", "996729", "3", "38,607.81")])
    assert _descriptions(ex) == ["Road Transport Chennai",
                                 "Warehousing Charges Dec-2026"]


def test_one_row_and_a_serial_written_with_a_dot(registry):
    ex = _run(registry, TALLY, [_row("1.", "Road Transport", "996511", "1", "20,231.37")])
    assert _descriptions(ex) == ["Road Transport"]


def test_a_description_starting_with_a_number_after_the_serial_keeps_it(registry):
    ex = _run(registry, TALLY, [
        _row("1", "10 mm bolts", "731815", "100", "1,200.00"),
        _row("2", "2 x Cable drum", "854449", "2", "3,400.00")])
    assert _descriptions(ex) == ["10 mm bolts", "2 x Cable drum"]


# ------------------------------------------------------------- a generated invoice scanned
SCAN_TEMPLATE = TEMPLATE.replace("template t {", 'template t {\n  match { contains "TAX INVOICE" }')


def _invoice_pdf(rows: list[tuple[str, str, str, str, str]]) -> bytes:
    """A Tally-style invoice table: "Sl No." at 40 pt, "Description of Goods" at 70 pt
    (a word space or so after it in 8 pt bold), the serial numbers under "Sl No."."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((250, 80), "TAX INVOICE", fontsize=14, fontname="hebo")
    for x, text in [(40, "Sl No."), (70, "Description of Goods"), (300, "HSN/SAC"),
                    (400, "Quantity"), (520, "Amount")]:
        page.insert_text((x, 200), text, fontsize=8, fontname="hebo")
    for i, row in enumerate(rows):
        for x, text in zip((40, 70, 300, 400, 520), row, strict=True):
            page.insert_text((x, 218 + 18 * i), text, fontsize=9, fontname="helv")
    page.insert_text((300, 218 + 18 * len(rows)), "Taxable Value", fontsize=9, fontname="hebo")
    return doc.tobytes()


def test_a_scanned_invoice_with_a_serial_column(tmp_path):
    """200 dpi, degraded as a scanner would ("all"): OCR reads "SI No." a word space
    from "Description of Goods" (on HEAD before the fix: "1 Road Transport...")."""
    from formsift import Engine
    from formsift.samples.scans import encode_png, render_scan

    rows = [("1", "Road Transport Bengaluru - Chennai", "996511", "1", "20,231.37"),
            ("2", "10 mm bolts", "731815", "100", "1,200.00")]
    scan = tmp_path / "scan.png"
    scan.write_bytes(encode_png(render_scan(_invoice_pdf(rows), 200, "all", 1)[0]))
    template = tmp_path / "t.sift"
    template.write_text(SCAN_TEMPLATE, encoding="utf-8")
    result = Engine(seen_store="memory").extract(scan, str(template))
    assert [row["description"].value for row in result.tables["items"]] == [
        "Road Transport Bengaluru - Chennai", "10 mm bolts"]
