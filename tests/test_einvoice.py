# ruff: noqa: E501  (the XML samples keep their lines as invoicing software writes them)
"""E-invoices embedded in PDFs: the PDF loader lists a PDF's embedded files in page 1's
notes, and the ``einvoice`` field type reads a Factur-X/ZUGFeRD/XRechnung CII or UBL
invoice XML attached to it (given by the ``embedded_xml`` segmenter) into a record that
rules compare with the printed values. The PDFs and the XML are written here."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest

from formsift import Engine
from formsift.plugins.einvoice.xml import (
    MAX_XML_BYTES,
    RefusedXml,
    parse_einvoice,
    parse_xml,
    sniff,
)

CII = """<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument><ram:ID>FA-2026-0784</ram:ID><ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20260312</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument></ram:IncludedSupplyChainTradeLineItem>
    <ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:LineID>2</ram:LineID></ram:AssociatedDocumentLineDocument></ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:BuyerReference>04011000-12345-34</ram:BuyerReference>
      <ram:SellerTradeParty><ram:Name>Papeterie Durand SARL</ram:Name>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">158/813/998</ram:ID></ram:SpecifiedTaxRegistration>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">FR 25 158813998</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>ACME France SAS</ram:Name>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">FR40303265045</ram:ID></ram:SpecifiedTaxRegistration></ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode>
        <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>FR76 2795 0957 5379 7309 1141 717</ram:IBANID></ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format="102">20260411</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>1874.50</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>1874.50</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="USD">410.00</ram:TaxTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">374.90</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>2249.40</ram:GrandTotalAmount>
        <ram:DuePayableAmount>2249.40</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"""

UBL = """<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>
  <cbc:ID>RE-2026-1187</cbc:ID>
  <cbc:IssueDate>2026-02-03</cbc:IssueDate>
  <cbc:DueDate>2026-03-05</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>991-01234-56</cbc:BuyerReference>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PartyName><cbc:Name>Druckerei Schwarzwald</cbc:Name></cac:PartyName>
    <cac:PartyTaxScheme><cbc:CompanyID>DE136695976</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>Schwarzwald Druck GmbH</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cac:PartyLegalEntity><cbc:RegistrationName>Stadt Freiburg</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingCustomerParty>
  <cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
    <cac:PayeeFinancialAccount><cbc:ID>DE89370400440532013000</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">310.08</cbc:TaxAmount></cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">1632.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">1632.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">1942.08</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">1942.08</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:InvoiceLine><cbc:ID>1</cbc:ID></cac:InvoiceLine>
</Invoice>
"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"><a>&lol9;</a></rsm:CrossIndustryInvoice>
"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&secret;</ID></Invoice>
"""

TEMPLATE = """template fx {
  locale "fr_FR"
  currency "EUR"
  field number: id(/FA-\\d{4}-\\d{4}/) = right of "Facture"
  field total: money = right of "Total TTC"
  field xml: einvoice = anywhere
  rule xml_total: xml.grand_total == total
  rule xml_number: xml.invoice_number == number
  rule xml_vat: xml.seller_vat_id == "FR25158813998"
}
"""


def invoice_pdf(files: list[tuple[str, bytes]] = (), total: str = "2 249,40") -> bytes:
    """A one-page invoice (number, total) with ``files`` embedded (name, content)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 100), "Facture FA-2026-0784", fontsize=14)
    page.insert_text((60, 160), f"Total TTC {total} EUR", fontsize=11)
    for name, data in files:
        doc.embfile_add(name, data, filename=name)
    data = doc.tobytes()
    doc.close()
    return data


def test_cii_parts() -> None:
    v = parse_einvoice(CII, "factur-x.xml")
    assert v["invoice_number"] == "FA-2026-0784" and v["type_code"] == "380"
    assert v["issue_date"] == date(2026, 3, 12) and v["due_date"] == date(2026, 4, 11)
    assert v["seller_name"] == "Papeterie Durand SARL"
    assert v["seller_vat_id"] == "FR25158813998"  # the VA registration, not the FC one
    assert v["buyer_vat_id"] == "FR40303265045" and v["buyer_reference"] == "04011000-12345-34"
    assert v["net_total"] == Decimal("1874.50") and v["grand_total"] == Decimal("2249.40")
    assert v["tax_total"] == Decimal("374.90")  # in the invoice's currency, not the other
    assert v["due_payable"] == Decimal("2249.40") and v["prepaid"] is None
    assert v["iban"] == "FR7627950957537973091141717" and v["line_count"] == 2
    assert v["syntax"] == "CII" and v["profile"] == "urn:cen.eu:en16931:2017"


def test_ubl_parts() -> None:
    v = parse_einvoice(UBL.encode("utf-8"), "invoice.xml")
    assert v["invoice_number"] == "RE-2026-1187" and v["issue_date"] == date(2026, 2, 3)
    assert v["due_date"] == date(2026, 3, 5) and v["currency"] == "EUR"
    assert v["seller_name"] == "Schwarzwald Druck GmbH" and v["seller_vat_id"] == "DE136695976"
    assert v["buyer_name"] == "Stadt Freiburg" and v["buyer_vat_id"] is None
    assert v["net_total"] == Decimal("1632.00") and v["tax_total"] == Decimal("310.08")
    assert v["grand_total"] == v["due_payable"] == Decimal("1942.08")
    assert v["iban"] == "DE89370400440532013000" and v["line_count"] == 1
    assert v["syntax"] == "UBL" and v["profile"].endswith("xrechnung_3.0")
    credit = (UBL.replace("Invoice-2", "CreditNote-2").replace("<Invoice ", "<CreditNote ")
              .replace("</Invoice>", "</CreditNote>").replace("InvoiceTypeCode", "CreditNoteTypeCode")
              .replace("InvoiceLine", "CreditNoteLine"))
    c = parse_einvoice(credit)
    assert c["invoice_number"] == "RE-2026-1187" and c["line_count"] == 1
    assert sniff(credit) == "UBL" and sniff(CII) == "CII" and sniff("<root/>") is None


def test_zugferd_1_parts() -> None:
    """ZUGFeRD 1.0 (CrossIndustryDocument) names its parts differently."""
    old = """<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15">
 <rsm:SpecifiedExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:ferd:CrossIndustryDocument:invoice:1p0:comfort</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:SpecifiedExchangedDocumentContext>
 <rsm:HeaderExchangedDocument><ram:ID>471102</ram:ID><ram:TypeCode>380</ram:TypeCode>
  <ram:IssueDateTime><udt:DateTimeString format="102">20130305</udt:DateTimeString></ram:IssueDateTime></rsm:HeaderExchangedDocument>
 <rsm:SpecifiedSupplyChainTradeTransaction>
  <ram:ApplicableSupplyChainTradeAgreement><ram:SellerTradeParty><ram:Name>Lieferant GmbH</ram:Name>
   <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty></ram:ApplicableSupplyChainTradeAgreement>
  <ram:ApplicableSupplyChainTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   <ram:SpecifiedTradeSettlementMonetarySummation><ram:TaxBasisTotalAmount currencyID="EUR">198.00</ram:TaxBasisTotalAmount>
    <ram:TaxTotalAmount currencyID="EUR">37.62</ram:TaxTotalAmount><ram:GrandTotalAmount currencyID="EUR">235.62</ram:GrandTotalAmount>
    <ram:DuePayableAmount currencyID="EUR">235.62</ram:DuePayableAmount></ram:SpecifiedTradeSettlementMonetarySummation>
  </ram:ApplicableSupplyChainTradeSettlement>
  <ram:IncludedSupplyChainTradeLineItem/>
 </rsm:SpecifiedSupplyChainTradeTransaction>
</rsm:CrossIndustryDocument>"""
    v = parse_einvoice(old)
    assert v["invoice_number"] == "471102" and v["issue_date"] == date(2013, 3, 5)
    assert v["grand_total"] == Decimal("235.62") and v["seller_vat_id"] == "DE123456789"
    assert v["line_count"] == 1 and v["profile"].endswith(":comfort")


@pytest.mark.parametrize(("xml", "why"), [
    (BOMB, "declares a DOCTYPE"),
    (EXTERNAL, "declares a DOCTYPE"),
    (BOMB.encode("utf-16"), "declares a DOCTYPE"),  # (the encoding hides no DOCTYPE)
    (CII.replace("</rsm:CrossIndustryInvoice>", ""), "not well-formed XML: "),
    ("<order xmlns='urn:x'><id>1</id></order>", "its root element is 'order' (urn:x)"),
    (CII.replace("<ram:ID>FA-2026-0784</ram:ID>", ""), "no invoice number"),
    (CII.replace(">20260312<", ">20261312<"), "'20261312' is no date of the calendar"),
    (CII.replace('format="102">20260312', 'format="610">202603'), "(format 610) is not a date"),
    (CII.replace(">2249.40</ram:GrandTotalAmount>", ">2.249,40</ram:GrandTotalAmount>"),
     "the grand total '2.249,40' is not a decimal amount"),
    (CII.replace(">EUR<", ">euro<"), "the currency 'euro' is not an ISO 4217 code"),
    ("x" * (MAX_XML_BYTES + 1), "over the limit"),
])
def test_what_is_no_einvoice(xml: str | bytes, why: str) -> None:
    t0 = time.perf_counter()
    with pytest.raises(ValueError) as err:
        parse_einvoice(xml)
    assert why in str(err.value)
    assert time.perf_counter() - t0 < 5  # (an entity bomb is refused, not expanded)


def test_a_doctype_is_refused_before_any_entity() -> None:
    with pytest.raises(RefusedXml):
        parse_xml(EXTERNAL)
    with pytest.raises(RefusedXml, match="over 200,000 elements"):
        parse_xml("<a>" + "<b/>" * 200_001 + "</a>")


def test_factur_x_pdf_checked_against_its_print(engine: Engine) -> None:
    pdf = invoice_pdf([("factur-x.xml", CII.encode())])
    r = engine.extract(pdf, template=TEMPLATE, name="fx.pdf")
    assert r.status.value == "accepted", r.reasons
    xml = r.fields["xml"]
    assert xml.value["grand_total"] == Decimal("2249.40") and xml.page == 1
    assert xml.value["attachment"] == "factur-x.xml" and xml.source == "embedded_xml"
    assert all(rule.passed for rule in r.rules)
    # the word that stands for the XML on page 1: the values read, one a line
    words = [w for w in r.page_info[0].words if w.source == "embedded_xml"]
    assert len(words) == 1 and words[0].text.startswith("embedded file: factur-x.xml\r\n")
    assert "\r\ngrand_total: 2249.40\r\n" in words[0].text and "<" not in words[0].text
    assert r.page_info[0].notes["embedded_xml"]["codes"] == 1
    files = r.page_info[0].notes["embedded_files"]
    assert files["count"] == 1
    assert files["files"] == [{"name": "factur-x.xml", "size": len(CII.encode()),
                               "known_as": "Factur-X", "einvoice": "CII"}]
    js = r.model_dump(mode="json")["fields"]["xml"]["value"]
    assert js["grand_total"] == "2249.40" and js["issue_date"] == "2026-03-12"
    assert js["line_count"] == 2


def test_no_page_is_rendered_to_read_attachments(engine: Engine, monkeypatch) -> None:
    """The embedded_xml segmenter reads the PDF's files, not its pixels: rendering every
    page at 300 dpi for it cost 0.4-0.5 s a page."""
    from formsift.core.document import Page

    def render(self, *args, **kwargs):
        raise AssertionError("a page was rendered")

    monkeypatch.setattr(Page, "shown_image", render)
    r = engine.extract(invoice_pdf([("factur-x.xml", CII.encode())]), template=TEMPLATE,
                       name="fx.pdf")
    assert r.fields["xml"].value["grand_total"] == Decimal("2249.40")


def test_an_xml_that_disagrees_with_the_print_goes_to_review(engine: Engine) -> None:
    pdf = invoice_pdf([("factur-x.xml", CII.encode())], total="2 294,40")
    r = engine.extract(pdf, template=TEMPLATE, name="fx.pdf")
    assert r.status.value == "review"
    assert any(x.code == "rule_failed" and "xml.grand_total" in x.message for x in r.reasons)


def test_a_ubl_invoice_under_any_name(engine: Engine) -> None:
    template = """template de {
  locale "de"
  field xml: einvoice = anywhere
  rule eur: xml.currency == "EUR"
  rule sum: xml.net_total + xml.tax_total == xml.grand_total
}
"""
    pdf = invoice_pdf([("RE-2026-1187.xml", UBL.encode())])
    r = engine.extract(pdf, template=template, name="ubl.pdf")
    assert r.status.value == "accepted", r.reasons
    assert r.fields["xml"].value["invoice_number"] == "RE-2026-1187"
    assert r.page_info[0].notes["embedded_files"]["files"][0]["einvoice"] == "UBL"


def test_no_attachment_no_value(engine: Engine) -> None:
    r = engine.extract(invoice_pdf(), template=TEMPLATE, name="plain.pdf")
    assert r.fields.get("xml") is None and r.status.value == "review"
    about = [x for x in r.reasons if x.field == "xml"]
    assert [x.code for x in about] == ["field_missing"]
    assert "embedded_files" not in r.page_info[0].notes
    r = engine.extract(invoice_pdf(), template=TEMPLATE.replace("einvoice", "einvoice?")
                       .replace("  rule xml_vat", "  # rule xml_vat"), name="plain.pdf")
    assert not [x for x in r.reasons if x.field == "xml"]


@pytest.mark.parametrize(("content", "why"), [
    (BOMB, "the embedded file 'factur-x.xml' is no e-invoice formsift reads: it declares "
           "a DOCTYPE"),
    (CII[:400], "not well-formed XML"),
    (b"\0" * (MAX_XML_BYTES + 10), "not read: over 4,000,000 bytes"),  # inflates: not held
])
def test_a_broken_einvoice_says_why(engine: Engine, content: str | bytes, why: str) -> None:
    data = content.encode() if isinstance(content, str) else content
    pdf = invoice_pdf([("factur-x.xml", data)])
    assert len(pdf) < 100_000
    for optional in ("", "?"):
        r = engine.extract(pdf, template=TEMPLATE.replace("einvoice", "einvoice" + optional),
                           name="fx.pdf")
        assert r.fields.get("xml") is None and r.fields["total"].value == Decimal("2249.40")
        about = [x for x in r.reasons if x.field == "xml"]
        assert [x.code for x in about] == ["invalid_value"] and why in about[0].message, about
        assert about[0].message.startswith("'xml' the attachment on page 1: "), about
        assert r.status.value == "review"


def test_other_attachments_are_listed_not_read(engine: Engine) -> None:
    files = [("notes.xml", b"<notes><n>hello</n></notes>"), ("photo.png", b"\x89PNG" + b"0" * 50),
             ("conditions.pdf", b"%PDF-1.4 not really")]
    pdf = invoice_pdf(files)
    r = engine.extract(pdf, template=TEMPLATE, name="other.pdf")
    assert r.fields.get("xml") is None
    assert [x.code for x in r.reasons if x.field == "xml"] == ["field_missing"]
    listed = r.page_info[0].notes["embedded_files"]["files"]
    by_name = {f["name"]: f for f in listed}
    assert set(by_name) == {"notes.xml", "photo.png", "conditions.pdf"}
    assert by_name["notes.xml"]["einvoice"] is False
    assert "einvoice" not in by_name["photo.png"] and by_name["photo.png"]["size"] == 54
    assert "einvoice" not in r.page_info[0].notes["embedded_files"]


def test_many_attachments_are_bounded(engine: Engine) -> None:
    files = [(f"f{i}.xml", CII.encode()) for i in range(25)]
    doc = engine.load(invoice_pdf(files), name="many.pdf")
    note = doc.pages[0].notes["embedded_files"]
    assert note["count"] == 25 and len(note["files"]) == 20 and note["not_listed"] == 5
    read = [f for f in note["files"] if f.get("einvoice") == "CII"]
    assert len(read) == 4 and all(f.get("read") is False for f in note["files"][4:])
    assert len(doc.pages[0].renderer.embedded_xml) == 4


def test_templates_without_the_field_are_unchanged(engine: Engine) -> None:
    """The XML is a word of the page only for a template with an einvoice field; the
    text detector stays the default segmenter."""
    plain = TEMPLATE.split("  field xml")[0] + "}\n"
    r = engine.extract(invoice_pdf([("factur-x.xml", CII.encode())]), template=plain,
                       name="fx.pdf")
    assert r.status.value == "accepted" and not r.page_info[0].words
    assert r.page_info[0].notes["embedded_files"]["files"][0]["einvoice"] == "CII"
    from formsift.core.kinds import ComponentKind

    segmenters = engine.registry.of_kind(ComponentKind.SEGMENTER)
    assert engine._default(ComponentKind.SEGMENTER)[0].name == "ppocr_det"
    assert "embedded_xml" in segmenters


def test_the_word_gives_the_record_the_xml_gives() -> None:
    from formsift.core.kinds import ParseContext
    from formsift.core.locale import Locale
    from formsift.plugins.einvoice.components import EInvoiceType, EmbeddedXml, payload

    ctx = ParseContext(Locale())
    kind = EInvoiceType()
    for xml in (CII, UBL):
        word = payload(EmbeddedXml("a.xml", xml))
        assert kind.parse(word, ctx) == parse_einvoice(xml, "a.xml")
    assert kind.parse("embedded file: a.xml\r\n" + CII.replace("\n", "\r\n"), ctx) \
        == parse_einvoice(CII, "a.xml")  # (the XML itself parses too)
    for forged in ("grand_total: 12,50", "grand_total: NaN", "colour: red", "issue_date: 2026-13-01"):
        with pytest.raises(ValueError):
            kind.parse(word + "\r\n" + forged, ctx)
    with pytest.raises(ValueError, match="not read: too big"):
        kind.parse(payload(EmbeddedXml("a.xml", None, "too big")), ctx)


def test_a_long_einvoice_is_a_short_word(engine: Engine) -> None:
    """An e-invoice of 3,000 lines (about 1 MB): the word holds the values, not the XML."""
    item = CII[CII.index("    <ram:IncludedSupplyChainTradeLineItem>"):
               CII.index("    <ram:ApplicableHeaderTradeAgreement>")]
    xml = CII.replace(item, item * 1500)
    assert len(xml) > 500_000
    r = engine.extract(invoice_pdf([("factur-x.xml", xml.encode())]), template=TEMPLATE,
                       name="long.pdf")
    assert r.status.value == "accepted", r.reasons
    assert r.fields["xml"].value["line_count"] == 3000
    assert len(r.fields["xml"].raw) < 2000


@pytest.mark.parametrize(("damage", "why"), [
    (lambda d, x: d.update_object(x, "<< /Type /EmbeddedFile >>"), "no file stream"),
    (lambda d, x: d.xref_set_key(x, "Filter", "/LZWDecode"), "encoded with LZWDecode"),
    (lambda d, x: d.xref_set_key(x, "DecodeParms", "<< /Predictor 12 >>"),
     "FlateDecode with a predictor"),
    (lambda d, x: (d.update_stream(x, b"no zlib data", compress=False),
                   d.xref_set_key(x, "Filter", "/FlateDecode")), "cannot be inflated"),
    (lambda d, x: d.update_stream(x, CII.replace("UTF-8", "X-NOPE").encode()),
     "its encoding 'X-NOPE' is unknown"),
])
def test_a_damaged_attachment_is_a_note(engine: Engine, damage, why: str) -> None:
    """The PDF is read as before; the note and the field say why the XML was not."""
    import pymupdf

    doc = pymupdf.open(stream=invoice_pdf([("factur-x.xml", CII.encode())]), filetype="pdf")
    damage(doc, doc._embfile_info(0, {}))
    r = engine.extract(doc.tobytes(), template=TEMPLATE, name="damaged.pdf")
    assert r.fields["total"].value == Decimal("2249.40")
    entry = r.page_info[0].notes["embedded_files"]["files"][0]
    assert entry["read"] is False and why in entry["why"]
    about = [x for x in r.reasons if x.field == "xml"]
    assert [x.code for x in about] == ["invalid_value"] and why in about[0].message


def test_an_xml_in_another_encoding(engine: Engine) -> None:
    latin = CII.replace("UTF-8", "ISO-8859-1").replace("SARL", "SÀRL").encode("latin-1")
    r = engine.extract(invoice_pdf([("factur-x.xml", latin)]), template=TEMPLATE,
                       name="latin.pdf")
    assert r.fields["xml"].value["seller_name"] == "Papeterie Durand SÀRL"


def test_amounts_stay_in_plain_notation_and_only_text_encodings_are_read() -> None:
    """The code read of this change: an amount written 0.0000000 came out 0E-7, in the
    word and in the JSON, against the type's own schema; an XML declaring the codec
    "hex" raised LookupError, not the documented ValueError."""
    from formsift.core.kinds import ParseContext
    from formsift.core.locale import Locale
    from formsift.plugins.einvoice.components import EInvoiceType, EmbeddedXml, payload
    from formsift.plugins.einvoice.xml import xml_text

    xml = CII.replace(">2249.40</ram:GrandTotalAmount>", ">0.0000000</ram:GrandTotalAmount>")
    word = payload(EmbeddedXml("a.xml", xml))
    assert "\r\ngrand_total: 0.0000000" in word and "E-" not in word
    kind = EInvoiceType()
    value = kind.parse(word, ParseContext(Locale()))
    assert kind.to_json(value)["grand_total"] == "0.0000000"
    for codec in ("hex", "base64", "zlib", "no-such-codec"):
        with pytest.raises(ValueError, match="encoding"):
            xml_text(f'<?xml version="1.0" encoding="{codec}"?><a/>'.encode())
