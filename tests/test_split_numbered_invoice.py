"""Splitting a packet (``extract_packet``, ``formsift extract --split``) that holds a
two-page invoice numbered "Seite 1 von 2" / "Page 1 of 2": titled on page 1 with its due
date or payment terms, totalled on page 2. Page by page, page 2 reads like a till receipt
(whose veto, the due date or terms, fires on page 1) and page 1 is claimed by nothing: the
split gave a receipt of page 2 (review) and left page 1 unassigned, while the invoice
extracted whole is an invoice. Its page numbers make it one document, classified as a
whole, when something else ties its pages (a carried-forward total, the IBAN in the foot
of each page); when nothing does, in review (code read r3 of ad9e45d: supplier A's page 1
of 2 before supplier B's page 2 of 2 was one ACCEPTED invoice of A's number and B's total),
and pages printing another seller or IBAN are not made one. Guards: documents that are two
(code read r4 of 5d048e5: a supplier's invoice with a terms page or a credit note after it,
a small invoice beside a till receipt) split as before."""

from __future__ import annotations

from pathlib import Path

import fitz
import pytest

from formsift import Engine
from formsift.samples import generator
from formsift.templates.numbered_runs import carried, companies
from tests.test_classify_across_pages import ACME

DE = {"title": "Rechnung", "no": "Rechnungsnummer", "date": "Rechnungsdatum",
      "due": "Fällig am", "terms": "Zahlbar innerhalb 30 Tagen ohne Abzug",
      "head": ("Beschreibung", "Menge", "Einzelpreis", "Betrag"), "page": "Seite {} von 2",
      "sums": (("Nettobetrag", "583,40"), ("MwSt 19%", "110,85"), ("Gesamtbetrag", "694,25")),
      "rows": [("Kugellager 6204-2RS", "40", "3,85", "154,00"),
               ("Hydraulikschlauch DN10", "6", "48,90", "293,40"),
               ("Dichtungssatz 12 mm", "10", "7,50", "75,00"),
               ("Kabelbinder 300 mm", "100", "0,12", "12,00"),
               ("Schrumpfschlauch Set", "5", "9,80", "49,00")]}
EN = {"title": "Invoice", "no": "Invoice No.", "date": "Invoice date", "due": "Due date",
      "terms": "Payment terms: 30 days net", "page": "Page {} of 2",
      "head": ("Description", "Qty", "Unit price", "Amount"),
      "sums": (("Subtotal", "583.40"), ("VAT 19%", "110.85"), ("Total", "694.25")),
      "rows": [("Ball bearing 6204-2RS", "40", "3.85", "154.00"),
               ("Hydraulic hose DN10", "6", "48.90", "293.40"),
               ("Seal kit 12 mm", "10", "7.50", "75.00"),
               ("Cable ties 300 mm", "100", "0.12", "12.00"),
               ("Heat shrink set", "5", "9.80", "49.00")]}
COLUMNS = (50, 300, 370, 480)


def _lines(page: fitz.Page, lines: list[tuple[float, float, str]]) -> None:
    for y, x, text in lines:
        page.insert_text((x, y), text, fontsize=10)


def _row(page: fitz.Page, y: float, words: tuple[str, ...]) -> None:
    _lines(page, [(y, x, w) for x, w in zip(COLUMNS, words, strict=False) if w])


CARRIED = {"de": "Übertrag", "en": "Carried forward"}
IBAN = "IBAN DE89 3704 0044 0532 0130 00"


def two_page_invoice(doc: fitz.Document, lang: dict, head: str, tie: str = "carried",
                     numbered: bool = True, no: str = "RE-2026-0815") -> None:
    """Seller, title, number, dates (and the due date or payment terms: ``head``; "none":
    neither) and three rows on page 1; two rows, net, VAT, total and an IBAN on page 2;
    each page numbered "x of 2" at its foot (unless not ``numbered``). What else ties the
    pages (``tie``): the rows' sum carried forward under page 1's rows and over page 2's
    ("carried"), the IBAN at the foot of page 1 too ("iban"), or nothing ("none")."""
    p1 = doc.new_page(width=595, height=842)
    _lines(p1, [(60, 50, "NORDLICHT ELEKTROTECHNIK GMBH"), (110, 50, lang["title"]),
                (140, 50, lang["no"]), (140, 200, no),
                (158, 50, lang["date"]), (158, 200, "15.03.2026")])
    if head != "none":
        _lines(p1, [(176, 50, lang["due"]), (176, 200, "14.04.2026")] if head == "due"
               else [(176, 50, lang["terms"])])
    _row(p1, 220, lang["head"])
    for k, row in enumerate(lang["rows"][:3]):
        _row(p1, 240 + 18 * k, row)
    carried = CARRIED["de" if lang is DE else "en"]
    carry = "522,40" if lang is DE else "522.40"
    if tie == "carried":
        _row(p1, 300, (carried, "", "", carry))
    if tie == "iban":
        _lines(p1, [(790, 50, IBAN)])
    if numbered:
        _lines(p1, [(815, 260, lang["page"].format(1))])
    p2 = doc.new_page(width=595, height=842)
    _row(p2, 80, lang["head"])
    if tie == "carried":
        _row(p2, 92, (carried, "", "", carry))
    for k, row in enumerate(lang["rows"][3:]):
        _row(p2, 110 + 18 * k, row)
    for k, (label, value) in enumerate(lang["sums"]):
        _row(p2, 160 + 18 * k, ("", "", label, value))
    _lines(p2, [(240, 50, IBAN)])
    if numbered:
        _lines(p2, [(815, 260, lang["page"].format(2))])


def _packet(path: Path, *parts: object) -> Path:
    """A file of the parts in order: a callable adds its pages, bytes are a PDF's."""
    doc = fitz.open()
    for part in parts:
        if callable(part):
            part(doc)
        else:
            doc.insert_pdf(fitz.open(stream=part, filetype="pdf"))
    doc.save(path)
    return path


def _split(result) -> list[tuple[str | None, list[int]]]:
    return [(d.template, d.pages) for d in result.documents]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(seen_store="memory")


@pytest.mark.parametrize("tie", ["carried", "iban"])
@pytest.mark.parametrize("head", ["due", "terms"])
@pytest.mark.parametrize("lang", [DE, EN], ids=["de", "en"])
def test_a_numbered_two_page_invoice_is_one_invoice_in_a_split(tmp_path, engine, lang, head,
                                                                tie):
    pdf = _packet(tmp_path / "inv.pdf", lambda d: two_page_invoice(d, lang, head, tie))
    res = engine.extract_packet(pdf)
    assert _split(res) == [("invoice", [1, 2])], res.page_classification
    assert res.unassigned_pages == []
    doc = res.documents[0]
    assert doc.result.status.value == "accepted", doc.result.reasons
    assert doc.result.record()["total"] == "694.25"
    assert "receipt chosen last: its not test fires on page 1" in doc.evidence[0]


@pytest.mark.parametrize("lang", [DE, EN], ids=["de", "en"])
def test_numbered_pages_nothing_else_ties_are_one_invoice_in_review(tmp_path, engine, lang):
    """Page numbers alone may be two documents' (another supplier's page 2 of 2): one
    invoice, in review, saying so."""
    pdf = _packet(tmp_path / "inv.pdf", lambda d: two_page_invoice(d, lang, "due", "none"))
    res = engine.extract_packet(pdf)
    assert _split(res) == [("invoice", [1, 2])]
    doc = res.documents[0]
    assert doc.result.status.value == "review"
    assert any(r.code == "pages_disagree" and "nothing else ties page" in r.message
               for r in doc.result.reasons), doc.result.reasons


SUPPLIER_A = {"seller": "NORDLICHT ELEKTROTECHNIK GMBH", "no": "RE-2026-0815",
              "iban": IBAN, "rows": DE["rows"], "sums": ("583,40", "110,85", "694,25")}
SUPPLIER_B = {"seller": "SUEDWIND HANDELS AG", "no": "SW-77-4410",
              "iban": "IBAN DE02 1203 0000 0000 2020 51",
              "rows": [("Druckerpapier A4", "20", "4,10", "82,00"),
                       ("Ordner breit", "30", "2,20", "66,00"),
                       ("Toner schwarz", "2", "61,00", "122,00"),
                       ("Heftklammern", "10", "1,50", "15,00"),
                       ("Textmarker Set", "4", "3,25", "13,00")],
              "sums": ("298,00", "56,62", "354,62")}


def _cover(doc: fitz.Document, supplier: dict, foot: str = "", top: str = "",
           numbered: bool = True) -> None:
    """Page 1 of 2 of ``supplier``'s invoice: seller, title, number, dates, due date, no
    rows (and ``top``, ``foot``: a line under the seller, at its foot)."""
    _lines(doc.new_page(width=595, height=842), [
        (60, 50, supplier["seller"]), *([(75, 50, top)] if top else []),
        (110, 50, "Rechnung"), (140, 50, "Rechnungsnummer"),
        (140, 200, supplier["no"]), (158, 50, "Rechnungsdatum"), (158, 200, "15.03.2026"),
        (176, 50, "Fällig am"), (176, 200, "14.04.2026"),
        *([(790, 50, foot)] if foot else []),
        *([(815, 260, "Seite 1 von 2")] if numbered else [])])


def _table(doc: fitz.Document, supplier: dict, foot: str = "", top: str = "",
           seller: str = "", numbered: bool = True) -> None:
    """Page 2 of 2 of ``supplier``'s invoice: its rows, net, VAT, total and IBAN (and
    ``top``, ``foot``: a line at its top, its foot; its seller's name and address at its
    top or foot: ``seller``)."""
    page = doc.new_page(width=595, height=842)
    named = f"{supplier['seller']}, Hafenstrasse 5, Hamburg"
    _lines(page, [*([(40, 50, named)] if seller == "top" else []),
                  *([(55, 50, top)] if top else []),
                  *([(775, 50, named)] if seller == "foot" else [])])
    _row(page, 80, DE["head"])
    for k, row in enumerate(supplier["rows"]):
        _row(page, 100 + 18 * k, row)
    for k, (label, value) in enumerate(zip(("Nettobetrag", "MwSt 19%", "Gesamtbetrag"),
                                           supplier["sums"], strict=True)):
        _row(page, 210 + 18 * k, ("", "", label, value))
    _lines(page, [(290, 50, supplier["iban"]), *([(790, 50, foot)] if foot else []),
                  *([(815, 260, "Seite 2 von 2")] if numbered else [])])


@pytest.mark.parametrize("feet", [("", ""), (SUPPLIER_A["iban"], ""),
                                  ("", "SUEDWIND HANDELS AG, Hafenstrasse 5, Hamburg")],
                         ids=["nothing", "iban", "seller"])
def test_two_suppliers_pages_numbered_1_and_2_of_2_are_not_accepted_as_one(
        tmp_path, engine, feet):
    """Supplier A's page 1 of 2, then supplier B's page 2 of 2 (each missing its other
    page): never one accepted invoice of A's number and B's total. Pages printing another
    IBAN or seller stay apart (page 2 alone, review; page 1 unassigned); pages nothing
    ties are one invoice in review."""
    pdf = _packet(tmp_path / "ab.pdf", lambda d: _cover(d, SUPPLIER_A, feet[0]),
                  lambda d: _table(d, SUPPLIER_B, feet[1]))
    res = engine.extract_packet(pdf)
    assert all(d.result.status.value != "accepted" for d in res.documents), \
        [(d.template, d.pages, d.result.status.value) for d in res.documents]
    if feet != ("", ""):
        assert [d.pages for d in res.documents] == [[2]]
        assert res.unassigned_pages == [1]


def test_a_genuine_cover_and_table_invoice_tied_by_its_iban_is_accepted(tmp_path, engine):
    """The guard of the above: supplier A's two pages, its IBAN at the foot of both."""
    pdf = _packet(tmp_path / "aa.pdf", lambda d: _cover(d, SUPPLIER_A, SUPPLIER_A["iban"]),
                  lambda d: _table(d, SUPPLIER_A))
    res = engine.extract_packet(pdf)
    assert _split(res) == [("invoice", [1, 2])]
    assert res.documents[0].result.status.value == "accepted", res.documents[0].result.reasons
    assert res.documents[0].result.record()["total"] == "694.25"


@pytest.mark.parametrize("foot", ["Bankverbindung: Commerzbank AG, Hamburg",
                                  "Kunde: BETA MASCHINENBAU AG"])
def test_a_bank_or_customer_named_on_a_tied_page_keeps_the_invoice_whole(tmp_path, engine,
                                                                         foot):
    """Code read r9 of 942c4e1: the pages tied by their carried-forward line, a bank's or
    the customer's name (a company: "... AG") at page 2's top or foot was taken for
    another seller: page 2 alone became a receipt in review and page 1 was left out."""
    def build(d: fitz.Document) -> None:
        two_page_invoice(d, DE, "due", "carried")
        d[1].insert_text((50, 790), foot, fontsize=9)

    res = engine.extract_packet(_packet(tmp_path / "bank.pdf", build))
    assert _split(res) == [("invoice", [1, 2])] and not res.unassigned_pages
    assert res.documents[0].result.status.value == "accepted", res.documents[0].result.reasons


@pytest.mark.parametrize("numbered", [True, False], ids=["numbered", "plain"])
@pytest.mark.parametrize("seller", ["top", "foot", ""], ids=["seller-top", "seller-foot",
                                                             "no-seller"])
@pytest.mark.parametrize(("top", "foot"), [
    ("", "Eingang Kreditorenbuchhaltung Stapel 4711"),
    ("Kunde: Stadtwerke Musterstadt, Postfach 1234, 20095 Hamburg", ""),
    ("", "Fax an 040 999 1234 Buchhaltung"),
    ("", "Eingang Kreditorenbuchhaltung Stapel 4711 Gebühr 0,00"),
    ("Gescannt 16.03.2026 Porto 0,85", ""),
    ("Kunde: Stadtwerke Musterstadt, Kreditlimit 5.000,00", ""),
    ("", "Kunde: Stadtwerke Musterstadt, Abt. Transport, Postfach 1234"),
    ("", "Fax Report 040 999 1234 Buchhaltung"),
    ("Kunde: Nordwind Logistik GmbH, Postfach 1234, 20095 Hamburg", ""),
    ("Lieferanschrift: Meyer Transporte KG, Lager 3, 20095 Hamburg", ""),
    ("", "Bill to: Meyer Transporte KG, Lager 3"),
    ("", "Eingang Stapel 4711 Transport 45,00"), ("", "Zwischensumme 100,00")],
    ids=["stamp", "customer", "fax", "stamp-fee", "stamp-postage", "customer-credit",
         "customer-word", "fax-word", "customer-company", "delivery-company",
         "bill-to-company", "stamp-carried-word", "stamp-subtotal"])
def test_a_shared_address_or_stamp_line_does_not_tie_two_suppliers_pages(
        tmp_path, engine, top, foot, seller, numbered):
    """Code read r1 of aedc65a: supplier A's page 1 (of 2) and supplier B's page 2 (of 2,
    B's seller at its top or foot, or not named) both print one line holding a number
    (the scan batch's stamp, the customer's address, a fax header): taken for a tie, it
    outweighed B's other seller, and the pages were one invoice ACCEPTED with A's number
    and B's total and IBAN (and, without page numbers, page 2 went on with page 1). Code
    read r8 of 19d2944: the same with an amount in cents on the line ("Gebühr 0,00",
    "Porto 0,85", "Kreditlimit 5.000,00"). Code read r9 of fb4e6e0: the same with a
    carried-forward word and a postbox's or phone's number on the line ("Abt. Transport,
    Postfach 1234", "Fax Report 040 999 1234"). Code read r9, finding 4: the same with
    the customer's company ("Kunde: Nordwind Logistik GmbH"), taken for the seller, and
    with a stamp at both feet whose carried-forward word stands right before an amount
    ("Stapel 4711 Transport 45,00"). Only the same number, IBAN, VAT ID, seller or a
    carried-forward line (its word right before an amount, not at one height on both
    pages) ties pages."""
    pdf = _packet(tmp_path / "ab.pdf", lambda d: _cover(d, SUPPLIER_A, foot, top, numbered),
                  lambda d: _table(d, SUPPLIER_B, foot, top, seller, numbered))
    res = engine.extract_packet(pdf)
    assert all(d.result.status.value != "accepted" for d in res.documents), \
        [(d.template, d.pages, d.result.status.value) for d in res.documents]
    if seller or not numbered:
        assert [d.pages for d in res.documents] == [[2]]
        assert res.unassigned_pages == [1]


@pytest.mark.parametrize("numbered", [True, False], ids=["numbered", "plain"])
@pytest.mark.parametrize("seller", ["top", "foot"])
def test_a_company_both_suppliers_pages_name_ties_nothing_beside_their_own_sellers(
        tmp_path, engine, seller, numbered):
    """Code read r9, finding 4: the customer's company printed without a label on supplier
    A's page 1 and supplier B's page 2, each page naming its own seller (A's letterhead,
    B's at page 2's top or foot), tied the pages as the same company: one invoice
    ACCEPTED with A's number and B's total."""
    top = "Nordwind Logistik GmbH, Postfach 1234, 20095 Hamburg"
    pdf = _packet(tmp_path / "ab.pdf", lambda d: _cover(d, SUPPLIER_A, top=top, numbered=numbered),
                  lambda d: _table(d, SUPPLIER_B, top=top, seller=seller, numbered=numbered))
    res = engine.extract_packet(pdf)
    assert all(d.result.status.value != "accepted" for d in res.documents), \
        [(d.template, d.pages, d.result.status.value) for d in res.documents]


@pytest.mark.parametrize("top", ["Kunde: Nordwind Logistik GmbH, Postfach 1234",
                                 "Nordwind Logistik GmbH, Postfach 1234"],
                         ids=["labelled", "unlabelled"])
def test_guard_the_customers_company_on_both_pages_of_one_suppliers_invoice(
        tmp_path, engine, top):
    """The guard of the above: supplier A's two pages, its seller at page 2's foot with
    its bank ("Commerzbank AG", on page 2 only), the customer's company on both."""
    def build(d: fitz.Document) -> None:
        _cover(d, SUPPLIER_A, top=top)
        _table(d, SUPPLIER_A, foot="Bankverbindung: Commerzbank AG, Hamburg", top=top,
               seller="foot")

    res = engine.extract_packet(_packet(tmp_path / "aa.pdf", build))
    assert _split(res) == [("invoice", [1, 2])] and not res.unassigned_pages
    assert res.documents[0].result.status.value == "accepted", res.documents[0].result.reasons
    assert res.documents[0].result.record()["total"] == "694.25"


@pytest.mark.parametrize(("line", "named"), [
    ("Kunde: Nordwind Logistik GmbH, Postfach 1234", set()),
    ("Bill to: Meyer Transporte KG", set()), ("Ship to: Meyer Transporte KG", set()),
    ("Rechnungsempfänger: Beta AG", set()), ("Lieferadresse: Beta AG", set()),
    ("Client : Dupont SARL", set()), ("Klant: Jansen BV", set()),
    ("Cliente: Rossi SRL", set()), ("Nabywca: Kowalski SA", set()),
    ("Lieferant: Nordlicht GmbH  Kunde: Beta AG", {"nordlicht gmbh"}),
    ("SUEDWIND HANDELS AG, Hafenstrasse 5, Hamburg", {"suedwind handels ag"}),
    ("Bankverbindung: Commerzbank AG, Hamburg", {"commerzbank ag"}),
    ("Empfänger: Nordlicht GmbH", {"nordlicht gmbh"})])
def test_a_company_after_a_customer_label_is_no_sellers(line, named):
    """Code read r9, finding 4: the customer's company after its label ("Kunde:", "Bill
    to:") is no seller of the page; a seller's, a bank's or a payee's is."""
    assert companies([line]) == named


@pytest.mark.parametrize(("line", "tie"), [
    ("Übertrag 522,40", True), ("Übertrag: 1.250,-", True), ("Übertrag 1 250", True),
    ("Übertrag 1250 EUR", True), ("Carried forward: $1,250.00", True),
    ("Übertrag von Seite 1: 1.250,00", True), ("Subtotal 238.00 1,250.00", True),
    ("Kunde: Stadtwerke Musterstadt, Abt. Transport, Postfach 1234", False),
    ("Fax Report 040 999 1234 Buchhaltung", False), ("Fax Report 040 999 1234", False),
    ("Übertrag 1234", False), ("Eingang Stapel 4711 Transport", False),
    ("Porto 0,85", False), ("Subtotal Seite 1", False), ("Transport 15.03.2026", False)])
def test_a_carried_forward_line_is_its_word_right_before_an_amount(line, tie):
    """Code read r9 of fb4e6e0: a carried-forward word anywhere on a line with any digit
    made it a carried-forward line, so a customer's or fax line holding one ("Abt.
    Transport, Postfach 1234", "Fax Report 040 999 1234") tied two suppliers' pages.
    The word must stand right before an amount (cents, thousands separators, ',-' or a
    currency) that ends the line; a postbox's, phone's or batch's number is none."""
    assert carried(line) is tie


@pytest.mark.parametrize("numbered", [True, False], ids=["numbered", "plain"])
@pytest.mark.parametrize("line", ["Übertrag 1.250,-", "Übertrag: 1 250", "Übertrag 1250 EUR",
                                  "Carried forward 1,250"], ids=["dash", "space", "eur", "en"])
def test_a_carried_forward_line_without_cents_ties_a_genuine_invoices_pages(
        tmp_path, engine, line, numbered):
    """Code read r8 of 19d2944: supplier A's two pages (its seller named on page 1 only),
    tied by nothing but the carried-forward line at page 1's foot and page 2's top,
    printed without cents: no tie, so the invoice went to review (numbered) or page 2
    became a receipt and page 1 was left out (not numbered)."""
    pdf = _packet(tmp_path / "aa.pdf", lambda d: _cover(d, SUPPLIER_A, line, numbered=numbered),
                  lambda d: _table(d, SUPPLIER_A, top=line, numbered=numbered))
    res = engine.extract_packet(pdf)
    assert _split(res) == [("invoice", [1, 2])] and not res.unassigned_pages
    assert res.documents[0].result.status.value == "accepted", res.documents[0].result.reasons
    assert res.documents[0].result.record()["total"] == "694.25"


@pytest.mark.parametrize("tie", ["carried", "iban"])
@pytest.mark.parametrize(("head", "numbered"), [("none", True), ("none", False),
                                                ("due", False)],
                         ids=["no-veto", "no-veto-no-numbers", "no-numbers"])
@pytest.mark.parametrize("lang", [DE, EN], ids=["de", "en"])
def test_a_two_page_invoice_without_a_veto_or_page_numbers_is_one_invoice(
        tmp_path, engine, lang, head, numbered, tie):
    """Page 2 (rows, totals, IBAN: no number, no date, no "page 1") has no document start
    of its own; tied to page 1 by the carried-forward total or the IBAN, it goes on with
    it. Without a due date (no receipt veto) or without page numbers, the split gave a
    receipt of page 2 (review) and left page 1 unassigned."""
    pdf = _packet(tmp_path / "inv.pdf",
                  lambda d: two_page_invoice(d, lang, head, tie, numbered))
    res = engine.extract_packet(pdf)
    assert _split(res) == [("invoice", [1, 2])], res.page_classification
    assert res.unassigned_pages == []
    doc = res.documents[0]
    assert doc.result.status.value == "accepted", doc.result.reasons
    assert doc.result.record()["total"] == "694.25"
    assert any("no document start of its own" in e for e in doc.evidence), doc.evidence


def _one_page_invoice(doc: fitz.Document, no: str, day: str, amount: str) -> None:
    """One supplier's whole invoice on one page: seller, number, date, a row, totals and
    its IBAN (the same on every invoice of the supplier)."""
    net = f"{int(amount) * 100 / 119:.2f}".replace(".", ",")
    vat = f"{int(amount) - int(amount) * 100 / 119:.2f}".replace(".", ",")
    page = doc.new_page(width=595, height=842)
    _lines(page, [(60, 50, "NORDLICHT ELEKTROTECHNIK GMBH"), (110, 50, "Rechnung"),
                  (140, 50, "Rechnungsnummer"), (140, 200, no),
                  (158, 50, "Rechnungsdatum"), (158, 200, day)])
    _row(page, 220, DE["head"])
    _row(page, 240, ("Wartung Schaltanlage", "1", net, net))
    for k, (label, value) in enumerate(zip(("Nettobetrag", "MwSt 19%", "Gesamtbetrag"),
                                           (net, vat, f"{amount},00"), strict=True)):
        _row(page, 280 + 18 * k, ("", "", label, value))
    _lines(page, [(360, 50, IBAN)])


@pytest.mark.parametrize("days", [("15.03.2026",) * 3,
                                  ("15.03.2026", "16.03.2026", "17.03.2026")],
                         ids=["same-day", "three-days"])
def test_guard_one_suppliers_one_page_invoices_stay_one_a_page(tmp_path, engine, days):
    """Three invoices of one supplier (its name and IBAN on each) in one file: each has
    its own number and date, a start of its own, so none joins the one before."""
    parts = [lambda d, k=k: _one_page_invoice(d, f"RE-2026-08{k}", days[k], f"{k + 1}19")
             for k in range(3)]
    res = engine.extract_packet(_packet(tmp_path / "three.pdf", *parts))
    assert _split(res) == [("invoice", [1]), ("invoice", [2]), ("invoice", [3])]
    assert [d.result.record()["total"] for d in res.documents] == \
        ["119.00", "219.00", "319.00"]


def test_guard_another_invoices_last_page_does_not_join_the_invoice_before(tmp_path,
                                                                            engine):
    """Invoice 0815 whole (its pages tied by the IBAN), then the last page of the
    supplier's next invoice, its page 1 missing: the same IBAN, no number or date, but a
    Total of its own after 0815's: not one invoice of three pages."""
    other = dict(DE, sums=(("Nettobetrag", "100,00"), ("MwSt 19%", "19,00"),
                           ("Gesamtbetrag", "119,00")))

    def build(d: fitz.Document) -> None:
        two_page_invoice(d, DE, "due", "iban", numbered=False)
        two_page_invoice(d, other, "due", "iban", numbered=False, no="RE-2026-0816")
        d.delete_page(2)

    res = engine.extract_packet(_packet(tmp_path / "x.pdf", build))
    assert _split(res)[0] == ("invoice", [1, 2])
    assert res.documents[0].result.record()["total"] == "694.25"
    assert all(3 not in d.pages or d.result.status.value != "accepted"
               for d in res.documents), _split(res)


def _invoice_119(doc: fitz.Document, no: str | None, day: str | None, iban: bool) -> None:
    """A one-page invoice of 119,00 whose number or date (None) the OCR lost, or that
    prints no IBAN."""
    page = doc.new_page(width=595, height=842)
    _lines(page, [(60, 50, "NORDLICHT ELEKTROTECHNIK GMBH"), (110, 50, "Rechnung")])
    if no:
        _lines(page, [(140, 50, "Rechnungsnummer"), (140, 200, no)])
    if day:
        _lines(page, [(158, 50, "Rechnungsdatum"), (158, 200, day)])
    _row(page, 220, DE["head"])
    _row(page, 240, ("Wartung Schaltanlage", "1", "100,00", "100,00"))
    for k, (label, value) in enumerate((("Nettobetrag", "100,00"), ("MwSt 19%", "19,00"),
                                        ("Gesamtbetrag", "119,00"))):
        _row(page, 280 + 18 * k, ("", "", label, value))
    if iban:
        _lines(page, [(360, 50, IBAN)])


@pytest.mark.parametrize("day", ["15.03.2026", None], ids=["same-day", "no-date"])
def test_a_second_invoice_of_the_same_total_without_its_number_is_not_swallowed(
        tmp_path, engine, day):
    """Code read r4 of 5da840d: two one-page invoices of one supplier, both 119,00, the
    first without an IBAN, the second's number (and date) lost to OCR: the second page
    joined the first, its IBAN completing it, and the whole was ACCEPTED as one invoice
    of 119,00, the second invoice gone. A page printing its own Total after pages that
    print one, equal or not, starts a document of its own."""
    pdf = _packet(tmp_path / "x.pdf",
                  lambda d: _invoice_119(d, "RE-2026-0815", "15.03.2026", iban=False),
                  lambda d: _invoice_119(d, None, day, iban=True))
    res = engine.extract_packet(pdf)
    assert _split(res) == [("invoice", [1]), ("invoice", [2])]
    assert [d.result.record()["total"] for d in res.documents] == ["119.00", "119.00"]
    assert all(d.result.status.value != "accepted" for d in res.documents)


def _bakery_receipt(doc: fitz.Document, header: bool, paid: bool) -> None:
    """A till receipt of 3,50 (its shop and date cut off where not ``header``; paid cash
    where ``paid``)."""
    page = doc.new_page(width=300, height=420)
    lines = [(30, 20, "BAECKEREI KORN"), (46, 20, "Datum 16.03.2026 08:12")] if header else []
    lines += [(80, 20, "KAFFEE GROSS"), (80, 230, "3,50"), (120, 20, "SUMME"), (120, 230, "3,50")]
    if paid:
        lines += [(134, 20, "BAR"), (134, 230, "5,00"), (148, 20, "RUECKGELD"),
                  (148, 230, "1,50")]
    lines += [(170, 20, "MWST 7% 0,23"), (190, 20, "Baeckerei Korn GmbH, Lindenstr. 4")]
    for y, x, text in lines:
        page.insert_text((x, y), text, fontsize=9)


def test_a_second_receipt_of_the_same_total_without_its_header_is_not_swallowed(
        tmp_path, engine):
    """Code read r4 of 5da840d: two stapled receipts of one shop, both 3,50, the second's
    shop and date cut off and its payment line the only one, the shop's company at both
    feet: one receipt of 3,50 (cash 5,00) for the two. Its own SUMME starts a receipt of
    its own."""
    pdf = _packet(tmp_path / "r.pdf", lambda d: _bakery_receipt(d, True, False),
                  lambda d: _bakery_receipt(d, False, True))
    res = engine.extract_packet(pdf)
    assert _split(res) == [("receipt", [1]), ("receipt", [2])]
    assert [d.result.record()["total"] for d in res.documents] == ["3.50", "3.50"]


def _credit_note_pages(doc: fitz.Document) -> None:
    """An English credit note numbered 1 and 2 of 2: titled on page 1 (with two rows),
    its last row and totals on page 2 under a header naming the invoice it corrects."""
    _lines(doc.new_page(width=595, height=842), [
        (60, 50, "SOUTHWIND TRADING LTD"), (110, 50, "Credit Note"),
        (140, 50, "Credit note no."), (140, 200, "CN-2026-077"), (158, 50, "Date"),
        (158, 200, "16/03/2026"), (176, 50, "Relates to invoice INV-2026-0815"),
        (220, 50, "Returned toner"), (220, 480, "122.00"), (815, 260, "Page 1 of 2")])
    _lines(doc.new_page(width=595, height=842), [
        (40, 50, "SOUTHWIND TRADING LTD  Invoice correction INV-2026-0815"),
        (100, 50, "Short delivery cables"), (100, 480, "15.00"),
        (160, 370, "Subtotal"), (160, 480, "157.50"), (178, 370, "VAT 20%"),
        (178, 480, "31.50"), (196, 370, "Total"), (196, 480, "189.00"),
        (260, 50, "Refunded to card"), (260, 480, "189.00"), (815, 260, "Page 2 of 2")])


def test_a_numbered_english_credit_note_is_no_receipt(tmp_path, engine):
    """Its page 1 vetoes the invoice ("Credit Note"); the receipt's `not` test names
    credit notes in English too, so the two pages are no accepted receipt."""
    res = engine.extract_packet(_packet(tmp_path / "cn.pdf", _credit_note_pages))
    assert all(d.template != "receipt" for d in res.documents), _split(res)
    assert all(d.result.status.value != "accepted" for d in res.documents)


@pytest.mark.parametrize("lang", [DE, EN], ids=["de", "en"])
def test_a_numbered_two_page_invoice_beside_a_receipt_splits_in_two(tmp_path, engine, lang):
    """The receipt after it (or before it) is a document of its own."""
    receipt = generator.receipt(2).pdf
    invoice = lambda d: two_page_invoice(d, lang, "due")  # noqa: E731
    res = engine.extract_packet(_packet(tmp_path / "a.pdf", invoice, receipt))
    assert _split(res) == [("invoice", [1, 2]), ("receipt", [3])]
    res = engine.extract_packet(_packet(tmp_path / "b.pdf", receipt, invoice))
    assert _split(res) == [("receipt", [1]), ("invoice", [2, 3])]
    assert [d.result.status.value for d in res.documents] == ["accepted", "accepted"]


def _acme_invoice(doc: fitz.Document, numbered: bool = False) -> None:
    _lines(doc.new_page(width=595, height=842), [
        (60, 50, "ACME Buerotechnik GmbH"), (74, 50, "USt-IdNr. DE811234567"),
        (110, 50, "Rechnung"), (140, 50, "Beleg-Nr."), (140, 200, "R-2026-17"),
        (158, 50, "Datum"), (158, 200, "15.03.2026"), (176, 50, "Zahlbar bis"),
        (176, 200, "14.04.2026"), (220, 50, "Toner schwarz"), (220, 480, "100,00"),
        (250, 370, "Netto"), (250, 480, "100,00"), (268, 370, "MwSt 19%"),
        (268, 480, "19,00"), (286, 370, "Endsumme"), (286, 480, "119,00"),
        *([(815, 260, "Seite 1 von 2")] if numbered else [])])


def _terms(doc: fitz.Document, numbered: bool = False) -> None:
    _lines(doc.new_page(width=595, height=842), [
        (60, 50, "Allgemeine Geschaeftsbedingungen der ACME Buerotechnik GmbH"),
        (90, 50, "1. Reklamationen: bei berechtigter Reklamation erteilen wir eine "
                 "Gutschrift."),
        (108, 50, "2. Eigentumsvorbehalt: die Ware bleibt bis zur Bezahlung unser Eigentum."),
        *([(815, 260, "Seite 2 von 2")] if numbered else [])])


def _credit_note(doc: fitz.Document) -> None:
    _lines(doc.new_page(width=595, height=842), [
        (60, 50, "ACME Buerotechnik GmbH   Gutschrift G-77 zu Rechnung R-2026-09"),
        (74, 50, "USt-IdNr. DE811234567"), (140, 50, "Beleg-Nr."), (140, 200, "G-77"),
        (158, 50, "Datum"), (158, 200, "16.03.2026"), (220, 50, "Rueckgabe Toner"),
        (220, 480, "50,00"), (250, 370, "Netto"), (250, 480, "50,00"),
        (268, 370, "MwSt 19%"), (268, 480, "9,50"), (286, 370, "Total"), (286, 480, "59,50")])


@pytest.fixture(scope="module")
def acme_engine(tmp_path_factory) -> Engine:
    folder = tmp_path_factory.mktemp("tpl")
    (folder / "acme.sift").write_text(ACME, encoding="utf-8")
    library = Path(generator.__file__).parents[1] / "templates" / "library"
    return Engine(templates=[folder / "acme.sift", *sorted(library.glob("*.sift"))],
                  seen_store="memory")


@pytest.mark.parametrize("numbered", [False, True])
def test_guard_a_supplier_invoice_vetoed_on_its_terms_page_keeps_its_template(
        tmp_path, acme_engine, numbered):
    """The terms page names a "Gutschrift" (acme's veto): acme still reads page 1, and
    the library's invoice is not given the pages for fitting them as a whole."""
    pdf = _packet(tmp_path / "t.pdf", lambda d: _acme_invoice(d, numbered),
                  lambda d: _terms(d, numbered))
    res = acme_engine.extract_packet(pdf)
    assert _split(res) == [("acme", [1])]
    assert res.unassigned_pages == [2]
    assert res.documents[0].result.record()["total"] == "119.00"


def test_guard_a_supplier_invoice_and_its_credit_note_stay_two(tmp_path, acme_engine):
    res = acme_engine.extract_packet(_packet(tmp_path / "c.pdf", _acme_invoice,
                                             _credit_note))
    assert _split(res) == [("acme", [1]), ("invoice", [2])]
    assert [d.result.record()["total"] for d in res.documents] == ["119.00", "59.50"]


def _small_invoice(doc: fitz.Document) -> None:
    """An invoice printing no VAT word (par. 19 UStG): 0.67 for the invoice template."""
    _lines(doc.new_page(width=595, height=842), [
        (60, 50, "Malerbetrieb Sonnig"), (110, 50, "Rechnung"), (140, 50, "Rechnungsnummer"),
        (140, 200, "R-2026-17"), (158, 50, "Rechnungsdatum"), (158, 200, "15.03.2026"),
        (176, 50, "Zahlbar bis"), (176, 200, "14.04.2026"), (220, 50, "Beschreibung"),
        (220, 480, "Betrag"), (240, 50, "Malerarbeiten Flur"), (240, 480, "640,00"),
        (260, 50, "Material"), (260, 480, "85,50"), (290, 50, "Gesamtbetrag"),
        (290, 480, "725,50"),
        (330, 50, "Gemaess Par. 19 UStG wird keine Umsatzsteuer berechnet."),
        (360, 50, "IBAN DE89 3704 0044 0532 0130 00")])


def _till_receipt(doc: fitz.Document) -> None:
    page = doc.new_page(width=300, height=420)
    for y, x, text in ((30, 20, "BAUMARKT HAGEN"), (46, 20, "Datum 16.03.2026 10:12"),
                       (80, 20, "FARBE WEISS 10L"), (80, 230, "49,99"),
                       (94, 20, "PINSEL SET"), (94, 230, "12,49"), (120, 20, "SUMME"),
                       (120, 230, "62,48"), (134, 20, "BAR"), (134, 230, "70,00"),
                       (148, 20, "RUECKGELD"), (148, 230, "7,52"),
                       (170, 20, "MWST 19% 9,98"), (190, 20, "VIELEN DANK")):
        page.insert_text((x, y), text, fontsize=9)


def test_guard_a_small_invoice_and_a_till_receipt_stay_two(tmp_path, engine):
    """As a whole the two fit the invoice (its title, the receipt's MwSt): no page
    numbers tie them, so the split keeps them apart, in either order."""
    res = engine.extract_packet(_packet(tmp_path / "a.pdf", _small_invoice, _till_receipt))
    assert _split(res) == [("invoice", [1]), ("receipt", [2])]
    res = engine.extract_packet(_packet(tmp_path / "b.pdf", _till_receipt, _small_invoice))
    assert _split(res) == [("receipt", [1]), ("invoice", [2])]
    assert [d.result.record()["total"] for d in res.documents] == ["62.48", "725.50"]
