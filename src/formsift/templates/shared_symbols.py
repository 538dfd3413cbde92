"""Which currency a symbol several currencies write stands for in one document.

A bare ``$`` is the US, Australian, Canadian, New Zealand... dollar; ``kr`` the Swedish,
Norwegian, Danish or Icelandic krona; ``¥`` the yen or the yuan. Where a template names
no currency, the money type reads such a symbol as its first currency (USD, SEK, JPY).
The document usually says which one it means: an amount of the record named by its code
(``NZD 150.00``), a code standing elsewhere on the page (``Total NZD``, ``All amounts in
AUD``), or, failing both, the country of the template's locale (``en_AU``).
:func:`name_shared_currencies` gives the amounts read from such a symbol that currency.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from formsift.core.document import Document
from formsift.core.money import (
    DOLLAR_SIGN_CURRENCIES,
    KRONA_CURRENCIES,
    REGION_CURRENCY,
    YEN_CURRENCIES,
)
from formsift.plugins.fieldtypes.amounts import CODE_ALIASES, DOLLAR_MARKS, WORD_CODES
from formsift.util.currencies import expected_currency

#: Currencies a bare symbol may stand for, as one: without a template currency "$" is read
#: as USD and "kr" as SEK, so "$100.00" beside "AUD 110.00" is no mix of currencies. Two
#: currencies of a family each named beside an amount ("1 149,75 $ US" and "1 149,75 $
#: CA", "USD 100.00" and "NZD 150.00") are two. The symbols' currencies are the money
#: type's (:mod:`formsift.core.money`: the dollars and the pesos that write "$"), and the
#: real (R$).
FAMILY = {**dict.fromkeys((*DOLLAR_SIGN_CURRENCIES, "BRL"), "dollars ($)"),
          **dict.fromkeys(KRONA_CURRENCIES, "kronor (kr)"),
          **dict.fromkeys(YEN_CURRENCIES, "yen or yuan (¥)")}

#: Codes that name one currency of a family where they stand on a page (ISO codes, less
#: those that are also words in capitals, "CUP", "NAD": ``WORD_CODES``; the aliases the
#: money type reads, CDN, NTD, RMB), and the marked dollars of the money type (A$, NZ$,
#: C$, U$S, $U, ...: its ``_DOLLARS``, one list), where they are of these families.
_CODES = {**{code: code for code in FAMILY if code not in WORD_CODES},
          **{k: v for k, v in {**CODE_ALIASES, "RMB": "CNY"}.items() if v in FAMILY}}
_MARKS = {k: v for k, v in DOLLAR_MARKS.items() if v in FAMILY}


def _alternatives(names: Iterable[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


#: A code names the document's currency where it stands as a currency does: before an
#: amount or a symbol ("Total NZD $1,380.00", "AUD 110.00"), after an amount ("110.00
#: AUD"), or after "in" or "Currency:" ("All amounts in AUD", "Payable in CDN funds",
#: "Währung: NZD"); never as a word of text ("CAD drafting", "COP28", "Order NZD2026-114")
#: or glued to letters or digits ("AUD1"). A marked dollar ("A$", "NZ$") is one anywhere.
_CODE_RE = re.compile(
    r"(?<![\w$])(?P<before>" + _alternatives(_CODES) + r")(?![A-Za-z0-9])(?=\s?[$€£]|\s[-(]?\d)"
    r"|(?<=\d)\s?(?P<after>" + _alternatives(_CODES) + r")(?![A-Za-z0-9])"
    r"|(?i:\b(?:in|currency|w[äa]hrung|devise|moneda|moeda|valuta)\b)\s*:?\s*"
    r"(?P<phrase>" + _alternatives(_CODES) + r")(?![A-Za-z0-9])"
    r"|(?<![\w$])(?P<mark>" + _alternatives(_MARKS) + r")(?![A-Za-z])")

#: The currency of a locale's country, for the families above ("en_AU": AUD, "es_CL": CLP).
_REGION_CURRENCY = REGION_CURRENCY


def _region(tag: str) -> str | None:
    parts = re.split(r"[_-]", tag)
    return parts[1].upper() if len(parts) > 1 else None


def _named_on_pages(doc: Document | None) -> dict[str, set[str]]:
    """Per family, the codes of it written anywhere on the document's pages."""
    found: dict[str, set[str]] = {}
    for page in doc.pages if doc is not None else ():
        for m in _CODE_RE.finditer(page.text or ""):
            code = _MARKS[m["mark"]] if m["mark"] else \
                _CODES[m["before"] or m["after"] or m["phrase"]]
            found.setdefault(FAMILY[code], set()).add(code)
    return found


def _named_on_record(values: Iterable[Any]) -> dict[str, set[str]]:
    """Per family, the codes named beside the record's amounts ("NZD 150.00")."""
    found: dict[str, set[str]] = {}
    for v in values:
        code = getattr(v, "currency", None)
        if code in FAMILY and getattr(v, "named", False):
            found.setdefault(FAMILY[code], set()).add(code)
    return found


def name_shared_currencies(template: Any, chosen: dict[str, Any],
                           tables: dict[str, list[dict[str, Any]]],
                           doc: Document | None) -> None:
    """Give each amount read from a symbol of several currencies ("$", "kr", "¥"), in a
    field or column that expects no currency, the one currency of that symbol the document
    names: named beside another amount of the record, else written on its pages (one code
    of the family only), else the country's of the template's locale. ``chosen`` holds
    each field's chosen reading (a list for a repeated field), ``tables`` each table's rows
    (column to reading): readings, anything with a ``value``, are changed in place; where
    the document names two currencies of the family, they stay as read."""
    ctx = template.context
    cells: list[tuple[Any, Any]] = []
    for name, spec in template.fields.items():
        c = chosen.get(name)
        cells += [(spec.type, v) for v in (c if isinstance(c, list) else [c])
                  if v is not None and hasattr(v, "value")]
    for tname, tspec in template.tables.items():
        rows = tables.get(tname) or []
        for col in tspec.columns:
            key = col.name
            cells += [(col.type, v) for v in (row.get(key) for row in rows)
                      if v is not None and hasattr(v, "value")]
    # (the amount's own currency first: most cells are no amount of a shared symbol)
    shared = [fv for ftype, fv in cells
              if getattr(fv.value, "currency", None) in FAMILY
              and not getattr(fv.value, "named", True)
              and expected_currency(ftype, ctx) is None]
    if not shared:
        return
    on_record = _named_on_record(fv.value for _, fv in cells)
    on_pages = _named_on_pages(doc)
    region = _REGION_CURRENCY.get(_region(ctx.locale.tag) or "")
    for fv in shared:
        family = FAMILY[fv.value.currency]
        codes = on_record.get(family) or on_pages.get(family)
        if codes:
            code = next(iter(codes)) if len(codes) == 1 else None
        else:
            code = region if region is not None and FAMILY.get(region) == family else None
        if code is not None and code != fv.value.currency:
            fv.value = type(fv.value)(fv.value, code, False)
