"""Text fields of fillable PDF forms (pdfforms journey, findings 3 and 5).

A field whose stored value (/V: what a form-data export or an ERP import reads) differs
from what its appearance shows (what formsift reads) was accepted with no word of it
(/V "DE89...", the page still showing "GB82..."): the PDF loader now compares them and
lists the field in the page's ``form_fields`` note. A comb field (one character per cell)
drew "D E 8 9 ..." and the ``iban`` type found no value in it: the loader now makes one
word of a comb field's cells."""

from __future__ import annotations

import pytest

IBAN = """template iban_only {
  match { contains "Change of Bank Details" }
  field iban: iban = right of "New IBAN:"
}
"""


def _form(value: str = "DE89370400440532013000", *, stored: str | None = None,
          comb: bool = False, walls: bool = False) -> bytes:
    """"New IBAN: [....]", a text widget filled with ``value``; ``stored``: a /V set
    afterwards without a new appearance; ``comb``: a comb field of 22 cells."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 100), "Change of Bank Details", fontsize=10)
    page.insert_text((50, 140), "New IBAN:", fontsize=10)
    widget = pymupdf.Widget()
    widget.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
    widget.field_name = "iban"
    widget.rect = pymupdf.Rect(150, 128, 150 + 22 * 14, 146)
    if comb:
        widget.text_maxlen = 22
        widget.field_flags = pymupdf.PDF_TX_FIELD_IS_COMB
    widget.field_value = value
    widget.text_fontsize = 11
    page.add_widget(widget)
    if walls:
        for i in range(23):
            page.draw_line((150 + i * 14, 128), (150 + i * 14, 146), color=(0.4, 0.4, 0.4),
                           width=0.5)
    if stored is not None:
        xref = next(iter(page.widgets())).xref
        doc.xref_set_key(xref, "V", f"({stored})")
    data = doc.tobytes()
    doc.close()
    return data


def _extract(registry, tmp_path, data: bytes, template: str = IBAN):
    from formsift.core.engine import Engine

    t = tmp_path / "t.sift"
    t.write_text(template)
    return Engine(registry=registry).extract(data, t, name="form.pdf")


def test_a_stored_value_the_page_does_not_show_is_noted(registry, tmp_path):
    result = _extract(registry, tmp_path,
                      _form("GB82WEST12345698765432", stored="DE89370400440532013000"))
    assert result.record() == {"iban": "GB82WEST12345698765432"}  # what the page shows
    note = result.page_info[0].notes["form_fields"]
    [mismatch] = note["mismatches"]
    assert mismatch["field"] == "iban"
    assert mismatch["stored"] == "DE89370400440532013000"
    assert mismatch["shown"] == "GB82WEST12345698765432"
    assert "stored value" in note["why"]
    [reason] = result.reasons
    assert reason.code == "form_field_mismatch" and reason.field == "iban"
    assert "DE89370400440532013000" in reason.message
    assert result.status.value == "review"


def test_a_mismatched_form_field_no_template_field_reads_is_only_noted(registry, tmp_path):
    result = _extract(registry, tmp_path,
                      _form("GB82WEST12345698765432", stored="DE89370400440532013000"),
                      IBAN.replace('field iban: iban = right of "New IBAN:"',
                                   'field title: text = right of "Change of"'))
    assert result.page_info[0].notes["form_fields"]["mismatches"]
    assert result.status.value == "accepted" and not result.reasons


def test_fields_that_show_their_value_are_not_noted(registry, tmp_path):
    """A filled text field, a multiline one, a combo box and a comb field show their
    stored values: no mismatch."""
    import pymupdf

    doc = pymupdf.open(stream=_form(comb=True))
    page = doc[0]
    page.insert_text((50, 180), "Registered address:", fontsize=10)
    for kind, name, rect, value, flags in (
            (pymupdf.PDF_WIDGET_TYPE_TEXT, "addr", (200, 168, 450, 214),
             "Hafenstrasse 12\n20457 Hamburg\nGermany", pymupdf.PDF_TX_FIELD_IS_MULTILINE),
            (pymupdf.PDF_WIDGET_TYPE_COMBOBOX, "country", (200, 228, 400, 246), "Germany",
             0),
            (pymupdf.PDF_WIDGET_TYPE_TEXT, "empty", (200, 260, 400, 278), "", 0)):
        widget = pymupdf.Widget()
        widget.field_type = kind
        widget.field_name = name
        widget.rect = pymupdf.Rect(rect)
        if kind == pymupdf.PDF_WIDGET_TYPE_COMBOBOX:
            widget.choice_values = ["Austria", "Germany", "Switzerland"]
        widget.field_flags = flags
        widget.field_value = value
        widget.text_fontsize = 10
        page.add_widget(widget)
    result = _extract(registry, tmp_path, doc.tobytes())
    note = result.page_info[0].notes["form_fields"]
    assert note["fields"] == 4 and "mismatches" not in note


@pytest.mark.parametrize("walls", [False, True])
def test_an_iban_in_a_comb_field_is_read(registry, tmp_path, walls):
    result = _extract(registry, tmp_path, _form(comb=True, walls=walls))
    assert result.record() == {"iban": "DE89370400440532013000"}
    assert result.status.value == "accepted"


def test_a_comb_field_is_one_word_for_text_fields_too(registry, tmp_path):
    template = """template t {
  match { contains "Change of Bank Details" }
  field iban: text = right of "New IBAN:"
}
"""
    result = _extract(registry, tmp_path, _form(comb=True), template)
    assert result.record() == {"iban": "DE89370400440532013000"}


def test_a_page_without_form_fields_has_no_note(registry, tmp_path, make_pdf):
    result = _extract(registry, tmp_path, make_pdf([(50, 100, "Change of Bank Details"),
                                                    (50, 140, "New IBAN: DE89370400440532013000")]))
    assert result.record() == {"iban": "DE89370400440532013000"}
    assert "form_fields" not in result.page_info[0].notes
