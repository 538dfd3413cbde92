"""Labels as OCR reads them on scans: the ordinal "º" of "N.º" read "9" (or "o", or
nothing), an accented vowel read as a digit inside a word ("Retenci6n"), and a label
glued to its line's item number ("1.ORIGINAL CONTRACT SUM"). The value starts after
the label, never inside it."""

from __future__ import annotations

import pytest


def ocr_doc(*lines, conf: float = 0.97):
    """A one-page OCR'd document: each line a tuple of words set side by side, one word
    space apart (a word given as (text, gap_before) starts that far from the previous)."""
    from formsift.core.document import Document, Page, Word
    from formsift.core.geometry import Box

    words = []
    for i, line in enumerate(lines):
        x = 0.05
        y = 0.1 + 0.04 * i
        for k, item in enumerate(line):
            text, gap = item if isinstance(item, tuple) else (item, 0.012)
            if k:
                x += gap
            w = 0.012 * len(text)
            words.append(Word(text, Box(x, y, x + w, y + 0.02), 0, conf, "ppocr_rec",
                              char_confidences=tuple([conf] * len(text))))
            x += w
    return Document("sha256:test", "t", "image/png", [Page(0, 100, 100, words=words)], "t")


def tpl(src: str, registry):
    from formsift.templates import check_source

    (t,), diags = check_source(src, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return t


def run(src, doc, registry):
    from formsift.templates import runtime

    ex = runtime.run(tpl(src, registry), doc)
    return {k: (v.value if v is not None else None) for k, v in ex.fields.items()}


def hits(words_line, label):
    from formsift.core.document import Page
    from formsift.templates.labels import find_label

    doc = ocr_doc(words_line)
    return find_label(Page(0, 100, 100, words=doc.pages[0].words), (label,))


ORDINAL = '''template t {
  locale "es_ES"
  field invoice_no: id = right of "Factura n.º"
  field ref: id? = right of "N.º"
  field pt_no: id? = right of "Fatura n.º"
}'''


@pytest.mark.parametrize("mark", ["9", "o", "°", "º", "0"])
def test_an_ordinal_mark_read_as_9_or_o_is_part_of_the_label_not_the_value(mark, registry):
    """A user's bug (Spanish invoices on scans): "Factura n.º 77/2026" was read
    "Factura n.9 77/2026", and 'right of "Factura n.º"' took the "9" as the invoice number,
    accepted; "N.º: FT 2026/318" read "N.9:" had no label at all."""
    doc = ocr_doc(("Factura", f"n.{mark}", "77/2026"),
                  (f"N.{mark}:", "FT-2026/318"),
                  ("Fatura", f"n.{mark}", "A/123"))
    got = run(ORDINAL, doc, registry)
    assert got["invoice_no"] == "77/2026"
    assert got["ref"] == "FT-2026/318"
    assert got["pt_no"] == "A/123"


def test_an_ordinal_mark_the_recognizer_dropped_still_finds_the_label(registry):
    doc = ocr_doc(("Factura", "n.", "77/2026"), ("N", "factura:", "2026-0150"))
    got = run(ORDINAL, doc, registry)
    assert got["invoice_no"] == "77/2026"
    assert [(h.first, h.last) for h in hits(("N", "factura:", "2026-0150"), "Nº factura")] \
        == [(0, 1)]


def test_a_mark_read_9_ranks_below_the_mark_read_as_such():
    # a London postcode "N9 4AB" on the page is no surer "N°" than the printed one
    doc = ocr_doc(("N9", "4AB"), ("N°", "FT-77"))
    from formsift.templates.labels import find_label

    found = find_label(doc.pages[0], ("N°",))
    assert [h.line_index for h in found] == [1, 0]
    assert found[0].score > found[1].score


def test_a_9_is_no_ordinal_mark_elsewhere():
    # the "9" stands for the mark only where the label has one: "N.º" is not found in "Nr9"
    # nor "Factura" in "Factura9"
    assert hits(("Nr9", "12"), "N.º") == []
    assert hits(("N", "12"), "N.º") == []
    assert [(h.first, h.last, h.rest.text if h.rest else None)
            for h in hits(("Factura9", "12"), "Factura n.º")] == []


ACCENTS = '''template t {
  locale "es_ES"
  currency "EUR"
  field irpf: money? = right of "Retención IRPF 15%"
  field irpf_re: money? = right of /Retenci[oó]n IRPF \\d+%/
  field issued: date? = right of "Fecha de emisión"
  field fee: money? = right of "Comisión de gestión"
}'''


def test_an_accented_o_read_as_6_inside_a_word_still_finds_the_label(registry):
    """A user's bug (Spanish scans): "Retención IRPF 15%" was read "Retenci6n IRPF 15%",
    "Fecha de emisión" "Fecha de emisi6n": the retention and the date were missing."""
    doc = ocr_doc(("Retenci6n", "IRPF", "15%:", "-225,00"),
                  ("Fecha", "de", "emisi6n:", "04/12/2026"),
                  ("Comisi6n", "de", "gesti6n", "12,50"))
    got = run(ACCENTS, doc, registry)
    assert str(got["irpf"]) == "-225.00"
    assert str(got["irpf_re"]) == "-225.00"
    assert str(got["issued"]) == "2026-12-04"
    assert str(got["fee"]) == "12.50"


def test_a_6_is_no_letter_outside_a_word_nor_in_the_label():
    # a "6" standing alone, or at a word's edge, is a digit: "Box 6" is no "Box o"
    assert hits(("Box", "o", "12"), "Box 6") == []
    assert hits(("Box", "6", "12"), "Box o") == []
    assert hits(("Emisi6", "12"), "Emisió") == []
    # a label written with a digit between letters matches that text only
    assert hits(("A6B", "12"), "A6B") != []
    assert hits(("AoB", "12"), "A6B") == []


GLUED = '''template t {
  locale "en_US"
  currency "USD"
  field original: money = right of "Original Contract Sum"
  field net: money = right of "Net Change by Change Orders"
  field retainage: money = right of "Retainage"
}'''


def test_a_label_glued_to_its_item_number_is_found(registry):
    """A user's bug (AIA G702 on a scan): OCR wrote "1.ORIGINAL CONTRACT SUM" and
    "2.NET CHANGE BY CHANGE ORDERS" with no space after the line number, and both values
    were missing ("label not found")."""
    doc = ocr_doc(("1.ORIGINAL", "CONTRACT", "SUM", "$", "250,000.00"),
                  ("2.NET", "CHANGE", "BY", "CHANGE", "ORDERS", "$", "12,500.00"),
                  ("5)Retainage", "13,125.00"))
    got = run(GLUED, doc, registry)
    assert str(got["original"]) == "250000.00"
    assert str(got["net"]) == "12500.00"
    assert str(got["retainage"]) == "13125.00"


def test_an_item_number_is_no_license_to_start_inside_any_word():
    # only a leading number closed by "." or ")": not "X1ORIGINAL", nor "1ORIGINAL"
    # where nothing marks the join, nor inside "Subtotal"
    assert hits(("X.ORIGINAL", "CONTRACT", "SUM", "1"), "Original Contract Sum") == []
    assert hits(("1ORIGINAL", "CONTRACT", "SUM", "1"), "Original Contract Sum") == []
    assert hits(("Subtotal", "5.00"), "Total") == []
    found = hits(("12.ORIGINAL", "CONTRACT", "SUM", "1"), "Original Contract Sum")
    assert [(h.first, h.last) for h in found] == [(0, 2)]
    # the label's box starts after the number
    assert found[0].box.x0 > 0.05 + 0.012 * 2
