"""Parts an e-invoice need not give (e-invoice journey, finding 3): a direct-debit
invoice has no payee IBAN, a MINIMUM profile no due date, a buyer outside the public
sector no Leitweg-ID. A rule about such a part is not evaluated without a reason of its
own, as a rule about an optional printed field that is missing; a part every invoice
gives that is missing still is a reason. The PDFs and the XML are written here."""

from __future__ import annotations

import re

from formsift import Engine
from tests.test_einvoice import CII, invoice_pdf

#: The CII sample paid by direct debit (no payee account), with no due date and no
#: buyer reference.
DIRECT_DEBIT = re.sub(r"<ram:PayeePartyCreditorFinancialAccount>.*?"
                      r"</ram:PayeePartyCreditorFinancialAccount>", "", CII)
DIRECT_DEBIT = re.sub(r"<ram:SpecifiedTradePaymentTerms>.*?</ram:SpecifiedTradePaymentTerms>",
                      "", DIRECT_DEBIT)
DIRECT_DEBIT = re.sub(r"<ram:BuyerReference>.*?</ram:BuyerReference>", "", DIRECT_DEBIT)

TEMPLATE = """template fx {
  locale "fr_FR"
  currency "EUR"
  field number: id(/FA-\\d{4}-\\d{4}/) = right of "Facture"
  field total: money = right of "Total TTC"
  field iban: iban? = right of "IBAN"
  field due: date? = right of "Echeance"
  field leitweg: text? = right of "Leitweg-ID"
  field xml: einvoice? = anywhere
  rule xml_total: xml.grand_total == total
  rule xml_iban: xml.iban == iban
  rule xml_due: xml.due_date == due
  rule xml_ref: xml.buyer_reference == leitweg
}
"""


def test_optional_parts_the_invoice_does_not_give(engine: Engine) -> None:
    pdf = invoice_pdf([("factur-x.xml", DIRECT_DEBIT.encode())])
    r = engine.extract(pdf, template=TEMPLATE, name="dd.pdf")
    assert r.status.value == "accepted", r.reasons
    assert r.fields["xml"].value["iban"] is None
    by = {o.name: o for o in r.rules}
    assert by["xml_total"].passed is True
    assert by["xml_iban"].passed is None and "xml.iban is missing" in by["xml_iban"].message


def test_a_part_every_invoice_gives_is_still_a_reason(engine: Engine) -> None:
    no_seller = re.sub(r"<ram:SellerTradeParty><ram:Name>.*?</ram:Name>",
                       "<ram:SellerTradeParty>", CII)
    template = TEMPLATE.replace("  rule xml_total:",
                                '  rule xml_seller: xml.seller_name == "Papeterie Durand SARL"\n'
                                "  rule xml_total:")
    r = engine.extract(invoice_pdf([("factur-x.xml", no_seller.encode())]), template=template,
                       name="noseller.pdf")
    assert r.status.value == "review"
    assert any(x.code == "rule_not_evaluated" and x.rule == "xml_seller" for x in r.reasons)
