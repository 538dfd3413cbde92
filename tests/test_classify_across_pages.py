"""Classifying a document of several pages with the shipped library (no template named): a
two-page invoice titled on page 1 ("Rechnung", "Invoice", with its due date or payment
terms) whose VAT and total are on page 2 was taken for a receipt and sent to review: the
receipt template scored 1.0 on page 2 (a total, amounts at the lines' ends) although its
own veto (a due date, payment terms) fired on page 1, and the invoice template scored 0.67
on either page. A template vetoed on a page of the file is now chosen among last, and a
document's score for a template is also that of its pages taken together."""

from __future__ import annotations

from pathlib import Path

import fitz
import pytest

from formsift import Engine
from formsift.samples import generator

DE = {"title": "Rechnung", "no": "Rechnungsnummer", "date": "Rechnungsdatum",
      "due": "Fällig am", "terms": "Zahlbar innerhalb 30 Tagen ohne Abzug",
      "head": ("Beschreibung", "Menge", "Einzelpreis", "Betrag"), "carried": "Übertrag",
      "sums": (("Nettobetrag", "583,40"), ("MwSt 19%", "110,85"), ("Gesamtbetrag", "694,25")),
      "rows": [("Kugellager 6204-2RS", "40", "3,85", "154,00"),
               ("Hydraulikschlauch DN10", "6", "48,90", "293,40"),
               ("Dichtungssatz 12 mm", "10", "7,50", "75,00"),
               ("Kabelbinder 300 mm", "100", "0,12", "12,00"),
               ("Schrumpfschlauch Set", "5", "9,80", "49,00")], "carry": "522,40"}
EN = {"title": "Invoice", "no": "Invoice No.", "date": "Invoice date", "due": "Due date",
      "terms": "Payment terms: 30 days net", "head": ("Description", "Qty", "Unit price",
                                                      "Amount"),
      "carried": "Carried forward",
      "sums": (("Subtotal", "583.40"), ("VAT 19%", "110.85"), ("Total", "694.25")),
      "rows": [("Ball bearing 6204-2RS", "40", "3.85", "154.00"),
               ("Hydraulic hose DN10", "6", "48.90", "293.40"),
               ("Seal kit 12 mm", "10", "7.50", "75.00"),
               ("Cable ties 300 mm", "100", "0.12", "12.00"),
               ("Heat shrink set", "5", "9.80", "49.00")], "carry": "522.40"}
COLUMNS = (50, 300, 370, 480)


def _row(page: fitz.Page, y: float, words: tuple[str, ...], font: str = "helv") -> None:
    for x, word in zip(COLUMNS, words, strict=False):
        page.insert_text((x, y), word, fontsize=10, fontname=font)


def two_page_invoice(path: Path, lang: dict, head: str, iban: bool = True) -> Path:
    """Title, number, dates (and the due date or payment terms: ``head``) and three rows
    on page 1, the table carried over, the rest of the rows, net, VAT, total (and an IBAN)
    on page 2."""
    doc = fitz.open()
    p1 = doc.new_page(width=595, height=842)
    p1.insert_text((50, 60), "NORDLICHT ELEKTROTECHNIK GMBH", fontsize=12, fontname="hebo")
    p1.insert_text((50, 110), lang["title"], fontsize=16, fontname="hebo")
    for y, label, value in ((140, lang["no"], "RE-2026-0815"),
                            (158, lang["date"], "15.03.2026"),
                            *([(176, lang["due"], "14.04.2026")] if head == "due" else [])):
        _row(p1, y, (label, ""))
        p1.insert_text((200, y), value, fontsize=10)
    if head == "terms":
        p1.insert_text((50, 176), lang["terms"], fontsize=10)
    _row(p1, 220, lang["head"], "hebo")
    y = 240
    for row in lang["rows"][:3]:
        _row(p1, y, row)
        y += 18
    _row(p1, y + 10, (lang["carried"], "", "", lang["carry"]))
    p2 = doc.new_page(width=595, height=842)
    _row(p2, 80, lang["head"], "hebo")
    _row(p2, 100, (lang["carried"], "", "", lang["carry"]))
    y = 120
    for row in lang["rows"][3:]:
        _row(p2, y, row)
        y += 18
    for label, value in lang["sums"]:
        y += 18
        _row(p2, y, ("", "", label, value))
    if iban:
        p2.insert_text((50, y + 40), "IBAN DE89 3704 0044 0532 0130 00", fontsize=10)
    doc.save(path)
    return path


@pytest.mark.parametrize("head", ["due", "terms"])
@pytest.mark.parametrize("iban", [True, False])
@pytest.mark.parametrize("lang", [DE, EN], ids=["de", "en"])
def test_an_invoice_titled_on_page_one_with_its_totals_on_page_two_is_an_invoice(
        tmp_path, engine, lang, head, iban):
    """The receipt template's veto (a due date, payment terms) on page 1 rules it out of
    the file; without its IBAN the invoice is in review for that, not as a receipt."""
    res = engine.extract(two_page_invoice(tmp_path / "inv.pdf", lang, head, iban))
    assert res.template == "invoice", [(c.template, c.pages) for c in res.classification]
    assert res.record()["total"] == "694.25"
    codes = {r.code for r in res.reasons}
    assert "several_documents" not in codes and "ambiguous" not in codes
    if iban:
        assert res.status.value == "accepted", res.reasons


@pytest.mark.parametrize("lang", [DE, EN], ids=["de", "en"])
def test_a_document_scores_as_a_whole_where_its_tests_are_spread_over_pages(
        tmp_path, engine, lang):
    """No veto anywhere: the invoice's title on page 1 and its VAT and total on page 2
    give it 1.0 as a whole (0.67 on each page), so it ties the receipt's page 2 and what
    each extracts decides, as on a one-page invoice."""
    res = engine.extract(two_page_invoice(tmp_path / "inv.pdf", lang, "none"))
    score = {c.template: (c.score, c.pages) for c in res.classification}
    assert score["invoice"] == (1.0, [0.3333, 0.6667])
    assert res.template == "invoice"
    assert res.status.value == "accepted", res.reasons


SUPPLIER = """template nordlicht {
  match {
    contains "Nordlicht Elektrotechnik"
    contains "DE811234567"
    threshold 0.75
  }
  field total: money = right of "Gesamtbetrag"
}
"""
LETTERS = """template any_letter {
  match {
    contains "Rechnung"
    contains "Lieferschein"
  }
  field subject: text? = right of "Betreff"
}
"""


def test_a_template_that_fits_the_document_as_a_whole_is_told_no_other_documents(tmp_path):
    """A supplier's template (its name on page 1, its VAT ID on page 2: 0.5 on each page,
    under its threshold) fits the document as a whole; that another template claims a
    page whose test only it passes (page 1, its name) is no sign of another document."""
    pdf = two_page_invoice(tmp_path / "inv.pdf", DE, "due")
    doc = fitz.open(pdf)
    doc[1].insert_text((50, 780), "USt-IdNr. DE811234567", fontsize=8)
    doc.save(tmp_path / "inv_vat_id.pdf")
    for name, text in (("nordlicht.sift", SUPPLIER), ("letter.sift", LETTERS)):
        (tmp_path / name).write_text(text)
    engine = Engine(templates=[tmp_path / "nordlicht.sift", tmp_path / "letter.sift"])
    res = engine.extract(tmp_path / "inv_vat_id.pdf")
    assert res.template == "nordlicht"
    assert res.record()["total"] == "694.25"
    assert not [r.message for r in res.reasons if r.code == "several_documents"]


def _file_of(tmp_path: Path, *pdfs: bytes) -> Path:
    out = fitz.open()
    for data in pdfs:
        out.insert_pdf(fitz.open(stream=data, filetype="pdf"))
    out.save(tmp_path / "file.pdf")
    return tmp_path / "file.pdf"


def test_guard_a_file_of_an_invoice_and_a_receipt_says_it_holds_several(tmp_path, engine):
    """Guard (passes before and after): the receipt's page of a file extracted as one
    document is still named as another document."""
    pdf = _file_of(tmp_path, generator.invoice(1).pdf, generator.receipt(2).pdf)
    res = engine.extract(pdf)
    assert res.template == "invoice"
    assert [r.message for r in res.reasons if r.code == "several_documents"]


def test_guard_a_receipt_over_two_pages_stays_a_receipt(tmp_path, engine):
    """Guard: a long till receipt, its items on page 1, total, cash and change on page 2."""
    doc = fitz.open()
    p1 = doc.new_page(width=300, height=420)
    p1.insert_text((20, 30), "FRESHMART SUPERMARKET", fontsize=11, fontname="hebo")
    p1.insert_text((20, 60), "Date: 12/03/2026  14:22", fontsize=8)
    lines = [("MILK 1L", "1.19"), ("BREAD", "2.49"), ("BUTTER 250G", "2.29"),
             ("APPLES 1KG", "2.99"), ("COFFEE 500G", "6.99")]
    for n, (item, price) in enumerate(lines):
        p1.insert_text((20, 90 + 14 * n), item, fontsize=9)
        p1.insert_text((230, 90 + 14 * n), price, fontsize=9)
    p2 = doc.new_page(width=300, height=420)
    lines = [("EGGS 10", "3.19"), ("CHEESE", "4.49"), ("PASTA", "1.29"), ("TOTAL", "24.92"),
             ("CASH", "30.00"), ("CHANGE", "5.08")]
    for n, (item, price) in enumerate(lines):
        p2.insert_text((20, 30 + 14 * n), item, fontsize=9)
        p2.insert_text((230, 30 + 14 * n), price, fontsize=9)
    p2.insert_text((20, 140), "THANK YOU FOR SHOPPING", fontsize=8)
    doc.save(tmp_path / "receipt.pdf")
    res = engine.extract(tmp_path / "receipt.pdf")
    assert (res.template, res.status.value) == ("receipt", "accepted"), res.reasons
    assert res.record()["total"] == "24.92"


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_guard_one_page_invoices_and_receipts_are_classified_as_before(tmp_path, engine, seed):
    for kind in ("invoice", "receipt"):
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(generator.generate(kind, seed).pdf)
        res = engine.extract(path)
        assert res.template == kind


NEAR_TIE = {
    "alpha": 'template alpha {\n  match { contains "Alpha" }\n'
             '  field a: text = right of "Alpha"\n}\n',
    "beta": 'template beta {\n  match { contains "Alpha" }\n'
            '  field b: text? = right of "Gamma"\n}\n',
    "vetoed": 'template vetoed {\n  match {\n    contains "Alpha"\n    not contains "Beta"\n  }\n'
              '  field a: text = right of "Alpha"\n  field d: text = right of "Delta"\n}\n',
}


def test_a_template_vetoed_on_a_page_does_not_contend_in_a_near_tie(tmp_path):
    """Three templates score 1.0; the one ruled out by page 1 ("Beta"), which would read
    the most, is no contender: what the two others read decides."""
    doc = fitz.open()
    for lines in (["Alpha Acme", "Beta"], ["Alpha Acme", "Delta Foo"]):
        page = doc.new_page(width=595, height=842)
        for n, line in enumerate(lines):
            page.insert_text((50, 100 + 20 * n), line, fontsize=11)
    doc.save(tmp_path / "file.pdf")
    for name, text in NEAR_TIE.items():
        (tmp_path / f"{name}.sift").write_text(text)
    engine = Engine(templates=[tmp_path / f"{n}.sift" for n in NEAR_TIE])
    res = engine.extract(tmp_path / "file.pdf")
    assert {c.template: c.score for c in res.classification} == {
        "alpha": 1.0, "beta": 1.0, "vetoed": 1.0}
    assert res.template == "alpha"


# A supplier's template whose `not` test fires on another page of the file (code read r4
# of 5d048e5): a terms page of the same invoice, a credit note or another supplier's
# invoice after it. It fits its own page better than the library's invoice does there
# (1.0 against 0.67), so it keeps its rank; the library's invoice, which fits the other
# page, is no reason to give it up.
ACME = """template acme {
  match {
    contains "ACME Buerotechnik GmbH"
    contains "DE811234567"
    not contains "Gutschrift"
  }
  field invoice_no: id = right of "Beleg-Nr."
  field total: money = right of "Endsumme"
  field vat: money = right of "MwSt 19%"
}
"""


def _page(doc: fitz.Document, lines: list[tuple[int, int, str]], width: int = 595,
          height: int = 842, size: int = 10) -> None:
    page = doc.new_page(width=width, height=height)
    for y, x, text in lines:
        page.insert_text((x, y), text, fontsize=size)


def _acme_invoice(doc: fitz.Document) -> None:
    _page(doc, [(60, 50, "ACME Buerotechnik GmbH"), (74, 50, "USt-IdNr. DE811234567"),
                (110, 50, "Rechnung"), (140, 50, "Beleg-Nr."), (140, 200, "R-2026-17"),
                (158, 50, "Datum"), (158, 200, "15.03.2026"), (176, 50, "Zahlbar bis"),
                (176, 200, "14.04.2026"), (220, 50, "Toner schwarz"), (220, 480, "100,00"),
                (250, 370, "Netto"), (250, 480, "100,00"), (268, 370, "MwSt 19%"),
                (268, 480, "19,00"), (286, 370, "Endsumme"), (286, 480, "119,00")])


SECOND_PAGES = {
    "terms": [(60, 50, "Allgemeine Geschaeftsbedingungen der ACME Buerotechnik GmbH"),
              (90, 50, "1. Reklamationen: bei berechtigter Reklamation erteilen wir eine "
                       "Gutschrift."),
              (108, 50, "2. Eigentumsvorbehalt: die Ware bleibt bis zur Bezahlung unser "
                        "Eigentum.")],
    "credit_note": [(60, 50, "ACME Buerotechnik GmbH   Gutschrift G-77 zu Rechnung R-2026-09"),
                    (74, 50, "USt-IdNr. DE811234567"), (140, 50, "Beleg-Nr."),
                    (140, 200, "G-77"), (158, 50, "Datum"), (158, 200, "16.03.2026"),
                    (220, 50, "Rueckgabe Toner"), (220, 480, "50,00"), (250, 370, "Netto"),
                    (250, 480, "50,00"), (268, 370, "MwSt 19%"), (268, 480, "9,50"),
                    (286, 370, "Total"), (286, 480, "59,50")],
    "other_supplier": [(60, 50, "Beta Logistik AG"), (74, 50, "USt-IdNr. DE299999999"),
                       (110, 50, "Rechnung"), (140, 50, "Rechnungsnummer"),
                       (140, 200, "B-5512"), (158, 50, "Rechnungsdatum"),
                       (158, 200, "02.03.2026"), (220, 50, "Fracht Hagen-Koeln"),
                       (220, 480, "300,00"), (250, 370, "Nettobetrag"), (250, 480, "300,00"),
                       (268, 370, "MwSt 19%"), (268, 480, "57,00"),
                       (286, 370, "Gesamtbetrag"), (286, 480, "357,00"),
                       (330, 50, "Bei Transportschaeden erhalten Sie eine Gutschrift.")],
}


@pytest.mark.parametrize("second", list(SECOND_PAGES))
def test_a_supplier_template_vetoed_by_another_page_keeps_its_rank(tmp_path, second):
    """acme's veto ("Gutschrift") fires on page 2 only; on page 1 it finds its name and
    VAT ID (1.0), the library's invoice 0.67. The file is acme's, its values acme's
    invoice's; a credit note or another supplier's invoice on page 2 is named as another
    document, a terms page is not."""
    doc = fitz.open()
    _acme_invoice(doc)
    _page(doc, SECOND_PAGES[second])
    doc.save(tmp_path / "file.pdf")
    (tmp_path / "acme.sift").write_text(ACME)
    library = sorted((Path(__file__).parents[1] / "src/formsift/templates/library")
                     .glob("*.sift"))
    engine = Engine(templates=[tmp_path / "acme.sift", *library], seen_store="memory")
    res = engine.extract(tmp_path / "file.pdf")
    assert res.template == "acme", [(c.template, c.pages) for c in res.classification]
    assert res.record()["total"] == "119.00"
    several = [r.message for r in res.reasons if r.code == "several_documents"]
    if second == "terms":
        assert not several and res.status.value == "accepted", res.reasons
    else:
        assert several and "page 2" in several[0]


def _small_invoice(doc: fitz.Document) -> None:
    """An invoice that prints no VAT word (a small business, par. 19 UStG)."""
    _page(doc, [(60, 50, "Malerbetrieb Sonnig"), (110, 50, "Rechnung"),
                (140, 50, "Rechnungsnummer"), (140, 200, "R-2026-17"),
                (158, 50, "Rechnungsdatum"), (158, 200, "15.03.2026"),
                (176, 50, "Zahlbar bis"), (176, 200, "14.04.2026"),
                (220, 50, "Beschreibung"), (220, 480, "Betrag"),
                (240, 50, "Malerarbeiten Flur"), (240, 480, "640,00"),
                (290, 50, "Gesamtbetrag"), (290, 480, "640,00"),
                (330, 50, "Gemaess Par. 19 UStG wird keine Umsatzsteuer berechnet."),
                (360, 50, "IBAN DE89 3704 0044 0532 0130 00")])


def _till_receipt(doc: fitz.Document) -> None:
    _page(doc, [(30, 20, "BAUMARKT HAGEN"), (46, 20, "Datum 16.03.2026 10:12"),
                (80, 20, "FARBE WEISS 10L"), (80, 230, "49,99"), (94, 20, "PINSEL SET"),
                (94, 230, "12,49"), (120, 20, "SUMME"), (120, 230, "62,48"), (134, 20, "BAR"),
                (134, 230, "70,00"), (148, 20, "RUECKGELD"), (148, 230, "7,52"),
                (170, 20, "MWST 19% 9,98"), (190, 20, "VIELEN DANK")], 300, 420, 9)


@pytest.mark.parametrize("receipt_first", [False, True], ids=["invoice_first", "receipt_first"])
def test_an_invoice_is_not_given_the_receipt_after_it_for_its_vat(tmp_path, engine,
                                                                  receipt_first):
    """The invoice fits its own page (0.67: title, total); the receipt's page adds the VAT
    word it lacks (1.0 taken together). That page is still another document: the invoice
    does not need it to reach its threshold."""
    doc = fitz.open()
    for add in ((_till_receipt, _small_invoice) if receipt_first
                else (_small_invoice, _till_receipt)):
        add(doc)
    doc.save(tmp_path / "file.pdf")
    res = engine.extract(tmp_path / "file.pdf")
    several = [r.message for r in res.reasons if r.code == "several_documents"]
    assert several, [(r.code, r.message) for r in res.reasons]
    other = "page 1" if (res.template == "invoice") == receipt_first else "page 2"
    assert other in several[0]
