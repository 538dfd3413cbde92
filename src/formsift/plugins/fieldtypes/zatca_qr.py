"""Saudi e-invoice QR codes as records (``zatca_qr``): the QR code ZATCA (the Zakat, Tax
and Customs Authority) requires on every tax invoice, simplified or standard.

Its payload is Base64 text of TLV elements (ZATCA, "E-invoicing Detailed Technical
Guidelines" and "Security Features Implementation Standards"): a tag byte, a length byte,
then that many bytes of value. Phase 1 (since December 2021) has five, each required:

====  =================================  =======================
tag   value                              part (``qr.part``)
====  =================================  =======================
1     seller's name (UTF-8)              ``seller_name``
2     seller's VAT registration number   ``vat_number``
3     time stamp of the invoice          ``timestamp``, ``date``
4     invoice total, VAT included        ``total``
5     VAT total                          ``vat_total``
====  =================================  =======================

Phase 2 (integration, since 2023) adds 6 the hash of the invoice's XML (``invoice_hash``),
7 its ECDSA signature (``signature``), 8 the ECDSA public key (``public_key``) and, on
simplified invoices, 9 the signature of ZATCA's certificate authority on the
cryptographic stamp (``stamp``); the binary ones are given in Base64. formsift reads these
parts: it does not verify the signature (that needs the invoice's XML and ZATCA's
certificates).

The ``qr_codes`` segmenter decodes the codes on the page (the engine runs it for a
template with a field of this type) and each payload becomes a word of the page; ``find``
reads the words that decode to such a payload. A payload whose TLV is broken, that lacks
one of tags 1 to 5, or whose VAT number, time stamp or amounts are no such values is no
value: ``parse`` says why.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from formsift.core.kinds import FieldType, Found, ParseContext

#: part -> value kind, as rules read a ZATCA QR code (``qr.total``)
ZATCA_ATTRIBUTES: dict[str, str] = {
    "seller_name": "text", "vat_number": "text", "timestamp": "text", "date": "date",
    "total": "money", "vat_total": "money", "invoice_hash": "text", "signature": "text",
    "public_key": "text", "stamp": "text", "phase": "text",
}
#: tag -> part; tags 1 to 5 are required
_TAGS = {1: "seller_name", 2: "vat_number", 3: "timestamp", 4: "total", 5: "vat_total",
         6: "invoice_hash", 7: "signature", 8: "public_key", 9: "stamp"}
#: tags whose value is text (the others, a key and signatures, are bytes: given in Base64)
_TEXT_TAGS = frozenset({1, 2, 3, 4, 5, 6, 7})
#: A Base64 word as a whole: what a QR code's payload word is (tag 1 first: "AQ".."Af").
_BASE64_WORD = re.compile(r"(?<![A-Za-z0-9+/=])A[Q-f][A-Za-z0-9+/]{10,}={0,2}(?![A-Za-z0-9+/=])")
_AMOUNT = re.compile(r"\d{1,15}(?:\.\d{1,6})?")


def _tlv(data: bytes) -> dict[int, bytes]:
    out: dict[int, bytes] = {}
    i = 0
    while i < len(data):
        if i + 2 > len(data):
            raise ValueError(f"the TLV data ends inside an element's header (byte {i + 1})")
        tag, length = data[i], data[i + 1]
        value = data[i + 2:i + 2 + length]
        if len(value) < length:
            raise ValueError(f"tag {tag} says {length} bytes, {len(value)} follow")
        if not 1 <= tag <= 9:
            raise ValueError(f"tag {tag} is none of ZATCA's tags 1 to 9")
        if tag in out:
            raise ValueError(f"tag {tag} is given twice")
        out[tag] = value
        i += 2 + length
    return out


def _amount(text: str, what: str) -> Decimal:
    if _AMOUNT.fullmatch(text) is None:
        raise ValueError(f"the {what} {text!r} is not an amount such as 1150.00")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(f"the {what} {text!r} is not an amount") from None


def _timestamp(text: str) -> date:
    """The date of an ISO 8601 time stamp (``2026-03-15T08:00:00Z``, with or without the
    zone or seconds; ``2026-03-15 08:00:00`` as some encoders write it)."""
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(f"the time stamp {text!r} is not an ISO 8601 date and time "
                         f"(2026-03-15T08:00:00Z)") from None


def parse_zatca_qr(raw: str) -> dict[str, Any]:
    """The parts of a ZATCA e-invoice QR payload (Base64 of TLV, tags 1 to 5, phase 2 also
    6 to 9). Raises ``ValueError`` saying what breaks it."""
    from formsift.plugins.validators.checksums import valid_sa_vat

    text = "".join(str(raw).split())
    try:
        data = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not Base64 text") from None
    tags = _tlv(data)
    missing = [t for t in range(1, 6) if t not in tags]
    if missing:
        raise ValueError(f"tag(s) {', '.join(map(str, missing))} missing (a ZATCA QR code "
                         f"has tags 1 to 5: seller, VAT number, time stamp, total, VAT)")
    values: dict[int, str] = {}
    for tag, value in tags.items():
        if tag in _TEXT_TAGS:
            try:
                values[tag] = value.decode("utf-8").strip()
            except UnicodeDecodeError:
                raise ValueError(f"tag {tag} ({_TAGS[tag]}) is not UTF-8 text") from None
        else:
            values[tag] = base64.b64encode(value).decode("ascii")
    if not values[1]:
        raise ValueError("the seller's name (tag 1) is empty")
    if not valid_sa_vat(values[2]):
        raise ValueError(f"the VAT number {values[2]!r} (tag 2) is not a Saudi VAT number "
                         f"(15 digits, the first and the last a 3)")
    day = _timestamp(values[3])
    total = _amount(values[4], "invoice total (tag 4)")
    vat_total = _amount(values[5], "VAT total (tag 5)")
    if vat_total > total:
        raise ValueError(f"the VAT total {vat_total} (tag 5) is more than the invoice total "
                         f"{total} (tag 4)")
    out: dict[str, Any] = {part: None for part in ZATCA_ATTRIBUTES}
    out.update({_TAGS[t]: v for t, v in values.items() if t > 5})
    out.update({
        "seller_name": values[1], "vat_number": values[2], "timestamp": values[3],
        "date": day, "total": total, "vat_total": vat_total,
        "phase": "2" if any(t in tags for t in (6, 7, 8)) else "1", "text": text,
    })
    return out


class ZatcaQrType(FieldType):
    name = "zatca_qr"
    version = "0.1.0"
    summary = ("Saudi e-invoice QR codes (ZATCA, Base64 TLV, phases 1 and 2), decoded from "
               "the page, as a record: seller_name, vat_number, timestamp, date, total, "
               "vat_total...")
    value_kind = "record"
    attributes: ClassVar[dict[str, str]] = ZATCA_ATTRIBUTES
    reads_codes = "qr_codes"

    def parse(self, raw: str, ctx: ParseContext) -> dict[str, Any]:
        return parse_zatca_qr(raw)

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        out = []
        for m in _BASE64_WORD.finditer(str(text)):
            try:
                value = parse_zatca_qr(m.group())
            except ValueError:
                continue
            out.append(Found(m.start(), m.end(), value, 1.0))
        return out

    def misfit(self, text: str, ctx: ParseContext) -> str | None:
        if self.find(text, ctx):
            return None
        for m in _BASE64_WORD.finditer(str(text)):
            if len(m.group()) < 40:  # too short to be a payload (tags 1 to 5)
                continue
            try:
                parse_zatca_qr(m.group())
            except ValueError as exc:
                return f"not a valid ZATCA QR code: {exc}"
        return None

    def to_json(self, value: Any) -> Any:
        return {k: (str(v) if isinstance(v, Decimal) else
                    v.isoformat() if isinstance(v, date) else v) for k, v in value.items()}

    def json_schema(self) -> dict[str, Any]:
        kinds = {"text": {"type": ["string", "null"]},
                 "date": {"type": "string", "format": "date"},
                 "money": {"type": "string", "pattern": r"^\d+(\.\d+)?$"}}
        props: dict[str, Any] = {k: kinds[v] for k, v in self.attributes.items()}
        props["text"] = {"type": "string"}
        return {"type": "object", "properties": props}
