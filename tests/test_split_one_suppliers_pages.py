"""Splitting a packet: one supplier's genuine two-page invoice stays one accepted invoice
where its pages name companies the other page does not print, or print a carry at one
height on both (code read r5 of 6e50fc5 and c71e72e). Page 1 names the customer
(unlabelled, a window address) and page 2's foot the seller's bank, group or carrier; the
seller's letterhead, the first company on both pages, ties them. A seller named after a
customer word that is no label ("Customer care:", "Ihre Kunde-Nr. 4711 bei ...") is the
seller. A form printing its carry "Übertrag 522,40" in one box on each page is no stamp.
"""

from __future__ import annotations

import fitz
import pytest

from formsift.templates.numbered_runs import companies
from tests.test_split_numbered_invoice import (
    DE,
    EN,
    IBAN,
    SUPPLIER_A,
    SUPPLIER_B,
    _lines,
    _packet,
    _row,
    _split,
)
from tests.test_split_numbered_invoice import _cover as _cover_of
from tests.test_split_numbered_invoice import _table as _table_of

SELLER = {"de": "NORDLICHT ELEKTROTECHNIK GMBH, Hafenstrasse 5, 20457 Hamburg",
          "en": "SOUTHWIND TRADING LTD, 12 Dock Road, London E16 2AA"}
LANG = {"de": DE, "en": EN}


def _cover(doc: fitz.Document, lang: str, numbered: bool, letterhead: bool = True,
           customer: tuple[tuple[float, str], ...] = ()) -> None:
    """Page 1: the seller's letterhead (unless not ``letterhead``), the ``customer``'s
    lines, title, number and dates."""
    words = LANG[lang]
    _lines(doc.new_page(width=595, height=842), [
        *([(50, 50, SELLER[lang])] if letterhead else []), *[(y, 50, t) for y, t in customer],
        (150, 50, words["title"]), (170, 50, words["no"]), (170, 200, "RE-2026-0815"),
        (188, 50, words["date"]), (188, 200, "15.03.2026"), (206, 50, words["due"]),
        (206, 200, "14.04.2026"), *([(815, 260, words["page"].format(1))] if numbered else [])])


def _totals(doc: fitz.Document, lang: str, numbered: bool, foot: str,
            letterhead: bool = True) -> None:
    """Page 2: the seller's letterhead (unless not ``letterhead``), the rows, totals, the
    IBAN and ``foot`` at the page's foot."""
    words = LANG[lang]
    page = doc.new_page(width=595, height=842)
    if letterhead:
        _lines(page, [(40, 50, SELLER[lang])])
    _row(page, 80, words["head"])
    for k, row in enumerate(words["rows"]):
        _row(page, 100 + 18 * k, row)
    for k, (label, value) in enumerate(words["sums"]):
        _row(page, 210 + 18 * k, ("", "", label, value))
    _lines(page, [(290, 50, IBAN), (790, 50, foot),
                  *([(815, 260, words["page"].format(2))] if numbered else [])])


def _one_accepted_invoice(res) -> None:
    assert _split(res) == [("invoice", [1, 2])] and not res.unassigned_pages, \
        (_split(res), res.unassigned_pages)
    assert res.documents[0].result.status.value == "accepted", res.documents[0].result.reasons
    assert res.documents[0].result.record()["total"] == "694.25"


CUSTOMER = {"de": ((80, "Nordwind Logistik GmbH"), (94, "z. Hd. Herrn Meyer, Postfach 1234")),
            "en": ((80, "Bill To:"), (94, "Meyer Transport Ltd"), (108, "Unit 4, Leeds LS1 4AB"))}
FOOT = {"de": ("Bankverbindung: Commerzbank AG, Hamburg", "Versand durch DHL Paket GmbH"),
        "en": ("A member of Southwind Group PLC", "Shipped by DHL Parcel UK Ltd")}


@pytest.mark.parametrize("numbered", [True, False], ids=["numbered", "plain"])
@pytest.mark.parametrize(("lang", "foot"), [(lang, f) for lang in FOOT for f in FOOT[lang]])
def test_the_letterhead_on_both_pages_ties_them_beside_the_customer_and_a_bank(
        tmp_path, engine, lang, foot, numbered):
    """r5 F1: the customer's company on page 1 only (a window address, "Bill To:" on the
    line above), the bank, group or carrier on page 2 only: each page names a company
    the other does not print, but both name the seller first."""
    pdf = _packet(tmp_path / "inv.pdf",
                  lambda d: _cover(d, lang, numbered, customer=CUSTOMER[lang]),
                  lambda d: _totals(d, lang, numbered, foot))
    _one_accepted_invoice(engine.extract_packet(pdf))


@pytest.mark.parametrize(("line", "named"), [
    ("Customer care: Southwind Trading Ltd, 0800 123 456", "southwind trading ltd"),
    ("Client services: Southwind Trading Ltd, 0800 123 456", "southwind trading ltd"),
    ("Ihre Kunde-Nr. 4711 bei Nordlicht Elektrotechnik GmbH", "nordlicht elektrotechnik gmbh"),
    ("Service client : Dupont SARL", "dupont sarl"),
    ("Atención al cliente: Rossi SL", "rossi sl")])
def test_a_customer_word_that_is_no_label_leaves_the_seller(line, named):
    """r5 F2: a customer word before the seller's name that is not its label (no colon
    right after it, not starting the line) names the seller."""
    assert any(name.endswith(named) for name in companies([line])), companies([line])


@pytest.mark.parametrize("numbered", [True, False], ids=["numbered", "plain"])
@pytest.mark.parametrize(("lang", "foot"), [
    ("en", "Customer care: Southwind Trading Ltd, 0800 123 456"),
    ("en", "Client services: Southwind Trading Ltd, 0800 123 456"),
    ("de", "Ihre Kunde-Nr. 4711 bei Nordlicht Elektrotechnik GmbH")])
def test_the_seller_after_a_customer_word_on_page_two_ties_it(tmp_path, engine, lang, foot,
                                                             numbered):
    """r5 F2: page 2 names the seller only in its foot, after a customer word."""
    pdf = _packet(tmp_path / "inv.pdf", lambda d: _cover(d, lang, numbered),
                  lambda d: _totals(d, lang, numbered, foot, letterhead=False))
    _one_accepted_invoice(engine.extract_packet(pdf))


@pytest.mark.parametrize("numbered", [True, False], ids=["numbered", "plain"])
@pytest.mark.parametrize("at", [(790, 790), (60, 60)], ids=["foot", "head"])
def test_a_carry_in_one_box_on_both_pages_ties_them(tmp_path, engine, at, numbered):
    """r5 F3: a form printing its carry "Übertrag 522,40" in the same box on both pages
    (nothing else ties them: the seller on page 1 only, the IBAN on page 2 only)."""
    def first(d: fitz.Document) -> None:
        _cover(d, "de", numbered)
        page = d[-1]
        _row(page, 230, DE["head"])
        for k, row in enumerate(DE["rows"][:3]):
            _row(page, 250 + 18 * k, row)
        _row(page, at[0], ("Übertrag", "", "", "522,40"))

    def second(d: fitz.Document) -> None:
        page = d.new_page(width=595, height=842)
        _row(page, 80, DE["head"])
        for k, row in enumerate(DE["rows"][3:]):
            _row(page, 110 + 18 * k, row)
        for k, (label, value) in enumerate(DE["sums"]):
            _row(page, 160 + 18 * k, ("", "", label, value))
        _lines(page, [(240, 50, IBAN), *([(815, 260, "Seite 2 von 2")] if numbered else [])])
        _row(page, at[1], ("Übertrag", "", "", "522,40"))

    _one_accepted_invoice(engine.extract_packet(_packet(tmp_path / "inv.pdf", first, second)))


@pytest.mark.parametrize("numbered", [True, False], ids=["numbered", "plain"])
@pytest.mark.parametrize("stamp", ["Transport 45,00", "Eingang Stapel 4711 Transport 45,00"])
def test_guard_a_stamp_at_both_feet_whose_amount_sums_no_rows_ties_nothing(
        tmp_path, engine, stamp, numbered):
    """The guard of the above: supplier A's page 1 and supplier B's page 2 (B's seller
    named nowhere) stamped alike at both feet, the stamp's carried-forward word right
    before an amount that is no sum of A's rows: no invoice of A's number and B's total
    is accepted."""
    pdf = _packet(tmp_path / "ab.pdf",
                  lambda d: _cover_of(d, SUPPLIER_A, foot=stamp, numbered=numbered),
                  lambda d: _table_of(d, SUPPLIER_B, foot=stamp, numbered=numbered))
    res = engine.extract_packet(pdf)
    assert all(d.result.status.value != "accepted" for d in res.documents), \
        [(d.template, d.pages, d.result.status.value) for d in res.documents]
