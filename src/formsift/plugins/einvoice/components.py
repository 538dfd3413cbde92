"""The ``einvoice`` field type and the ``embedded_xml`` segmenter that feeds it.

The PDF loader lists a PDF's embedded files in page 1's notes (``embedded_files``) and
keeps the text of those that are e-invoice XML (Factur-X, ZUGFeRD, XRechnung, UBL) for
this segmenter. For a template with an ``einvoice`` field the engine runs the segmenter
(as it runs ``qr_codes`` for a ``swiss_qr`` field): each such XML is read (safely:
:mod:`.xml`) and becomes one word of page 1, whose first line names the attachment
(``embedded file: factur-x.xml``) and whose other lines, separated by CR LF, are the
values read (``grand_total: 2249.40``), or why there are none (``error: ...``). The
field type finds those words in the page's text and gives the record that rules read
(``xml.grand_total``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from formsift.core.document import Page
from formsift.core.geometry import Box
from formsift.core.kinds import FieldType, Found, ParseContext, Segmenter, TextRegion
from formsift.core.money import Amount
from formsift.plugins.einvoice.xml import ATTRIBUTES, parse_einvoice

#: The first line of an embedded file's word; the attachment's name follows.
HEADER = "embedded file: "
#: A page line break that is no line break of a payload (those are CR LF).
_PAGE_BREAK = re.compile(r"(?<!\r)\n")
_START = re.compile(rf"(?m)^{re.escape(HEADER)}([^\r\n]*)\r\n")


@dataclass(frozen=True)
class EmbeddedXml:
    """An e-invoice XML a loader found in a document: its attachment's name and its text,
    or why it could not be read (``text`` None)."""

    name: str
    text: str | None
    why: str | None = None


class EInvoiceRecord(dict):  # type: ignore[type-arg]
    """An e-invoice's record (part -> value) that knows its currency, as an amount
    (:class:`~formsift.core.money.Amount`) knows the currency written beside it: a
    record in another currency than the template's is a ``currency_mismatch``, as a
    printed amount is. Its money parts are amounts in that currency."""

    @property
    def currency(self) -> str | None:
        return self.get("currency")


def checked(record: dict[str, Any]) -> EInvoiceRecord:
    """``record`` (as :func:`parse_einvoice` gives it) as the field's value: money parts
    carry the invoice's currency; ``ValueError`` when an identifier that has a check
    fails it, as the printed ones do: an IBAN with wrong check digits, a VAT number of an
    EU member state (or Switzerland, the United Kingdom, Norway) with a wrong check
    digit. The IBAN is the account paid: a mistyped one is never taken."""
    from stdnum import iban
    from stdnum.exceptions import InvalidChecksum, ValidationError

    from formsift.plugins.fieldtypes.identifiers import validate_vat

    out = EInvoiceRecord(record)
    currency = out.get("currency")
    for part, kind in ATTRIBUTES.items():
        if kind == "money" and isinstance(out.get(part), Decimal):
            out[part] = Amount(out[part], currency)
    if out.get("iban"):
        try:
            iban.validate(out["iban"])
        except ValidationError as exc:
            raise ValueError(f"its IBAN {out['iban']} is no valid IBAN ({exc}): the "
                             f"check digits or the length are wrong") from None
    for part in ("seller_vat_id", "buyer_vat_id"):
        if out.get(part):
            try:
                validate_vat(out[part])
            except InvalidChecksum:  # a known country's form, a wrong check digit
                raise ValueError(f"its {part} {out[part]} has a VAT number's form but its "
                                 f"check digits are wrong") from None
            except ValidationError:  # a country or form stdnum does not check
                pass
    return out


def payload(file: EmbeddedXml, error: str | None = None) -> str:
    """The word that stands for ``file`` on its page: the header line naming the
    attachment, then one line ``part: value`` for each part the invoice gives (the
    record :func:`parse_einvoice` reads), or a line ``error: why`` when the file is no
    e-invoice formsift reads (or ``error``, given, says why its values are none). Lines
    are separated by CR LF. The XML itself is not the word: an e-invoice of thousands of
    lines would be megabytes of page text that every field's search reads, and in the
    result twice."""
    lines = [HEADER + file.name]
    if error is not None:
        lines.append(f"error: {error}")
    elif file.text is None:
        lines.append(f"error: not read: {file.why}")
    else:
        record, why = _read(file)
        if record is None:
            lines.append(f"error: {why}")
        else:
            lines += [f"{k}: {_shown(v)}" for k, v in record.items()
                      if v is not None and k != "attachment"]
    return "\r\n".join(lines)


@functools.lru_cache(maxsize=8)
def _read(file: EmbeddedXml) -> tuple[dict[str, Any] | None, str | None]:
    """(the record of ``file``, None) or (None, why there is none); read once per file
    (the segmenter compares the files before it gives their words). Not to be changed."""
    if file.text is None:
        return None, f"not read: {file.why}"
    try:
        return parse_einvoice(file.text, file.name), None
    except ValueError as exc:
        return None, " ".join(str(exc).split())


#: Parts two e-invoices of one document may differ in and still be one invoice: a
#: Factur-X (CII) and an XRechnung (UBL) copy differ in syntax and profile.
_NOT_COMPARED = frozenset({"attachment", "syntax", "profile"})


def disagreement(files: list[EmbeddedXml]) -> str | None:
    """Why the e-invoices ``files`` (of one document) are not one invoice: the parts that
    two of them both give with different values ("factur-x.xml and xrechnung.xml
    disagree: grand_total 2380.00 against 238.00"); None when they agree (or fewer than
    two are read). Two such attachments are two invoices that contradict each other
    (a re-issued invoice with the old XML left in, a copy that was edited): neither may
    be taken for the invoice, whatever the print says."""
    records = [(file.name, record) for file in files
               if (record := _read(file)[0]) is not None]
    for i, (name_a, a) in enumerate(records):
        for name_b, b in records[i + 1:]:
            differ = [f"{k} {_shown(a[k])} against {_shown(b[k])}" for k in ATTRIBUTES
                      if k not in _NOT_COMPARED and a.get(k) is not None
                      and b.get(k) is not None and a[k] != b[k]]
            if differ:
                more = f", and {len(differ) - 3} more" if len(differ) > 3 else ""
                return (f"the document carries {len(records)} e-invoices that disagree: "
                        f"{name_a} and {name_b} differ in {', '.join(differ[:3])}{more} "
                        f"(neither is taken)")
    return None


def _shown(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else _plain(value)


def _plain(value: Any) -> Any:
    """A Decimal in plain notation ("0.0000000", never "0E-7"); other values as they are."""
    return format(value, "f") if isinstance(value, Decimal) else value


def _unpack(raw: str) -> tuple[str | None, str]:
    """(attachment name, the rest) of a payload word; a bare XML text has no name."""
    m = _START.match(raw)
    if m is None:
        return None, raw
    return m.group(1), raw[m.end():]


def _record(name: str | None, body: str) -> EInvoiceRecord:
    """The record a payload word's ``part: value`` lines give, or the XML's record (see
    :func:`checked`)."""
    return checked(_parts(name, body))


def _parts(name: str | None, body: str) -> dict[str, Any]:
    if body.lstrip().startswith("<"):
        return parse_einvoice(body.replace("\r\n", "\n"), name)
    out: dict[str, Any] = dict.fromkeys(ATTRIBUTES)
    out["attachment"] = name
    for line in body.split("\r\n"):
        key, sep, value = line.partition(": ")
        if key == "error" and sep:
            raise ValueError(value)
        kind = ATTRIBUTES.get(key)
        if kind is None or not sep or not value:
            raise ValueError(f"{line[:60]!r} is no part of an e-invoice record")
        try:
            out[key] = (Decimal(value) if kind == "money" else
                        date.fromisoformat(value) if kind == "date" else
                        int(value) if kind == "number" else value)
        except (ArithmeticError, ValueError):
            raise ValueError(f"{line[:60]!r} is no {kind} value") from None
        if kind == "money" and not out[key].is_finite():
            raise ValueError(f"{line[:60]!r} is no money value")
    if not out["invoice_number"] or out["issue_date"] is None or not out["currency"]:
        raise ValueError("an e-invoice record has an invoice_number, an issue_date and a "
                         "currency")
    return out


def _one_of_each(files: list[EmbeddedXml]) -> list[EmbeddedXml]:
    """``files`` without the e-invoices after the first one read (they agree with it: see
    :func:`disagreement`); files that are no e-invoice formsift reads are kept, each says
    why."""
    out, read = [], False
    for file in files:
        good = _read(file)[0] is not None
        if good and read:
            continue
        read = read or good
        out.append(file)
    return out


class EInvoiceType(FieldType):
    """An e-invoice XML embedded in the document (Factur-X, ZUGFeRD, XRechnung, UBL)."""

    name = "einvoice"
    version = "0.1.0"
    summary = ("E-invoice XML embedded in a PDF (Factur-X/ZUGFeRD/XRechnung CII, UBL "
               "Invoice), as a record: invoice_number, issue_date, seller_vat_id, "
               "net_total, tax_total, grand_total, due_payable, iban...")
    value_kind = "record"
    attributes: ClassVar[dict[str, str]] = ATTRIBUTES
    #: Parts an e-invoice need not give (EN 16931's optional and conditional terms; the
    #: attachment's name, which formsift gives, is not the invoice's): a direct debit has no payee
    #: IBAN, a MINIMUM or BASIC WL profile no due date and no lines, a buyer outside the
    #: public sector no buyer reference (Leitweg-ID). A rule that asks for one of them
    #: and finds none is not evaluated, as one about an optional field that is missing;
    #: the other parts are the invoice's own (a record without one is a reason).
    optional_attributes: ClassVar[frozenset[str]] = frozenset({
        "due_date", "seller_vat_id", "buyer_vat_id", "buyer_reference", "tax_total",
        "line_total", "prepaid", "iban", "attachment"})
    multiline = True
    reads_codes = "embedded_xml"
    #: what an ``invalid_value`` reason calls the payload ("the attachment on page 1: ...")
    code_noun = "attachment"

    def parse(self, raw: str, ctx: ParseContext) -> dict[str, Any]:
        return _record(*_unpack(str(raw).strip(" \t")))

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        text = str(text)
        out = []
        for m in _START.finditer(text):
            end = next((b.start() for b in _PAGE_BREAK.finditer(text, m.end())), len(text))
            try:
                value = _record(m.group(1), text[m.end():end])
            except ValueError:
                continue
            out.append(Found(m.start(), end, value, 1.0))
        return out

    def misfit(self, text: str, ctx: ParseContext) -> str | None:
        m = _START.search(str(text))
        if m is None:
            return None
        end = next((b.start() for b in _PAGE_BREAK.finditer(text, m.end())), len(text))
        try:
            _record(m.group(1), text[m.end():end])
        except ValueError as exc:
            return f"the embedded file {m.group(1)!r} is no e-invoice formsift reads: {exc}"
        return None

    def to_json(self, value: Any) -> Any:
        return {k: (v.isoformat() if isinstance(v, date) else _plain(v))
                for k, v in value.items()}

    def json_schema(self) -> dict[str, Any]:
        kinds = {"text": {"type": ["string", "null"]},
                 "number": {"type": ["integer", "null"]},
                 "date": {"type": ["string", "null"], "format": "date"},
                 "money": {"type": ["string", "null"], "pattern": r"^-?\d+(\.\d+)?$"}}
        return {"type": "object",
                "properties": {k: kinds[v] for k, v in self.attributes.items()}}


class EmbeddedXmlSegmenter(Segmenter):
    """Gives each e-invoice XML the PDF loader kept (``renderer.embedded_xml``) as a word
    of page 1: the values read, one a line, for the ``einvoice`` field type."""

    name = "embedded_xml"
    version = "0.1.0"
    summary = ("E-invoice XML embedded in a PDF (Factur-X, ZUGFeRD, XRechnung, UBL): each "
               "becomes a word of page 1, for the einvoice field type")
    needs_image = False  # it reads the PDF's attachments, not the page

    def segment(self, image: Any, page: Page) -> list[TextRegion]:
        files = list(getattr(page.renderer, "embedded_xml", None) or ())
        # e-invoices that contradict each other are none: no rule may pick one of them
        error = disagreement(files)
        if error is None:  # copies that agree are one invoice: the first one read stands
            files = _one_of_each(files)
        out = []
        for i, file in enumerate(files):
            # a thin strip at the page's foot: the word's line comes after the print's
            x0 = min(0.9, i * 0.1)
            out.append(TextRegion(Box(x0, 0.995, x0 + 0.1, 1.0), "code", 1.0, None,
                                  {"text": payload(file, error), "symbology": "xml",
                                   "source": self.name}))
        return out
