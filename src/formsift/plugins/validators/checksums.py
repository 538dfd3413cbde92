"""Checksum validators for rules: IBAN, BIC, EU VAT, Luhn, payment cards, ISO 4217, PZN,
VIN; and the checks of numbers ``valid_id`` takes under a module's name (payment references,
air waybills, ...: see :mod:`.national_ids`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from formsift.core.kinds import Function, Validator
from formsift.templates.check_digits import checks_validity
from formsift.util.number_text import plain_separators


def _valid(module: str, compact: bool = False) -> Any:
    def check(value: Any) -> bool:
        import importlib

        mod = importlib.import_module(module)
        text = plain_separators(str(value))
        if compact:  # card numbers are printed in groups: "4111 1111 1111 1111"
            text = "".join(ch for ch in text if ch not in " -.")
        return bool(mod.is_valid(text))

    return check


@functools.cache
def iso_4217_codes() -> frozenset[str]:
    """Active ISO 4217 currency codes, from the ``iso4217`` package (ISO's list one, kept
    up to date by its maintainers: python-stdnum has no currency list)."""
    from iso4217 import Currency

    return frozenset(c.code for c in Currency)


def valid_currency(code: Any) -> bool:
    return plain_separators(str(code)).strip().upper() in iso_4217_codes()


@checks_validity
def valid_vat(number: Any) -> bool:
    from stdnum.exceptions import ValidationError

    from formsift.plugins.fieldtypes.identifiers import validate_vat

    try:
        validate_vat(plain_separators(str(number)))
    except ValidationError:
        return False
    return True


@checks_validity
def valid_card(number: Any) -> bool:
    """A payment card number: 12 to 19 digits (ISO/IEC 7812; printed groups allowed), not
    all zeros, with a right Luhn check digit."""
    from stdnum import luhn

    digits = "".join(ch for ch in plain_separators(str(number)) if ch not in " -.")
    return (digits.isdigit() and 12 <= len(digits) <= 19 and digits.strip("0") != ""
            and bool(luhn.is_valid(digits)))


@checks_validity
def valid_pzn(number: Any) -> bool:
    """A German pharmaceutical central number (Pharmazentralnummer, IFA): PZN-8 (since
    2013; the digits weighted 1 to 7, their sum mod 11 is the 8th digit) or PZN-7 (the
    same with a 0 before it: weights 2 to 7). A sum leaving 10 is never issued. "PZN-",
    "PZN " and spaces are allowed: "PZN-04877800", "4877800". python-stdnum has no PZN."""
    text = re.sub(r"^\s*PZN\s*[-:]?\s*", "", plain_separators(str(number)),
                  flags=re.IGNORECASE)
    digits = "".join(text.split())
    if not (digits.isascii() and digits.isdigit()) or len(digits) not in (7, 8) \
            or not digits.strip("0"):
        return False
    digits = digits.rjust(8, "0")
    check = sum(int(d) * w for w, d in enumerate(digits[:7], start=1)) % 11
    return check != 10 and check == int(digits[7])


def _digits(number: Any, keep: str = "") -> str | None:
    """The digits of a printed number, its spaces and dashes (of any kind) left out but
    the characters of ``keep`` at its end, and Arabic-Indic or other decimal digits written
    0-9; None when anything else is left."""
    text = "".join(plain_separators(str(number)).split())
    tail = ""
    while keep and text and text[-1] in keep:
        tail, text = text[-1] + tail, text[:-1]
    text = text.replace("-", "")
    if not text or not all(ch.isdecimal() for ch in text):
        return None
    return "".join(str(int(ch)) for ch in text) + tail


def fi_reference_check_digit(base: str) -> str:
    """The check digit of a Finnish domestic payment reference (viitenumero) whose other
    digits are ``base``: the digits weighted 7, 3, 1, 7, 3, 1 ... from the right, the sum
    taken from the next multiple of ten (Finance Finland, "The reference number and the
    check digit")."""
    total = sum(int(d) * (7, 3, 1)[i % 3] for i, d in enumerate(reversed(base)))
    return str(-total % 10)


def valid_fi_reference(number: Any) -> bool:
    """A Finnish domestic payment reference (viitenumero), as printed in groups of five:
    ``1 23456 78910``; 4 to 20 digits (leading zeros not counted), the last one the 7-3-1
    check digit of the others. An RF creditor reference (``RF34 1234 561``) is ISO 11649's:
    ``valid_id("iso11649", x)``."""
    digits = _digits(number)
    return (digits is not None and 4 <= len(digits.lstrip("0")) <= 20
            and digits[-1] == fi_reference_check_digit(digits[:-1]))


def kid_mod11_check_digit(base: str) -> str:
    """The MOD11 check character of a Norwegian KID whose other digits are ``base``: the
    digits weighted 2, 3, 4, 5, 6, 7, 2, 3 ... from the right, 11 less the sum's remainder
    mod 11; ``0`` for 11 and ``-`` for 10 (Nets / Mastercard Payment Services, OCR giro)."""
    total = sum(int(d) * (2 + i % 6) for i, d in enumerate(reversed(base)))
    check = -total % 11
    return "-" if check == 10 else str(check)


def valid_kid(number: Any, scheme: str = "") -> bool:
    """A Norwegian KID (customer identification of an OCR giro payment): 2 to 25 digits,
    the last one a check digit by MOD10 (Luhn) or MOD11 (``scheme`` ``"mod10"`` or
    ``"mod11"``; either when none is given: which one a supplier uses is agreed with its
    bank, and not printed). A MOD11 KID whose check is 10 ends with ``-``."""
    digits = _digits(number, keep="-")
    if digits is None or not 2 <= len(digits) <= 25 or not digits[:-1].isdigit():
        return False
    base, check = digits[:-1], digits[-1]
    from stdnum import luhn

    mod10 = check != "-" and bool(luhn.is_valid(digits))
    mod11 = check == kid_mod11_check_digit(base)
    return {"mod10": mod10, "mod11": mod11}.get(scheme, mod10 or mod11)


#: The weights of the first nine digits of a Korean business registration number.
_KR_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def kr_brn_check_digit(base: str) -> str:
    """The check digit of a Korean business registration number (사업자등록번호) whose
    first nine digits are ``base``: the digits weighted 1, 3, 7, 1, 3, 7, 1, 3, 5, plus the
    tens of the ninth digit times 5, taken from the next multiple of ten (the National Tax
    Service's numbering, as Korean e-invoicing software checks it: ``124-81-00998``)."""
    total = sum(int(d) * w for d, w in zip(base, _KR_BRN_WEIGHTS, strict=True))
    total += int(base[8]) * 5 // 10
    return str(-total % 10)


def valid_kr_brn(number: Any) -> bool:
    """A Korean business registration number, ``124-81-00998``: 10 digits (dashes and
    spaces of any kind between the groups), a tax office code from 101, a type and a serial
    other than zero (python-stdnum's ``kr.brn``, which checks no more), and the last digit
    :func:`kr_brn_check_digit` of the others."""
    from stdnum.kr import brn

    digits = _digits(number)
    return (digits is not None and len(digits) == 10 and bool(brn.is_valid(digits))
            and digits[9] == kr_brn_check_digit(digits[:9]))


def tw_ubn_sum(number: str) -> int:
    """The sum over the eight digits of a Taiwanese unified business number weighted 1, 2,
    1, 2, 1, 2, 4, 1, each product counted as the sum of its digits (28 as 10)."""
    return sum(sum(divmod(int(d) * w, 10))
               for d, w in zip(number, (1, 2, 1, 2, 1, 2, 4, 1), strict=True))


def valid_tw_ubn(number: Any) -> bool:
    """A Taiwanese unified business number (統一編號): 8 digits whose :func:`tw_ubn_sum` is
    divisible by 5, or, when the seventh digit is a 7 (whose 28 may count as 1 or 0), the
    sum plus one. The Ministry of Finance made 5 the divisor in place of 10 from 1 April
    2023, to issue more numbers (Fiscal Information Agency, 營利事業統一編號檢查碼邏輯修正說明):
    a number issued before passes both rules, one issued since (``12345670``) only the
    new one, which python-stdnum 2.2's ``tw.ubn`` does not know."""
    digits = _digits(number)
    if digits is None or len(digits) != 8:
        return False
    total = tw_ubn_sum(digits)
    return total % 5 == 0 or (digits[6] == "7" and (total + 1) % 5 == 0)


def valid_sa_vat(number: Any) -> bool:
    """A Saudi VAT registration number, as ZATCA issues them: 15 digits, the first and the
    last a 3 (``300012345600003``; Arabic-Indic digits are read too). ZATCA publishes no
    check digit for it: this is a check of the format only, which a misread or mistyped
    digit in the middle passes."""
    digits = _digits(number)
    return digits is not None and len(digits) == 15 and digits[0] == digits[-1] == "3"


def valid_ae_trn(number: Any) -> bool:
    """A UAE tax registration number (TRN) of the Federal Tax Authority: 15 digits
    (``100123456700003``; Arabic-Indic digits are read too). The FTA publishes no check
    digit for it: this is a check of the format only, which a misread or mistyped digit
    passes."""
    digits = _digits(number)
    return digits is not None and len(digits) == 15


def awb_check_digit(serial: str) -> str:
    """The check digit of an air waybill whose 7-digit serial number is ``serial``: the
    serial's remainder divided by 7 (IATA Resolution 600a; 0 to 6)."""
    return str(int(serial) % 7)


def valid_awb(number: Any) -> bool:
    """An air waybill number (IATA): 11 digits, the issuing airline's 3-digit prefix (not
    000), a 7-digit serial number and its check digit (:func:`awb_check_digit`), printed
    ``176-12345675``, ``176 1234 5675``, ``176-1234 5675`` or ``17612345675`` (dashes and
    spaces of any kind between the groups)."""
    digits = _digits(number)
    return (digits is not None and len(digits) == 11 and digits[:3] != "000"
            and digits[10] == awb_check_digit(digits[3:10]))


#: A UK National Insurance number (HMRC's allocation rules): two prefix letters (the first
#: not D, F, I, Q, U, V; the second not D, F, I, O, Q, U, V; never BG, GB, KN, NK, NT, TN,
#: ZZ), six digits, a suffix letter A to D.
_NINO = re.compile(r"(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]")


def valid_gb_nino(number: Any) -> bool:
    """A UK National Insurance number (``AB 12 34 56 C``, spaces anywhere): its format by
    HMRC's allocation rules. It has no check digit: a misread or mistyped digit passes."""
    return _NINO.fullmatch("".join(plain_separators(str(number)).split()).upper()) is not None


def valid_sscc(number: Any) -> bool:
    """A GS1 Serial Shipping Container Code (a pallet's SSCC): 18 digits whose last is the
    GS1 mod-10 check digit of the 17 before it (as a GTIN's), printed with or without its
    application identifier ``(00)`` and with spaces between groups
    (``(00) 3 7612345 000000001 9``)."""
    from stdnum import ean

    text = re.sub(r"^\s*\(\s*00\s*\)", "", str(number))
    digits = _digits(text)
    if digits is not None and len(digits) == 20 and digits.startswith("00"):
        digits = digits[2:]  # its application identifier without brackets, as a scan reads
    return (digits is not None and len(digits) == 18
            and ean.calc_check_digit(digits[:17]) == digits[17])


def valid_gs1_128(number: Any) -> bool:
    """A GS1-128 element string (``(01)09501101530003(17)270331(10)ABC123``) as python-stdnum
    checks it (each element's format, a GTIN's check digit), and an SSCC's check digit
    (``(00)``), which python-stdnum leaves unchecked."""
    from stdnum import gs1_128

    try:
        parts = gs1_128.info(str(number))
    except Exception:  # (python-stdnum's own validate() takes any error for a bad format:
        return False  # a weight element "(3103)00x123" raises decimal.InvalidOperation)
    return "00" not in parts or valid_sscc(parts["00"])


#: ISO 3779 / 49 CFR 565.15: the value of each letter in the VIN check digit's sum (I, O and
#: Q are never used); a digit counts as itself.
_VIN_VALUES = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ",
                       (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9),
                       strict=True))
#: The weight of each of the 17 positions; the 9th, the check digit itself, weighs 0.
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
#: First characters of the VINs whose check digit is mandatory: North America (1-5: the
#: United States, Canada, Mexico; 49 CFR 565) and China (L; GB 16735).
_VIN_CHECK_DIGIT_REQUIRED = frozenset("12345L")


def _vin(number: Any) -> str | None:
    """The VIN in capitals without the spaces or dashes printed in it, when it has the
    structure of ISO 3779: 17 characters of A-Z and 0-9 but I, O and Q; else None."""
    text = "".join(ch for ch in plain_separators(str(number)) if ch not in " -").upper()
    if len(text) != 17 or not text.isascii() or not text.isalnum() \
            or any(ch in "IOQ" for ch in text):
        return None
    return text


def vin_check_digit(vin: str) -> str:
    """The check digit (position 9) the other 16 characters of a 17-character VIN give:
    the weighted sum of their values mod 11, 10 written "X"."""
    total = sum((int(ch) if ch.isdigit() else _VIN_VALUES[ch]) * weight
                for ch, weight in zip(vin, _VIN_WEIGHTS, strict=True))
    return "X" if total % 11 == 10 else str(total % 11)


@checks_validity
def valid_vin(number: Any) -> bool:
    """A vehicle identification number (ISO 3779): 17 characters of A-Z and 0-9 without
    I, O and Q (spaces and dashes printed in it are ignored), whose check digit (position
    9) is right where it is mandatory: on VINs of North America (first character 1 to 5)
    and China (L). A European or Japanese VIN, which may have none (WP0ZZZ99ZTS392124),
    passes on its structure; :func:`valid_vin_check_digit` demands the digit of every
    VIN."""
    vin = _vin(number)
    return vin is not None and (vin[0] not in _VIN_CHECK_DIGIT_REQUIRED
                                or vin[8] == vin_check_digit(vin))


@checks_validity
def valid_vin_check_digit(number: Any) -> bool:
    """A VIN with the structure of ISO 3779 (as :func:`valid_vin`) and a right check digit
    in position 9, whatever the country: for fleets whose vehicles all carry one."""
    vin = _vin(number)
    return vin is not None and vin[8] == vin_check_digit(vin)


class ChecksumValidator(Validator):
    name = "checksums"
    version = "0.1.0"
    summary = ("valid_iban, valid_bic, valid_vat, luhn, valid_card, valid_currency "
               "(python-stdnum), valid_pzn, valid_vin, valid_vin_check_digit")

    def functions(self) -> Iterable[Function]:
        return [
            Function("valid_iban", ("text",), "bool", checks_validity(_valid("stdnum.iban")),
                     "The IBAN's format and mod-97 checksum are right."),
            Function("valid_bic", ("text",), "bool", checks_validity(_valid("stdnum.bic")),
                     "A well-formed BIC/SWIFT code."),
            Function("valid_vat", ("text",), "bool", valid_vat,
                     "A VAT number with a correct check digit for its country: EU member "
                     "states, Switzerland (CHE-116.281.710 MWST), the United Kingdom, "
                     "Norway."),
            Function("luhn", ("text",), "bool",
                     checks_validity(_valid("stdnum.luhn", compact=True)),
                     "The Luhn check digit is right (any length: many IDs use it; for "
                     "payment cards use valid_card)."),
            Function("valid_card", ("text",), "bool", valid_card,
                     "A payment card number: 12-19 digits with a right Luhn check digit."),
            Function("valid_currency", ("text",), "bool", valid_currency,
                     "An active ISO 4217 currency code (the iso4217 package's list)."),
            Function("valid_pzn", ("text",), "bool", valid_pzn,
                     "A German pharmaceutical central number (PZN-8 or PZN-7) with a right "
                     "mod-11 check digit; \"PZN-\" before it is allowed."),
            Function("valid_vin", ("text",), "bool", valid_vin,
                     "A vehicle identification number (ISO 3779): 17 characters without I, "
                     "O and Q; its check digit (position 9) verified where it is mandatory "
                     "(first character 1-5: North America; L: China). European VINs, many "
                     "of which have none, pass on their structure."),
            Function("valid_vin_check_digit", ("text",), "bool", valid_vin_check_digit,
                     "A VIN (as valid_vin) with a right check digit in position 9 (North "
                     "America's weighted mod-11 sum), whatever the country."),
        ]
