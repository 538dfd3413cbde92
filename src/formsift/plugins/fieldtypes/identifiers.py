"""Checked identifiers: IBAN, BIC and EU VAT numbers, validated with python-stdnum."""

from __future__ import annotations

import contextlib
import functools
import itertools
import re
from collections.abc import Sequence
from typing import Any

from pydantic import field_validator

from formsift.core.components import Options
from formsift.core.kinds import Constraint, FieldType, Found, ParseContext
from formsift.plugins.fieldtypes.comb import comb_text
from formsift.util.number_text import plain_separators

#: The score of an IBAN read from a comb field's cells (as the other types' combs).
_COMB_SCORE = 0.95

# Lookaheads, so that overlapping starts are all tried ("VAT NO DE 136..." starts at "DE").
# An IBAN starts a token, or follows its "IBAN" caption glued on by OCR ("IBANDE89...").
_IBAN = re.compile(r"(?:(?<![A-Z0-9])|(?<=IBAN))(?=([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){10,30}))")
# An IBAN's shape, as a whole token: country, two digits, then groups holding digits
# (country codes come from stdnum: a known country with the wrong length or check fails).
_IBAN_SHAPE = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?"
                         r"(?![A-Z0-9])")
_BIC = re.compile(r"(?<![A-Z0-9])[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![A-Z0-9])")
_VAT = re.compile(r"(?<![A-Z0-9])(?=((?:[A-Z]{2})[ ]?[A-Z0-9][A-Z0-9 .\-]{1,16}[A-Z0-9]))")
# A VAT number's shape, as a whole token: a country prefix, then one group (or groups
# holding digits, split by single spaces, dots or dashes) with at least seven digits.
_VAT_SHAPE = re.compile(r"(?<![A-Z0-9])([A-Z]{2})[ ]?"
                        r"([A-Z0-9]+(?:[ .\-](?=[A-Z]*\d)[A-Z0-9]+){0,3})(?![A-Z0-9])")


def _longest_valid(text: str, start: int, end: int, check: Any) -> tuple[int, str] | None:
    """The longest prefix of text[start:end] (cut at a character) that ``check`` accepts."""
    chunk = text[start:end]
    for cut in range(len(chunk), 3, -1):
        piece = chunk[:cut].rstrip(" .-")
        try:
            return start + len(piece), check(piece)
        except Exception:  # stdnum's ValidationError and friends
            continue
    return None


#: An IBAN whose check digits (its third and fourth characters, always digits) were read
#: as look-alike letters: a handwritten or scanned 'FRI4 2004 ...' for 'FR14 2004 ...'.
_IBAN_LOOSE = re.compile(r"(?:(?<![A-Z0-9])|(?<=IBAN))"
                         r"(?=([A-Z]{2}[A-Z0-9]{2}(?:[ ]?[A-Z0-9]){10,30}))")
_DIGIT_LOOKALIKES = str.maketrans("ILODQSBZGT", "1100058267")
#: The score of an IBAN whose check digits were read as letters, once its checksum holds.
_REPAIRED_SCORE = 0.9


def _iban_check_digits_repaired(upper: str) -> list[Found]:
    """IBANs of ``upper`` whose check digits hold a look-alike letter and whose checksum
    holds once it is read as the digit (the mod-97 check catches any single wrong
    character, so a repaired reading that passes is the one written). Not where the run
    goes on past the IBAN found (:func:`_goes_on`): a group of another IBAN's reading
    ("MT90 TRBG 6494 ...": 'TR', 'BG' read as 86) passes mod 97 by chance, once in 97."""
    from stdnum import iban

    out: list[Found] = []
    for m in _IBAN_LOOSE.finditer(upper):
        start = m.start(1)
        check = upper[start + 2:start + 4]
        if check.isdigit() or (out and out[-1].end > start):
            continue
        fixed = check.translate(_DIGIT_LOOKALIKES)
        if not fixed.isdigit():
            continue
        repaired = upper[:start + 2] + fixed + upper[start + 4:]
        hit = _longest_valid(repaired, start, m.end(1), iban.validate)
        if hit and not _goes_on(upper, hit[0]):
            out.append(Found(start, hit[0], hit[1], _REPAIRED_SCORE))
    return out


def _goes_on(upper: str, end: int) -> bool:
    """Whether the group of characters in ``upper`` goes on at ``end`` (a letter or a
    digit there): no IBAN of a repaired reading ends inside a group."""
    return end < len(upper) and upper[end].isalnum()


@functools.cache
def iban_places() -> dict[str, str]:
    """Per country, what each place of its IBANs holds, by python-stdnum's copy of the
    IBAN registry: ``a`` a letter, ``n`` a digit, ``c`` either; the country's two letters
    and the two check digits first (``GB``: ``aann`` + ``aaaa`` + 14 ``n``)."""
    from importlib import resources

    text = resources.files("stdnum").joinpath("iban.dat").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        m = re.match(r'([A-Z]{2})\s.*\bbban="([^"]*)"', line)
        if m:
            out[m.group(1)] = "aann" + "".join(kind * int(n) for n, kind in
                                                 re.findall(r"(\d+)!([nac])", m.group(2)))
    return out


_PLACE_CLASS = {"a": "[A-Z]", "n": "[0-9]", "c": "[A-Z0-9]"}


@functools.cache
def iban_pattern() -> str:
    """A regex of every country's IBANs, compact (no spaces), each place with what the
    registry allows there: what a recognizer reads an IBAN by (the country's letters are
    no digits, the check digits no letters; a German BBAN is digits alone)."""
    alts = []
    for country, places in sorted(iban_places().items()):
        runs = [(kind, len(list(group))) for kind, group in itertools.groupby(places[2:])]
        alts.append(country + "".join(_PLACE_CLASS[k] + (f"{{{n}}}" if n > 1 else "")
                                      for k, n in runs))
    return "(?:" + "|".join(alts) + ")"


#: Characters a recognizer reads for one another, a letter and a digit: the changes an
#: IBAN's place may put right, by what the IBAN format allows there.
_LETTER_FOR_DIGIT = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"}
_DIGIT_FOR_LETTER = {v: k for k, v in _LETTER_FOR_DIGIT.items()}
#: A run that may be an IBAN read with one look-alike character (also in its country's
#: letters: "G8" for "GB").
_IBAN_ANY = re.compile(r"(?:(?<![A-Z0-9])|(?<=IBAN))"
                       r"(?=([A-Z0-9]{2}[A-Z0-9]{2}(?:[ ]?[A-Z0-9]){10,30}))")


def _as_format(places: str, chars: Sequence[str]) -> list[str] | None:
    """``chars`` with each character the format does not allow at its place (``places``,
    :func:`iban_places`) read as its look-alike of the other kind: a letter ``O`` in a
    place of digits is a 0, a digit ``8`` in a country's letters a B. The format decides
    these, nothing is chosen; None when such a character has no look-alike."""
    out = []
    for kind, ch in zip(places, chars, strict=True):
        if kind == "n" and not ch.isdigit():
            ch = _DIGIT_FOR_LETTER.get(ch, "")
        elif kind == "a" and not ch.isalpha():
            ch = _LETTER_FOR_DIGIT.get(ch, "")
        if not ch:
            return None
        out.append(ch)
    return out


def _iban_lookalike_repaired(upper: str) -> list[Found]:
    """IBANs of ``upper`` read with look-alike characters (``O`` for ``0``, ``8`` for
    ``B``; :data:`_LETTER_FOR_DIGIT`), put right by the country's IBAN format (python-stdnum's
    registry, :func:`iban_places`): a character of the wrong kind for its place (a letter
    in the check digits or a BBAN's digits, a digit in the country's code) is its
    look-alike, as the format says (:func:`_as_format`). When the checksum holds then,
    that is the IBAN. Else, in places that allow both letters and digits (a French
    account number's), a letter read there is tried as its look-alike digit (an ``O``
    among an account's digits read for ``0``): exactly one change that makes the
    checksum hold is the IBAN; two or more, none (mod 97 lets one wrong reading in
    about 97 through, and there is no telling which was written).

    A digit there is never changed to a letter: an account number is mostly digits, so
    a reading with one mistyped or misread digit offers ten or more such changes, and
    one of them makes mod 97 hold by chance for about one IBAN in 14 (generated
    Italian, French, Swiss, Maltese and Cypriot IBANs with one wrong digit, 6-9 %: a
    valid, wrong account number, taken). A letter read for a digit is what a recognizer
    does (:data:`_DIGIT_FOR_LETTER`); the few letters of a reading offer few changes."""
    from stdnum import iban

    out: list[Found] = []
    known = iban_places()
    for m in _IBAN_ANY.finditer(upper):
        start = m.start(1)
        if out and out[-1].end > start:
            continue
        at = [start + i for i, ch in enumerate(m.group(1)) if ch != " "]
        chars = [upper[i] for i in at]
        if not any(c.isalpha() for c in chars[:2]):
            continue  # a country read as two digits: a number ("15 ..." is no "IS")
        places = known.get("".join(_LETTER_FOR_DIGIT.get(c, c) for c in chars[:2]))
        if places is None or len(chars) < len(places):
            continue
        end = at[len(places) - 1] + 1
        if _goes_on(upper, end):
            continue  # the run goes on: no IBAN of the country's length ends here
        fixed = _as_format(places, chars[:len(places)])
        if fixed is None:
            continue
        readings = {"".join(fixed)} if iban.is_valid("".join(fixed)) else {
            value for i, (kind, ch) in enumerate(zip(places, fixed, strict=True))
            if kind == "c" and (alt := _DIGIT_FOR_LETTER.get(ch))
            and iban.is_valid(value := "".join([*fixed[:i], alt, *fixed[i + 1:]]))}
        if len(readings) == 1:
            out.append(Found(start, end, readings.pop(), _REPAIRED_SCORE))
    return out


class IbanType(FieldType):
    name = "iban"
    version = "0.1.0"
    summary = "IBANs (checksum verified); written with or without spaces"
    value_kind = "text"
    #: parse checks the reading (mod 97 and the country's format): a check that passed,
    #: whose strength :mod:`formsift.templates.check_digits` measures for a doubted value
    checks_reading = True

    def parse(self, raw: str, ctx: ParseContext) -> str:
        from stdnum import iban
        from stdnum.exceptions import ValidationError

        try:
            return iban.validate(plain_separators(raw).strip())
        except ValidationError as exc:
            raise ValueError(f"not a valid IBAN: {exc}") from exc

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        from stdnum import iban
        from stdnum.exceptions import ValidationError

        out = []
        upper = plain_separators(text, same_length=True).upper()
        for m in _IBAN.finditer(upper):
            hit = _longest_valid(upper, m.start(1), m.end(1), iban.validate)
            if hit and not (out and out[-1].end > m.start(1)):
                out.append(Found(m.start(1), hit[0], hit[1], 1.0))
        if not out:
            out = _iban_check_digits_repaired(upper)
        if not out and ctx.recognized:  # look-alike characters, put right where the
            out = _iban_lookalike_repaired(upper)  # format allows it and mod 97 then holds
        if not out and (comb := comb_text(text)) is not None:
            # a comb field's cells, one character each ("D E 8 9 3 7 ..."): the joined
            # characters, when they are a valid IBAN whole
            with contextlib.suppress(ValidationError):  # (no IBAN)
                out.append(Found(comb[0], comb[1], iban.validate(comb[2].upper()),
                                 _COMB_SCORE))
        return out

    def misfit(self, text: str, ctx: ParseContext) -> str | None:
        if self.find(text, ctx):
            return None
        # only where the value belongs: at the start of the text beside the label (an
        # example in running text, "your IBAN, e.g. DE12 3456 ...", is no mistyped value),
        # or a comb's cells joined, as find reads them
        comb = comb_text(text)
        head = comb[2].upper() if comb is not None else plain_separators(text).upper()
        head = head.lstrip(" :.-")
        # check digits read as look-alike letters ('FRI5 ...') keep the shape
        head = head[:2] + head[2:4].translate(_DIGIT_LOOKALIKES) + head[4:]
        m = _IBAN_SHAPE.match(head)
        if m is None or sum(c.isdigit() for c in m.group()) < 10:
            return None
        cells = " (its comb's cells joined)" if comb is not None else ""
        return f"{m.group().strip()}{cells} has an IBAN's shape but its check digits are wrong"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$"}

    def constraint(self) -> Constraint:
        # the registry's shape of each country's IBANs: a recognizer reading box by box
        # (a comb) or a line again takes the country's letters for letters ("DE" was read
        # "1 6" in a comb) and its digits for digits
        return Constraint(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ",
                          pattern=iban_pattern())


class BicType(FieldType):
    name = "bic"
    version = "0.1.0"
    summary = "BIC / SWIFT codes (format and country verified)"
    value_kind = "text"

    def parse(self, raw: str, ctx: ParseContext) -> str:
        from stdnum import bic
        from stdnum.exceptions import ValidationError

        try:
            return bic.validate(plain_separators(raw).strip())
        except ValidationError as exc:
            raise ValueError(f"not a valid BIC: {exc}") from exc

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        out = []
        for m in _BIC.finditer(plain_separators(text, same_length=True)):
            try:
                out.append(Found(m.start(), m.end(), self.parse(m.group(), ctx), 1.0))
            except ValueError:
                continue
        return out

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$"}


def validate_vat(number: str) -> str:
    """``number`` as a compact VAT number with its country prefix, if it is a valid one:
    of an EU member state (``DE123456789``), or of Switzerland (``CHE-116.281.710 MWST``
    or the UID alone, ``CHE-116.281.710``), the United Kingdom (``GB 980 7806 84``) or
    Norway (``NO 995 525 828 MVA``), which European invoices print as often; raises
    stdnum's ValidationError otherwise."""
    from stdnum.eu import vat

    text = number.strip()
    head = text[:3].upper()
    if head == "CHE":
        from stdnum.ch import uid
        from stdnum.ch import vat as ch_vat

        return (ch_vat if re.search(r"(MWST|TVA|IVA|TPV)\W*$", text.upper())
                else uid).validate(text)
    if head[:2] in ("GB", "NO"):
        from stdnum.gb import vat as gb_vat
        from stdnum.no import mva

        module = gb_vat if head[:2] == "GB" else mva
        return head[:2] + module.validate(text)
    return vat.validate(text)


#: A number without a country prefix, as a VAT number of the template's country may be
#: printed ("N° d'entreprise 0312.566.068"): digits (and the letters some countries'
#: numbers hold, "004495445B01"), in groups split by single spaces, dots or dashes.
_BARE_VAT = re.compile(r"(?<![A-Z0-9.\-])(?=(\d[0-9A-Z]*(?:[ .\-][0-9A-Z]+){0,4}))")
#: The prefix a country's VAT numbers are written with, where it is not its ISO code.
_VAT_PREFIX = {"GR": "EL"}
#: The countries whose VAT numbers :func:`validate_vat` checks (EU member states, Northern
#: Ireland "XI", the United Kingdom, Norway; Switzerland's UIDs carry their "CHE").
VAT_COUNTRIES = frozenset({"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR",
                           "GR", "EL", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL",
                           "PL", "PT", "RO", "SE", "SI", "SK", "XI", "GB", "NO"})


class VatOptions(Options):
    #: The country (ISO 3166 code) whose VAT numbers the field reads when printed without
    #: their prefix ("BE": "0312.566.068"); by default the region of the template's locale
    #: ("fr_BE", "nl_BE"), none for a locale without one ("nl").
    country: str | None = None

    @field_validator("country")
    @classmethod
    def _known(cls, v: str | None) -> str | None:
        if v is not None and v.upper() not in VAT_COUNTRIES:
            raise ValueError(f"country {v!r} has no VAT numbers the vat type checks; "
                             f"known: {', '.join(sorted(VAT_COUNTRIES))}")
        return v.upper() if v is not None else v


def _comb_numbers(comb: tuple[int, int, str], country: tuple[str, bool] | None
                  ) -> list[str]:
    """The VAT numbers a comb's cells may hold (``comb``: :func:`~formsift.plugins.
    fieldtypes.comb.comb_text`), joined: with their prefix ("D E 1 3 6 ..."), or, of the
    field's named ``country`` (:meth:`VatType._country_prefix`; a locale's country alone
    is no proof, as in :meth:`VatType._bare`), its prefix and the digits alone (the
    prefix printed before the comb)."""
    joined = comb[2].upper()
    if country is not None and country[1] and joined[:1].isdigit():
        return [joined, country[0] + joined]
    return [joined]


class VatType(FieldType):
    name = "vat"
    version = "0.1.0"
    summary = ("VAT numbers with country prefix (checksum verified): EU member states, "
               "Switzerland (CHE ... MWST), the United Kingdom, Norway; without the prefix "
               "in the template's country (vat(country=\"BE\"), or the locale's region)")
    value_kind = "text"
    Options = VatOptions

    def _country_prefix(self, ctx: ParseContext) -> tuple[str, bool] | None:
        """The prefix of the country whose numbers are read without one, and whether it
        was named by the field's ``country`` (else it is the region of the template's
        locale: "fr_BE" gives "BE")."""
        country = getattr(self.options, "country", None)
        named = country is not None
        if country is None:
            region = ctx.locale.tag.replace("-", "_").split("_")[1:2]
            country = region[0].upper() if region else None
        if country not in VAT_COUNTRIES:
            return None
        return _VAT_PREFIX.get(country, country), named

    def parse(self, raw: str, ctx: ParseContext) -> str:
        from stdnum.exceptions import ValidationError

        text = plain_separators(raw)
        try:
            return validate_vat(text)
        except ValidationError as exc:
            country = self._country_prefix(ctx)
            if country is not None and text.strip()[:1].isdigit():
                try:  # "0312.566.068" in a Belgian template
                    return validate_vat(country[0] + text.strip())
                except ValidationError:
                    pass
            raise ValueError(f"not a valid VAT number: {exc}") from exc

    def find(self, text: str, ctx: ParseContext) -> list[Found]:
        out = []
        upper = plain_separators(text, same_length=True).upper()
        for m in _VAT.finditer(upper):
            hit = _longest_valid(upper, m.start(1), m.end(1), validate_vat)
            if hit and not (out and out[-1].end > m.start(1)):
                out.append(Found(m.start(1), hit[0], hit[1], 1.0))
        country = self._country_prefix(ctx)
        if country is not None:
            out.extend(self._bare(upper, *country, out))
        if not out and (comb := comb_text(text)) is not None:
            out.extend(self._in_comb(comb, country))
        return out

    @staticmethod
    def _in_comb(comb: tuple[int, int, str], country: tuple[str, bool] | None
                 ) -> list[Found]:
        """A comb field's cells, one character each (``comb``:
        :func:`~formsift.plugins.fieldtypes.comb.comb_text`), joined, when they are a
        valid VAT number whole: with their prefix ("D E 1 3 6 ..."), or, of the field's
        named ``country`` (:meth:`_country_prefix`; a locale's country alone is no proof,
        as in :meth:`_bare`), its digits alone (the prefix printed before the comb), as an
        ``iban``'s cells are."""
        from stdnum.exceptions import ValidationError

        for number in _comb_numbers(comb, country):
            with contextlib.suppress(ValidationError):  # (no VAT number)
                return [Found(comb[0], comb[1], validate_vat(number), _COMB_SCORE)]
        return []

    def _bare(self, upper: str, prefix: str, named: bool, prefixed: list[Found]
              ) -> list[Found]:
        """VAT numbers of the country of ``prefix`` printed without it, each the whole of
        its number (not a part of a longer one: an account, a date), ranked below those
        written with a prefix. Of the locale's country (``named`` False), only a number
        printed in groups ("0312.566.068", "0312 566 068"), as company numbers are: an
        invoice or order number of as many digits that passes the check is no VAT
        number."""
        out: list[Found] = []
        for m in _BARE_VAT.finditer(upper):
            start = m.start(1)
            if any(f.start <= start < f.end for f in prefixed + out):
                continue
            hit = _longest_valid(upper, start, m.end(1),
                                 lambda piece: validate_vat(prefix + piece))
            if hit is None:
                continue
            end = hit[0]
            rest = upper[end:end + 2]
            if rest[:1].isalnum() or (rest[:1] in " .-" and rest[1:2].isdigit()):
                continue  # "0312.566.068.5": the number goes on
            if not named and not any(c in " .-" for c in upper[start:end]):
                continue
            out.append(Found(start, end, hit[1], 0.8))
        return out

    def misfit(self, text: str, ctx: ParseContext) -> str | None:
        if self.find(text, ctx):
            return None
        from stdnum.eu import vat
        from stdnum.exceptions import InvalidChecksum, ValidationError

        # only where the value belongs: at the start of the text beside the label, with a
        # member state's prefix and the digits of a number (not a word after "VAT")
        # as printed: "de 2024" is a word; or a comb's cells joined, as find reads them
        comb = comb_text(text)
        for number in (_comb_numbers(comb, self._country_prefix(ctx)) if comb is not None
                       else [plain_separators(text).lstrip(" :.-#")]):
            m = _VAT_SHAPE.match(number)
            if m is None or m.group(1).lower() not in vat.MEMBER_STATES | {"el"} or \
                    sum(c.isdigit() for c in m.group(2)) < 7:
                continue
            number = m.group().strip(" .-")
            try:
                vat.validate(number)
            except InvalidChecksum:  # its country's length and form, a wrong check digit
                cells = " (its comb's cells joined)" if comb is not None else ""
                return (f"{number}{cells} has an EU VAT number's shape but its check digits "
                        f"are wrong")
            except ValidationError:  # another length or form: a date, a reference ...
                continue
        return None
