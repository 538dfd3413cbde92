"""Units of measure as printed on invoices, to their UN/ECE Recommendation 20 codes.

Downstream systems (ERP imports, e-invoicing formats such as UBL and ZUGFeRD) want the
code: ``KGM`` for kilogram, ``H87`` for piece. Only common printed forms are known; any
other returns None rather than a guess.
"""

from __future__ import annotations

_PRINTED: dict[str, tuple[str, ...]] = {
    "LTR": ("l", "lt", "ltr", "liter", "litre", "liters", "litres", "ℓ"),
    "MLT": ("ml", "milliliter", "millilitre"),
    "KGM": ("kg", "kgs", "kgm", "kilo", "kilogram", "kilograms", "kilogramm"),
    "GRM": ("g", "gr", "grm", "gram", "grams", "gramm"),
    "TNE": ("t", "tonne", "tonnes"),
    "MTR": ("m", "mtr", "meter", "metre", "meters", "metres"),
    "CMT": ("cm",),
    "MMT": ("mm",),
    "KMT": ("km",),
    "MTK": ("m2", "m²", "sqm"),
    "MTQ": ("m3", "m³", "cbm"),
    "H87": ("pc", "pcs", "piece", "pieces", "ea", "each", "ps", "st", "st.", "stk",
            "stk.", "stck", "stück", "stueck", "stuk", "stuks", "unit", "units", "x"),
    "SET": ("set", "sets"),
    "PR": ("pair", "pairs", "pr"),
    "HUR": ("h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden", "uur", "uren"),
    "MIN": ("min", "mins", "minute", "minutes"),
    "DAY": ("d", "day", "days", "tag", "tage", "dag", "dagen"),
    "WEE": ("wk", "week", "weeks"),
    "MON": ("mo", "month", "months", "monat", "monate", "maand", "maanden", "mnd"),
    "ANN": ("yr", "year", "years", "jahr", "jahre", "jaar"),
    "KWH": ("kwh",),
    # US customary units: a freight bill's weight ("1,250 lbs"), also as OCR writes "lbs"
    # with a capital I or a 1 (no other unit is written so)
    "LBR": ("lb", "lbs", "lb.", "lbs.", "pound", "pounds", "ib", "ibs", "1b", "1bs"),
    "ONZ": ("oz", "ounce", "ounces"),
    "CWT": ("cwt",),  # hundredweight (100 lb in the US)
    "FOT": ("ft", "foot", "feet"),
    "INH": ("in", "inch", "inches"),
    "GLL": ("gal", "gallon", "gallons"),
    "SMI": ("mi", "mile", "miles"),
}

UNECE_CODES: dict[str, str] = {p: code for code, forms in _PRINTED.items() for p in forms}


def unece_code(printed: str | None) -> str | None:
    """The UN/ECE Rec. 20 code of a printed unit (case and spaces ignored), or None."""
    if not printed:
        return None
    return UNECE_CODES.get("".join(str(printed).split()).lower())
