"""The shipped invoice template on a two-page German invoice whose table carries its
running total over the page break ("Übertrag"): that line is no row (a user's journey:
it became a 27th row, and the items' sum missed the net by the carried amount)."""

from __future__ import annotations

from decimal import Decimal

import fitz
import pytest

from formsift.core.engine import Engine

ROWS = [("Kugellager 6204-2RS", 40, "3,85", "154,00"), ("Hydraulikschlauch DN10", 6, "48,90",
        "293,40"), ("Dichtungssatz 12 mm", 10, "7,50", "75,00"), ("Kabelbinder 300 mm", 100,
        "0,12", "12,00"), ("Schrumpfschlauch Set", 5, "9,80", "49,00")]


def _header(page: fitz.Page, y: float) -> None:
    for x, word in ((50, "Beschreibung"), (300, "Menge"), (370, "Einzelpreis"),
                    (480, "Betrag")):
        page.insert_text((x, y), word, fontsize=10, fontname="hebo")


def _rows(page: fitz.Page, rows: list[tuple[str, int, str, str]], y: float) -> float:
    for desc, qty, unit, amount in rows:
        page.insert_text((50, y), desc, fontsize=10)
        page.insert_text((300, y), str(qty), fontsize=10)
        page.insert_text((370, y), unit, fontsize=10)
        page.insert_text((480, y), amount, fontsize=10)
        y += 18
    return y


def _invoice(path, carried: str = "Übertrag",
             rows: list[tuple[str, int, str, str]] = ROWS) -> None:
    doc = fitz.open()
    p1 = doc.new_page(width=595, height=842)
    p1.insert_text((50, 60), "NORDLICHT ELEKTROTECHNIK GMBH", fontsize=12, fontname="hebo")
    p1.insert_text((50, 110), "Rechnung", fontsize=16, fontname="hebo")
    p1.insert_text((50, 140), "Rechnungsnummer", fontsize=10)
    p1.insert_text((200, 140), "RE-2026-0815", fontsize=10)
    p1.insert_text((50, 158), "Rechnungsdatum", fontsize=10)
    p1.insert_text((200, 158), "15.03.2026", fontsize=10)
    p1.insert_text((50, 176), "Fällig am", fontsize=10)
    p1.insert_text((200, 176), "14.04.2026", fontsize=10)
    _header(p1, 220)
    y = _rows(p1, rows[:3], 240)
    p1.insert_text((50, y + 10), carried, fontsize=10)
    p1.insert_text((480, y + 10), "522,40", fontsize=10)
    p2 = doc.new_page(width=595, height=842)
    _header(p2, 80)
    p2.insert_text((50, 100), carried, fontsize=10)
    p2.insert_text((480, 100), "522,40", fontsize=10)
    y = _rows(p2, rows[3:], 120)
    for label, value in (("Nettobetrag", "583,40"), ("MwSt 19%", "110,85"),
                         ("Gesamtbetrag", "694,25")):
        y += 18
        p2.insert_text((370, y), label, fontsize=10)
        p2.insert_text((480, y), value, fontsize=10)
    p2.insert_text((50, y + 40), "IBAN DE89 3704 0044 0532 0130 00", fontsize=10)
    doc.save(path)


@pytest.mark.parametrize("carried", ["Übertrag", "Carried forward"])
def test_a_carried_total_is_no_row_of_the_shipped_invoice_template(tmp_path, carried):
    pdf = tmp_path / "invoice.pdf"
    _invoice(pdf, carried)
    res = Engine().extract(pdf, "invoice")
    items = res.record()["items"]
    assert [r["description"] for r in items] == [r[0] for r in ROWS]
    net = Decimal(res.record()["net"])
    assert sum(Decimal(r["amount"]) for r in items) == Decimal("583.40") == net
    assert res.status.value == "accepted", res.reasons


@pytest.mark.parametrize("description", ["Vortrag Digitalisierung", "Vortrag 2026",
                                         "Travel costs brought forward from Feb"])
def test_a_row_that_starts_like_a_carried_total_stays_a_row(tmp_path, description):
    """Guard: the skip_line takes a carried total's words and an amount alone (a code read:
    a row "Vortrag Digitalisierung ..." (a talk) was dropped)."""
    rows = [(description, 1, "300,00", "300,00"), *ROWS[1:]]
    pdf = tmp_path / "invoice.pdf"
    _invoice(pdf, rows=rows)
    items = Engine().extract(pdf, "invoice").record()["items"]
    assert [r["description"] for r in items] == [r[0] for r in rows]
