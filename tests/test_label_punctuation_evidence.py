"""The punctuation a template writes inside a label is evidence: 'right of "C.U.I.T.:"'
is the issuer's `C.U.I.T.:` (even read `C.U.1.T.:` by OCR), not the client's `CUIT:` on
the same Argentine factura, which only matches it with its dots left out. A label written
without punctuation matches every form of it, and a mark the page writes otherwise (`.`
for `:`) or sets apart (`No :`) is no difference."""

from __future__ import annotations

from formsift import Engine
from formsift.templates import compile_template
from tests.test_labels_ocr_readings import hits, ocr_doc, run

CUIT = """template t {
  locale "es_AR"
  field cuit: id(/\\d{2}-\\d{8}-\\d/) = right of "C.U.I.T.:"
  field client: id(/\\d{2}-\\d{8}-\\d/)? = right of "CUIT:"
}"""


def extract(text: str, template: str) -> dict:
    result = Engine(templates=[], seen_store="memory").extract(
        text.encode(), compile_template(template), name="doc.txt")
    return {k: (v.value if v is not None else None) for k, v in result.fields.items()}


def test_the_issuers_cuit_read_with_a_look_alike_digit_not_the_clients(registry):
    """A user's bug (journey latam2, F2): OCR read the issuer's `C.U.I.T.:` as
    `C.U.1.T.:`; the client's `CUIT: 30-50001091-2` matched the label exactly with its
    punctuation ignored (0.85 against 0.80), and the record was accepted with the client's
    CUIT."""
    doc = ocr_doc(("C.U.1.T.:", "30-71234567-1"),
                  ("Cliente:", "Distribuidora", "Norte", "SA", "CUIT:", "30-50001091-2"))
    got = run(CUIT, doc, registry)
    assert got["cuit"] == "30-71234567-1"
    assert got["client"] == "30-50001091-2"


def test_on_a_text_layer_each_label_finds_its_own_cuit():
    got = extract("C.U.I.T.: 30-71234567-1\nCliente: Distribuidora Norte SA CUIT: "
                  "30-50001091-2", CUIT)
    assert got == {"cuit": "30-71234567-1", "client": "30-50001091-2"}
    got = extract("Cliente: Distribuidora Norte SA CUIT: 30-50001091-2\n"
                  "C.U.I.T.: 30-71234567-1", CUIT)
    assert got == {"cuit": "30-71234567-1", "client": "30-50001091-2"}


def test_a_label_whose_dots_the_page_leaves_out_is_found_lower(registry):
    (dotted,) = hits(("C.U.I.T.:", "30-71234567-1"), "C.U.I.T.:")
    (bare,) = hits(("CUIT:", "30-71234567-1"), "C.U.I.T.:")
    (misread,) = hits(("C.U.1.T.:", "30-71234567-1"), "C.U.I.T.:")
    assert dotted.score == 1.0
    assert bare.score < misread.score < dotted.score
    # alone on the page, it is still the label
    doc = ocr_doc(("CUIT:", "30-71234567-1"))
    assert run(CUIT, doc, registry)["cuit"] == "30-71234567-1"


def test_marks_written_otherwise_or_set_apart_cost_nothing():
    # "Invoice No." finds `INVOICE NO:`; a label without punctuation finds every form
    assert [h.score for h in hits(("INVOICE", "NO:", "4711"), "Invoice No.")] == [1.0]
    assert [h.score for h in hits(("Nr", ":", "4711"), "Nr:")] == [1.0]
    assert [h.score for h in hits(("CUIT:", "30-71234567-1"), "CUIT")] == [1.0]


def test_marks_the_page_writes_inside_a_label_without_them_cost_too():
    # "CUIT:" is no surer label in `C.U.I.T.:` than "C.U.I.T.:" in `CUIT:`
    (dotted,) = hits(("C.U.I.T.:", "30-71234567-1"), "CUIT:")
    (bare,) = hits(("CUIT:", "30-71234567-1"), "C.U.I.T.:")
    assert dotted.score == bare.score < 0.8
    (vto,) = hits(("Fecha", "de", "Vto.", "de", "CAE:", "14/12/2026"), "Fecha de Vto de CAE")
    assert 0.9 <= vto.score < 1.0
