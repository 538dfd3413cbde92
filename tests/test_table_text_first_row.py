"""A table whose first row holds words alone ("Appearance  Conforms  Conforms" above a
certificate's "pH  4.5 - 5.5  5.1", the specification read into decimal columns) keeps
that row: before the first row only a line with a digit in a text cell was a row, so the
organoleptic rows a certificate of analysis starts with were dropped without a reason,
and a failing one ("Foreign matter  Absent  Present") was accepted (coa journey, finding
1, the part stop 29 left). The header's second line ("Code  Name  Unit", set close under
the header) is still no row."""

from __future__ import annotations

from formsift.core.result import Status
from tests.test_table_blank_number_rows import _extract, _items, _ticket
from tests.test_table_text_row_under_numbers import _run, _val


def _tests(result) -> list[tuple]:
    return [(_val(r["test"]), _val(r["result"])) for r in result.tables["results"]]


def test_text_row_first_is_a_row(tmp_path):
    result = _run(tmp_path, [("Appearance", "Conforms", "Conforms"), ("pH", "4.5 - 5.5", "5.1")])
    assert _tests(result) == [("Appearance", "Conforms"), ("pH", "5.1")]
    assert result.status is Status.ACCEPTED, result.reasons


def test_failing_text_row_first_goes_to_review(tmp_path):
    result = _run(tmp_path, [("Foreign matter", "Absent", "Present"),
                             ("pH", "4.5 - 5.5", "5.1"), ("Brix", "10.0 - 12.0", "11.2")])
    assert _tests(result) == [("Foreign matter", "Present"), ("pH", "5.1"), ("Brix", "11.2")]
    assert result.status is Status.REVIEW
    assert any(r.code == "rule_failed" for r in result.reasons)


def test_two_text_rows_first_and_a_note_below(tmp_path):
    result = _run(tmp_path, [("Appearance", "White powder", "Conforms"),
                             ("Odour", "Characteristic", "Conforms"), ("pH", "4.5 - 5.5", "5.1")],
                  tail="We certify that the lot conforms to specification.")
    assert [t for t, _ in _tests(result)] == ["Appearance", "Odour", "pH"]


def test_header_second_line_close_under_the_header_is_no_row(tmp_path):
    """Guard: words alone set close under the header line, apart from the rows."""
    import pymupdf

    lines = [("80550", "OLIVE OIL XV 6/1 LT", "3"), ("20011", "TOMATO DICED", "7")]
    pdf = _ticket(tmp_path / "t.pdf", lines)
    doc = pymupdf.open(pdf)
    for x, word in [(40, "Code"), (100, "Name"), (490, "Unit")]:
        doc[0].insert_text((x, 72), word, fontsize=10)
    doc.save(str(tmp_path / "h.pdf"))
    doc.close()
    result = _extract(tmp_path, str(tmp_path / "h.pdf"))
    assert _items(result) == [("80550", 3), ("20011", 7)]
    assert result.status is Status.ACCEPTED, result.reasons


