"""Checksum validators for rules: IBAN, BIC, EU VAT, Luhn (payment cards), ISO 4217."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from formsift.core.kinds import Function, Validator

# Active ISO 4217 currency codes (2024).
ISO_4217 = frozenset([
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
    "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUP", "CVE",
    "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL",
    "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR",
    "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD",
    "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK",
    "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO",
    "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON",
    "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD",
    "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD",
    "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV",
    "WST", "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XDR", "XOF", "XPD", "XPF",
    "XPT", "XSU", "XTS", "XUA", "XXX", "YER", "ZAR", "ZMW", "ZWL",
])


def _valid(module: str) -> Any:
    def check(value: Any) -> bool:
        import importlib

        mod = importlib.import_module(module)
        return bool(mod.is_valid(str(value)))

    return check


def valid_currency(code: Any) -> bool:
    return str(code).strip().upper() in ISO_4217


class ChecksumValidator(Validator):
    name = "checksums"
    version = "0.1.0"
    summary = "valid_iban, valid_bic, valid_vat, luhn, valid_currency (python-stdnum)"

    def functions(self) -> Iterable[Function]:
        return [
            Function("valid_iban", ("text",), "bool", _valid("stdnum.iban"),
                     "The IBAN's format and mod-97 checksum are right."),
            Function("valid_bic", ("text",), "bool", _valid("stdnum.bic"),
                     "A well-formed BIC/SWIFT code."),
            Function("valid_vat", ("text",), "bool", _valid("stdnum.eu.vat"),
                     "An EU VAT number with a correct check digit for its country."),
            Function("luhn", ("text",), "bool", _valid("stdnum.luhn"),
                     "The Luhn check digit (payment cards, many IDs) is right."),
            Function("valid_currency", ("text",), "bool", valid_currency,
                     "An active ISO 4217 currency code."),
        ]
