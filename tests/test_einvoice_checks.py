"""E-invoices checked like the print (e-invoice journey): two embedded e-invoices that
disagree are no value (the rules must not pick the one that fits the print), an XML in
another currency than the template's is a ``currency_mismatch``, and an XML IBAN or VAT
number with wrong check digits is an ``invalid_value``. The PDFs and the XML are written
here."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formsift import Engine
from formsift.core.money import Amount
from tests.test_einvoice import CII, TEMPLATE, UBL, invoice_pdf

#: The CII sample with another total, as a re-issued or edited copy would carry.
CII_OTHER_TOTAL = CII.replace("<ram:GrandTotalAmount>2249.40", "<ram:GrandTotalAmount>22494.00")


def _codes(r, field: str = "xml") -> list[str]:
    return [x.code for x in r.reasons if x.field == field]


@pytest.mark.parametrize("order", [0, 1])
def test_two_einvoices_that_disagree_are_no_value(engine: Engine, order: int) -> None:
    """factur-x.xml says 22494.00, xrechnung.xml 2249.40 as printed: the rule
    ``xml.grand_total == total`` would pick the one that fits; neither is the invoice."""
    files = [("factur-x.xml", CII_OTHER_TOTAL.encode()), ("xrechnung.xml", CII.encode())]
    pdf = invoice_pdf(files if order == 0 else files[::-1])
    r = engine.extract(pdf, template=TEMPLATE.replace("einvoice", "einvoice?"), name="two.pdf")
    assert r.status.value == "review"
    assert "xml" not in r.fields or r.fields["xml"] is None
    why = next(x.message for x in r.reasons if x.field == "xml")
    assert "disagree" in why and "grand_total" in why and "22494.00" in why, why


def test_two_einvoices_that_agree_are_read(engine: Engine) -> None:
    """A CII and a UBL copy (other syntax and profile) of one invoice, or the same XML
    twice, are one invoice."""
    pdf = invoice_pdf([("factur-x.xml", CII.encode()), ("copy.xml", CII.encode())])
    r = engine.extract(pdf, template=TEMPLATE, name="same.pdf")
    assert r.status.value == "accepted", r.reasons


def test_an_xml_in_another_currency_is_a_currency_mismatch(engine: Engine) -> None:
    chf = CII.replace("<ram:InvoiceCurrencyCode>EUR<", "<ram:InvoiceCurrencyCode>CHF<") \
             .replace('currencyID="EUR"', 'currencyID="CHF"')
    r = engine.extract(invoice_pdf([("factur-x.xml", chf.encode())]), template=TEMPLATE,
                       name="chf.pdf")
    assert r.status.value == "review"
    assert "currency_mismatch" in _codes(r), r.reasons
    total = r.fields["xml"].value["grand_total"]
    assert total == Decimal("2249.40") and isinstance(total, Amount) and total.currency == "CHF"
    # in the template's currency: no such reason, and the JSON is as before
    r = engine.extract(invoice_pdf([("factur-x.xml", CII.encode())]), template=TEMPLATE,
                       name="eur.pdf")
    assert r.status.value == "accepted" and not _codes(r), r.reasons
    assert r.model_dump(mode="json")["fields"]["xml"]["value"]["grand_total"] == "2249.40"


def test_a_template_without_currency_sees_an_xml_in_another(engine: Engine) -> None:
    """No template currency: the XML's CHF beside amounts printed in EUR is a mix."""
    chf = CII.replace("<ram:InvoiceCurrencyCode>EUR<", "<ram:InvoiceCurrencyCode>CHF<") \
             .replace('currencyID="EUR"', 'currencyID="CHF"')
    template = TEMPLATE.replace('  currency "EUR"\n', "")
    r = engine.extract(invoice_pdf([("factur-x.xml", chf.encode())]), template=template,
                       name="chf.pdf")
    assert "currency_mismatch" in [x.code for x in r.reasons], r.reasons


@pytest.mark.parametrize(("xml", "bad", "what"), [
    (UBL.replace("DE89370400440532013000", "DE89370400440532013001"),
     "DE89370400440532013001", "IBAN"),
    (CII.replace("FR76 2795 0957 5379 7309 1141 717", "FR76 2795 0957 5379 7309 1141 718"),
     "FR7627950957537973091141718", "IBAN"),
    (UBL.replace("DE136695976", "DE136695977"), "DE136695977", "check digits"),
])
def test_an_identifier_with_wrong_check_digits_is_invalid(engine: Engine, xml: str, bad: str,
                                                          what: str) -> None:
    template = """template de {
  locale "de"
  currency "EUR"
  field xml: einvoice? = anywhere
  rule sum: xml.net_total + xml.tax_total == xml.grand_total
}
"""
    r = engine.extract(invoice_pdf([("invoice.xml", xml.encode())]), template=template,
                       name="bad.pdf")
    assert r.status.value == "review"
    why = next(x for x in r.reasons if x.field == "xml")
    assert why.code == "invalid_value" and bad in why.message and what in why.message, why


def test_identifiers_stdnum_cannot_check_pass() -> None:
    """A VAT number of a country python-stdnum's EU module does not know, or of another
    form (a tax number), is not refused: only a known form with a wrong check digit is."""
    from formsift.plugins.einvoice.components import checked
    from formsift.plugins.einvoice.xml import parse_einvoice

    record = parse_einvoice(UBL.replace("DE136695976", "US123456789"))
    assert checked(record)["seller_vat_id"] == "US123456789"
