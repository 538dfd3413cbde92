"""Traditional Chinese labels on scans: the recognizer writes traditional characters in
mixed traditional and simplified forms ("賣方統一編號" read "賣方统一编号"), so a label
in either form finds the other in the looser pass."""

from __future__ import annotations

import pytest

from formsift.templates.labels import loose, normalize
from tests.words import run, values, words_doc

pytest.importorskip("opencc")


@pytest.mark.parametrize(("written", "read"), [
    ("賣方統一編號", "賣方统一编号"), ("營業稅", "營業税"), ("總計", "總计"),
    ("發票號碼", "發票号碼"), ("總計", "总计"),
])
def test_traditional_and_simplified_forms_are_one_label(written, read):
    assert loose(written) == loose(read)
    assert normalize(written) != normalize(read)  # (the exact pass still tells them apart)


def test_a_traditional_label_finds_a_scans_mixed_forms(registry):
    """A Taiwanese uniform invoice scanned: the template's traditional labels found
    3 of 14 values; the OCR had written 統 as 统, 稅 as 税, 計 as 计."""
    doc = words_doc([("賣方统一编号:", 0.1, 0.3), ("04595257", 0.32, 0.45)],
                    [("營業税:", 0.1, 0.2), ("2,400元", 0.22, 0.35)],
                    [("總计:", 0.1, 0.2), ("50,400元", 0.22, 0.35)])
    ex = run("""template tw {
  currency "TWD"
  field seller: id(/\\d{8}/) = right of "賣方統一編號"
  field vat: money = right of "營業稅"
  field total: money = right of "總計"
}
""", doc, registry)
    assert values(ex) == {"seller": "04595257", "vat": "2400", "total": "50400"}
