"""Generated business documents (born-digital PDFs) with their ground truth.

Every document varies with its seed: names, numbers, dates, the number of line items,
label wording (English or German synonyms), and small layout shifts, so that templates are
tested on documents they were not written against. The same kind and seed always give the
same bytes: no clock, no random document id, no dependence on the process's locale.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from formsift.samples.money import (
    amount,
    grouped,
    iban,
    month_year,
    q,
    short_month,
    written_date,
)

KINDS = ("invoice", "receipt", "delivery_note", "payslip")

SELLERS = ["Nordwind Handels GmbH", "ACME Supplies Ltd", "Blue River Trading", "Kessler & Sohn KG",
           "Maple Office Goods", "Sonnenschein Technik AG", "Harbor Tools Inc", "Lindqvist Design"]
BUYERS = ["Muster Bau GmbH", "Riverside Clinic", "Oakwood School", "Stadtwerke Nordheim",
          "Greenfield Farms", "Atlas Logistics"]
STREETS = {"en": ["Market Street", "Station Road", "Mill Lane", "Harbour View", "King Street"],
           "de": ["Hafenstraße", "Bahnhofstraße", "Lindenweg", "Am Markt", "Industriestraße"]}
CITIES = {"en": ["Leeds", "Bristol", "York", "Norwich", "Bath"],
          "de": ["Hamburg", "Bremen", "Kassel", "Münster", "Freiburg"]}
PRODUCTS = ["Office chair", "Desk lamp", "Printer paper A4", "Ink cartridge black",
            "USB-C cable 2 m", "Monitor stand", "Whiteboard markers", "Stapler heavy duty",
            "Laptop sleeve 14 inch", "Conference phone", "Ergonomic keyboard", "Cable ties"]
PRODUCTS_DE = ["Bürostuhl", "Schreibtischlampe", "Druckerpapier A4", "Tintenpatrone schwarz",
               "USB-C-Kabel 2 m", "Monitorständer", "Whiteboard-Marker", "Hefter groß",
               "Laptoptasche 14 Zoll", "Konferenztelefon", "Ergonomische Tastatur",
               "Kabelbinder"]
LONG = {"en": ["with adjustable armrests and lumbar support", "recycled, 80 g/m2, 5 reams",
               "including installation on site"],
        "de": ["mit verstellbaren Armlehnen", "Recycling, 80 g/m2, 5 Pakete",
               "inklusive Montage vor Ort"]}
NAMES = ["Anna Keller", "John Miller", "Sofia Rossi", "Lukas Brandt", "Emma Dubois",
         "Noah Jansen", "Mia Schmidt", "Oliver Wright"]
SHOPS = ["CORNER MART", "SUNRISE BAKERY", "GREEN LEAF CAFE", "CITY HARDWARE", "FRESH MARKET",
         "BOOK NOOK"]
SHOP_ITEMS = ["COFFEE", "CROISSANT", "MILK 1L", "BREAD", "APPLES 1KG", "WATER 500ML", "PEN",
              "NOTEBOOK", "TEA", "CHEESE", "BATTERIES AA", "SOAP"]

#: Invoice label synonyms by language; one of each list is printed ("{r}": the VAT rate).
INVOICE_LABELS: dict[str, dict[str, list[str]]] = {
    "en": {
        "title": ["INVOICE"], "no": ["Invoice No.", "Invoice number"],
        "date": ["Invoice date", "Date"], "due": ["Due date", "Payment due"],
        "desc": ["Description"], "qty": ["Qty", "Quantity"], "unit": ["Unit price"],
        "amount": ["Amount"], "net": ["Subtotal", "Net amount"],
        "vat": ["VAT {r}%", "Tax ({r}%)"], "total": ["Total", "Amount due"],
        "bill": ["Bill to", "Customer"], "cur": ["All amounts in {c}"],
        "thanks": ["Thank you for your business.", "Please pay within {d} days."],
    },
    "de": {
        "title": ["RECHNUNG"], "no": ["Rechnungsnummer", "Rechnung Nr."],
        "date": ["Rechnungsdatum", "Datum"], "due": ["Fällig am", "Zahlbar bis"],
        "desc": ["Beschreibung"], "qty": ["Menge"], "unit": ["Einzelpreis"],
        "amount": ["Betrag"], "net": ["Nettobetrag", "Zwischensumme"],
        "vat": ["MwSt. {r}%", "USt {r}%"], "total": ["Gesamtbetrag", "Rechnungsbetrag"],
        "bill": ["Rechnung an", "Kunde"], "cur": ["Alle Beträge in {c}"],
        "thanks": ["Vielen Dank für Ihren Auftrag.", "Zahlbar innerhalb von {d} Tagen."],
    },
}
#: Receipt total lines: the label printed left of the amount.
RECEIPT_TOTALS = ["TOTAL", "TOTAL:", "GRAND TOTAL", "TOTAL RM"]
DELIVERY_LABELS: dict[str, list[str]] = {
    "title": ["DELIVERY NOTE", "Delivery Note"], "no": ["Delivery note No.", "Note No."],
    "date": ["Date", "Delivery date"], "customer": ["Customer", "Deliver to"],
    "article": ["Article", "Art. No."], "desc": ["Description"],
    "ordered": ["Ordered", "Qty ordered"], "delivered": ["Delivered", "Qty delivered"],
    "received": ["Received by:"],
}
PAYSLIP_LABELS: dict[str, dict[str, list[str]]] = {
    "en": {"title": ["PAYSLIP"], "employee": ["Employee", "Name"],
           "id": ["Employee ID", "Personnel No."], "period": ["Pay period", "Period"],
           "gross": ["Gross pay"], "tax": ["Income tax"], "social": ["Social security"],
           "net": ["Net pay"], "paid": ["Paid to"]},
    "de": {"title": ["GEHALTSABRECHNUNG", "LOHNABRECHNUNG"], "employee": ["Mitarbeiter"],
           "id": ["Personalnummer"], "period": ["Abrechnungszeitraum", "Zeitraum"],
           "gross": ["Bruttoverdienst"], "tax": ["Lohnsteuer"],
           "social": ["Sozialversicherung"], "net": ["Auszahlungsbetrag", "Nettoverdienst"],
           "paid": ["Überweisung auf"]},
}


@dataclass
class Sample:
    """A generated document and the values a template must extract from it.

    ``truth`` is JSON-ready: amounts are strings with two decimals ("1234.50"), dates are
    ISO strings, counts are ints and tables are lists of row dicts. ``words_truth`` lists
    every word printed on the document, in printing order.
    """

    kind: str
    name: str
    pdf: bytes
    truth: dict[str, Any]
    words_truth: list[str] = field(default_factory=list)
    #: Where handwriting goes (``generate(kind, seed, handwritten=True)``): page-point
    #: positions and the text to write, for :mod:`formsift.samples.handwritten`.
    handwriting: list[dict[str, Any]] = field(default_factory=list)


class _Canvas:
    """A thin layer over a PyMuPDF page that also records every word it prints."""

    def __init__(self, doc: Any, width: float = 595, height: float = 842) -> None:
        self.page = doc.new_page(width=width, height=height)
        self.words: list[str] = []

    def text(self, x: float, y: float, s: str, size: float = 10, font: str = "helv") -> None:
        self.page.insert_text((round(x, 2), round(y, 2)), s, fontsize=size, fontname=font)
        self.words.extend(s.split())

    def rtext(self, right: float, y: float, s: str, size: float = 10,
              font: str = "helv") -> None:
        import pymupdf

        width = pymupdf.get_text_length(s, fontname=font, fontsize=size)
        self.text(right - width, y, s, size, font)

    def line(self, x0: float, y: float, x1: float, width: float = 0.5) -> None:
        self.page.draw_line((round(x0, 2), round(y, 2)), (round(x1, 2), round(y, 2)),
                            width=width)


def _new_doc() -> Any:
    import pymupdf

    return pymupdf.open()


_FIXED_DATE = "D:20240101000000Z"


def _finish(doc: Any) -> bytes:
    """The document's bytes, identical on every run (fixed metadata, no new file id)."""
    doc.set_metadata({"producer": "formsift samples", "creator": "formsift samples",
                      "creationDate": _FIXED_DATE, "modDate": _FIXED_DATE})
    data = doc.tobytes(garbage=4, deflate=True, clean=True, no_new_id=True)
    doc.close()
    return data


def _pick(rng: random.Random, options: list[str]) -> str:
    return options[rng.randrange(len(options))]


def _address(rng: random.Random, lang: str) -> str:
    street, city = _pick(rng, STREETS[lang]), _pick(rng, CITIES[lang])
    if lang == "de":
        return f"{street} {rng.randrange(1, 120)}, {rng.randrange(10000, 99999)} {city}"
    return f"{rng.randrange(1, 200)} {street}, {city}"


def invoice(seed: int) -> Sample:
    rng = random.Random(f"invoice-{seed}")
    lang = "en" if seed % 2 == 0 else "de"
    L = {k: _pick(rng, v) for k, v in INVOICE_LABELS[lang].items()}
    rate = Decimal(_pick(rng, ["19", "7", "20"]) if lang == "en" else _pick(rng, ["19", "7"]))
    seller, buyer = _pick(rng, SELLERS), _pick(rng, BUYERS)
    year = 2023 + seed % 3
    number = f"{'INV' if lang == 'en' else 'RE'}-{year}-{rng.randrange(1, 9999):04d}"
    issued = date(year, rng.randrange(1, 13), rng.randrange(1, 29))
    days = rng.choice([14, 30, 60])
    due = issued + timedelta(days=days)
    account = iban(rng)
    products = PRODUCTS if lang == "en" else PRODUCTS_DE
    items = []
    for i in range(rng.randrange(2, 9)):
        qty = rng.randrange(1, 25)
        unit = q(Decimal(rng.randrange(150, 250000)) / 100)
        desc = products[(seed + i * 5) % len(products)]
        long = LONG[lang][i % len(LONG[lang])] if rng.random() < 0.25 else None
        items.append((desc, long, qty, unit, q(unit * qty)))
    net = q(sum((it[4] for it in items), Decimal(0)))
    vat = q(net * rate / 100)
    total = q(net + vat)
    date_style = rng.randrange(2)

    doc = _new_doc()
    c = _Canvas(doc)
    # the whole layout shifts a little, and each column by itself a little more
    dx, dy = rng.uniform(-8, 8), rng.uniform(-6, 6)
    c.text(50 + dx, 60 + dy, seller, 15, "hebo")
    c.text(50 + dx, 76 + dy, _address(rng, lang), 8)
    c.text(420 + dx + rng.uniform(-10, 10), 62 + dy, L["title"], 18, "hebo")
    y = 130 + dy
    vx = 170 + dx + rng.uniform(-8, 12)
    for label, value in ((L["no"], number), (L["date"], written_date(issued, lang, date_style)),
                         (L["due"], written_date(due, lang, date_style))):
        c.text(50 + dx, y, label, 10)
        c.text(vx, y, value, 10)
        y += 15
    bx = 350 + dx + rng.uniform(-10, 10)
    c.text(bx, 130 + dy, L["bill"], 9, "hebo")
    c.text(bx, 143 + dy, buyer, 9)
    c.text(bx, 155 + dy, _address(rng, lang), 8)
    y = 225 + dy + rng.uniform(-5, 15)
    cols = (50 + dx, 330 + dx + rng.uniform(-10, 10), 440 + dx + rng.uniform(-8, 8), 545 + dx)
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
        if long:  # a description that wraps onto a second line
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
    c.line(340 + dx, y - 11, 545 + dx)
    foot = 760 + dy
    c.text(50 + dx, foot, f"IBAN: {grouped(account)}", 9)
    c.text(50 + dx, foot + 12, L["cur"].format(c="EUR"), 8)
    c.text(50 + dx, foot + 24, L["thanks"].format(d=days), 8)
    truth = {"invoice_no": number, "invoice_date": issued.isoformat(),
             "due_date": due.isoformat(), "seller": seller, "iban": account, "currency": "EUR",
             "net": str(net), "vat": str(vat), "vat_rate": str(rate), "total": str(total),
             "items": rows}
    return Sample("invoice", f"invoice-{seed:03d}", _finish(doc), truth, c.words)


def receipt(seed: int) -> Sample:
    rng = random.Random(f"receipt-{seed}")
    shop = SHOPS[seed % len(SHOPS)]
    when = date(2018 + seed % 3, rng.randrange(1, 13), rng.randrange(1, 29))
    styles = [f"{when.day:02d}/{when.month:02d}/{when.year}", when.isoformat(),
              f"{when.day:02d}-{when.month:02d}-{when.year % 100:02d}",
              f"{when.day:02d} {short_month(when)} {when.year}"]
    printed_date = styles[seed % len(styles)]
    items = [(SHOP_ITEMS[(seed * 3 + i) % len(SHOP_ITEMS)],
              q(Decimal(rng.randrange(50, 3000)) / 100)) for i in range(rng.randrange(2, 9))]
    total = q(sum((a for _, a in items), Decimal(0)))
    height = 280 + 14 * len(items)
    x0, right = 20 + rng.uniform(-4, 4), 206 + rng.uniform(-4, 2)
    doc = _new_doc()
    c = _Canvas(doc, 226, height)
    y = 30.0 + rng.uniform(-4, 4)
    c.text(x0, y, shop, 11, "cobo")
    y += 14
    c.text(x0, y, f"{rng.randrange(1, 99)} HIGH ST", 8, "cour")
    y += 11
    c.text(x0, y, f"TEL {rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}", 8, "cour")
    y += 18
    c.text(x0, y, f"DATE: {printed_date}", 8, "cour")
    c.text(x0 + 120, y, f"{rng.randrange(7, 22):02d}:{rng.randrange(60):02d}", 8, "cour")
    y += 18
    c.text(x0, y, "ITEM", 8, "cobo")
    c.rtext(right, y, "AMOUNT", 8, "cobo")
    y += 12
    rows = []
    for name, amt in items:
        c.text(x0, y, name, 8, "cour")
        c.rtext(right, y, f"{amt:.2f}", 8, "cour")
        rows.append({"description": name, "amount": str(amt)})
        y += 14
    y += 6
    c.text(x0, y, RECEIPT_TOTALS[seed % len(RECEIPT_TOTALS)], 9, "cobo")
    c.rtext(right, y, f"{total:.2f}", 9, "cobo")
    y += 14
    paid = q(total + Decimal(rng.randrange(0, 1000)) / 100)
    c.text(x0, y, "CASH", 8, "cour")
    c.rtext(right, y, f"{paid:.2f}", 8, "cour")
    y += 12
    c.text(x0, y, "CHANGE", 8, "cour")
    c.rtext(right, y, f"{paid - total:.2f}", 8, "cour")
    y += 22
    c.text(x0 + 20, y, "THANK YOU, COME AGAIN", 8, "cour")
    truth = {"merchant": shop, "date": when.isoformat(), "total": str(total), "items": rows,
             "cash": str(paid), "change": str(paid - total)}
    return Sample("receipt", f"receipt-{seed:03d}", _finish(doc), truth, c.words)


def delivery_note(seed: int, handwritten: bool = False) -> Sample:
    """A delivery note. With ``handwritten`` the delivered quantities and the receiver's
    name are not printed: their places are listed in ``sample.handwriting`` for
    :mod:`formsift.samples.handwritten` to write them by hand, and a signature line is
    added (the default output is unchanged, byte for byte)."""
    rng = random.Random(f"delivery-{seed}")
    L = {k: _pick(rng, v) for k, v in DELIVERY_LABELS.items()}
    number = f"DN-{2024 + seed % 2}-{rng.randrange(100, 99999):05d}"
    when = date(2024 + seed % 2, rng.randrange(1, 13), rng.randrange(1, 29))
    printed_date = [written_date(when, "de"), written_date(when, "en", 0),
                    written_date(when, "en", 1)][rng.randrange(3)]
    seller, customer = _pick(rng, SELLERS), _pick(rng, BUYERS)
    receiver = _pick(rng, NAMES)
    hand: list[dict[str, Any]] = []
    doc = _new_doc()
    c = _Canvas(doc)
    dx, dy = rng.uniform(-8, 8), rng.uniform(-6, 6)
    c.text(50 + dx, 60 + dy, seller, 14, "hebo")
    c.text(50 + dx, 75 + dy, _address(rng, "en"), 8)
    c.text(390 + dx, 62 + dy, L["title"], 16, "hebo")
    y = 120 + dy
    vx = 170 + dx + rng.uniform(-6, 10)
    for label, value in ((L["no"], number), (L["date"], printed_date),
                         (L["customer"], customer)):
        c.text(50 + dx, y, label, 10)
        c.text(vx, y, value, 10)
        y += 15
    y = 210 + dy + rng.uniform(-4, 12)
    cols = (50 + dx, 130 + dx + rng.uniform(-4, 8), 440 + dx + rng.uniform(-8, 8), 540 + dx)
    c.text(cols[0], y, L["article"], 10, "hebo")
    c.text(cols[1], y, L["desc"], 10, "hebo")
    c.rtext(cols[2], y, L["ordered"], 10, "hebo")
    c.rtext(cols[3], y, L["delivered"], 10, "hebo")
    c.line(50 + dx, y + 4, 545 + dx)
    y += 20
    rows = []
    for i in range(rng.randrange(2, 9)):
        article = f"A-{rng.randrange(1000, 9999)}"
        desc = PRODUCTS[(seed * 2 + i) % len(PRODUCTS)]
        ordered = rng.randrange(1, 40)
        delivered = ordered if rng.random() < 0.7 else max(0, ordered - rng.randrange(1, 4))
        c.text(cols[0], y, article, 10)
        c.text(cols[1], y, desc, 10)
        c.rtext(cols[2], y, str(ordered), 10)
        # the delivered quantity stands in for handwriting: another font, a little askew
        qx, qy = cols[3] - 10 + rng.uniform(-6, 4), y + rng.uniform(-1.5, 1.5)
        if handwritten:
            hand.append({"field": f"items.{i}.qty_delivered", "text": str(delivered),
                         "right": qx, "y": qy, "size": 13})
        else:
            c.rtext(qx, qy, str(delivered), 12, "tiit")
        rows.append({"article": article, "description": desc, "qty_ordered": ordered,
                     "qty_delivered": delivered})
        y += 18
    y += 40
    c.text(50 + dx, y, L["received"], 10)
    rx, ry = 130 + dx + rng.uniform(-2, 8), y + rng.uniform(-1, 1)
    if handwritten:
        hand.append({"field": "received_by", "text": receiver, "x": rx, "y": ry, "size": 15})
    else:
        c.text(rx, ry, receiver, 13, "tiit")
    c.line(125 + dx, y + 4, 300 + dx, 0.3)
    truth = {"note_no": number, "date": when.isoformat(), "customer": customer,
             "received_by": receiver, "items": rows}
    if handwritten:  # a signature line below the receiver's
        sy = y + 40
        c.text(50 + dx, sy, "Signature:", 10)
        c.line(125 + dx, sy + 4, 300 + dx, 0.3)
        hand.append({"field": "signed", "signature": True, "box": [128 + dx, sy - 22,
                                                                   296 + dx, sy + 2]})
    sample = Sample("delivery_note", f"delivery_note-{seed:03d}", _finish(doc), truth, c.words)
    sample.handwriting = hand
    return sample


def payslip(seed: int) -> Sample:
    rng = random.Random(f"payslip-{seed}")
    lang = "en" if seed % 2 == 0 else "de"
    L = {k: _pick(rng, v) for k, v in PAYSLIP_LABELS[lang].items()}
    employer, employee = _pick(rng, SELLERS), _pick(rng, NAMES)
    emp_id = f"E-{rng.randrange(10000, 99999)}"
    year, month = 2024, rng.randrange(1, 13)
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    gross = q(Decimal(rng.randrange(250000, 900000)) / 100)
    tax = q(gross * Decimal(rng.randrange(12, 30)) / 100)
    social = q(gross * Decimal("0.2"))
    net = q(gross - tax - social)
    account = iban(rng)
    doc = _new_doc()
    c = _Canvas(doc)
    dx, dy = rng.uniform(-8, 8), rng.uniform(-6, 6)
    c.text(50 + dx, 60 + dy, employer, 14, "hebo")
    c.text(50 + dx, 75 + dy, _address(rng, lang), 8)
    c.text(380 + dx, 62 + dy, L["title"], 14, "hebo")
    c.text(380 + dx, 78 + dy, month_year(start, lang), 10)
    period = f"{written_date(start, lang)} - {written_date(end, lang)}"
    y = 120 + dy
    vx = 200 + dx + rng.uniform(-8, 10)
    for label, value in ((L["employee"], employee), (L["id"], emp_id), (L["period"], period)):
        c.text(50 + dx, y, label, 10)
        c.text(vx, y, value, 10)
        y += 15
    y = 220 + dy + rng.uniform(-4, 12)
    right = 400 + dx + rng.uniform(-10, 20)
    for label, value in ((L["gross"], gross), (L["tax"], tax), (L["social"], social),
                         (L["net"], net)):
        font = "hebo" if value is net else "helv"
        c.text(50 + dx, y, label, 10, font)
        c.rtext(right, y, amount(value, lang), 10, font)
        y += 16
    c.text(50 + dx, y + 30, f"{L['paid']}: IBAN {grouped(account)}", 9)
    truth = {"employee": employee, "employee_id": emp_id, "period_start": start.isoformat(),
             "period_end": end.isoformat(), "gross": str(gross), "tax": str(tax),
             "social": str(social), "net_pay": str(net), "iban": account}
    return Sample("payslip", f"payslip-{seed:03d}", _finish(doc), truth, c.words)


_GENERATORS = {"invoice": invoice, "receipt": receipt, "delivery_note": delivery_note,
               "payslip": payslip}


def generate(kind: str, seed: int = 0) -> Sample:
    """A generated document of ``kind`` (one of KINDS, or of the packet kinds of
    :mod:`formsift.samples.packets`); the same seed gives the same bytes."""
    from formsift.samples.packets import GENERATORS, PACKET_KINDS

    generators = {**_GENERATORS, **GENERATORS}
    if kind not in generators:
        raise ValueError(f"unknown sample kind {kind!r}; known: "
                         f"{', '.join(KINDS + PACKET_KINDS)}")
    return generators[kind](seed)


def packet(kinds: list[str], seed: int = 0, shuffle: bool = False
           ) -> tuple[bytes, list[tuple[str, list[int]]]]:
    """Several generated documents in one PDF, for splitting tests.

    Document ``i`` is ``generate(kinds[i], seed + i)``. Returns the PDF's bytes and, per
    document in ``kinds`` order, ``(kind, pages)`` with its 1-based page numbers in the
    packet. With ``shuffle`` the pages are put in a seeded random order, so a document's
    pages need not be contiguous.
    """
    import pymupdf

    out = pymupdf.open()
    parts = []
    for i, kind in enumerate(kinds):
        sample = generate(kind, seed + i)
        parts.append((kind, pymupdf.open(stream=sample.pdf, filetype="pdf")))
    order = [(i, p) for i, (_, src) in enumerate(parts) for p in range(src.page_count)]
    if shuffle:
        random.Random(f"packet-{seed}").shuffle(order)
    layout: dict[int, list[int]] = {i: [] for i in range(len(parts))}
    for index, (doc_index, page) in enumerate(order):
        out.insert_pdf(parts[doc_index][1], from_page=page, to_page=page)
        layout[doc_index].append(index + 1)
    for _, src in parts:
        src.close()
    return _finish(out), [(parts[i][0], layout[i]) for i in range(len(parts))]
