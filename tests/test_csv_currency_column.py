"""A money field's currency as a CSV column (travel-expense journey JX, finding 2):
``columns=["total.currency"]`` wrote an empty column in Python while ``--csv-columns``
refused the name. ``FIELD.currency`` is now the currency written beside a money field's
amount (``FieldValue.currency``) in csv and csv-rows, from the API and the CLI alike."""

from __future__ import annotations

import csv
import io

import pytest

from formsift.core.errors import FormsiftError
from tests.parsing import engine_for

TEMPLATE = """template slip {
  match { contains "RECEIPT" }
  field merchant: text = right of "Merchant:"
  field total: money = right of "Total"
}
"""


def _write(tmp_path, name: str, total: str):
    doc = tmp_path / name
    doc.write_text(f"RECEIPT\nMerchant: Cafe Nord\nTotal {total}\n", encoding="utf-8")
    return doc


@pytest.mark.parametrize("fmt", ["csv", "csv-rows"])
def test_the_currency_column_holds_each_amounts_currency(tmp_path, fmt):
    engine = engine_for(tmp_path, TEMPLATE)
    results = [engine.extract(_write(tmp_path, "a.txt", "EUR 34.60"), "slip"),
               engine.extract(_write(tmp_path, "b.txt", "GBP 27.00"), "slip"),
               engine.extract(_write(tmp_path, "c.txt", "12.00"), "slip")]
    assert [r.fields["total"].currency for r in results] == ["EUR", "GBP", None]
    out = io.StringIO()
    engine.component("exporter", fmt, {"columns": ["source", "total", "total.currency"]}
                     ).export(results, out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["source", "total", "total.currency"]
    assert [r[1:] for r in rows[1:]] == [["34.60", "EUR"], ["27.00", "GBP"], ["12.00", ""]]
    # not named, no currency column: the default header is as before
    out = io.StringIO()
    engine.component("exporter", fmt).export(results, out)
    assert "total.currency" not in out.getvalue().splitlines()[0]


def test_the_cli_takes_the_currency_column_of_a_money_field_only(tmp_path, capsys):
    from formsift.cli import main
    from formsift.plugins.exporters import check_columns, known_columns

    engine = engine_for(tmp_path, TEMPLATE)
    for rows in (False, True):
        check_columns(["total.currency"], known_columns(engine.templates, rows=rows))
        with pytest.raises(FormsiftError):  # a text field has no currency
            check_columns(["merchant.currency"], known_columns(engine.templates, rows=rows))
    doc = _write(tmp_path, "a.txt", "EUR 34.60")
    out = tmp_path / "o.csv"
    code = main(["extract", str(doc), "-t", str(tmp_path / "t.sift"), "-f", "csv",
                 "--no-progress", "--csv-columns", "source,total,total.currency",
                 "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[1][1:] == ["34.60", "EUR"]
