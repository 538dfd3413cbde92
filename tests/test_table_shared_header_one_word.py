"""Columns on one header whose values are printed in one word, a GS1 element string
"(01)09501101530008(17)270331(10)ABC123" under "GS1 Element String" (GS1 receiving
journey, finding 3): the date column read its date out of the word and took the whole
word, the GTIN's and batch's patterns got nothing, and every record went to review. Each
column now takes its own part: the date its digits, a text column with a pattern (or an
id) what its pattern finds in the rest."""

from __future__ import annotations

import datetime as dt

from formsift.core.engine import Engine
from formsift.core.result import Status

TEMPLATE = '''template asn {
  table items {
    gtin: text(pattern=/(?<=\\(01\\))\\d{14}/) header "GS1 Element String"
%s    batch: text(pattern=/(?<=\\(10\\))\\S+/) header "GS1 Element String"
    qty: int header "Qty"
    until "Total cases"
  }
}'''
DATE = '    best_before: date(format="%y%m%d") header "GS1 Element String"\n'

ROWS = [("09501101530008", "270331", "ABC123", "24"),
        ("04012345678901", "280115", "L4471X", "12"),
        ("14012345000013", "261231", "B0099", "6")]


def _asn(path) -> str:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 50), "ADVANCE SHIPPING NOTICE", fontsize=11)
    page.insert_text((40, 90), "GS1 Element String", fontsize=9, fontname="hebo")
    page.insert_text((330, 90), "Qty", fontsize=9, fontname="hebo")
    y = 108
    for gtin, date, batch, qty in ROWS:
        page.insert_text((40, y), f"(01){gtin}(17){date}(10){batch}", fontsize=9)
        page.insert_text((330, y), qty, fontsize=9)
        y += 14
    page.insert_text((40, y + 10), "Total cases: 42", fontsize=9)
    out = str(path / "asn.pdf")
    doc.save(out)
    return out


def _extract(tmp_path, with_date=True):
    tpl = tmp_path / "asn.sift"
    tpl.write_text(TEMPLATE % (DATE if with_date else ""), encoding="utf-8")
    return Engine(seen_store="memory").extract(_asn(tmp_path), template=str(tpl))


def _column(result, name):
    return [r[name].value if r[name] is not None else None for r in result.tables["items"]]


def test_each_column_takes_its_part_of_one_word(tmp_path):
    result = _extract(tmp_path)
    assert _column(result, "best_before") == [dt.date(2027, 3, 31), dt.date(2028, 1, 15),
                                              dt.date(2026, 12, 31)]
    assert _column(result, "gtin") == [g for g, _, _, _ in ROWS]
    assert _column(result, "batch") == [b for _, _, b, _ in ROWS]
    assert result.status is Status.ACCEPTED


def test_without_the_date_column_as_before(tmp_path):
    """The guard: the patterns alone read the whole word, as they did."""
    result = _extract(tmp_path, with_date=False)
    assert _column(result, "gtin") == [g for g, _, _, _ in ROWS]
    assert _column(result, "batch") == [b for _, _, b, _ in ROWS]
