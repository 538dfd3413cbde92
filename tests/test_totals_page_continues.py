"""A two-page invoice whose second page holds only its totals (newuser journey, finding
2): extracted with the user's own template (``-t acme.sift``), the library's ``invoice``
template claimed page 2 (Subtotal, VAT, Total: two of its three match groups) and the
record went to review as ``several_documents``; with ``--templates DIR`` (no library) it
was accepted. A page another template claims only weakly, that holds none of that
template's identifiers and gives the asked template values its pages before lack (the
totals page 1 left out), continues the document; so does the page after one whose foot
says "continued on page 2"."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.result import Status
from formsift.templates import check_source

_ACME = """template acme_invoice {
  currency "EUR"
  match {
    contains "ACME Corp"
    contains "Invoice"
    threshold 1
  }
  field invoice_no: id = right of "Invoice No."
  field date: date = right of "Date"
  field net: money = right of "Subtotal"
  field vat: money = right of "VAT"
  field total: money = right of "Total"
  rule totals: net + vat == total tolerance 0.01
}"""

_HEAD = [(50, 45, "ACME Corp"), (420, 45, "Invoice"), (350, 115, "Invoice No."),
         (430, 115, "A-1006"), (350, 132, "Date"), (430, 132, "2026-04-03"),
         (50, 195, "Description"), (450, 195, "Amount"),
         (50, 215, "Consulting services"), (450, 215, "300.00")]


def _totals(net: str, vat: str, total: str, y: float = 80) -> list[tuple[float, float, str]]:
    return [(350, y, "Subtotal"), (450, y, net), (350, y + 16, "VAT"), (450, y + 16, vat),
            (350, y + 32, "Total"), (450, y + 32, total)]


@pytest.fixture(scope="module")
def engine():
    return Engine(seen_store="memory")  # the shipped library is loaded beside -t


@pytest.fixture(scope="module")
def acme(engine):
    (tpl,), _ = check_source(_ACME, "acme.sift", engine.registry)
    return tpl


def _several(result) -> list[str]:
    return [r.message for r in result.reasons if r.code == "several_documents"]


@pytest.mark.parametrize("case", ["totals alone", "continued on page 2", "iban line",
                                  "names the invoice"])
def test_a_page_of_totals_continues_the_invoice(engine, acme, make_pdf, case):
    page1, page2 = list(_HEAD), _totals("300.00", "60.00", "360.00")
    if case == "continued on page 2":
        page1.append((50, 800, "continued on page 2"))
    elif case == "iban line":
        page2.append((50, 180, "All amounts in EUR. IBAN GB33BUKB20201555555555"))
    elif case == "names the invoice":
        # the library's invoice claims page 2 in full (its text says "invoice"): the
        # foot of page 1 ties it to page 1
        page1.append((50, 800, "Continued overleaf"))
        page2.append((50, 180, "Please pay this invoice within 14 days."))
    result = engine.extract(make_pdf(page1, page2), acme, name="two.pdf")
    assert _several(result) == []
    assert result.status is Status.ACCEPTED, result.reasons
    assert [str(result.value(n)) for n in ("invoice_no", "net", "vat", "total")] == \
        ["A-1006", "300.00", "60.00", "360.00"]


def test_a_page_of_totals_after_a_whole_invoice_is_still_another_document(
        engine, acme, make_pdf):
    """Guard: page 1 holds the whole invoice, totals too; a second page of other totals
    gives it nothing it lacks: another document's part, flagged as before."""
    page1 = [*_HEAD, *_totals("300.00", "60.00", "360.00", y=260)]
    page2 = _totals("80.00", "16.00", "96.00")
    result = engine.extract(make_pdf(page1, page2), acme, name="two.pdf")
    assert any("page 2 ('invoice')" in m for m in _several(result)), result.reasons


def test_a_page_with_another_invoice_number_is_another_document(engine, acme, make_pdf):
    """Guard: the totals page carries an invoice number of the library template's (an
    invoice of its own): flagged, totals or not."""
    page2 = [(50, 45, "Invoice No."), (150, 45, "B-2207"),
             *_totals("300.00", "60.00", "360.00")]
    result = engine.extract(make_pdf(_HEAD, page2), acme, name="two.pdf")
    assert _several(result), result.reasons


# ---------------------------------------------------------------- split into documents
def _split(make_pdf, tmp_path, pages, among=()):
    path = tmp_path / "acme.sift"
    path.write_text(_ACME)
    engine = Engine(templates=[path, *among], seen_store="memory")
    return engine.extract_packet(make_pdf(*pages), name="two.pdf")


@pytest.mark.parametrize("among", [(), ("invoice",)])
@pytest.mark.parametrize("case", ["totals alone", "continued on page 2"])
def test_a_page_of_totals_joins_its_invoice_when_split(make_pdf, tmp_path, among, case):
    """``formsift extract --templates acme.sift --split``: page 2 was unassigned and the
    invoice lost its net, VAT and total (with the library's invoice among the templates,
    page 2 was a document of its own, missing its invoice number)."""
    page1 = list(_HEAD)
    if case == "continued on page 2":
        page1.append((50, 800, "continued on page 2"))
    result = _split(make_pdf, tmp_path, [page1, _totals("300.00", "60.00", "360.00")],
                    among)
    assert [(d.template, d.pages) for d in result.documents] == [("acme_invoice", [1, 2])]
    assert [r.code for r in result.reasons] == []
    record = result.documents[0].result
    assert [str(record.value(n)) for n in ("net", "vat", "total")] == \
        ["300.00", "60.00", "360.00"]


def test_a_page_of_other_totals_after_a_whole_invoice_is_not_joined(make_pdf, tmp_path):
    """Guard: page 1 holds the whole invoice; a page of other totals adds nothing it
    lacks and stays out of it."""
    page1 = [*_HEAD, *_totals("300.00", "60.00", "360.00", y=260)]
    result = _split(make_pdf, tmp_path, [page1, _totals("80.00", "16.00", "96.00")])
    assert [(d.template, d.pages) for d in result.documents] == [("acme_invoice", [1])]
