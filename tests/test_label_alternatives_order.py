"""A label's alternatives are in the template's order of preference: where the page
prints a label that reads best as an earlier alternative, standing as a label of its own,
a later alternative's label elsewhere on the page does not outrank it because it was read
more surely. On a scanned Argentine factura `"C.U.I.T.:" | "CUIT:" | "CUIT"` is the
issuer's `C.U.I.T.:` read `C.U.1.T.:` by OCR, not the client's clean `CUIT:`."""

from __future__ import annotations

from formsift.core.document import Page
from formsift.templates import runtime
from formsift.templates.labels import find_label
from tests.test_labels_ocr_readings import ocr_doc, run, tpl

CUIT = """template t {
  locale "es_AR"
  field cuit: id(/\\d{2}-\\d{8}-\\d/) = right of "C.U.I.T.:" | "CUIT:" | "CUIT"
}"""

ISSUER = ("C.U.1.T.:", "30-71234567-1")
CLIENT = ("Cliente:", "Distribuidora", "Sur", "S.A.", "CUIT:", "30-50001091-2")


def _cuit(doc, registry):
    ex = runtime.run(tpl(CUIT, registry), doc)
    return ex.fields["cuit"].value


def test_the_issuers_dotted_label_read_with_a_look_alike_is_not_the_clients(registry):
    """A user's bug (journey latam2, F2, with the template's alternatives): the client's
    CUIT was taken for the issuer's (0.85 against 0.80) and the record accepted."""
    assert _cuit(ocr_doc(ISSUER, CLIENT), registry) == "30-71234567-1"
    # the client's label alone on its line, under the issuer's: still the issuer's
    assert _cuit(ocr_doc(ISSUER, ("CUIT:", "30-50001091-2")), registry) == "30-71234567-1"


def test_the_later_alternative_ranks_below_the_earlier_one_found_elsewhere():
    doc = ocr_doc(ISSUER, CLIENT)
    page = Page(0, 100, 100, words=doc.pages[0].words)
    found = find_label(page, ("C.U.I.T.:", "CUIT:", "CUIT"))
    assert found[0].line_index == 0
    assert all(h.score < found[0].score for h in found if h.line_index == 1)


def test_a_later_alternative_alone_on_the_page_keeps_its_score(registry):
    doc = ocr_doc(("CUIT:", "30-50001091-2"))
    page = Page(0, 100, 100, words=doc.pages[0].words)
    assert find_label(page, ("C.U.I.T.:", "CUIT:", "CUIT"))[0].score == 1.0
    assert run(CUIT, doc, registry)["cuit"] == "30-50001091-2"


def test_an_earlier_alternative_inside_a_longer_phrase_does_not_outrank_a_label():
    # "Total" starts "Total Tax" (maybe a longer label): "Amount due" standing alone
    # keeps its place first
    doc = ocr_doc(("Total", "Tax", "12.00"), ("Amount", "due", "112.00"))
    page = Page(0, 100, 100, words=doc.pages[0].words)
    found = find_label(page, ("Total", "Amount due"))
    assert (found[0].line_index, found[0].score) == (1, 1.0)
