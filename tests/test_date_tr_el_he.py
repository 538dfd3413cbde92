"""Turkish, Greek and Hebrew month names and locales (mediterranean journey, findings 3
and 7): '4 Aralık 2026' on a Turkish invoice, '4 Δεκεμβρίου 2026' on a Greek one and
'4 בדצמבר 2026' on an Israeli one were no dates, and there was no tr, el or he locale."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest

from formsift.core.locale import get_locale, known_languages
from tests.parsing import best, ctx, extract_text, ftype

_TR = ["ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül",
       "ekim", "kasım", "aralık"]
_EL_GENITIVE = ["Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου",
                "Ιουλίου", "Αυγούστου", "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου",
                "Δεκεμβρίου"]
_EL_NOMINATIVE = ["Ιανουάριος", "Φεβρουάριος", "Μάρτιος", "Απρίλιος", "Μάιος", "Ιούνιος",
                  "Ιούλιος", "Αύγουστος", "Σεπτέμβριος", "Οκτώβριος", "Νοέμβριος",
                  "Δεκέμβριος"]
_HE = ["ינואר", "פברואר", "מרץ", "אפריל", "מאי", "יוני", "יולי", "אוגוסט", "ספטמבר",
       "אוקטובר", "נובמבר", "דצמבר"]


def _turkish_upper(word: str) -> str:
    return word.replace("i", "İ").replace("ı", "I").upper()


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("locale", ["tr_TR", "en", "el_GR"])
def test_turkish_month_names_in_every_case(registry, month, locale):
    """A user's bug: 'Fatura Tarihi: 4 Aralık 2026' was no date ("does not read as a
    date value"); Turkish capitals write İ for i and I for ı ('ARALIK', 'NİSAN')."""
    name = _TR[month - 1]
    for written in (name, name.capitalize(), _turkish_upper(name), name.upper()):
        assert ftype(registry, "date").parse(f"4 {written} 2026", ctx(locale)) \
            == date(2026, month, 4), written


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("locale", ["el_GR", "en", "tr"])
def test_greek_month_names_genitive_nominative_and_capitals(registry, month, locale):
    """'4 Δεκεμβρίου 2026' (the genitive a date prints), capitals without tonos
    ('ΔΕΚΕΜΒΡΙΟΥ', 'ΜΑΪΟΥ') and the nominative ('Δεκέμβριος 2026')."""
    for name in (_EL_GENITIVE[month - 1], _EL_NOMINATIVE[month - 1]):
        upper = unicodedata.normalize("NFC", name.upper())
        # as Greek capitals are printed: without the tonos (Μαΐου: ΜΑΪΟΥ)
        plain = unicodedata.normalize("NFC", "".join(
            c for c in unicodedata.normalize("NFD", upper) if c != "\u0301"))
        for written in (name, plain, name.lower()):
            assert ftype(registry, "date").parse(f"4 {written} 2026", ctx(locale)) \
                == date(2026, month, 4), written


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("locale", ["he_IL", "en"])
def test_hebrew_month_names_with_and_without_the_prefix(registry, month, locale):
    for written in (_HE[month - 1], "ב" + _HE[month - 1]):
        assert ftype(registry, "date").parse(f"4 {written} 2026", ctx(locale)) \
            == date(2026, month, 4), written


@pytest.mark.parametrize("text, locale, expected", [
    ("Fatura Tarihi: 4 Aralık 2026 Vade", "tr", date(2026, 12, 4)),
    ("FATURA TARİHİ: 04 ŞUBAT 2027", "tr_TR", date(2027, 2, 4)),
    ("Düzenleme: 15 Oca 2027", "tr", date(2027, 1, 15)),
    ("Ημερομηνία έκδοσης: 4 Δεκεμβρίου 2026", "el", date(2026, 12, 4)),
    ("ΗΜΕΡΟΜΗΝΙΑ: 4 ΔΕΚΕΜΒΡΙΟΥ 2026", "el_GR", date(2026, 12, 4)),
    ("תאריך: 4 בדצמבר 2026", "he", date(2026, 12, 4)),
    ("04/12/2026", "tr", date(2026, 12, 4)),
    ("04.12.2026", "el", date(2026, 12, 4)),
    ("04/12/2026", "he_IL", date(2026, 12, 4)),
])
def test_dates_found_in_a_line(registry, text, locale, expected):
    found = best(registry, "date", text, locale)
    assert found is not None and found.value == expected


@pytest.mark.parametrize("tag, decimal, thousands", [
    ("tr", ",", "."), ("tr_TR", ",", "."), ("el", ",", "."), ("el_GR", ",", "."),
    ("el_CY", ",", "."), ("he", ".", ","), ("he_IL", ".", ","), ("iw", ".", ","),
])
def test_turkish_greek_and_hebrew_locales(tag, decimal, thousands):
    loc = get_locale(tag)
    assert (loc.decimal, loc.thousands, loc.date_order) == (decimal, thousands, "DMY")
    assert {"tr", "el", "he"} <= set(known_languages())


@pytest.mark.parametrize("text, locale, expected", [
    ("1.234,56 TL", "tr_TR", Decimal("1234.56")),
    ("2.016,13 €", "el_GR", Decimal("2016.13")),
    ("₪1,000.00", "he_IL", Decimal("1000.00")),
])
def test_amounts_in_those_locales(registry, text, locale, expected):
    found = best(registry, "money", text, locale)
    assert found is not None and found.value == expected


def test_a_turkish_invoice_with_a_locale(tmp_path):
    result = extract_text(tmp_path, 'template t {\n  locale "tr_TR"\n  currency "TRY"\n'
                          '  field issued: date = right of "Fatura Tarihi"\n'
                          '  field due: date = right of "Vade Tarihi"\n'
                          '  field total: money = right of "Ödenecek Tutar"\n}\n',
                          "FATURA\nFatura Tarihi: 4 Aralık 2026\nVADE TARİHİ: 18 ARALIK 2026\n"
                          "Ödenecek Tutar: 12.345,60 TL\n")
    assert result.value("issued") == date(2026, 12, 4)
    assert result.value("due") == date(2026, 12, 18)
    assert result.value("total") == Decimal("12345.60")


def test_turkish_words_are_no_months(registry):
    # "Ara Toplam" (subtotal) and "Kasa" are words, not months, without a day and a year
    assert ftype(registry, "date").find("Ara Toplam 1.234,56 Kasa 3", ctx("tr")) == []


@pytest.mark.parametrize("text, expected", [
    ("2026 בדצמבר 4 : תאריך", date(2026, 12, 4)),
    ("2027 ינואר 15", date(2027, 1, 15)),
    ("2026 مارس 14 : التاريخ", date(2026, 3, 14)),
])
def test_a_right_to_left_date_as_a_text_layer_orders_its_words(registry, text, expected):
    """A PDF's text layer gives a right-to-left line's words left to right as they stand
    on the page: '4 בדצמבר 2026' comes as '2026 בדצמבר 4'."""
    found = best(registry, "date", text, "he")
    assert found is not None and found.value == expected


def test_no_right_to_left_date_from_a_year_and_a_word(registry):
    assert ftype(registry, "date").find("2026 שלום 4", ctx("he")) == []
    assert ftype(registry, "date").find("Order 2026 mars 4", ctx("fr")) == []


def test_a_hebrew_invoice_date_with_a_month_name_in_a_pdf(tmp_path):
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=200)
    for y, line in ((40, "חשבונית מס"), (80, "תאריך: 4 בדצמבר 2026")):
        page.insert_htmlbox(pymupdf.Rect(100, y, 555, y + 24),
                            f'<div dir="rtl" style="text-align:right;font-family:sans-serif;'
                            f'font-size:12pt">{line}</div>')
    pdf = tmp_path / "he.pdf"
    doc.save(pdf)
    tpl = tmp_path / "he.sift"
    tpl.write_text('template he {\n  locale "he_IL"\n'
                   '  field issued: date = right of "תאריך" or left of "תאריך"\n}\n',
                   encoding="utf-8")
    from formsift import Engine

    assert Engine().extract(pdf, str(tpl)).value("issued") == date(2026, 12, 4)
