"""``--csv-columns`` (GST journey, finding 3): ``source,status,reasons`` gave a silently
empty column, as the CSV calls the reasons ``message`` while the JSON result calls them
``reasons``. ``reasons`` now names that column (the header keeps the name given), and
:func:`check_columns` makes a name no column has a usage error naming the known ones."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import pytest

from formsift.core.errors import FormsiftError
from tests.parsing import engine_for

TEMPLATE = """template inv {
  match { contains "TAX INVOICE" }
  field invoice_no: id = right of "Invoice No."
  field total: money = right of "Total"
  field due: date = right of "Due:"
  table items {
    description: text header "Description"
    amount: money header "Amount"
  }
}
"""


def _rows(engine, doc, fmt: str, columns: list[str]) -> list[list[str]]:
    out = io.StringIO()
    engine.component("exporter", fmt, {"columns": columns}).export(
        [engine.extract(doc, "inv")], out)
    return list(csv.reader(io.StringIO(out.getvalue())))


@pytest.fixture()
def setup(tmp_path):
    engine = engine_for(tmp_path, TEMPLATE)
    doc = tmp_path / "a.txt"
    doc.write_text("TAX INVOICE\nInvoice No. INV-7\nTotal 12.50\n", encoding="utf-8")
    return engine, doc


@pytest.mark.parametrize("fmt", ["csv", "csv-rows"])
def test_reasons_names_the_message_column(setup, fmt):
    engine, doc = setup
    rows = _rows(engine, doc, fmt, ["source", "status", "reasons"])
    assert rows[0] == ["source", "status", "reasons"]
    assert rows[1][1] == "review" and "due" in rows[1][2]  # no due date: the reason
    assert rows[1][2] == _rows(engine, doc, fmt, ["message"])[1][0]


def test_an_unknown_column_is_an_error_naming_the_known_ones(setup):
    from formsift.plugins.exporters import check_columns, known_columns

    engine, _ = setup
    templates = engine.templates
    with pytest.raises(FormsiftError) as err:
        check_columns(["source", "reasonz", "totl"], known_columns(templates))
    message = str(err.value)
    assert "'reasonz', 'totl'" in message
    assert "source, status, template, message" in message and "invoice_no" in message
    assert err.value.hint == "did you mean 'reasons'?"
    # what the files write is known: csv a table's column, csv-rows its cells
    check_columns(["source", "reasons", "total", "items", "field:total"],
                  known_columns(templates))
    check_columns(["row", "page", "items.amount"], known_columns(templates, rows=True))
    page = SimpleNamespace(fields={"page": None}, tables={})  # a field named page
    check_columns(["page", "field:page"], known_columns([*templates, page]))
    for csv_has_no_such_column in ("items.amount", "page"):
        with pytest.raises(FormsiftError):
            check_columns([csv_has_no_such_column], known_columns(templates))


@pytest.mark.parametrize("split", [False, True])
def test_the_cli_refuses_a_mistyped_csv_column_before_reading(tmp_path, make_pdf, capsys,
                                                              split):
    """The check was written but not called: `--csv-columns ...,grand_totl` wrote an empty
    column without a word, with `extract -t` and with `--split` alike."""
    from formsift.cli import main

    sift = tmp_path / "inv.sift"
    sift.write_text(TEMPLATE)
    doc = tmp_path / "d.pdf"
    doc.write_bytes(make_pdf([(50, 60, "TAX INVOICE"), (50, 100, "Invoice No. 7"),
                              (50, 120, "Total 10.00")]))
    given = ["-t", str(sift)] if not split else ["--templates", str(sift), "--split"]
    code = main(["extract", str(doc), *given, "-f", "csv", "--no-progress",
                 "--csv-columns", "source,status,totl,reasons", "-o", str(tmp_path / "o.csv")])
    err = capsys.readouterr().err
    assert code != 0 and "no such column: 'totl'" in err and "did you mean 'total'" in err, err
    assert not (tmp_path / "o.csv").exists()
    assert main(["extract", str(doc), *given, "-f", "csv", "--no-progress", "--csv-columns",
                 "source,status,total,reasons", "-o", str(tmp_path / "o.csv")]) in (0, 7)
