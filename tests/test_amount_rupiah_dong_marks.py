"""The rupiah and the dong as Indonesian and Vietnamese invoices write them: `Rp 450.000`,
`6.250.000 đ`, `đồng`, `VNĐ` gave amounts with no currency (only `₫` was known), so a
template could not check that an amount is in rupiah or dong."""

from __future__ import annotations

import pytest

from tests.parsing import best


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("Subtotal: Rp 450.000", "450000", "IDR"),
    ("Total Rp12.500.000,00", "12500000.00", "IDR"),
    ("Tổng cộng: 6.250.000 đ", "6250000", "VND"),
    ("6.250.000 đồng", "6250000", "VND"),
    ("Phí: 500.000 VNĐ", "500000", "VND"),
    ("6.250.000₫", "6250000", "VND"),
])
def test_rupiah_and_dong_marks(registry, text, value, currency):
    found = best(registry, "money", text, locale="id")
    assert found is not None
    assert str(found.value) == value and found.value.currency == currency
