"""Spanish regions that write a decimal point (journey latam2, finding 1): under `locale
"es_PE"` a Peruvian total printed 'S/ 1,770' (1770 soles, no cents) read as 1.770 and was
accepted, because every Spanish region but es_MX took Spain's decimal comma. CLDR gives a
decimal point and comma thousands to es_419 and the regions that keep its numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formsift.core.locale import get_locale
from tests.parsing import best, extract_text


def _amount(value):
    return getattr(value, "amount", value)


#: CLDR's Spanish regions with a decimal point ("1,234.56").
_POINT = ["es_419", "es_BR", "es_BZ", "es_CU", "es_DO", "es_GT", "es_HN", "es_MX", "es_NI",
          "es_PA", "es_PE", "es_PR", "es_SV", "es_US"]
#: ... and those with a decimal comma ("1.234,56"; Costa Rica groups with a space).
_COMMA = ["es", "es_ES", "es_AR", "es_BO", "es_CL", "es_CO", "es_EC", "es_PY", "es_UY",
          "es_VE", "es_GQ"]


@pytest.mark.parametrize("tag", _POINT)
def test_decimal_point_regions(tag):
    loc = get_locale(tag)
    assert (loc.decimal, loc.thousands) == (".", ","), tag
    assert loc.date_order == "DMY"


@pytest.mark.parametrize("tag", _COMMA)
def test_decimal_comma_regions_unchanged(tag):
    loc = get_locale(tag)
    assert (loc.decimal, loc.thousands) == (",", "."), tag


def test_hyphenated_and_lowercase_tags():
    assert get_locale("es-pe").decimal == "."
    assert get_locale("es-419").decimal == "."


@pytest.mark.parametrize("tag", ["es_PE", "es_DO", "es_GT", "es_US", "es_419"])
def test_amount_without_cents_is_thousands(registry, tag):
    """The user's bug: 'S/ 1,770' is 1770 in Peru, not 1.77."""
    found = best(registry, "money", "Importe Total: S/ 1,770", locale=tag)
    assert found is not None and _amount(found.value) == Decimal("1770")
    found = best(registry, "money", "Total: 12,345.67", locale=tag)
    assert _amount(found.value) == Decimal("12345.67")


def test_peruvian_invoice_total(tmp_path):
    """The journey's template: a Peruvian invoice whose only field is the total."""
    result = extract_text(tmp_path, 'template pe1 { locale "es_PE" currency "PEN"\n'
                          '  field total: money = right of "Importe Total" }\n',
                          "FACTURA ELECTRÓNICA F001-00000123\nImporte Total: S/ 1,770\n")
    assert _amount(result.fields["total"].value) == Decimal("1770")


def test_spain_still_reads_a_decimal_comma(registry):
    found = best(registry, "money", "Total: 1.770,50 €", locale="es_ES")
    assert _amount(found.value) == Decimal("1770.50")
