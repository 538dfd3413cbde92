"""A date parameter given as a numeric date that reads both ways (``03/01/2026``: 3 January
or 1 March) is refused, with both readings, instead of being read day first. On the
travel-expense journey a US team gave its trip as ``--param trip_start=03/01/2026
--param trip_end=03/12/2026`` (1 to 12 March): read as 3 January to 3 December, the
trip's window grew to eleven months, and a receipt dated 15 June was accepted by
``rule in_trip: date >= param.trip_start and date <= param.trip_end``."""

from __future__ import annotations

from datetime import date

import pytest

from formsift.cli import EXIT_USAGE, main
from formsift.templates.params import ParamError

TRIP = '''template expense {
  match { contains "Receipt" threshold 1 }
  param trip_start: date
  param trip_end: date
  field day: date = right of "Date:"
  rule in_trip: day >= param.trip_start and day <= param.trip_end
}
'''


def receipt_pdf(printed: str) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    page.insert_text((40, 60), "Receipt", fontsize=12)
    page.insert_text((40, 90), f"Date: {printed}", fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data


@pytest.fixture()
def files(tmp_path):
    tpl = tmp_path / "expense.sift"
    tpl.write_text(TRIP)
    doc = tmp_path / "june.pdf"
    doc.write_bytes(receipt_pdf("2026-06-15"))  # outside a trip of 1 to 12 March
    return tpl, doc


@pytest.mark.parametrize(("start", "end"), [("03/01/2026", "03/12/2026"),
                                            ("03-01-2026", "03-12-2026"),
                                            ("3/1/26", "3/12/26")])
def test_a_trip_given_as_dates_that_read_both_ways_is_refused(engine, files, start, end):
    tpl, doc = files
    with pytest.raises(ParamError) as exc:
        engine.extract(str(doc), template=str(tpl),
                       params={"trip_start": start, "trip_end": end})
    said = str(exc.value)
    assert "'trip_start'" in said and start in said
    assert "2026-03-01" in said and "2026-01-03" in said  # both readings named
    assert "YYYY-MM-DD" in said


def test_on_the_command_line_it_is_one_line_and_a_usage_error(files, capsys):
    tpl, doc = files
    code = main(["extract", str(doc), "-t", str(tpl), "--param", "trip_start=03/01/2026",
                 "--param", "trip_end=03/12/2026", "--record", "--with-status",
                 "--no-progress"])
    out, err = capsys.readouterr()
    assert code == EXIT_USAGE
    assert "Traceback" not in err and "'trip_start'" in err
    assert '"accepted"' not in out


@pytest.mark.parametrize(("start", "end", "read"), [
    ("2026-03-01", "2026-03-12", (date(2026, 3, 1), date(2026, 3, 12))),  # ISO
    ("03/13/2026", "13/03/2026", (date(2026, 3, 13), date(2026, 3, 13))),  # one way only
    ("01.03.2026", "12.03.2026", (date(2026, 3, 1), date(2026, 3, 12))),  # dots: day first
    ("05/05/2026", "06/06/2026", (date(2026, 5, 5), date(2026, 6, 6))),  # day == month
])
def test_dates_that_read_one_way_are_read(engine, files, start, end, read):
    tpl, doc = files
    result = engine.extract(str(doc), template=str(tpl),
                            params={"trip_start": start, "trip_end": end})
    assert (result.audit.params["trip_start"], result.audit.params["trip_end"]) == read
    assert result.status == "review"  # 15 June is outside each of these trips
