"""Generated documents that arrive in packets: a two-page KYC onboarding form, an ID card
or passport page with a valid ICAO 9303 MRZ, a proof of address (a utility bill), a
cover letter that no template should claim, and a two-page invoice.

Identity documents use ICAO's specimen state ``UTO`` (Utopia) and say SPECIMEN. A KYC
packet is ``packet(["kyc_form", "id_card", "proof_of_address"], seed)``: documents of one
packet with consecutive seeds describe the same person (``person(seed)`` of the first).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from formsift.plugins.validators.mrz import check_digit, parse_mrz
from formsift.samples.generator import (
    BUYERS,
    INVOICE_LABELS,
    PRODUCTS,
    SELLERS,
    Sample,
    _Canvas,
    _finish,
    _new_doc,
    _pick,
)
from formsift.samples.money import amount, grouped, iban, q, written_date

PACKET_KINDS = ("kyc_form", "id_card", "proof_of_address", "letter", "invoice_2p")

SURNAMES = ["ERIKSSON", "KELLER", "MILLER", "ROSSI", "BRANDT", "DUBOIS", "JANSEN", "WRIGHT",
            "NOVAK", "LINDQVIST"]
GIVEN = ["ANNA MARIA", "JOHN", "SOFIA", "LUKAS PETER", "EMMA", "NOAH", "MIA", "OLIVER",
         "CLARA", "ELIAS"]
STREETS = ["Market Street", "Station Road", "Mill Lane", "Harbour View", "King Street"]
CITIES = ["Leeds", "Bristol", "York", "Norwich", "Bath"]
UTILITIES = ["Nordwind Energie", "Riverside Power", "Harbor Water Ltd", "City Gas Supply"]


@dataclass(frozen=True)
class Person:
    surname: str  # as in the MRZ: upper case
    given_names: str
    birth_date: date
    sex: str
    document_no: str
    expiry: date
    street: str
    city: str

    @property
    def display_surname(self) -> str:
        return self.surname.title()

    @property
    def display_given(self) -> str:
        return self.given_names.title()


def person(seed: int) -> Person:
    """The person of the KYC packet whose first document has this seed."""
    rng = random.Random(f"person-{seed}")
    letters = "CFGHJKLMNPRTVWXYZ"
    number = "".join(rng.choice(letters) for _ in range(1)) + "".join(
        rng.choice(letters + "0123456789") for _ in range(8))
    return Person(
        surname=_pick(rng, SURNAMES), given_names=_pick(rng, GIVEN),
        birth_date=date(rng.randrange(1950, 2004), rng.randrange(1, 13), rng.randrange(1, 29)),
        sex=rng.choice("MF"), document_no=number,
        expiry=date(2030 + rng.randrange(6), rng.randrange(1, 13), rng.randrange(1, 29)),
        street=f"{rng.randrange(1, 200)} {_pick(rng, STREETS)}", city=_pick(rng, CITIES))


def _yymmdd(d: date) -> str:
    return f"{d.year % 100:02d}{d.month:02d}{d.day:02d}"


def _name_field(p: Person, width: int) -> str:
    name = p.surname.replace(" ", "<") + "<<" + p.given_names.replace(" ", "<")
    return name[:width].ljust(width, "<")


def mrz_td1(p: Person) -> list[str]:
    """The three lines of an ID card's MRZ (ICAO 9303 Part 5), every check digit computed."""
    l1 = ("I<UTO" + p.document_no + check_digit(p.document_no)).ljust(30, "<")
    l2 = (_yymmdd(p.birth_date) + check_digit(_yymmdd(p.birth_date)) + p.sex
          + _yymmdd(p.expiry) + check_digit(_yymmdd(p.expiry)) + "UTO").ljust(29, "<")
    l2 += check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    return [l1, l2, _name_field(p, 30)]


def mrz_td3(p: Person) -> list[str]:
    """The two lines of a passport's MRZ (ICAO 9303 Part 4), every check digit computed."""
    l1 = "P<UTO" + _name_field(p, 39)
    optional = "<" * 14
    l2 = (p.document_no + check_digit(p.document_no) + "UTO" + _yymmdd(p.birth_date)
          + check_digit(_yymmdd(p.birth_date)) + p.sex + _yymmdd(p.expiry)
          + check_digit(_yymmdd(p.expiry)) + optional + "<")
    l2 += check_digit(l2[0:10] + l2[13:20] + l2[21:43])
    return [l1, l2]


def _page_of(c: _Canvas, n: int, total: int, y: float = 815) -> None:
    c.text(480, y, f"Page {n} of {total}", 8)


def kyc_form(seed: int) -> Sample:
    rng = random.Random(f"kyc-{seed}")
    p = person(seed)
    number = f"AP-{2024 + seed % 2}-{rng.randrange(10000, 99999)}"
    signed = date(2024 + seed % 2, rng.randrange(1, 13), rng.randrange(1, 29))
    doc = _new_doc()
    c = _Canvas(doc)
    dx, dy = rng.uniform(-6, 6), rng.uniform(-4, 4)
    bank = _pick(rng, ["Nordbank AG", "Harbor Savings Bank", "Blue River Bank"])
    c.text(50 + dx, 55 + dy, bank, 13, "hebo")
    c.text(50 + dx, 85 + dy, "CUSTOMER ONBOARDING FORM", 15, "hebo")
    c.text(50 + dx, 100 + dy, "Know your customer (KYC) - personal details", 9)
    c.text(360 + dx, 55 + dy, "Application No.", 9)
    c.text(440 + dx, 55 + dy, number, 9)
    y = 150 + dy
    vx = 200 + dx + rng.uniform(-6, 8)
    rows = [("Surname", p.display_surname), ("Given names", p.display_given),
            ("Date of birth", written_date(p.birth_date, "en", 0)),
            ("Nationality", "UTO"), ("ID document No.", p.document_no),
            ("Street", p.street), ("City", p.city),
            ("Occupation", _pick(rng, ["Engineer", "Teacher", "Nurse", "Designer"]))]
    for label, value in rows:
        c.text(50 + dx, y, label, 10)
        c.text(vx, y, value, 10)
        y += 20
    c.text(50 + dx, y + 20, "Please continue on the next page.", 8)
    _page_of(c, 1, 2)
    c2 = _Canvas(doc)
    c2.text(50 + dx, 55 + dy, bank, 13, "hebo")
    c2.text(360 + dx, 55 + dy, "Application No.", 9)
    c2.text(440 + dx, 55 + dy, number, 9)
    c2.text(50 + dx, 100 + dy, "Declarations", 12, "hebo")
    y = 130 + dy
    funds = _pick(rng, ["Salary", "Savings", "Pension", "Business income"])
    for label, value in (("Source of funds", funds), ("Politically exposed person", "No"),
                         ("Tax residence", "UTO")):
        c2.text(50 + dx, y, label, 10)
        c2.text(vx + 40, y, value, 10)
        y += 20
    c2.text(50 + dx, y + 10, "I confirm that the information given is true and complete.", 9)
    c2.text(50 + dx, y + 50, "Signed on", 10)
    c2.text(vx + 40, y + 50, written_date(signed, "en", 0), 10)
    c2.text(50 + dx, y + 75, "Signature", 10)
    c2.text(vx + 40, y + 75, f"{p.display_given} {p.display_surname}", 13, "tiit")
    _page_of(c2, 2, 2)
    truth = {"application_no": number, "surname": p.display_surname,
             "given_names": p.display_given, "birth_date": p.birth_date.isoformat(),
             "nationality": "UTO", "id_number": p.document_no, "street": p.street,
             "city": p.city, "signed_on": signed.isoformat()}
    return Sample("kyc_form", f"kyc_form-{seed:03d}", _finish(doc), truth,
                  c.words + c2.words)


def id_card(seed: int) -> Sample:
    """An ID card (TD1, even seeds) or passport data page (TD3, odd seeds) on an A4 scan;
    the person is ``person(seed - 1)``, the form's person in a KYC packet."""
    p = person(seed - 1)
    rng = random.Random(f"id-{seed}")
    passport = seed % 2 == 1
    lines = mrz_td3(p) if passport else mrz_td1(p)
    doc = _new_doc()
    c = _Canvas(doc)
    x0, y0 = 60 + rng.uniform(-10, 10), 70 + rng.uniform(-10, 10)
    width = 470 if passport else 330
    c.page.draw_rect((x0, y0, x0 + width, y0 + (300 if passport else 210)), width=0.8)
    title = "PASSPORT" if passport else "IDENTITY CARD"
    c.text(x0 + 15, y0 + 25, f"UTOPIA  {title}", 12, "hebo")
    c.text(x0 + width - 75, y0 + 25, "SPECIMEN", 9, "hebo")
    y = y0 + 55
    fields = [("Surname", p.surname), ("Given names", p.given_names),
              ("Date of birth", f"{p.birth_date:%d.%m.%Y}"), ("Sex", p.sex),
              ("Nationality", "UTO"), ("Document No.", p.document_no),
              ("Date of expiry", f"{p.expiry:%d.%m.%Y}")]
    for label, value in fields:
        c.text(x0 + 15, y, label, 7)
        c.text(x0 + 110, y, value, 9, "hebo")
        y += 16 if passport else 13
    my = y0 + (250 if passport else 165)
    for line in lines:
        c.text(x0 + 12, my, line, 10 if passport else 10.5, "cour")
        my += 14
    parsed = parse_mrz(lines).as_dict()  # the printed lines, read back as a record
    truth = {"surname": p.surname, "given_names": p.given_names,
             "birth_date": p.birth_date.isoformat(), "document_no": p.document_no,
             "expiry_date": p.expiry.isoformat(),
             "mrz": {k: (v.isoformat() if isinstance(v, date) else v)
                     for k, v in parsed.items()}}
    return Sample("id_card", f"id_card-{seed:03d}", _finish(doc), truth, c.words)


def proof_of_address(seed: int) -> Sample:
    """A utility bill for ``person(seed - 2)``, the form's person in a KYC packet."""
    p = person(seed - 2)
    rng = random.Random(f"poa-{seed}")
    issued = date(2024 + seed % 2, rng.randrange(1, 13), rng.randrange(1, 29))
    company = _pick(rng, UTILITIES)
    account = f"{rng.randrange(10**9, 10**10)}"
    due = q(Decimal(rng.randrange(3000, 25000)) / 100)
    doc = _new_doc()
    c = _Canvas(doc)
    dx, dy = rng.uniform(-8, 8), rng.uniform(-6, 6)
    c.text(50 + dx, 60 + dy, company, 15, "hebo")
    c.text(380 + dx, 62 + dy, "ELECTRICITY BILL", 13, "hebo")
    y = 130 + dy
    vx = 190 + dx + rng.uniform(-5, 10)
    for label, value in (("Account holder", f"{p.display_given} {p.display_surname}"),
                         ("Supply address", f"{p.street}, {p.city}"),
                         ("Account number", account),
                         ("Statement date", written_date(issued, "en", 1)),
                         ("Amount due", amount(due, "en"))):
        c.text(50 + dx, y, label, 10)
        c.text(vx, y, value, 10)
        y += 18
    c.text(50 + dx, y + 30, "Meter readings and consumption are shown overleaf.", 8)
    truth = {"holder": f"{p.display_given} {p.display_surname}", "street": p.street,
             "city": p.city, "issue_date": issued.isoformat(), "amount_due": str(due)}
    return Sample("proof_of_address", f"proof_of_address-{seed:03d}", _finish(doc), truth,
                  c.words)


def letter(seed: int) -> Sample:
    """A cover letter: it mentions an invoice but is no document any template extracts."""
    rng = random.Random(f"letter-{seed}")
    sender = _pick(rng, SELLERS)
    doc = _new_doc()
    c = _Canvas(doc)
    c.text(50, 60, sender, 14, "hebo")
    c.text(50, 120, f"Dear {_pick(rng, BUYERS)},", 10)
    body = ["please find enclosed the documents you asked for, including our invoice.",
            "Do not hesitate to contact us if anything is unclear.",
            "We look forward to working with you again."]
    y = 145
    for line in body:
        c.text(50, y, line, 10)
        y += 15
    c.text(50, y + 30, "Kind regards,", 10)
    c.text(50, y + 48, _pick(rng, ["Anna Keller", "John Miller", "Sofia Rossi"]), 10)
    return Sample("letter", f"letter-{seed:03d}", _finish(doc), {"sender": sender}, c.words)


def invoice_2p(seed: int) -> Sample:
    """An English invoice over two pages: items on page 1 (which alone does not pass the
    invoice template's match block: no tax, no total), the rest of the items and the
    totals on page 2 under a repeated header with the same invoice number, "Page x of 2"
    on both."""
    rng = random.Random(f"invoice2p-{seed}")
    L = {k: v[0] for k, v in INVOICE_LABELS["en"].items()}
    seller, buyer = _pick(rng, SELLERS), _pick(rng, BUYERS)
    number = f"INV-{2024}-{rng.randrange(1, 9999):04d}"
    issued = date(2024, rng.randrange(1, 13), rng.randrange(1, 29))
    due = issued + timedelta(days=30)
    items = []
    for i in range(rng.randrange(14, 20)):
        qty = rng.randrange(1, 12)
        unit = q(Decimal(rng.randrange(150, 90000)) / 100)
        items.append((PRODUCTS[(seed + i) % len(PRODUCTS)], qty, unit, q(unit * qty)))
    net = q(sum((it[3] for it in items), Decimal(0)))
    vat = q(net * 19 / 100)
    total = q(net + vat)
    account = iban(rng)
    doc = _new_doc()
    pages = []
    split = len(items) - 4
    for n, chunk in ((1, items[:split]), (2, items[split:])):
        c = _Canvas(doc)
        pages.append(c)
        c.text(50, 60, seller, 15, "hebo")
        c.text(420, 62, "INVOICE", 16, "hebo")
        c.text(50, 100, "Invoice No.", 10)
        c.text(170, 100, number, 10)
        if n == 1:
            c.text(50, 115, "Date", 10)
            c.text(170, 115, written_date(issued, "en", 0), 10)
            c.text(50, 130, L["due"], 10)
            c.text(170, 130, written_date(due, "en", 0), 10)
            c.text(350, 100, L["bill"], 9, "hebo")
            c.text(350, 113, buyer, 9)
        y = 170.0
        c.text(50, y, L["desc"], 10, "hebo")
        c.rtext(330, y, L["qty"], 10, "hebo")
        c.rtext(440, y, L["unit"], 10, "hebo")
        c.rtext(545, y, L["amount"], 10, "hebo")
        c.line(50, y + 4, 545)
        y += 18
        for desc, qty, unit, amt in chunk:
            c.text(50, y, desc, 10)
            c.rtext(330, y, str(qty), 10)
            c.rtext(440, y, amount(unit, "en"), 10)
            c.rtext(545, y, amount(amt, "en"), 10)
            y += 16
        if n == 2:
            y += 10
            for label, value in ((L["net"], net), ("VAT 19%", vat), (L["total"], total)):
                c.text(340, y, label, 10, "hebo" if value is total else "helv")
                c.rtext(545, y, amount(value, "en"), 10, "hebo" if value is total else "helv")
                y += 15
            c.text(50, 760, f"IBAN: {grouped(account)}", 9)
        _page_of(c, n, 2)
    truth = {"invoice_no": number, "invoice_date": issued.isoformat(),
             "due_date": due.isoformat(), "seller": seller, "iban": account,
             "currency": "EUR", "net": str(net), "vat": str(vat), "vat_rate": "19",
             "total": str(total),
             "items": [{"description": d, "qty": qt, "unit_price": str(u), "amount": str(a)}
                       for d, qt, u, a in items]}
    return Sample("invoice_2p", f"invoice_2p-{seed:03d}", _finish(doc), truth,
                  [w for c in pages for w in c.words])


GENERATORS = {"kyc_form": kyc_form, "id_card": id_card, "proof_of_address": proof_of_address,
              "letter": letter, "invoice_2p": invoice_2p}
