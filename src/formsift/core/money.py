"""Money values: a ``Decimal`` that remembers the currency written beside it."""

from __future__ import annotations

from decimal import Decimal


class Amount(Decimal):
    """An amount of money that keeps the currency written beside it ("$1,234.56": USD), so
    that an amount in another currency than the template's is flagged, not taken for it.

    ``named`` says that the currency is named by what is written beside the amount: a
    code or a mark that says which dollar ("CAD 110.00", "US$ 100.00", "1 149,75 $ US"),
    or a symbol of one currency ("€"); not a symbol several currencies write ("$", "kr",
    "¥"), read as its first currency or the template's. Amounts in two named dollars are
    two currencies; a bare "$" beside one of them is no other currency."""

    currency: str | None
    named: bool

    def __new__(cls, value: Decimal | str, currency: str | None = None,
                named: bool = False) -> Amount:
        self = super().__new__(cls, value)
        self.currency = currency
        self.named = named
        return self

    def __reduce__(self) -> tuple[type, tuple[str, str | None, bool]]:
        return Amount, (str(self), self.currency, self.named)


#: The currencies a bare "$" stands for: the dollars, and the pesos that write it (Mexico,
#: Argentina, Chile, Colombia, Uruguay, the Dominican Republic, Cuba), read as one of them
#: where the template expects it, or as the one the document or the template's locale
#: names (``templates.shared_symbols``), else as USD, the first. The real ("R$") is
#: written with its own mark and is no bare "$" (it is one of the dollars' family where
#: amounts of one record are compared).
DOLLAR_SIGN_CURRENCIES = ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "TWD", "MXN", "ARS",
                          "CLP", "COP", "UYU", "DOP", "CUP", "BSD", "BBD", "BZD", "BMD",
                          "JMD", "TTD", "XCD", "FJD", "GYD", "LRD", "NAD", "SRD", "BND",
                          "KYD", "SBD")
#: The currencies "kr" stands for, the first where nothing says which.
KRONA_CURRENCIES = ("SEK", "NOK", "DKK", "ISK")
#: The currencies "¥" stands for.
YEN_CURRENCIES = ("JPY", "CNY")

#: The currency of a country (a locale's region) that writes one of the shared symbols
#: above: "es_CL" reads a bare "$" as CLP, "en_AU" as AUD, "nb_NO" "kr" as NOK.
REGION_CURRENCY = {"US": "USD", "PR": "USD", "EC": "USD", "SV": "USD", "PA": "USD",
                   "AU": "AUD", "CA": "CAD", "NZ": "NZD", "SG": "SGD", "HK": "HKD",
                   "TW": "TWD", "MX": "MXN", "AR": "ARS", "CL": "CLP", "CO": "COP",
                   "UY": "UYU", "DO": "DOP", "CU": "CUP", "BS": "BSD", "BB": "BBD",
                   "BZ": "BZD", "BM": "BMD", "JM": "JMD", "TT": "TTD", "FJ": "FJD",
                   "GY": "GYD", "LR": "LRD", "NA": "NAD", "SR": "SRD", "BN": "BND",
                   "KY": "KYD", "SB": "SBD", "SE": "SEK", "NO": "NOK", "DK": "DKK",
                   "IS": "ISK", "JP": "JPY", "CN": "CNY"}
