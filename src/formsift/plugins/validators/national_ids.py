"""National identity and tax numbers, as python-stdnum covers them.

``valid_id("de.idnr", tax_id)`` checks a value with the stdnum module named (``de.idnr``:
the German tax identification number, ``nl.bsn``, ``fr.nir``, ``it.codicefiscale``,
``es.dni``, ``us.ssn``, ...; and the modules at stdnum's top level, which belong to no
country: ``iso6346`` (container numbers), ``isin``, ``ean``, ``imei``, ``iso7064.mod_97_10``,
...: any number module of the installed python-stdnum, see :func:`stdnum_modules`), and
the numbers python-stdnum has no module for that formsift checks under such a name
(:data:`OWN_MODULES`: ``fi.viitenumero``, ``no.kid``, ``sa.vat``, ``ae.trn``, ``kz.bin``,
``awb`` ...). A
module name written as a literal is checked when the template is checked: an unknown one
is an error there, with the nearest known name.
"""

from __future__ import annotations

import functools
import importlib
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from formsift.core.kinds import Function, Validator
from formsift.plugins.validators import checksums
from formsift.templates.check_digits import checks_validity
from formsift.util.number_text import plain_separators
from formsift.util.suggest import did_you_mean


@functools.cache
def stdnum_modules() -> tuple[str, ...]:
    """Names of the number modules of the installed python-stdnum: every module with a
    ``validate``, a country's (``"de.idnr"``) or one of the top level (``"iso6346"``,
    ``"isin"``, ``"iso7064.mod_97_10"``, ...)."""
    from stdnum.util import get_number_modules

    return tuple(sorted(m.__name__.removeprefix("stdnum.") for m in get_number_modules()))


#: The weights of the check digit of a Kazakh IIN and BIN: the first set, then, where the
#: first gives 10, the second (a number that gives 10 again is never issued).
_KZ_WEIGHTS = ((1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2))


def _kz_digits(value: Any) -> str | None:
    """The 12 digits of a Kazakh IIN or BIN whose last is the check digit of the others
    (Government of Kazakhstan resolution No. 565 of 11 June 2003: the sum of the digits
    by the weights 1 to 11, mod 11; if that is 10, by 3 to 11, 1, 2), else None."""
    text = unicodedata.normalize("NFKC", plain_separators(str(value))).replace(" ", "")
    text = text.replace("-", "")
    if len(text) != 12 or not text.isascii() or not text.isdigit():
        return None
    for weights in _KZ_WEIGHTS:
        check = sum(int(d) * w for d, w in zip(text, weights, strict=False)) % 11
        if check != 10:
            return text if check == int(text[11]) else None
    return None


def valid_kz_iin(value: Any) -> bool:
    """A Kazakh individual identification number (ЖСН / ИИН): the date of birth (YYMMDD),
    a digit of century and sex (0 to 6), a serial, the check digit (:func:`_kz_digits`)."""
    text = _kz_digits(value)
    return text is not None and 1 <= int(text[2:4]) <= 12 and 1 <= int(text[4:6]) <= 31 \
        and text[6] in "0123456"


def valid_kz_bin(value: Any) -> bool:
    """A Kazakh business identification number (БСН / БИН): the year and month of its
    registration (YYMM), the kind of holder (4 a resident legal entity, 5 a non-resident
    one, 6 a joint individual entrepreneurship), its unit (0 a head office, 1 a branch, 2 a
    representative office, 3 a peasant farm), a serial, the check digit (:func:`_kz_digits`)."""
    text = _kz_digits(value)
    return text is not None and 1 <= int(text[2:4]) <= 12 and text[4] in "456" \
        and text[5] in "0123"


#: Numbers python-stdnum (2.x) has no module for, which ``valid_id`` checks by formsift's own
#: functions under a module's name: name -> (check, what it is). python-stdnum's module of
#: the same name, should a later version have one, is used instead.
OWN_MODULES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "fi.viitenumero": (checksums.valid_fi_reference,
                       "Finnish domestic payment reference (viitenumero), 7-3-1 check digit"),
    "no.kid": (checksums.valid_kid,
               "Norwegian KID payment reference, MOD10 or MOD11 check digit"),
    "no.kid_mod10": (lambda x: checksums.valid_kid(x, "mod10"),
                     "Norwegian KID with a MOD10 (Luhn) check digit"),
    "no.kid_mod11": (lambda x: checksums.valid_kid(x, "mod11"),
                     "Norwegian KID with a MOD11 check digit (may end with '-')"),
    "sa.vat": (checksums.valid_sa_vat,
               "Saudi VAT number: 15 digits, first and last 3 (format only: no public "
               "check digit)"),
    "ae.trn": (checksums.valid_ae_trn,
               "UAE tax registration number: 15 digits (format only: no public check "
               "digit)"),
    "kz.iin": (valid_kz_iin,
               "Kazakh individual identification number (ИИН / ЖСН), its check digit "
               "included"),
    "kz.bin": (valid_kz_bin,
               "Kazakh business identification number (БИН / БСН), its check digit "
               "included"),
    "awb": (checksums.valid_awb,
            "IATA air waybill number: airline prefix, serial and check digit (the serial "
            "mod 7)"),
    "gb.nino": (checksums.valid_gb_nino,
                "UK National Insurance number: two prefix letters, six digits, a suffix A "
                "to D, by HMRC's allocation rules (format only: no check digit)"),
    "sscc": (checksums.valid_sscc,
             "GS1 Serial Shipping Container Code: 18 digits, GS1 mod-10 check digit (with "
             "or without its application identifier (00))"),
}


#: python-stdnum (2.x) modules that check less than the number's issuer does, which
#: ``valid_id`` replaces by formsift's own check under the same name: name -> (check, what
#: it checks). ``kr.brn`` checks the format only, not the check digit every Korean
#: business registration number carries; ``tw.ubn`` the check of Taiwan's numbers
#: before 2023 (divisible by 10), which refuses those issued since (divisible by 5).
REPLACED_MODULES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "kr.brn": (checksums.valid_kr_brn,
               "Korean business registration number (사업자등록번호), its check digit "
               "included"),
    "tw.ubn": (checksums.valid_tw_ubn,
               "Taiwanese unified business number (統一編號), by the check in force since "
               "2023 (divisible by 5)"),
    "gs1_128": (checksums.valid_gs1_128,
                "GS1-128 element string, each element's format and check digit, an SSCC's "
                "(00) included"),
}


def known_modules() -> tuple[str, ...]:
    """The names ``valid_id`` takes: python-stdnum's number modules and :data:`OWN_MODULES`."""
    return tuple(sorted({*stdnum_modules(), *OWN_MODULES}))


@functools.cache
def _module(name: str) -> Any:
    if name not in stdnum_modules():
        raise ValueError(unknown_module_message(name)[0])
    return importlib.import_module(f"stdnum.{name}")


#: Numbers python-stdnum has no module for that a rule function of formsift checks.
_CHECKED_ELSEWHERE = {"de.pzn": "valid_pzn(x)", "pzn": "valid_pzn(x)"}


def unknown_module_message(name: str) -> tuple[str, str | None]:
    message = f"python-stdnum has no number module '{name}'"
    if name.casefold() in _CHECKED_ELSEWHERE:
        return message, f"use {_CHECKED_ELSEWHERE[name.casefold()]}, formsift's own check"
    hint = did_you_mean(name, known_modules(), cutoff=0.6)
    prefix = name.split(".", 1)[0]
    under = [m for m in known_modules() if m.startswith(prefix + ".")]
    if under and (name == prefix or not hint or not hint.startswith(prefix + ".")):
        # "iso7064" is a package of modules, "nl.foo" a country's module misspelled; and
        # another country's module is no hint ("de.pzn" was told 'ke.pin')
        return message, f"modules for '{prefix}': {', '.join(under)}"
    if hint and "." in name and len(prefix) == 2 and not hint.startswith(prefix + "."):
        # a country no module is for ("uz.inn"): another country's number is no hint
        return message, (f"no module checks the numbers of '{prefix}'; the countries with "
                         f"modules: {', '.join(_countries())}")
    if hint:
        return message, f"did you mean '{hint}'?"
    return message, "write a module such as \"de.idnr\", \"nl.bsn\", \"fr.nir\" or \"iso6346\""


def _countries() -> list[str]:
    """The country codes some module of :func:`known_modules` is for."""
    return sorted({m.split(".", 1)[0] for m in known_modules()
                   if "." in m and len(m.split(".", 1)[0]) == 2})


#: Checks a python-stdnum module makes only when asked: ``valid_id`` asks. ``mx.rfc`` skips
#: the RFC's check digit by default (python-stdnum: about 1.5 % of the RFCs in use have a
#: wrong one), so a misread or mistyped RFC passed; such an RFC goes to review now.
STRICT_OPTIONS: dict[str, dict[str, Any]] = {"mx.rfc": {"validate_check_digits": True}}

#: Characters a number is printed with that its python-stdnum module does not strip, read
#: as the one it does: module -> {printed: stripped}. Belgium's structured communication
#: (OGM/VCS) is framed by ``+++`` or, as often, by ``***`` (``***012/3456/78939***``);
#: stdnum strips the ``+`` only. A container number's check digit is printed apart by a
#: hyphen or boxed (``MSCU 123456-6``, ``MSCU-123456-6``, ``MSCU 123456 [6]``, OCR's
#: ``(6)``); stdnum strips spaces only.
PRINTED_SEPARATORS: dict[str, dict[str, str]] = {
    "be.ogm_vcs": {"*": "+"},
    "iso6346": {"-": " ", "[": " ", "]": " ", "(": " ", ")": " ", "|": " "},
}
#: Letters printed before a number that are no part of it: a Japanese qualified-invoice
#: registration number is "T" and the 13-digit corporate number ("T7010001008844").
PRINTED_PREFIXES: dict[str, str] = {"jp.cn": "T"}


@checks_validity
def valid_id(module: Any, value: Any) -> bool:
    """``value`` is valid for the python-stdnum module ``module`` (``"de.idnr"``), with
    every check the module can make (:data:`STRICT_OPTIONS`: the RFC's check digit) and
    those it lacks (:data:`REPLACED_MODULES`: a Korean business number's check digit,
    Taiwan's check since 2023).
    Dashes, spaces and invisible characters of other kinds between the groups (soft
    hyphens U+00AD a PDF's text layer keeps, U+2011, U+2013, thin spaces) are read as the
    ``-`` and `` `` the modules strip (:func:`~formsift.util.number_text.plain_separators`);
    a structured communication's ``***`` frame as its ``+++``, a container number's
    check digit set apart by a hyphen or boxed as by a space (:data:`PRINTED_SEPARATORS`);
    a Japanese registration number's ``T`` is left out (:data:`PRINTED_PREFIXES`)."""
    name = str(module)
    if name in REPLACED_MODULES:
        return bool(REPLACED_MODULES[name][0](value))
    if name not in stdnum_modules() and name in OWN_MODULES:
        return bool(OWN_MODULES[name][0](value))
    # (full-width digits and letters, as Japanese and Chinese documents print them, are
    # the ASCII ones: "Ｔ７０１０…")
    text = unicodedata.normalize("NFKC", plain_separators(str(value)))
    for printed, stripped in PRINTED_SEPARATORS.get(name, {}).items():
        text = text.replace(printed, stripped)
    prefix = PRINTED_PREFIXES.get(name)
    if prefix and text.strip().upper().startswith(prefix):
        text = text.strip()[len(prefix):]
    return bool(_module(name).is_valid(text, **STRICT_OPTIONS.get(name, {})))


def _check_module(args: list[Any]) -> tuple[str, str | None] | None:
    name = args[0] if args else None
    if isinstance(name, str) and name not in stdnum_modules() and name not in OWN_MODULES:
        return unknown_module_message(name)
    return None


class NationalIdValidator(Validator):
    name = "national_ids"
    version = "0.1.0"
    summary = ("valid_id(\"de.idnr\", x): national ID and tax numbers (python-stdnum; "
               "kz.iin, kz.bin), payment references (fi.viitenumero, no.kid), container "
               "numbers (iso6346), air waybills (awb), SSCCs (sscc)")

    def functions(self) -> Iterable[Function]:
        return [
            Function("valid_id", ("text", "text"), "bool", valid_id,
                     "valid_id(\"de.idnr\", x): x passes the python-stdnum module's check "
                     "(national IDs, tax and company numbers of ~80 countries; container numbers "
                     "\"iso6346\", ISINs \"isin\", EANs \"ean\", RF references "
                     "\"iso11649\", ...), check digits included where the module checks "
                     "them only when asked (\"mx.rfc\") or not at all (\"kr.brn\": "
                     "formsift checks the Korean business number's), Taiwan's \"tw.ubn\" "
                     "by the rule in force since 2023; and formsift's own checks of "
                     "numbers python-stdnum lacks: \"fi.viitenumero\" (Finnish payment "
                     "reference), \"no.kid\" (Norwegian KID, MOD10 or MOD11; "
                     "\"no.kid_mod10\", \"no.kid_mod11\" for one of them), \"sa.vat\" "
                     "(Saudi VAT number), \"ae.trn\" (UAE TRN), these two on their "
                     "format only: they have no public check digit, \"kz.iin\", "
                     "\"kz.bin\" (Kazakh IIN and BIN, check digit included), "
                     "\"awb\" (IATA air waybill number, mod-7 check digit), \"gb.nino\" (UK "
                     "National Insurance number, format only) and \"sscc\" "
                     "(GS1 SSCC, mod-10 check digit; \"gs1_128\" checks an SSCC's "
                     "(00) too).",
                     check=_check_module),
        ]
