"""A pack cell ("8 x 250 ml") under an ``int`` column with a ``unit`` option reads the
number written in that unit, the size (250), not the count (units fixer's note on
a3d87d9): the pack-count step of tables read the count before the type could read its
unit, so `size_ml: int(unit="ml") header "Pack"` alone on its header gave 8. Without the
option the count is still read."""

from __future__ import annotations

from formsift.core.engine import Engine
from tests.test_table_pack_count import _price_list

TEMPLATE = '''template pack {
  locale "en_GB"
  match { contains "Price List" }
  table items {
    art_no: id(/\\d{6}/) header "Art. No."
    description: text header "Description"
    %s
    unit_price: money header "Unit Price"
    until "Prices in EUR"
  }
}'''

PACKS = ["8 x 250 ml", "24 x 330 ml", "10×200ml", "6 X 1.5 L"]


def _read(tmp_path, column):
    tpl = tmp_path / "pack.sift"
    tpl.write_text(TEMPLATE % column, encoding="utf-8")
    result = Engine(seen_store="memory").extract(_price_list(tmp_path, PACKS),
                                                 template=str(tpl))
    return [r["size"].value if r["size"] is not None else None
            for r in result.tables["items"]]


def test_an_int_column_with_a_unit_reads_the_size_in_it(tmp_path):
    assert _read(tmp_path, 'size: int(unit="ml")? header "Pack"') == [250, 330, 200, None]


def test_a_decimal_column_with_a_unit_reads_the_size_in_it(tmp_path):
    assert _read(tmp_path, 'size: decimal(unit="L")? header "Pack"')[3] == 1.5


def test_without_a_unit_the_count_is_read(tmp_path):
    """The guard: int without a unit reads the pack's count, as documented."""
    assert _read(tmp_path, 'size: int header "Pack"') == [8, 24, 10, 6]
