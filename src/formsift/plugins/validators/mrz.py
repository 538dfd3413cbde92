"""ICAO Doc 9303 machine-readable zones: TD1 (3 x 30), TD2 (2 x 36) and TD3 (2 x 44).

:func:`parse_mrz` reads the fields of an MRZ and verifies every check digit, the composite
one included (ICAO 9303 Part 3, 4.9: weights 7-3-1, ``<`` is 0, ``A``..``Z`` are 10..35).
Field positions follow Part 4 (TD3, passports), Part 5 (TD1, ID cards) and Part 6 (TD2).
A document number longer than nine characters continues in the optional data, as Parts 5
and 6 describe (its check digit position holds ``<``).

python-stdnum has no MRZ module, and the check-digit arithmetic is a few lines, so it is
written here rather than pulled from a less maintained dependency.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from formsift.core.kinds import Function, Validator
from formsift.templates.check_digits import checks_validity

#: line count and line length of each format
FORMATS: dict[str, tuple[int, int]] = {"TD1": (3, 30), "TD2": (2, 36), "TD3": (2, 44)}
_WEIGHTS = (7, 3, 1)
_ALLOWED = re.compile(r"^[A-Z0-9<]+$")

#: attribute -> value kind, as template rules see a parsed MRZ (``mrz.surname``)
ATTRIBUTES: dict[str, str] = {
    "format": "text", "document_type": "text", "issuing_state": "text",
    "document_number": "text", "birth_date": "date", "sex": "text", "expiry_date": "date",
    "nationality": "text", "surname": "text", "given_names": "text",
    "optional_data": "text", "optional_data_2": "text", "valid": "bool",
}


#: The codes ICAO Doc 9303 (Part 3, 5) uses besides ISO 3166-1 alpha-3 for an issuing
#: state or a nationality: Germany's ``D``, the British categories, the UN and its
#: agencies, stateless persons and refugees, Kosovo, the EU, the Order of Malta; and
#: ``UTO``, the specimen state of 9303's examples (and of ``formsift.samples``).
ICAO_CODES = frozenset({
    "D", "GBD", "GBN", "GBO", "GBP", "GBS", "UNO", "UNA", "UNK", "XBA", "XIM", "XCC",
    "XCE", "XCO", "XDC", "XEC", "XES", "XMP", "XOM", "XPO", "XXA", "XXB", "XXC", "XXX",
    "RKS", "EUE", "UTO",
})


#: The first letter of a document type: passports P, identity cards A, C, I, visas V.
DOCUMENT_TYPES = frozenset("ACIPV")


def known_state(code: str) -> bool:
    """Whether ``code`` (an MRZ's issuing state or nationality, fillers taken off) is an
    ISO 3166-1 alpha-3 code or one of ICAO's own (:data:`ICAO_CODES`)."""
    from formsift.plugins.validators.countries import iso_3166_codes

    code = code.replace("<", "").strip()
    return code in ICAO_CODES or (len(code) == 3 and code in iso_3166_codes())


def _value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - 55
    if ch == "<":
        return 0
    raise ValueError(f"character {ch!r} is not allowed in an MRZ")


def check_digit(data: str) -> str:
    """The ICAO 9303 check digit of ``data`` (weights 7, 3, 1 repeated; modulo 10)."""
    return str(sum(_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(data)) % 10)


def _digit_ok(data: str, digit: str, may_be_blank: bool = False) -> bool:
    if may_be_blank and digit == "<" and set(data) <= {"<"}:
        return True  # an empty optional field may carry '<' instead of a check digit
    return digit == check_digit(data)


@dataclass
class Mrz:
    """A parsed machine-readable zone and the outcome of each check digit."""

    format: str
    lines: tuple[str, ...]
    document_type: str
    issuing_state: str
    document_number: str
    birth_date: date | None
    sex: str
    expiry_date: date | None
    nationality: str
    surname: str
    given_names: str
    optional_data: str
    optional_data_2: str = ""
    checks: dict[str, bool] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """Every check digit is right."""
        return all(self.checks.values())

    @property
    def codes_known(self) -> bool:
        """The document type starts with a letter ICAO 9303 gives it (:data:`DOCUMENT_TYPES`)
        and the issuing state and the nationality are real codes (:func:`known_state`): no
        check digit covers them, and a misread one passes every check."""
        return self.document_type[:1] in DOCUMENT_TYPES and known_state(self.issuing_state) \
            and known_state(self.nationality)

    def as_dict(self) -> dict[str, Any]:
        """The fields as a record that rules read (``mrz.surname``) and JSON shows."""
        out = {k: getattr(self, k) for k in ATTRIBUTES}
        out["checks"] = dict(self.checks)
        out["text"] = "\n".join(self.lines)
        return out


def _date(yymmdd: str, *, birth: bool) -> date | None:
    if not yymmdd.isdigit():
        return None  # unknown parts are written with '<'
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    if birth:  # a birth date is not in the future: pivot on this year
        century = 1900 if yy > date.today().year % 100 else 2000
    else:  # expiry dates lie at most 50 years ahead
        century = 2000 if 2000 + yy <= date.today().year + 50 else 1900
    try:
        return date(century + yy, mm, dd)
    except ValueError:
        return None


def _names(text: str) -> tuple[str, str]:
    primary, _, secondary = text.partition("<<")
    return (primary.replace("<", " ").strip(),
            " ".join(secondary.replace("<", " ").split()))


def _clean(s: str) -> str:
    return s.replace("<", " ").strip()


def _long_number(head: str, head_digit: str, optional: str) -> tuple[str, str, str, str]:
    """Document number, its check digit, the data it was checked over, and the optional data
    left over, for the TD1/TD2 rule that a number over nine characters continues in the
    optional data (Parts 5 and 6): the check digit position holds '<', the number goes on in
    the optional data and ends with its check digit before the first '<'."""
    if head_digit != "<" or not optional or optional[0] == "<":
        return head.rstrip("<"), head_digit, head, optional
    tail = optional.split("<", 1)[0]
    rest = optional[len(tail):]
    number = head + tail[:-1]
    return number.rstrip("<"), tail[-1:], number, rest


def normalize_lines(lines: Iterable[str]) -> list[str]:
    """Upper case, without spaces; OCR look-alikes of '<' mapped back to '<'."""
    out = []
    for line in lines:
        s = re.sub(r"\s+", "", line.upper())
        s = s.translate(str.maketrans({"«": "<<", "‹": "<", "〈": "<", "く": "<", "＜": "<"}))
        out.append(s)
    return out


def parse_mrz(text: str | Iterable[str]) -> Mrz:
    """Parse an MRZ given as its lines (or one text with line breaks).

    Raises ``ValueError`` when the lines do not have the shape of TD1, TD2 or TD3; a
    well-shaped MRZ with wrong check digits parses, with ``valid`` False and the failing
    checks named in ``checks``.
    """
    raw = text.splitlines() if isinstance(text, str) else list(text)
    lines = [ln for ln in normalize_lines(raw) if ln]
    shape = (len(lines), {len(ln) for ln in lines})
    fmt = next((name for name, (n, width) in FORMATS.items() if shape == (n, {width})), None)
    if fmt is None:
        widths = "/".join(str(len(ln)) for ln in lines) or "0"
        raise ValueError(f"not an MRZ: {len(lines)} line(s) of {widths} characters "
                         f"(TD1 is 3 x 30, TD2 2 x 36, TD3 2 x 44)")
    for ln in lines:
        if not _ALLOWED.match(ln):
            bad = sorted(set(re.sub(r"[A-Z0-9<]", "", ln)))
            raise ValueError(f"not an MRZ: characters {''.join(bad)!r} are not allowed")
    lines = _by_position(lines, fmt)
    return _TD1(lines) if fmt == "TD1" else _TD23(lines, fmt)


#: Per format and line, the spans that hold only digits ("9") or only letters ("A");
#: other positions are alphanumeric (document numbers, optional data) or the sex.
_POSITIONS: dict[str, tuple[tuple[tuple[int, int, str], ...], ...]] = {
    "TD1": (((2, 5, "A"), (14, 15, "9")),
            ((0, 7, "9"), (8, 15, "9"), (15, 18, "A"), (29, 30, "9")),
            ((0, 30, "A"),)),
    "TD2": (((2, 36, "A"),),
            ((9, 10, "9"), (10, 13, "A"), (13, 20, "9"), (21, 28, "9"), (35, 36, "9"))),
    "TD3": (((2, 44, "A"),),
            ((9, 10, "9"), (10, 13, "A"), (13, 20, "9"), (21, 28, "9"), (42, 44, "9"))),
}
#: What OCR reads for a digit where a letter belongs, and the other way round.
_TO_DIGIT = str.maketrans("OQDIZSBG", "00012586")
_TO_LETTER = str.maketrans("01258", "OIZSB")


def _by_position(lines: list[str], fmt: str) -> list[str]:
    """Letters read in digit-only positions become the digits they look like (``O`` ->
    ``0``), and digits in letter-only positions the letters (``UT0`` -> ``UTO``): what OCR
    confuses in the OCR-B font. Check digits are computed over the result, so a letter
    really printed in a date fails its check instead of passing as itself."""
    out = []
    for line, spans in zip(lines, _POSITIONS[fmt], strict=True):
        chars = list(line)
        for start, end, kind in spans:
            part = "".join(chars[start:end])
            chars[start:end] = part.translate(_TO_DIGIT if kind == "9" else _TO_LETTER)
        out.append("".join(chars))
    return out


def _TD1(lines: list[str]) -> Mrz:
    l1, l2, l3 = lines
    number, digit, checked, optional = _long_number(l1[5:14], l1[14], l1[15:30])
    surname, given = _names(l3)
    checks = {
        "document_number": _digit_ok(checked, digit),
        "birth_date": _digit_ok(l2[0:6], l2[6]),
        "expiry_date": _digit_ok(l2[8:14], l2[14]),
        "composite": _digit_ok(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29]),
    }
    return Mrz("TD1", tuple(lines), _clean(l1[0:2]), _clean(l1[2:5]), number,
               _date(l2[0:6], birth=True), _clean(l2[7]), _date(l2[8:14], birth=False),
               _clean(l2[15:18]), surname, given, _clean(optional), _clean(l2[18:29]), checks)


def _TD23(lines: list[str], fmt: str) -> Mrz:
    l1, l2 = lines
    end = len(l2) - 1  # the composite check digit is the last character
    if fmt == "TD3":
        number, digit, checked, _ = l2[0:9].rstrip("<"), l2[9], l2[0:9], ""
        optional, opt_digit = l2[28:42], l2[42]
    else:
        number, digit, checked, optional = _long_number(l2[0:9], l2[9], l2[28:35])
        opt_digit = ""
    surname, given = _names(l1[5:])
    checks = {
        "document_number": _digit_ok(checked, digit),
        "birth_date": _digit_ok(l2[13:19], l2[19]),
        "expiry_date": _digit_ok(l2[21:27], l2[27]),
    }
    if fmt == "TD3":
        checks["optional_data"] = _digit_ok(optional, opt_digit, may_be_blank=True)
    checks["composite"] = _digit_ok(l2[0:10] + l2[13:20] + l2[21:end], l2[end])
    return Mrz(fmt, tuple(lines), _clean(l1[0:2]), _clean(l1[2:5]), number,
               _date(l2[13:19], birth=True), _clean(l2[20]), _date(l2[21:27], birth=False),
               _clean(l2[10:13]), surname, given, _clean(optional), "", checks)


def find_mrz(text: str) -> list[tuple[int, int, Mrz]]:
    """MRZ blocks in a multi-line text: ``(start, end, parsed)`` with character offsets.

    Lines are read after :func:`normalize_lines`; runs of consecutive MRZ-like lines of one
    format's width make a block (widths off by a few trailing fillers are tolerated, as OCR
    drops or adds '<' at line ends).
    """
    raw_lines = text.split("\n")
    offsets = []
    pos = 0
    for ln in raw_lines:
        offsets.append(pos)
        pos += len(ln) + 1
    norm = normalize_lines(raw_lines)
    out: list[tuple[int, int, Mrz]] = []
    i = 0
    while i < len(norm):
        hit = None
        for n, width in sorted(FORMATS.values(), reverse=True):  # TD1 (3 lines) first
            block = norm[i:i + n]
            if len(block) < n:
                continue
            fitted = [_fit(b, width) for b in block]
            if all(f is not None for f in fitted):
                try:
                    hit = (n, parse_mrz([f for f in fitted if f is not None]))
                except ValueError:
                    continue
                break
        if hit is None:
            i += 1
            continue
        n, mrz = hit
        start = offsets[i]
        end = offsets[i + n - 1] + len(raw_lines[i + n - 1])
        out.append((start, end, mrz))
        i += n
    return out


def _fit(line: str, width: int) -> str | None:
    """The line at the format's width, padding or trimming trailing '<' fillers (at most 3)."""
    if not line or not _ALLOWED.match(line) or "<" not in line:
        return None
    if len(line) == width:
        return line
    if width - 3 <= len(line) < width and line.endswith("<"):
        return line + "<" * (width - len(line))
    if width < len(line) <= width + 3 and line[width:] == "<" * (len(line) - width):
        return line[:width]
    return None


def _mrz_of(value: Any) -> Mrz | None:
    if isinstance(value, dict) and "text" in value:
        value = value["text"]
    try:
        return parse_mrz(str(value))
    except ValueError:
        return None


@checks_validity
def valid_mrz(value: Any) -> bool:
    """Every check digit of an MRZ (a parsed ``mrz`` field or its text) is right."""
    mrz = _mrz_of(value)
    return mrz is not None and mrz.valid


class MrzValidator(Validator):
    name = "mrz"
    version = "0.1.0"
    summary = "valid_mrz, mrz_check_digit (ICAO 9303 TD1, TD2, TD3)"

    def functions(self) -> Iterable[Function]:
        return [
            Function("valid_mrz", ("any",), "bool", valid_mrz,
                     "valid_mrz(mrz): an ICAO 9303 MRZ (TD1, TD2 or TD3) whose every check "
                     "digit, the composite one included, is right."),
            Function("mrz_check_digit", ("text",), "text", lambda s: check_digit(str(s)),
                     "mrz_check_digit(x): the ICAO 9303 check digit of a text (7-3-1)."),
        ]
