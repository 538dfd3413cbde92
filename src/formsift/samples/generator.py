"""Generated business documents (born-digital PDFs) with their ground truth.

Every document varies with its seed: names, numbers, dates, the number of line items,
label wording (English or German), and small layout shifts, so that templates are tested
on documents they were not written against.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from formsift.samples.money import amount, grouped, iban, q, written_date

KINDS = ("invoice", "receipt", "delivery_note", "payslip")

SELLERS = ["Nordwind Handels GmbH", "ACME Supplies Ltd", "Blue River Trading", "Kessler & Sohn KG",
           "Maple Office Goods", "Sonnenschein Technik AG", "Harbor Tools Inc", "Lindqvist Design"]
BUYERS = ["Muster Bau GmbH", "Riverside Clinic", "Oakwood School", "Stadtwerke Nordheim",
          "Greenfield Farms", "Atlas Logistics"]
PRODUCTS = ["Office chair", "Desk lamp", "Printer paper A4", "Ink cartridge black",
            "USB-C cable 2 m", "Monitor stand", "Whiteboard markers", "Stapler heavy duty",
            "Laptop sleeve 14 inch", "Conference phone", "Ergonomic keyboard", "Cable ties"]
LONG = ["with adjustable armrests and lumbar support", "recycled, 80 g/m2, 5 reams",
        "including installation on site"]
NAMES = ["Anna Keller", "John Miller", "Sofia Rossi", "Lukas Brandt", "Emma Dubois",
         "Noah Jansen", "Mia Schmidt", "Oliver Wright"]
SHOPS = ["CORNER MART", "SUNRISE BAKERY", "GREEN LEAF CAFE", "CITY HARDWARE", "FRESH MARKET",
         "BOOK NOOK"]
SHOP_ITEMS = ["COFFEE", "CROISSANT", "MILK 1L", "BREAD", "APPLES 1KG", "WATER 500ML", "PEN",
              "NOTEBOOK", "TEA", "CHEESE", "BATTERIES AA", "SOAP"]

LABELS = {
    "en": {
        "title": ["INVOICE", "Invoice"], "no": ["Invoice No.", "Invoice number"],
        "date": ["Invoice date", "Date"], "due": ["Due date", "Payment due"],
        "desc": ["Description"], "qty": ["Qty", "Quantity"], "unit": ["Unit price"],
        "amount": ["Amount"], "net": ["Subtotal", "Net amount"],
        "vat": ["VAT {r}%", "Tax ({r}%)"], "total": ["Total", "Amount due"],
        "bill": ["Bill to"], "cur": ["All amounts in {c}"],
        "thanks": ["Thank you for your business."],
    },
    "de": {
        "title": ["RECHNUNG", "Rechnung"], "no": ["Rechnungsnummer", "Rechnung Nr."],
        "date": ["Rechnungsdatum", "Datum"], "due": ["Fällig am", "Zahlbar bis"],
        "desc": ["Beschreibung"], "qty": ["Menge"], "unit": ["Einzelpreis"],
        "amount": ["Betrag"], "net": ["Nettobetrag", "Zwischensumme"],
        "vat": ["MwSt. {r}%", "USt {r}%"], "total": ["Gesamtbetrag", "Rechnungsbetrag"],
        "bill": ["Rechnung an"], "cur": ["Alle Beträge in {c}"],
        "thanks": ["Vielen Dank für Ihren Auftrag."],
    },
}


@dataclass
class Sample:
    """A generated document and the values a template must extract from it."""

    kind: str
    name: str
    pdf: bytes
    truth: dict[str, Any]
    words_truth: list[str] = field(default_factory=list)


class _Canvas:
    """A thin layer over a PyMuPDF page that also records every word it prints."""

    def __init__(self, doc: Any, width: float = 595, height: float = 842) -> None:
        self.page = doc.new_page(width=width, height=height)
        self.words: list[str] = []

    def text(self, x: float, y: float, s: str, size: float = 10, font: str = "helv") -> None:
        self.page.insert_text((x, y), s, fontsize=size, fontname=font)
        self.words.extend(s.split())

    def rtext(self, right: float, y: float, s: str, size: float = 10,
              font: str = "helv") -> None:
        import pymupdf

        width = pymupdf.get_text_length(s, fontname=font, fontsize=size)
        self.text(right - width, y, s, size, font)

    def line(self, x0: float, y: float, x1: float) -> None:
        self.page.draw_line((x0, y), (x1, y), width=0.5)


def _new_doc() -> Any:
    import pymupdf

    doc = pymupdf.open()
    return doc


def _finish(doc: Any) -> bytes:
    fixed = "D:20240101000000Z"
    doc.set_metadata({"producer": "formsift samples", "creator": "formsift samples",
                      "creationDate": fixed, "modDate": fixed})
    data = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return data


def _pick(rng: random.Random, options: list[str]) -> str:
    return options[rng.randrange(len(options))]


def invoice(seed: int) -> Sample:
    rng = random.Random(f"invoice-{seed}")
    lang = "en" if seed % 2 == 0 else "de"
    L = {k: _pick(rng, v) for k, v in LABELS[lang].items()}
    rate = Decimal(_pick(rng, ["19", "7", "20"]) if lang == "en" else _pick(rng, ["19", "7"]))
    seller, buyer = _pick(rng, SELLERS), _pick(rng, BUYERS)
    year = 2023 + seed % 3
    number = f"{'INV' if lang == 'en' else 'RE'}-{year}-{rng.randrange(1, 9999):04d}"
    issued = date(year, rng.randrange(1, 13), rng.randrange(1, 29))
    due = issued + timedelta(days=rng.choice([14, 30, 60]))
    account = iban(rng)
    items = []
    for i in range(rng.randrange(2, 9)):
        qty = rng.randrange(1, 25)
        unit = q(Decimal(rng.randrange(150, 250000)) / 100)
        desc = PRODUCTS[(seed + i * 5) % len(PRODUCTS)]
        long = LONG[i % len(LONG)] if rng.random() < 0.25 else None
        items.append((desc, long, qty, unit, q(unit * qty)))
    net = q(sum((it[4] for it in items), Decimal(0)))
    vat = q(net * rate / 100)
    total = q(net + vat)

    doc = _new_doc()
    c = _Canvas(doc)
    dx, dy = rng.uniform(-8, 8), rng.uniform(-6, 6)
    c.text(50 + dx, 60 + dy, seller, 15, "hebo")
    city = _pick(rng, ["Hamburg", "Bremen", "Leeds", "Bristol"])
    c.text(50 + dx, 76 + dy,
           f"{rng.randrange(1, 200)} Market Street, {rng.randrange(10000, 99999)} {city}", 8)
    c.text(420 + dx, 62 + dy, L["title"], 18, "hebo")
    y = 130 + dy
    values = [(L["no"], number), (L["date"], written_date(issued, lang, seed // 2)),
              (L["due"], written_date(due, lang, seed // 2))]
    for label, value in values:
        c.text(50 + dx, y, label, 10)
        c.text(170 + dx, y, value, 10)
        y += 15
    c.text(350 + dx, 130 + dy, L["bill"], 9, "hebo")
    c.text(350 + dx, 144 + dy, buyer, 9)
    y = 230 + dy
    cols = (50 + dx, 330 + dx, 440 + dx, 545 + dx)  # description left; numbers right-aligned
    c.text(cols[0], y, L["desc"], 10, "hebo")
    c.rtext(cols[1], y, L["qty"], 10, "hebo")
    c.rtext(cols[2], y, L["unit"], 10, "hebo")
    c.rtext(cols[3], y, L["amount"], 10, "hebo")
    c.line(50 + dx, y + 4, 545 + dx)
    y += 18
    rows = []
    for desc, long, qty, unit, amt in items:
        c.text(cols[0], y, desc, 10)
        c.rtext(cols[1], y, str(qty), 10)
        c.rtext(cols[2], y, amount(unit, lang), 10)
        c.rtext(cols[3], y, amount(amt, lang), 10)
        if long:
            y += 12
            c.text(cols[0], y, long, 10)
        rows.append({"description": desc + (" " + long if long else ""), "qty": qty,
                     "unit_price": str(unit), "amount": str(amt)})
        y += 16
    c.line(330 + dx, y - 6, 545 + dx)
    y += 10
    vat_label = L["vat"].format(r=rate)
    for label, value in ((L["net"], net), (vat_label, vat), (L["total"], total)):
        font = "hebo" if value is total else "helv"
        c.text(340 + dx, y, label, 10, font)
        c.rtext(cols[3], y, amount(value, lang), 10, font)
        y += 15
    foot = 760 + dy
    c.text(50 + dx, foot, f"IBAN: {grouped(account)}", 9)
    c.text(50 + dx, foot + 12, L["cur"].format(c="EUR"), 8)
    c.text(50 + dx, foot + 24, L["thanks"], 8)
    truth = {"invoice_no": number, "invoice_date": issued.isoformat(),
             "due_date": due.isoformat(), "seller": seller, "iban": account, "currency": "EUR",
             "net": str(net), "vat": str(vat), "vat_rate": str(rate), "total": str(total),
             "items": rows}
    return Sample("invoice", f"invoice-{seed:03d}", _finish(doc), truth, c.words)


def receipt(seed: int) -> Sample:
    rng = random.Random(f"receipt-{seed}")
    shop = SHOPS[seed % len(SHOPS)]
    when = date(2018 + seed % 3, rng.randrange(1, 13), rng.randrange(1, 29))
    styles = [f"{when:%d/%m/%Y}", f"{when:%Y-%m-%d}", f"{when:%d-%m-%y}", f"{when:%d %b %Y}"]
    printed_date = styles[seed % len(styles)]
    items = [(SHOP_ITEMS[(seed * 3 + i) % len(SHOP_ITEMS)],
              q(Decimal(rng.randrange(50, 3000)) / 100)) for i in range(rng.randrange(2, 7))]
    total = q(sum((a for _, a in items), Decimal(0)))
    height = 260 + 14 * len(items)
    doc = _new_doc()
    c = _Canvas(doc, 226, height)
    y = 30.0
    c.text(20, y, shop, 11, "cobo")
    y += 14
    c.text(20, y, f"{rng.randrange(1, 99)} HIGH ST", 8, "cour")
    y += 11
    c.text(20, y, f"TEL {rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}", 8, "cour")
    y += 18
    c.text(20, y, f"DATE: {printed_date}", 8, "cour")
    c.text(140, y, f"{rng.randrange(7, 22):02d}:{rng.randrange(60):02d}", 8, "cour")
    y += 18
    c.text(20, y, "ITEM", 8, "cobo")
    c.rtext(206, y, "AMOUNT", 8, "cobo")
    y += 12
    rows = []
    for name, amt in items:
        c.text(20, y, name, 8, "cour")
        c.rtext(206, y, f"{amt:.2f}", 8, "cour")
        rows.append({"description": name, "amount": str(amt)})
        y += 14
    y += 6
    label = ["TOTAL", "TOTAL:", "GRAND TOTAL", "TOTAL RM"][seed % 4]
    c.text(20, y, label, 9, "cobo")
    c.rtext(206, y, f"{total:.2f}", 9, "cobo")
    y += 14
    paid = q(total + Decimal(rng.randrange(0, 1000)) / 100)
    c.text(20, y, "CASH", 8, "cour")
    c.rtext(206, y, f"{paid:.2f}", 8, "cour")
    y += 12
    c.text(20, y, "CHANGE", 8, "cour")
    c.rtext(206, y, f"{paid - total:.2f}", 8, "cour")
    y += 22
    c.text(40, y, "THANK YOU, COME AGAIN", 8, "cour")
    truth = {"merchant": shop, "date": when.isoformat(), "total": str(total), "items": rows}
    return Sample("receipt", f"receipt-{seed:03d}", _finish(doc), truth, c.words)


def delivery_note(seed: int) -> Sample:
    rng = random.Random(f"delivery-{seed}")
    number = f"DN-{2024 + seed % 2}-{rng.randrange(100, 99999):05d}"
    when = date(2024 + seed % 2, rng.randrange(1, 13), rng.randrange(1, 29))
    customer = _pick(rng, BUYERS)
    receiver = _pick(rng, NAMES)
    doc = _new_doc()
    c = _Canvas(doc)
    dy = rng.uniform(-6, 6)
    c.text(50, 60 + dy, _pick(rng, SELLERS), 14, "hebo")
    c.text(400, 62 + dy, "DELIVERY NOTE", 16, "hebo")
    y = 120 + dy
    for label, value in (("Delivery note No.", number), ("Date", f"{when:%d.%m.%Y}"),
                         ("Customer", customer)):
        c.text(50, y, label, 10)
        c.text(170, y, value, 10)
        y += 15
    y = 210 + dy
    c.text(50, y, "Article", 10, "hebo")
    c.text(130, y, "Description", 10, "hebo")
    c.rtext(440, y, "Ordered", 10, "hebo")
    c.rtext(540, y, "Delivered", 10, "hebo")
    c.line(50, y + 4, 545)
    y += 20
    rows = []
    for i in range(rng.randrange(2, 7)):
        article = f"A-{rng.randrange(1000, 9999)}"
        desc = PRODUCTS[(seed * 2 + i) % len(PRODUCTS)]
        ordered = rng.randrange(1, 40)
        delivered = ordered if rng.random() < 0.7 else max(0, ordered - rng.randrange(1, 4))
        c.text(50, y, article, 10)
        c.text(130, y, desc, 10)
        c.rtext(440, y, str(ordered), 10)
        # the delivered quantity stands in for handwriting: another font, a little askew
        c.rtext(530 + rng.uniform(-6, 4), y + rng.uniform(-1.5, 1.5), str(delivered), 12, "tiit")
        rows.append({"article": article, "description": desc, "qty_ordered": ordered,
                     "qty_delivered": delivered})
        y += 18
    y += 40
    c.text(50, y, "Received by:", 10)
    c.text(130, y + rng.uniform(-1, 1), receiver, 13, "tiit")
    truth = {"note_no": number, "date": when.isoformat(), "customer": customer,
             "received_by": receiver, "items": rows}
    return Sample("delivery_note", f"delivery_note-{seed:03d}", _finish(doc), truth, c.words)


def payslip(seed: int) -> Sample:
    rng = random.Random(f"payslip-{seed}")
    lang = "en" if seed % 2 == 0 else "de"
    employee = _pick(rng, NAMES)
    emp_id = f"E-{rng.randrange(10000, 99999)}"
    year, month = 2024, rng.randrange(1, 13)
    start = date(year, month, 1)
    end = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1))
    gross = q(Decimal(rng.randrange(250000, 900000)) / 100)
    tax = q(gross * Decimal(rng.randrange(12, 30)) / 100)
    social = q(gross * Decimal("0.2") / 1)
    net = q(gross - tax - social)
    account = iban(rng)
    labels = {
        "en": ("PAYSLIP", "Employee", "Employee ID", "Pay period", "Gross pay", "Income tax",
               "Social security", "Net pay", "Paid to"),
        "de": ("GEHALTSABRECHNUNG", "Mitarbeiter", "Personalnummer", "Abrechnungszeitraum",
               "Bruttoverdienst", "Lohnsteuer", "Sozialversicherung", "Auszahlungsbetrag",
               "Überweisung auf"),
    }[lang]
    doc = _new_doc()
    c = _Canvas(doc)
    c.text(50, 60, _pick(rng, SELLERS), 14, "hebo")
    c.text(400, 62, labels[0], 14, "hebo")
    period = (f"{start:%d.%m.%Y} - {end:%d.%m.%Y}" if lang == "de"
              else f"{start:%d/%m/%Y} - {end:%d/%m/%Y}")
    y = 120.0
    for label, value in ((labels[1], employee), (labels[2], emp_id), (labels[3], period)):
        c.text(50, y, label, 10)
        c.text(200, y, value, 10)
        y += 15
    y = 220.0
    for label, value in ((labels[4], gross), (labels[5], tax), (labels[6], social),
                         (labels[7], net)):
        font = "hebo" if value is net else "helv"
        c.text(50, y, label, 10, font)
        c.rtext(400, y, amount(value, lang), 10, font)
        y += 16
    c.text(50, y + 30, f"{labels[8]}: IBAN {grouped(account)}", 9)
    truth = {"employee": employee, "employee_id": emp_id, "period_start": start.isoformat(),
             "period_end": end.isoformat(), "gross": str(gross), "tax": str(tax),
             "social": str(social), "net_pay": str(net), "iban": account}
    return Sample("payslip", f"payslip-{seed:03d}", _finish(doc), truth, c.words)


_GENERATORS = {"invoice": invoice, "receipt": receipt, "delivery_note": delivery_note,
               "payslip": payslip}


def generate(kind: str, seed: int = 0) -> Sample:
    """A generated document of ``kind`` (one of KINDS); the same seed gives the same bytes."""
    if kind not in _GENERATORS:
        raise ValueError(f"unknown sample kind {kind!r}; known: {', '.join(KINDS)}")
    return _GENERATORS[kind](seed)


def packet(kinds: list[str], seed: int = 0, shuffle: bool = False
           ) -> tuple[bytes, list[tuple[str, list[int]]]]:
    """Several generated documents in one PDF; returns the bytes and (kind, 1-based pages)."""
    import pymupdf

    out = pymupdf.open()
    parts = []
    for i, kind in enumerate(kinds):
        sample = generate(kind, seed + i)
        src = pymupdf.open(stream=sample.pdf, filetype="pdf")
        parts.append((kind, src))
    order = [(k, d, p) for k, d in parts for p in range(d.page_count)]
    if shuffle:
        random.Random(seed).shuffle(order)
    layout: dict[int, list[int]] = {}
    for index, (_kind, src, page) in enumerate(order):
        out.insert_pdf(src, from_page=page, to_page=page)
        key = next(i for i, (_, d) in enumerate(parts) if d is src)
        layout.setdefault(key, []).append(index + 1)
    data = _finish(out)
    return data, [(parts[i][0], layout[i]) for i in sorted(layout)]
