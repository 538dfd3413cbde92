"""ISO 3166-1 country codes for rules: ``valid_country(origin)`` (customs journey, finding
3: a customs desk's templates carried a 249-entry ``map`` of the codes to check an
invoice line's country of origin). The codes come from the ``pycountry`` package, a
maintained copy of ISO 3166-1 (Babel's territory list is no such copy: it adds EU, XK,
UN, ZZ, regions such as AC and IC)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from formsift.core.kinds import Function, Validator
from formsift.templates.check_digits import closed_list
from formsift.util.number_text import plain_separators


@functools.cache
def iso_3166_codes() -> frozenset[str]:
    """The officially assigned ISO 3166-1 alpha-2 and alpha-3 codes ("DE", "DEU"), from
    ``pycountry``; not the user-assigned ones (XK for Kosovo, EU) nor withdrawn ones
    (ISO 3166-3: YU, CS)."""
    import pycountry

    return frozenset(code for c in pycountry.countries for code in (c.alpha_2, c.alpha_3))


@closed_list
def valid_country(code: Any) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 or alpha-3 country code ("DE", "deu"
    and " DE " too: case and spaces around are not the code's). A closed list: it covers
    a letter of a code read unsure only where no other letter there makes a code
    (:func:`formsift.templates.check_digits.closed_list`)."""
    return plain_separators(str(code)).strip().upper() in iso_3166_codes()


@closed_list
def valid_mrz_state(code: Any) -> bool:
    """Whether ``code`` is an issuing state or a nationality as ICAO 9303 writes them in a
    machine-readable zone: an ISO 3166-1 alpha-3 code or one of ICAO's own (Germany's
    ``D``, ``GBD``, ``UNO``, ``XXA``, the specimen state ``UTO``:
    :data:`formsift.plugins.validators.mrz.ICAO_CODES`); fillers (``D<<``) aside. A closed
    list, as :func:`valid_country`: 'AUS' read for 'AUT' passes it."""
    from formsift.plugins.validators.mrz import known_state

    return isinstance(code, str) and known_state(code.upper())


def country_code_of(name: str) -> str | None:
    """The alpha-2 code of the country ``name`` names ("Germany": "DE"), or None."""
    import pycountry

    try:
        return str(pycountry.countries.lookup(name.strip()).alpha_2)
    except LookupError:
        return None


def _check_country(literals: list[Any]) -> tuple[str, str | None] | None:
    """A template's ``valid_country("Germany")``: a literal that is no code (a country's
    name, a code of three digits) always fails; say which code to write."""
    if not literals or not isinstance(literals[0], str) or valid_country(literals[0]):
        return None
    text = literals[0]
    code = country_code_of(text)
    said = f" ({text} is {code})" if code else ""
    return (f"valid_country({text!r}) is always false: {text!r} is no ISO 3166-1 alpha-2 "
            f"or alpha-3 code{said}",
            "valid_country(origin): a field or column holding codes such as DE or DEU")


class CountryValidator(Validator):
    name = "countries"
    version = "0.1.0"
    summary = ("valid_country: ISO 3166-1 alpha-2 and alpha-3 codes (pycountry); "
               "valid_mrz_state: an MRZ's issuing state or nationality")

    def functions(self) -> Iterable[Function]:
        return [
            Function("valid_country", ("text",), "bool", valid_country,
                     "An ISO 3166-1 country code, alpha-2 or alpha-3 (DE, DEU; the "
                     "pycountry package's list); not a country's name, nor a code ISO "
                     "does not assign (XK, EU).", check=_check_country),
            Function("valid_mrz_state", ("text",), "bool", valid_mrz_state,
                     "An MRZ's issuing state or nationality (mrz.nationality): an ISO "
                     "3166-1 alpha-3 code or one of ICAO 9303's own (D, GBD, UNO, XXA, "
                     "the specimen state UTO)."),
        ]
