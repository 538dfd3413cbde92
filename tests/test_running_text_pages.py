"""Long documents of running text (contracts, leases): their pages are one document. A
page of contract prose that names a total and "confirmation of receipt" is no shop
receipt, and a page whose page number follows the previous page's ("Page 3" after "Page
2", under the same running header) continues the document, asked for by name or split
as a packet (lease journey, finding 5)."""

from __future__ import annotations

import textwrap

import pytest

from formsift.core.result import Status
from formsift.templates import check_source

_LEASE = """template lease {
  match {
    contains /tenancy agreement/i
    contains /\\(the\\s+"Landlord"\\)/
    contains /\\(the\\s+"Tenant"\\)/
  }
  field landlord: text = search /^\\s*([^,\\n]+),[^\\n]*\\(the\\s+"Landlord"\\)/m
  field rent: money = search /monthly rent is (EUR [\\d,.]+)/
}"""

_HEADER = "Tenancy Agreement - 42 Marchmont Crescent"

_CLAUSES = [
    "Notices under this Agreement shall be given in writing and delivered by hand, by "
    "registered post or by e-mail with confirmation of receipt to the addresses stated "
    "above or to such other address as a party may notify.",
    "The Tenant may not sublet the Premises in whole or in part without the prior written "
    "consent of the Landlord, which shall not be unreasonably withheld.",
    "Should any provision of this Agreement be or become invalid, the validity of the "
    "remaining provisions shall not be affected, and the parties shall replace it.",
    "The Tenant shall take out and maintain contents insurance and shall provide evidence "
    "of such insurance and of any tax paid on it to the Landlord upon request.",
]

_FIRST = ["RESIDENTIAL TENANCY AGREEMENT",
          'Margaret Ellison, 17 Rosebank Road, Edinburgh (the "Landlord")',
          "and",
          'Daniel Okafor, 9 Leith Walk, Edinburgh (the "Tenant").']

#: As en02 wraps it: "total" starts a line, the amount to its right
_RENT = ("The monthly rent is EUR 1,200.00 exclusive of utilities. The Tenant shall additionally",
         "pay an advance of EUR 180.00 per month towards heating and water, making a",
         "total monthly payment of EUR 1,380.00.")


def _page(number: int, paragraphs: list[str | tuple[str, ...]], first: list[str] | None = None,
          header: str = _HEADER, footer: str | None = "Page {n}"
          ) -> list[tuple[float, float, str]]:
    items: list[tuple[float, float, str]] = [(60, 40, header)]
    y = 80.0
    for line in first or []:
        items.append((60, y, line))
        y += 14
    for k, paragraph in enumerate(paragraphs):
        items.append((60, y + 6, f"Article {number * 10 + k}"))
        y += 20
        lines = paragraph if isinstance(paragraph, tuple) else textwrap.wrap(paragraph, 95)
        for line in lines:
            items.append((60, y, line))
            y += 13
        y += 8
    if footer:
        items.append((280, 810, footer.format(n=number)))
    return items


def _lease(make_pdf, pages: int = 4, footer: str | None = "Page {n}") -> bytes:
    out = [_page(1, _CLAUSES[:2], _FIRST, footer=footer)]
    for n in range(2, pages + 1):
        body = [_CLAUSES[n % 4], _RENT, _CLAUSES[(n + 1) % 4]] if n == 3 else \
            [_CLAUSES[n % 4], _CLAUSES[(n + 1) % 4], _CLAUSES[(n + 2) % 4]]
        out.append(_page(n, body, footer=footer))
    return make_pdf(*out)


@pytest.fixture(scope="module")
def lease(engine):
    (tpl,), _ = check_source(_LEASE, "lease.sift", engine.registry)
    return tpl


def test_a_page_of_contract_prose_with_a_total_is_no_receipt(engine, make_pdf):
    """Page 3 holds "a total monthly payment of EUR 1,380.00" and, like every page,
    "confirmation of receipt": the library's receipt template claimed it (1.0)."""
    from formsift.templates.matching import document_scores

    doc = engine.load(_lease(make_pdf, footer=None), name="lease.pdf")
    assert "total monthly payment" in doc.pages[2].text
    scores = document_scores(engine.template("receipt"), doc)
    assert max(scores) < engine.template("receipt").match.threshold, scores


def test_a_lease_asked_for_by_name_is_one_document(engine, make_pdf, lease):
    result = engine.extract(_lease(make_pdf), lease, name="lease.pdf")
    assert [r.code for r in result.reasons] == [], result.reasons
    assert result.status is Status.ACCEPTED
    assert result.value("rent") is not None
    # without page numbers, the receipt template claims no page of it either
    result = engine.extract(_lease(make_pdf, footer=None), lease, name="lease.pdf")
    assert not any("receipt" in r.message for r in result.reasons), result.reasons


def test_page_numbers_that_follow_tie_a_page_another_template_claims_to_the_document(
        engine, make_pdf, lease):
    """Whatever template claims a page of running text (here one written to claim page
    3), "Page 3" after "Page 2" says it is the lease's; the same page without page
    numbers is another document."""
    rival_src = 'template rival {\n  match {\n    contains "total monthly payment"\n  }\n' \
                '  field total: money = anywhere\n}'
    (rival,), _ = check_source(rival_src, "rival.sift", engine.registry)
    from formsift.templates.splitting import besides_asked

    numbered = engine.load(_lease(make_pdf), name="lease.pdf")
    assert besides_asked([lease, rival], lease, numbered) == []
    bare = engine.load(_lease(make_pdf, footer=None), name="lease.pdf")
    assert besides_asked([lease, rival], lease, bare) == ["page 3 ('rival')"]
    # numbers that do not follow ("Page 1" again) tie nothing
    restarted = engine.load(_lease(make_pdf, footer="Page 1"), name="lease.pdf")
    assert besides_asked([lease, rival], lease, restarted) == ["page 3 ('rival')"]


def test_page_numbers_read_from_headers_and_footers(make_pdf, engine):
    from formsift.templates.splitting import numbers_follow, page_number

    doc = engine.load(make_pdf(
        [(60, 40, "Lease"), (60, 400, "see page 7"), (280, 810, "Page 2")],
        [(60, 40, "Lease"), (280, 810, "- 3 -")],
        [(60, 40, "Mietvertrag - Seite 4"), (60, 300, "Text")],
        [(60, 40, "Lease"), (280, 810, "Page 5 of 9")],
        [(60, 40, "Lease"), (280, 810, "Page 6 of 10")],
        [(60, 40, "Lease"), (60, 400, "page 7")]), name="n.pdf")
    assert [page_number(p) for p in doc.pages] == [2, 3, 4, 5, 6, None]
    follow = [numbers_follow(a, b) for a, b in zip(doc.pages, doc.pages[1:], strict=False)]
    assert follow == [True, True, True, False, False]  # "of 9" and "of 10": two documents


def test_split_keeps_the_pages_of_a_numbered_contract_together(engine, make_pdf):
    """--split with the lease template cut the lease to page 1: pages 2 to 10 matched no
    template and continued no document (no "page x of y", no identifier)."""
    pdf = _lease(make_pdf, pages=5)
    from formsift.templates.splitting import split

    (tpl,), _ = check_source(_LEASE, "lease.sift", engine.registry)
    doc = engine.load(pdf, name="lease.pdf")
    segments, unassigned, _ = split([tpl], doc)
    assert [(s.template, s.pages) for s in segments] == [("lease", [0, 1, 2, 3, 4])]
    assert unassigned == []
    assert "page 2: page number 2 after 1, same header" in segments[0].evidence
    # under another header, page numbers alone join nothing
    other = _page(2, _CLAUSES[:2], header="Schedule of Condition")
    doc = engine.load(make_pdf(_page(1, _CLAUSES[:2], _FIRST), other), name="two.pdf")
    segments, unassigned, _ = split([tpl], doc)
    assert [s.pages for s in segments] == [[0]] and unassigned == [1]


def test_a_receipt_after_a_numbered_contract_page_is_still_another_document(
        engine, make_pdf, lease):
    import pymupdf

    from formsift.samples import generate

    receipt = generate("receipt", 3).pdf
    lease_pdf = pymupdf.open(stream=_lease(make_pdf, pages=2))
    lease_pdf.insert_pdf(pymupdf.open(stream=receipt))
    result = engine.extract(lease_pdf.tobytes(), lease, name="two.pdf")
    reason = next(r for r in result.reasons if r.code == "several_documents")
    assert "page 3 ('receipt')" in reason.message


def test_stamped_page_numbers_do_not_tie_two_documents_together(engine, make_pdf):
    """The review's case (R3): a scanner stamps "Page n" on every page of a batch; an
    invoice's page 1 and a receipt's page 2 (each with its own header) are still two
    documents, and extracting the invoice says so."""
    from formsift.templates.splitting import besides_asked

    invoice = [(60, 40, "ACME Office Supplies Ltd - INVOICE"), (60, 80, "Invoice No. INV-4711"),
               (60, 94, "Invoice date 12.03.2026"), (60, 120, "Subtotal 100.00"),
               (60, 134, "VAT 19.00"), (60, 148, "Total 119.00"),
               (60, 162, "Payment terms: 30 days net"), (280, 810, "Page 1")]
    receipt = [(60, 40, "CORNER CAFE"), (60, 80, "RECEIPT"), (60, 94, "12/03/2026 09:14"),
               (60, 120, "Coffee 2.50"), (60, 134, "Croissant 1.80"),
               (60, 148, "TOTAL 4.30"), (60, 162, "CASH 5.00"), (60, 176, "CHANGE 0.70"),
               (60, 190, "THANK YOU"), (280, 810, "Page 2")]
    doc = engine.load(make_pdf(invoice, receipt), name="batch.pdf")
    assert besides_asked(engine.templates, engine.template("invoice"), doc) == \
        ["page 2 ('receipt')"]


@pytest.mark.parametrize("lines", [
    ["Espresso 4.50 CHF", "Gipfeli 2.80 CHF", "TOTAL 7.30 CHF", "BAR 20.00 CHF",
     "RUCKGELD 12.70 CHF"],
    ["Ramen 450 JPY", "Gyoza 300 JPY", "TOTAL 750 JPY", "CASH 1000 JPY", "CHANGE 250 JPY"],
])
def test_receipts_whose_amounts_end_in_a_currency_code_are_receipts(engine, make_pdf, lines):
    """The review's case (R1): the receipt template's amount line took only EUR, RM and
    $ after an amount, and two decimals: a Swiss and a Japanese receipt became an invoice
    and an unknown document."""
    items = [(60, 40, "CORNER SHOP"), (60, 60, "12.03.2026 09:14")]
    items += [(60, 90 + 14 * k, line) for k, line in enumerate(lines)]
    items.append((60, 90 + 14 * len(lines), "THANK YOU"))
    result = engine.extract(make_pdf(items), name="r.pdf")
    assert result.template == "receipt", [(s.template, s.score) for s in
                                          result.classification]
