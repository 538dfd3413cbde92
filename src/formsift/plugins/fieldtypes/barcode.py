"""Barcode fields: ``barcode`` (a decoded barcode's payload, as text) and ``gs1`` (a GS1
payload's element strings, as a record: SSCC, GTIN, batch, dates...).

The ``barcodes`` segmenter (ZXing-C++, ``pip install 'formsift[barcodes]'``) decodes the
codes on the page; the engine runs it for a template with such a field, and each payload
becomes a word of the page (see :mod:`formsift.plugins.segment.barcodes`). These types
take their values from those words only, never from the print beside a code (the
human-readable digits under its bars, which an OCR may misread), and only from codes of
the symbologies the field names: ``barcode(format="ean13")``,
``gs1(format=["code128", "datamatrix"])``.

Check digits are verified with python-stdnum: an EAN/UPC/GTIN's (``stdnum.ean``) and an
SSCC's (GS1 mod 10, the same algorithm), so a GS1 payload whose SSCC or GTIN fails its
check digit is no value (``invalid_value``: the code says what is wrong).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import field_validator

from formsift.core.components import Options
from formsift.core.kinds import FieldType, Found, ParseContext
from formsift.plugins.segment.barcodes import SYMBOLOGIES
from formsift.util.safe_regex import compile_pattern

if TYPE_CHECKING:
    from collections.abc import Sequence

    from formsift.core.document import Document, Word

#: The segmenter whose words these types read.
SOURCE = "barcodes"
#: Symbologies whose payload is a GTIN with its check digit.
_GTIN_FORMATS = {"ean13": (13,), "ean8": (8,), "upca": (12, 13), "upce": (8, 12, 13)}

#: GS1 application identifiers read into a record's parts: AI -> (part, fixed length or
#: None for a variable one, kind: "digits" with a check digit, "date", "int" or "text").
GS1_AIS: dict[str, tuple[str, int | None, str]] = {
    "00": ("sscc", 18, "check"), "01": ("gtin", 14, "check"),
    "02": ("content_gtin", 14, "check"), "10": ("batch", None, "text"),
    "11": ("production_date", 6, "date"), "13": ("packaging_date", 6, "date"),
    "15": ("best_before", 6, "date"), "17": ("expiry", 6, "date"),
    "21": ("serial", None, "text"), "30": ("variable_count", None, "int"),
    "37": ("count", None, "int"), "400": ("order_number", None, "text"),
    "401": ("consignment", None, "text"), "402": ("shipment_id", 17, "check"),
    "403": ("routing_code", None, "text"), "410": ("ship_to_gln", 13, "check"),
    "420": ("ship_to_postal", None, "text"),
}
GS1_ATTRIBUTES: dict[str, str] = {
    part: ("date" if kind == "date" else "number" if kind == "int" else "text")
    for part, _, kind in GS1_AIS.values()}
_AI_ELEMENT = re.compile(r"\((\d{2,4})\)([^()]*)")


def gs1_check_digit_ok(digits: str) -> bool:
    """Whether the last of ``digits`` is their GS1 mod-10 check digit (GTIN-8 to -14,
    SSCC, GLN: python-stdnum's EAN algorithm, which GS1 uses for all of them)."""
    from stdnum import ean

    return digits.isdigit() and len(digits) >= 2 \
        and ean.calc_check_digit(digits[:-1]) == digits[-1]


def _gs1_date(value: str, ai: str) -> date:
    if not re.fullmatch(r"\d{6}", value):
        raise ValueError(f"AI ({ai}) {value!r} is not a date YYMMDD")
    yy, mm, dd = int(value[:2]), int(value[2:4]), int(value[4:])
    # GS1 General Specifications 7.12: the century that puts the year nearest today
    # (from 49 years back to 50 ahead); a day 00 is the month's last day
    this = date.today().year
    year = (this // 100) * 100 + yy
    if year - this > 50:
        year -= 100
    elif this - year > 49:
        year += 100
    if not 1 <= mm <= 12:
        raise ValueError(f"AI ({ai}) {value!r}: no month {mm:02d}")
    if dd == 0:
        import calendar

        dd = calendar.monthrange(year, mm)[1]
    try:
        return date(year, mm, dd)
    except ValueError:
        raise ValueError(f"AI ({ai}) {value!r} is not a date") from None


def parse_gs1(payload: str) -> dict[str, Any]:
    """A GS1 payload in its human-readable form (``(00)340123450000000018``, each
    application identifier in parentheses, as the ``barcodes`` segmenter writes GS1
    codes), or a bare GTIN (an EAN/UPC code's 8, 12, 13 or 14 digits), as a record of
    :data:`GS1_ATTRIBUTES` (the elements it holds), ``ais`` (every AI and its value) and
    ``text``. Raises ``ValueError`` saying what is wrong (a check digit, a length, an
    unreadable date)."""
    text = payload.strip()
    record: dict[str, Any] = dict.fromkeys(GS1_ATTRIBUTES)
    if re.fullmatch(r"\d{8}|\d{12,14}", text):
        if not gs1_check_digit_ok(text):
            raise ValueError(f"the GTIN {text} has a wrong check digit")
        record.update(gtin=text.zfill(14), ais={"01": text.zfill(14)}, text=text)
        return record
    if not text.startswith("("):
        raise ValueError("no GS1 application identifier (such as '(00)') at its start")
    ais: dict[str, str] = {}
    pos = 0
    for m in _AI_ELEMENT.finditer(text):
        if m.start() != pos:
            break
        pos = m.end()
        ai, value = m.group(1), m.group(2)
        if not value:
            raise ValueError(f"AI ({ai}) has no value")
        if ai in ais:
            raise ValueError(f"AI ({ai}) given twice")
        ais[ai] = value
        spec = GS1_AIS.get(ai)
        if spec is None:
            continue
        part, length, kind = spec
        if length is not None and len(value) != length:
            raise ValueError(f"AI ({ai}) {value!r} is not {length} characters")
        if kind == "check":
            if not value.isdigit() or not gs1_check_digit_ok(value):
                raise ValueError(f"the {part.upper() if part == 'sscc' else part} {value} "
                                 "has a wrong check digit")
            record[part] = value
        elif kind == "date":
            record[part] = _gs1_date(value, ai)
        elif kind == "int":
            if not value.isdigit():
                raise ValueError(f"AI ({ai}) {value!r} is not a count")
            record[part] = int(value)
        else:
            record[part] = value
    if pos != len(text) or not ais:
        raise ValueError(f"not GS1 element strings after {text[:pos]!r}")
    record["ais"] = ais
    record["text"] = text
    return record


def _formats(value: Any) -> list[str]:
    names = [value] if isinstance(value, str) else list(value or [])
    out = [n.strip().lower().replace("-", "").replace(" ", "") for n in names]
    unknown = [n for n in out if n not in SYMBOLOGIES]
    if unknown:
        raise ValueError(f"unknown barcode format(s) {', '.join(map(repr, unknown))}; "
                         f"known: {', '.join(SYMBOLOGIES)}")
    return out


class Gs1Options(Options):
    #: The symbologies the field takes its value from (one, or a list): ``ean13``,
    #: ``code128``, ``code39``, ``itf``, ``datamatrix``, ``qr``... (see the ``barcodes``
    #: segmenter); by default any it reads.
    format: list[str] = []

    @field_validator("format", mode="before")
    @classmethod
    def _known(cls, value: Any) -> list[str]:
        return _formats(value)


class BarcodeTypeOptions(Gs1Options):
    #: A regex the whole payload must match (``/RS-\d{6}/``).
    pattern: str | None = None

    @field_validator("pattern", mode="before")
    @classmethod
    def _regex(cls, value: Any) -> Any:
        return getattr(value, "pattern", value)


class _Barcode(FieldType):
    """A value taken from the words of decoded barcodes (``barcodes`` segmenter)."""

    version = "0.1.0"
    reads_codes = SOURCE
    code_noun = "barcode"
    positional = "format"
    Options = Gs1Options

    def code_options(self) -> dict[str, Any]:
        """The ``barcodes`` segmenter's options this field needs (its formats)."""
        fmts = self.options.format  # type: ignore[attr-defined]
        return {"formats": fmts} if fmts else {}

    def takes(self, raw: str, words: Sequence[Word], doc: Document) -> bool:
        """Only a whole payload of one decoded barcode of the field's formats (the
        page's note of the segmenter names each code's symbology): never the print
        beside a code, nor a part of its payload."""
        if len(words) != 1 or words[0].source != SOURCE or raw.strip() != words[0].text.strip():
            return False
        fmts = self.options.format  # type: ignore[attr-defined]
        if not fmts:
            return True
        w = words[0]
        page = next((p for p in doc.pages if p.index == w.page), None)
        found = ((page.notes.get(SOURCE) or {}).get("found") or []) if page else []
        sym = next((f["symbology"] for f in found
                    if f["text"] == w.text and _near(f["box"], w.box.as_list())), None)
        # (a UPC-A is read as the EAN-13 of its digits after a 0)
        return sym in fmts or (sym == "ean13" and "upca" in fmts and w.text.startswith("0"))

    def undecoded(self, entry: dict[str, Any]) -> str | None:
        """Why a code the segmenter found but could not decode may be this field's: a
        short phrase, or None when its symbology is not the field's."""
        fmts = self.options.format  # type: ignore[attr-defined]
        sym = entry.get("symbology")
        if fmts and sym and sym not in fmts:
            return None
        return (f"a {sym or 'barcode'} code was found but did not decode "
                f"({entry.get('error') or 'unreadable'}): damaged, blurred or cut off")


def _near(a: list[float], b: list[float]) -> bool:
    return all(abs(x - y) < 0.01 for x, y in zip(a, b, strict=True))


class BarcodeType(_Barcode):
    name = "barcode"
    summary = ("A barcode's payload (Code 128, EAN/UPC, Code 39, ITF, DataMatrix, PDF417...), "
               "decoded from the page (extra 'barcodes'), as text; format=... to choose")
    value_kind = "text"
    Options = BarcodeTypeOptions

    def parse(self, raw: str, ctx: ParseContext) -> str:
        text = raw.strip()
        if not text:
            raise ValueError("no payload")
        pattern = self.options.pattern  # type: ignore[attr-defined]
        if pattern and not compile_pattern(pattern).fullmatch(text):
            raise ValueError(f"{text!r} does not match /{pattern}/")
        fmts = self.options.format  # type: ignore[attr-defined]
        if fmts and all(f in _GTIN_FORMATS for f in fmts):
            if not (text.isdigit() and any(len(text) in _GTIN_FORMATS[f] for f in fmts)):
                raise ValueError(f"{text!r} is not the digits of {' or '.join(fmts)}")
            if not gs1_check_digit_ok(text):
                raise ValueError(f"{text} has a wrong check digit")
        return text

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        # a payload is one word of the page, maybe with spaces, on a line that may hold
        # its label too: every run of tokens that parses (:meth:`takes` keeps the one
        # that is a whole payload)
        text = str(text)
        tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
        out = []
        for i, (start, _) in enumerate(tokens):
            for _, end in tokens[i:]:
                try:
                    value = self.parse(text[start:end], ctx)
                except ValueError:
                    continue
                out.append(Found(start, end, value, 1.0))
        return out


class Gs1Type(_Barcode):
    name = "gs1"
    summary = ("GS1 barcodes (GS1-128, GS1 DataMatrix, EAN/UPC), decoded from the page "
               "(extra 'barcodes'), as a record: sscc, gtin, batch, expiry, serial, count...")
    value_kind = "record"
    attributes: ClassVar[dict[str, str]] = GS1_ATTRIBUTES

    def parse(self, raw: str, ctx: ParseContext) -> dict[str, Any]:
        return parse_gs1(raw)

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        out = []
        for m in re.finditer(r"\(\d{2,4}\)[^\s()]*(?:\(\d{2,4}\)[^()]*)*|\b\d{8,14}\b",
                             str(text)):
            try:
                value = parse_gs1(m.group().rstrip())
            except ValueError:
                continue
            out.append(Found(m.start(), m.start() + len(m.group().rstrip()), value, 1.0))
        return out

    def misfit(self, text: str, ctx: ParseContext) -> str | None:
        text = str(text).strip()
        if not (text.startswith("(") or text.isdigit()) or self.find(text, ctx):
            return None
        try:
            parse_gs1(text)
        except ValueError as exc:
            return f"not a valid GS1 payload: {exc}"
        return None

    def to_json(self, value: Any) -> Any:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in value.items()}

    def json_schema(self) -> dict[str, Any]:
        kinds = {"text": {"type": ["string", "null"]}, "number": {"type": ["integer", "null"]},
                 "date": {"type": ["string", "null"], "format": "date"}}
        props: dict[str, Any] = {k: kinds[v] for k, v in self.attributes.items()}
        props["text"] = {"type": "string"}
        props["ais"] = {"type": "object", "additionalProperties": {"type": "string"}}
        return {"type": "object", "properties": props}
