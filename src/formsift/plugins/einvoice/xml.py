"""E-invoice XML read safely: UN/CEFACT CII (Factur-X, ZUGFeRD 2.x and 1.0, XRechnung CII)
and OASIS UBL 2.1 (``Invoice``, ``CreditNote``; XRechnung UBL, Peppol BIS).

XML from a supplier is untrusted. It is parsed with the standard library's expat parser,
and refused before any tree is built when it declares a DOCTYPE (so no entity, internal
or external, is ever defined or expanded: no "billion laughs", no file or URL read), when
it is larger than :data:`MAX_XML_BYTES` or holds more than :data:`MAX_ELEMENTS` elements.

:func:`parse_einvoice` gives a record of the invoice's header values (number, dates,
parties, currency, totals, IBAN, line count); it checks that the values it reads have
their syntax's shape (a date is a date, an amount a decimal number), not the invoice's
business rules (no schema or Schematron validation: see docs/e-invoices.md).
"""

from __future__ import annotations

import re
import xml.parsers.expat as expat
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element, TreeBuilder

#: The largest e-invoice XML read (characters or bytes): Factur-X files are a few kB to a
#: few hundred kB, with thousands of lines.
MAX_XML_BYTES = 4_000_000
#: The most elements an e-invoice may hold (each line item takes a dozen or two).
MAX_ELEMENTS = 200_000

#: Attachment names the standards give the e-invoice XML (lower case).
KNOWN_NAMES = {
    "factur-x.xml": "Factur-X", "zugferd-invoice.xml": "ZUGFeRD",
    "xrechnung.xml": "XRechnung", "order-x.xml": "Order-X",
}

UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"

#: part -> value kind, as rules read an e-invoice (``xml.grand_total``)
ATTRIBUTES: dict[str, str] = {
    "invoice_number": "text", "type_code": "text", "issue_date": "date", "due_date": "date",
    "seller_name": "text", "seller_vat_id": "text", "buyer_name": "text",
    "buyer_vat_id": "text", "buyer_reference": "text", "currency": "text",
    "line_total": "money", "net_total": "money", "tax_total": "money",
    "grand_total": "money", "prepaid": "money", "due_payable": "money", "iban": "text",
    "line_count": "number", "syntax": "text", "profile": "text", "attachment": "text",
}


class RefusedXml(ValueError):
    """XML formsift does not parse (a DOCTYPE, entities, too large): why."""


def parse_xml(data: bytes | str) -> Element:
    """The root element of ``data``, or ``ValueError`` saying why there is none: not
    well-formed, a DOCTYPE or entity declaration (:class:`RefusedXml`), too large."""
    if len(data) > MAX_XML_BYTES:
        raise RefusedXml(f"the XML is {len(data):,} bytes, over the limit of "
                         f"{MAX_XML_BYTES:,}")
    parser = expat.ParserCreate(namespace_separator="}")
    builder = TreeBuilder()
    count = 0

    def refuse(*_: Any) -> None:
        raise RefusedXml("it declares a DOCTYPE (formsift reads no DTD and no entities: "
                         "e-invoices have none)")

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal count
        count += 1
        if count > MAX_ELEMENTS:
            raise RefusedXml(f"it holds over {MAX_ELEMENTS:,} elements")
        builder.start(_clark(name), {_clark(k): v for k, v in attrs.items()})

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: builder.end(_clark(name))
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise ValueError(f"not well-formed XML: {expat.errors.messages[exc.code]} at "
                         f"line {exc.lineno}, column {exc.offset + 1}") from None
    root = builder.close()
    if root is None:
        raise ValueError("no XML element")
    return root


def _clark(name: str) -> str:
    """expat's ``uri}local`` as ElementTree's ``{uri}local``."""
    return "{" + name if "}" in name else name


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def syntax_of(root: Element) -> str | None:
    """``"CII"`` or ``"UBL"`` for the root of an invoice of those syntaxes, else None."""
    name, ns = _local(root.tag), _ns(root.tag)
    if name in ("CrossIndustryInvoice", "CrossIndustryDocument"):
        return "CII"
    if (name, ns) in (("Invoice", UBL_INVOICE), ("CreditNote", UBL_CREDIT_NOTE)):
        return "UBL"
    return None


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FIRST_TAG = re.compile(r"<(?![?!])(?:[\w.-]+:)?([\w.-]+)")


def sniff(head: str) -> str | None:
    """``"CII"`` or ``"UBL"`` when the start of an XML text (its first few kB) opens an
    invoice of those syntaxes, from the name of its first element (no parsing)."""
    m = _FIRST_TAG.search(_COMMENT.sub("", head[:65536]))
    if m is None:
        return None
    if m.group(1) in ("CrossIndustryInvoice", "CrossIndustryDocument"):
        return "CII"
    if (m.group(1) == "Invoice" and UBL_INVOICE in head) or \
            (m.group(1) == "CreditNote" and UBL_CREDIT_NOTE in head):
        return "UBL"
    return None


_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")


def xml_text(data: bytes) -> str:
    """The characters of an XML file: by its byte order mark, else the encoding its
    declaration names, else UTF-8. ``ValueError`` when they are not of that encoding."""
    import codecs

    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
            (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
            (codecs.BOM_UTF16_BE, "utf-16"))
    enc = next((e for bom, e in boms if data.startswith(bom)), None)
    if enc is None:
        m = _ENCODING.match(data.lstrip()[:200])
        enc = m.group(1).decode("ascii") if m else "utf-8"
    try:
        if not codecs.lookup(enc)._is_text_encoding:  # "hex", "base64", "zlib": no text
            raise LookupError(enc)
    except LookupError:
        raise ValueError(f"its encoding {enc!r} is unknown") from None
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        where = f" (byte {exc.start:,})" if isinstance(exc, UnicodeDecodeError) else ""
        raise ValueError(f"it is not {enc} text{where}") from None


# ------------------------------------------------------------------ reading the values
def _children(el: Element, name: str) -> Iterator[Element]:
    return (c for c in el if _local(c.tag) == name)


def _all(el: Element | None, path: str) -> list[Element]:
    """The elements at ``path`` (local names separated by ``/``, namespaces ignored)."""
    found = [el] if el is not None else []
    for name in path.split("/"):
        found = [c for f in found for c in _children(f, name)]
    return found


def _first(el: Element | None, *paths: str) -> Element | None:
    for path in paths:
        found = _all(el, path)
        if found:
            return found[0]
    return None


def _text(el: Element | None, *paths: str) -> str | None:
    for path in paths:
        for found in _all(el, path):
            text = " ".join((found.text or "").split())
            if text:
                return text
    return None


_AMOUNT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def _amount(el: Element | None, what: str, currency: str | None = None,
            *paths: str) -> Decimal | None:
    """The amount at the first of ``paths`` that is there; where several elements are
    (CII's and UBL's tax total in the invoice's and the accounting currency), the one in
    ``currency`` (or without a currency)."""
    for path in paths:
        found = _all(el, path)
        if not found:
            continue
        if len(found) > 1 and currency:
            found = [f for f in found if f.get("currencyID") in (None, currency)] or found
        raw = (found[0].text or "").strip()
        if not raw:
            return None
        if not _AMOUNT.fullmatch(raw):
            raise ValueError(f"the {what} {raw[:40]!r} is not a decimal amount")
        try:
            return Decimal(raw)
        except InvalidOperation:  # (the pattern allows none, but)
            raise ValueError(f"the {what} {raw[:40]!r} is not a decimal amount") from None
    return None


def _date(el: Element | None, what: str, *paths: str) -> date | None:
    """A CII ``DateTimeString`` (format 102, ``YYYYMMDD``) or a UBL ``YYYY-MM-DD`` date."""
    found = _first(el, *paths)
    if found is None:
        return None
    if _local(found.tag) != "DateTimeString":
        inner = _first(found, "DateTimeString", "DateString")
        found = inner if inner is not None else found
    raw = (found.text or "").strip()
    if not raw:
        return None
    fmt = found.get("format")
    m = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?", raw)
    if m is None or (fmt not in (None, "102") and "-" not in raw):
        shown = f" (format {fmt})" if fmt else ""
        raise ValueError(f"the {what} {raw[:30]!r}{shown} is not a date YYYYMMDD "
                         f"(format 102) or YYYY-MM-DD")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError(f"the {what} {raw[:30]!r} is no date of the calendar") from None


def _compact(text: str | None) -> str | None:
    return "".join(text.split()).upper() if text else None


def _cii(root: Element) -> dict[str, Any]:
    if _local(root.tag) == "CrossIndustryDocument":  # ZUGFeRD 1.0
        context, header = "SpecifiedExchangedDocumentContext", "HeaderExchangedDocument"
        trade = _first(root, "SpecifiedSupplyChainTradeTransaction")
        agreement = _first(trade, "ApplicableSupplyChainTradeAgreement")
        settlement = _first(trade, "ApplicableSupplyChainTradeSettlement")
        sums = _first(settlement, "SpecifiedTradeSettlementMonetarySummation")
    else:
        context, header = "ExchangedDocumentContext", "ExchangedDocument"
        trade = _first(root, "SupplyChainTradeTransaction")
        agreement = _first(trade, "ApplicableHeaderTradeAgreement")
        settlement = _first(trade, "ApplicableHeaderTradeSettlement")
        sums = _first(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation")
    currency = _text(settlement, "InvoiceCurrencyCode")

    def party(role: str) -> tuple[str | None, str | None]:
        p = _first(agreement, f"{role}TradeParty")
        vat = next((" ".join((r.text or "").split()) for r in
                    _all(p, "SpecifiedTaxRegistration/ID")
                    if r.get("schemeID") == "VA" and (r.text or "").strip()), None)
        return _text(p, "Name"), _compact(vat)

    seller, seller_vat = party("Seller")
    buyer, buyer_vat = party("Buyer")
    return {
        "invoice_number": _text(root, f"{header}/ID"),
        "type_code": _text(root, f"{header}/TypeCode"),
        "issue_date": _date(root, "issue date", f"{header}/IssueDateTime"),
        "due_date": _date(settlement, "due date", "SpecifiedTradePaymentTerms/DueDateDateTime"),
        "seller_name": seller, "seller_vat_id": seller_vat,
        "buyer_name": buyer, "buyer_vat_id": buyer_vat,
        "buyer_reference": _text(agreement, "BuyerReference"),
        "currency": currency,
        "line_total": _amount(sums, "line total", currency, "LineTotalAmount"),
        "net_total": _amount(sums, "tax basis total", currency, "TaxBasisTotalAmount"),
        "tax_total": _amount(sums, "tax total", currency, "TaxTotalAmount"),
        "grand_total": _amount(sums, "grand total", currency, "GrandTotalAmount"),
        "prepaid": _amount(sums, "prepaid amount", currency, "TotalPrepaidAmount"),
        "due_payable": _amount(sums, "amount due", currency, "DuePayableAmount",
                               "DuePayablesAmount"),
        "iban": _compact(_text(settlement, "SpecifiedTradeSettlementPaymentMeans/"
                                           "PayeePartyCreditorFinancialAccount/IBANID")),
        "line_count": len(_all(trade, "IncludedSupplyChainTradeLineItem")),
        "profile": _text(root, f"{context}/GuidelineSpecifiedDocumentContextParameter/ID"),
    }


def _ubl(root: Element) -> dict[str, Any]:
    credit = _local(root.tag) == "CreditNote"
    currency = _text(root, "DocumentCurrencyCode")
    sums = _first(root, "LegalMonetaryTotal")

    def party(role: str) -> tuple[str | None, str | None]:
        p = _first(root, f"{role}/Party")
        vat = next((_text(s, "CompanyID") for s in _all(p, "PartyTaxScheme")
                    if (_text(s, "TaxScheme/ID") or "VAT").upper() == "VAT"
                    and _text(s, "CompanyID")), None)
        return _text(p, "PartyLegalEntity/RegistrationName", "PartyName/Name"), _compact(vat)

    seller, seller_vat = party("AccountingSupplierParty")
    buyer, buyer_vat = party("AccountingCustomerParty")
    return {
        "invoice_number": _text(root, "ID"),
        "type_code": _text(root, "CreditNoteTypeCode" if credit else "InvoiceTypeCode"),
        "issue_date": _date(root, "issue date", "IssueDate"),
        "due_date": _date(root, "due date", "DueDate", "PaymentMeans/PaymentDueDate"),
        "seller_name": seller, "seller_vat_id": seller_vat,
        "buyer_name": buyer, "buyer_vat_id": buyer_vat,
        "buyer_reference": _text(root, "BuyerReference"),
        "currency": currency,
        "line_total": _amount(sums, "line total", currency, "LineExtensionAmount"),
        "net_total": _amount(sums, "tax exclusive amount", currency, "TaxExclusiveAmount"),
        "tax_total": _amount(root, "tax total", currency, "TaxTotal/TaxAmount"),
        "grand_total": _amount(sums, "tax inclusive amount", currency, "TaxInclusiveAmount"),
        "prepaid": _amount(sums, "prepaid amount", currency, "PrepaidAmount"),
        "due_payable": _amount(sums, "payable amount", currency, "PayableAmount"),
        "iban": _compact(_text(root, "PaymentMeans/PayeeFinancialAccount/ID")),
        "line_count": len(_all(root, "CreditNoteLine" if credit else "InvoiceLine")),
        "profile": _text(root, "CustomizationID"),
    }


def parse_einvoice(data: bytes | str, attachment: str | None = None) -> dict[str, Any]:
    """The header values of a CII or UBL invoice: a record with the parts of
    :data:`ATTRIBUTES` (money as ``Decimal``, dates as ``date``; a part the invoice does
    not give is None). ``ValueError`` says why ``data`` is none: refused or broken XML,
    another document than an invoice, or no invoice number, issue date, currency or grand
    total, or a value without its shape."""
    root = parse_xml(data)
    syntax = syntax_of(root)
    if syntax is None:
        ns = _ns(root.tag)
        raise ValueError(f"its root element is {_local(root.tag)!r}"
                         f"{f' ({ns})' if ns else ''}, not a CII CrossIndustryInvoice or a "
                         f"UBL Invoice or CreditNote")
    out = _cii(root) if syntax == "CII" else _ubl(root)
    where = "ExchangedDocument/ID" if syntax == "CII" else "cbc:ID"
    if not out["invoice_number"]:
        raise ValueError(f"it has no invoice number ({where})")
    if out["issue_date"] is None:
        raise ValueError("it has no issue date")
    currency = out["currency"]
    if not currency:
        raise ValueError("it has no invoice currency")
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise ValueError(f"the currency {currency[:20]!r} is not an ISO 4217 code")
    if out["grand_total"] is None and out["due_payable"] is None:
        raise ValueError("it has no grand total and no amount due")
    out["syntax"] = syntax
    out["attachment"] = attachment
    return out
