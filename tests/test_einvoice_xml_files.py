"""E-invoice XML files on their own (e-invoice journey, finding 5): an XRechnung or
Peppol UBL file, as a public-sector inbox receives them, was "unsupported file type".
The ``einvoice_xml`` loader makes such a file a document of one page whose word is the
invoice's values, which an ``einvoice`` field reads as it reads a Factur-X attachment.
The XML is written here."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formsift import Engine
from formsift.core.errors import FormsiftError
from tests.test_einvoice import CII, UBL

TEMPLATE = """template xrechnung {
  currency "EUR"
  field xml: einvoice = anywhere
  rule sum: xml.net_total + xml.tax_total == xml.grand_total
  rule eur: xml.grand_total > 0
}
"""


@pytest.mark.parametrize(("xml", "number", "total"), [
    (UBL, "RE-2026-1187", "1942.08"),
    (CII.replace('<ram:TaxTotalAmount currencyID="USD">410.00</ram:TaxTotalAmount>', ""),
     "FA-2026-0784", "2249.40"),
])
def test_an_xml_file_is_a_document(engine: Engine, xml: str, number: str, total: str) -> None:
    r = engine.extract(xml.encode(), template=TEMPLATE, name="inbox/invoice.xml")
    assert r.status.value == "accepted", r.reasons
    value = r.fields["xml"].value
    assert value["invoice_number"] == number and value["grand_total"] == Decimal(total)
    assert value["attachment"] == "invoice.xml"
    assert len(r.page_info) == 1


def test_an_xml_file_is_checked_as_an_attachment_is(engine: Engine) -> None:
    bad = UBL.replace("DE89370400440532013000", "DE89370400440532013001")
    r = engine.extract(bad.encode(), template=TEMPLATE, name="bad.xml")
    assert r.status.value == "review"
    assert [x.code for x in r.reasons if x.field == "xml"] == ["invalid_value"]
    broken = CII[:1200]  # a CII invoice cut off: its root says what it is
    r = engine.extract(broken.encode(), template=TEMPLATE, name="cut.xml")
    why = next(x for x in r.reasons if x.field == "xml")
    assert why.code == "invalid_value" and "not well-formed XML" in why.message


def test_other_xml_is_still_no_document(engine: Engine) -> None:
    with pytest.raises(FormsiftError, match=r"no e-invoice formsift reads \(its root element "
                                             "is 'catalog'") as caught:
        engine.extract(b"<?xml version='1.0'?><catalog><book/></catalog>", template=TEMPLATE,
                       name="books.xml")
    assert "e-invoices.md" in str(caught.value.hint)
