"""A colon written at the end of a template's label ends the label on the page too:
'right of "Fecha:"' is no label in `Fecha de Vto. de CAE: 14/12/2026` (an Argentine
factura's CAE due date), while a page whose colon OCR dropped (`Fecha 05/12/2026`) still
finds it, a little lower than one written with its colon."""

from __future__ import annotations

from formsift import Engine
from formsift.templates import compile_template
from tests.test_labels_ocr_readings import hits, ocr_doc, run

FECHA = """template t {
  locale "es_AR"
  field date: date? = right of "Fecha:"
}"""


def extract(text: str, template: str = FECHA) -> dict:
    result = Engine(templates=[], seen_store="memory").extract(
        text.encode(), compile_template(template), name="doc.txt")
    return {k: (v.value if v is not None else None) for k, v in result.fields.items()}


def test_a_label_with_its_colon_is_not_the_start_of_a_longer_label():
    """A user's bug (journey latam2, F3): 'right of "Fecha:"' read the date of `Fecha de
    Vto. de CAE: 14/12/2026`, the only date on the page, and the record was accepted."""
    assert extract("FACTURA A\nFecha de Vto. de CAE: 14/12/2026")["date"] is None
    assert extract("Fecha de entrega: 20/12/2026\nTotal: 100,00")["date"] is None


def test_the_label_written_with_its_colon_wins_over_a_longer_one():
    got = extract("Fecha de Vto. de CAE: 14/12/2026\nFecha: 05/12/2026")
    assert str(got["date"]) == "2026-12-05"


def test_a_colon_the_page_does_not_write_still_finds_the_label_a_little_lower():
    assert str(extract("Fecha 05/12/2026")["date"]) == "2026-12-05"
    assert str(extract("Fecha de Vto. de CAE: 14/12/2026\nFecha 05/12/2026")["date"]) \
        == "2026-12-05"
    (with_colon,) = hits(("Fecha:", "05/12/2026"), "Fecha:")
    (apart,) = hits(("Fecha", ":", "05/12/2026"), "Fecha:")
    (glued,) = hits(("Fecha:05/12/2026",), "Fecha:")
    (without,) = hits(("Fecha", "05/12/2026"), "Fecha:")
    assert with_colon.score == apart.score == 1.0
    assert glued.rest is not None and glued.rest.text == "05/12/2026"
    assert without.score < with_colon.score
    assert without.score >= 0.9


def test_a_label_without_a_colon_still_starts_a_longer_one():
    # as documented: /Fecha/ or "Fecha" in `Fecha de emisión: 04/12/2026` reads the date
    got = extract("Fecha de emisión: 04/12/2026", """template t {
  locale "es_AR"
  field date: date? = right of "Fecha"
}""")
    assert str(got["date"]) == "2026-12-04"


def test_a_label_with_its_colon_still_ends_a_longer_one():
    # "Date:" finds the `date:` of `Invoice date:` (the end of a longer phrase)
    got = extract("Invoice date: 04/12/2026", """template t {
  field date: date? = right of "Date:"
}""")
    assert str(got["date"]) == "2026-12-04"


def test_on_a_scan_the_issue_date_not_the_cae_due_date(registry):
    """The full template of the journey: `"Fecha de Emisión:" | "Fecha:"` on a scan where
    OCR read `Emisi6n:04/12/2026`; the CAE due date became the invoice date."""
    doc = ocr_doc(("Fecha", "de", "Emisi6n:04/12/2026"),
                  ("CAE", "N°:", "76491234567890"),
                  ("Fecha", "de", "Vto.", "de", "CAE:", "14/12/2026"))
    got = run("""template t {
  locale "es_AR"
  field date: date = right of "Fecha de Emisión:" | "Fecha:"
  field due: date? = right of "Fecha de Vto. de CAE:"
}""", doc, registry)
    assert str(got["date"]) == "2026-12-04"
    assert str(got["due"]) == "2026-12-14"
