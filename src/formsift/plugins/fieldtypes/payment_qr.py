"""Payment QR codes as records: the Swiss QR-bill's "Swiss QR Code" (``swiss_qr``, Swiss
Payment Standards, Implementation Guidelines for the QR-bill, version 2.x) and the EPC
QR code of SEPA credit transfers, "GiroCode" (``epc_qr``, EPC069-12 versions 001/002).

The ``qr_codes`` segmenter decodes the codes on the page (the engine runs it for a
template with a field of these types); each payload becomes a word of the page whose
lines are separated by CR LF, and ``find`` reads the payloads that start a line of the
page's text. A payload that breaks its standard (header, number of lines, amount,
currency, reference type) or whose IBAN or reference has wrong check digits is no value:
``parse`` says why.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, ClassVar

from formsift.core.kinds import FieldType, Found, ParseContext

#: part -> value kind, as rules read a Swiss QR-bill (``qr.amount``)
SWISS_ATTRIBUTES: dict[str, str] = {
    "iban": "text", "qr_iban": "bool", "amount": "money", "currency": "text",
    "reference_type": "text", "reference": "text", "creditor_name": "text",
    "creditor_address": "text", "creditor_country": "text", "debtor_name": "text",
    "debtor_address": "text", "debtor_country": "text", "message": "text",
    "billing_information": "text", "version": "text",
}
#: part -> value kind, as rules read an EPC QR code (``qr.iban``)
EPC_ATTRIBUTES: dict[str, str] = {
    "bic": "text", "name": "text", "iban": "text", "amount": "money", "currency": "text",
    "purpose": "text", "reference": "text", "remittance": "text", "information": "text",
    "version": "text",
}

#: A page line break that is no line break of a payload (those are CR LF).
_PAGE_BREAK = re.compile(r"(?<!\r)\n")
_LINES = re.compile(r"\r\n|\r|\n")
_SWISS_AMOUNT = re.compile(r"\d{1,9}(?:\.\d{1,2})?")
_EPC_AMOUNT = re.compile(r"EUR(\d{1,9}(?:\.\d{1,2})?)")


def _split(raw: str) -> list[str]:
    lines = _LINES.split(str(raw).strip("\ufeff"))
    while len(lines) > 1 and lines[-1] == "":  # a last line break (the standards end
        lines.pop()                           # without one; encoders often add it)
    return lines


def _iban(text: str, what: str, countries: tuple[str, ...]) -> str:
    from stdnum import iban
    from stdnum.exceptions import ValidationError

    compact = text.replace(" ", "").upper()
    if not compact:
        raise ValueError(f"no {what}")
    if countries and compact[:2] not in countries:
        raise ValueError(f"the {what} {compact} is not a {' or '.join(countries)} IBAN")
    try:
        return iban.validate(compact)
    except ValidationError as exc:
        raise ValueError(f"the {what} {compact} is not a valid IBAN: {exc}") from None


def _amount(text: str, shape: re.Pattern[str], what: str) -> Decimal:
    m = shape.fullmatch(text)
    if m is None:
        raise ValueError(f"the amount {text!r} is not {what}")
    value = Decimal(m.group(m.lastindex or 0))
    if not Decimal("0.01") <= value <= Decimal("999999999.99"):
        raise ValueError(f"the amount {text!r} is outside 0.01 to 999999999.99")
    return value


def _address(lines: list[str]) -> str:
    """An address's lines after its name (street, number, postcode, town), joined."""
    street = " ".join(x for x in lines[:2] if x)
    town = " ".join(x for x in lines[2:4] if x)
    return ", ".join(x for x in (street, town) if x)


def parse_swiss_qr(raw: str) -> dict[str, Any]:
    """The parts of a Swiss QR-bill payload ("SPC", version 02xx, coding 1: 31 to 34
    lines). Raises ``ValueError`` saying what breaks the standard."""
    lines = _split(raw)
    if lines[0] != "SPC":
        raise ValueError("not a Swiss QR-bill payload: it does not start with 'SPC'")
    if len(lines) < 31 or len(lines) > 34:
        raise ValueError(f"a Swiss QR-bill payload has 31 to 34 lines, this one "
                         f"{len(lines)}")
    if not re.fullmatch(r"02\d\d", lines[1]):
        raise ValueError(f"version {lines[1]!r}: formsift reads Swiss QR-bill version 02xx "
                         f"(0200)")
    if lines[2] != "1":
        raise ValueError(f"coding type {lines[2]!r}, not 1 (UTF-8)")
    if lines[30] != "EPD":
        raise ValueError(f"line 31 is {lines[30][:20]!r}, not the trailer 'EPD'")
    iban = _iban(lines[3], "creditor account", ("CH", "LI"))
    if lines[4] not in ("S", "K") or not lines[5].strip():
        raise ValueError("the creditor's address is incomplete (address type S or K and a "
                         "name are required)")
    amount = _amount(lines[18], _SWISS_AMOUNT, "an amount such as 1234.50") \
        if lines[18] else None
    if lines[19] not in ("CHF", "EUR"):
        raise ValueError(f"currency {lines[19]!r}, not CHF or EUR")
    kind, ref = lines[27], lines[28].replace(" ", "")
    qr_iban = 30000 <= int(iban[4:9]) <= 31999 if iban[4:9].isdigit() else False
    if kind == "QRR":
        from stdnum.ch import esr

        if not (len(ref) == 27 and esr.is_valid(ref)):
            raise ValueError(f"the QR reference {ref!r} is not 27 digits with a right check "
                             f"digit")
        if not qr_iban:
            raise ValueError(f"a QR reference (QRR) needs a QR-IBAN, and {iban} is none")
    elif kind == "SCOR":
        from stdnum import iso11649

        if not iso11649.is_valid(ref):
            raise ValueError(f"the creditor reference {ref!r} is not a valid ISO 11649 "
                             f"reference (RF..)")
    elif kind == "NON":
        if ref:
            raise ValueError(f"reference type NON with a reference {ref!r}")
    else:
        raise ValueError(f"reference type {kind!r}, not QRR, SCOR or NON")
    if qr_iban and kind != "QRR":
        raise ValueError(f"the QR-IBAN {iban} needs a QR reference (QRR), not {kind}")
    return {
        "iban": iban, "qr_iban": qr_iban, "amount": amount, "currency": lines[19],
        "reference_type": kind, "reference": ref or None, "creditor_name": lines[5],
        "creditor_address": _address(lines[6:10]), "creditor_country": lines[10],
        "debtor_name": lines[21] or None, "debtor_address": _address(lines[22:26]) or None,
        "debtor_country": lines[26] or None, "message": lines[29] or None,
        "billing_information": (lines[31] if len(lines) > 31 else "") or None,
        "version": lines[1], "text": "\n".join(lines),
    }


def parse_epc_qr(raw: str) -> dict[str, Any]:
    """The parts of an EPC QR code ("BCD", version 001 or 002, SCT: 7 to 12 lines).
    Raises ``ValueError`` saying what breaks EPC069-12."""
    lines = _split(raw)
    if lines[0] != "BCD":
        raise ValueError("not an EPC QR code (GiroCode): it does not start with 'BCD'")
    if len(lines) < 7 or len(lines) > 12:
        raise ValueError(f"an EPC QR code has 7 to 12 lines, this one {len(lines)}")
    lines += [""] * (12 - len(lines))
    if lines[1] not in ("001", "002"):
        raise ValueError(f"version {lines[1]!r}, not 001 or 002")
    if lines[2] not in tuple("12345678"):
        raise ValueError(f"character set {lines[2]!r}, not 1 to 8")
    if lines[3] not in ("SCT", "INST"):
        raise ValueError(f"identification {lines[3]!r}, not SCT")
    bic = lines[4].replace(" ", "").upper()
    if bic:
        from stdnum import bic as stdnum_bic

        if not stdnum_bic.is_valid(bic):
            raise ValueError(f"the BIC {bic!r} is not a valid BIC")
    elif lines[1] == "001":
        raise ValueError("version 001 requires the BIC")
    if not lines[5].strip():
        raise ValueError("no beneficiary name")
    iban = _iban(lines[6], "beneficiary account", ())
    amount = _amount(lines[7], _EPC_AMOUNT, "EUR and an amount, such as EUR123.45") \
        if lines[7] else None
    if lines[9] and lines[10]:
        raise ValueError("both a structured reference and a remittance text (EPC069-12 "
                         "allows one)")
    return {
        "bic": bic or None, "name": lines[5], "iban": iban, "amount": amount,
        "currency": "EUR", "purpose": lines[8] or None,
        "reference": lines[9].replace(" ", "") or None, "remittance": lines[10] or None,
        "information": lines[11] or None, "version": lines[1],
        "text": "\n".join(lines).rstrip("\n"),
    }


class _PaymentQr(FieldType):
    """A payment QR code's payload, found where it starts a line of the page's text."""

    version = "0.1.0"
    value_kind = "record"
    multiline = True
    reads_codes = "qr_codes"
    header: ClassVar[str] = ""
    #: what a payload of the type is, for messages
    title: ClassVar[str] = ""

    def _parse(self, raw: str) -> dict[str, Any]:
        raise NotImplementedError

    def parse(self, raw: str, ctx: ParseContext) -> dict[str, Any]:
        return self._parse(raw.strip(" \t"))

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        text = str(text)
        out = []
        for m in re.finditer(rf"(?m)^{self.header}\r?\n", text):
            end = next((b.start() for b in _PAGE_BREAK.finditer(text, m.end())), len(text))
            try:
                value = self._parse(text[m.start():end])
            except ValueError:
                continue
            out.append(Found(m.start(), end, value, 1.0))
        return out

    def misfit(self, text: str, ctx: ParseContext) -> str | None:
        start = str(text).find(self.header + "\r\n")
        if start < 0:
            return None
        end = next((b.start() for b in _PAGE_BREAK.finditer(text, start)), len(text))
        try:
            self._parse(text[start:end])
        except ValueError as exc:
            return f"not a valid {self.title}: {exc}"
        return None

    def to_json(self, value: Any) -> Any:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in value.items()}

    def json_schema(self) -> dict[str, Any]:
        kinds = {"text": {"type": ["string", "null"]}, "bool": {"type": "boolean"},
                 "money": {"type": ["string", "null"], "pattern": r"^\d+(\.\d+)?$"}}
        props: dict[str, Any] = {k: kinds[v] for k, v in self.attributes.items()}
        props["text"] = {"type": "string"}
        return {"type": "object", "properties": props}


class SwissQrType(_PaymentQr):
    name = "swiss_qr"
    summary = ("Swiss QR-bill payment QR codes (SPC 0200), decoded from the page, as a "
               "record: iban, amount, currency, reference_type, reference, creditor_name...")
    attributes: ClassVar[dict[str, str]] = SWISS_ATTRIBUTES
    header = "SPC"
    title = "Swiss QR-bill"

    def _parse(self, raw: str) -> dict[str, Any]:
        return parse_swiss_qr(raw)


class EpcQrType(_PaymentQr):
    name = "epc_qr"
    summary = ("EPC QR codes of SEPA transfers (GiroCode, BCD 001/002), decoded from the "
               "page, as a record: bic, name, iban, amount, currency, remittance...")
    attributes: ClassVar[dict[str, str]] = EPC_ATTRIBUTES
    header = "BCD"
    title = "EPC QR code"

    def _parse(self, raw: str) -> dict[str, Any]:
        return parse_epc_qr(raw)
