"""An unreadable ``--param`` with ``--templates DIR`` (travel-expense journey JX, finding
3): ``extract`` and ``batch`` wrote a ``param_error`` line per input and exited 3, while
the docs (and ``-t``) say one line and exit 2. A value that no template declaring the
parameter can read is the caller's mistake, known before any input is read: one line on
standard error, exit 2, nothing written."""

from __future__ import annotations

import pytest

from formsift.cli import EXIT_USAGE, main
from formsift.templates.params import ParamError

RIDE = '''template ride {
  match { contains "TICKET" }
  param trip_start: date
  field day: date = right of "Date:"
  rule in_trip: day >= param.trip_start
}
'''
HOTEL = '''template hotel {
  match { contains "FOLIO" }
  param trip_start: date
  field day: date = right of "Date:"
  rule in_trip: day >= param.trip_start
}
'''


@pytest.fixture()
def trip(tmp_path):
    sift = tmp_path / "sift"
    sift.mkdir()
    (sift / "ride.sift").write_text(RIDE)
    (sift / "hotel.sift").write_text(HOTEL)
    docs = tmp_path / "batch"
    docs.mkdir()
    (docs / "t1.txt").write_text("TICKET\nDate: 2026-02-10\n", encoding="utf-8")
    (docs / "h1.txt").write_text("FOLIO\nDate: 2026-02-11\n", encoding="utf-8")
    return sift, docs


@pytest.mark.parametrize("command", ["extract", "batch"])
@pytest.mark.parametrize("value", ["2026-02-31", "02/03/2026"])
def test_an_unreadable_param_is_one_line_and_exit_2(trip, tmp_path, capsys, command, value):
    sift, docs = trip
    out = tmp_path / ("out.jsonl" if command == "batch" else "out.json")
    extra = ["--workers", "1"] if command == "batch" else []
    inputs = [str(docs)] if command == "batch" else sorted(map(str, docs.iterdir()))
    code = main([command, *inputs, "--templates", str(sift), "--param",
                 f"trip_start={value}", "--seen-store", "memory", "--no-progress",
                 *extra, "-o", str(out)])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE, err
    assert not out.exists() or not out.read_text().strip()  # no line per input
    lines = [x for x in err.splitlines() if x.startswith("formsift: error")]
    assert len(lines) == 1 and "'trip_start'" in lines[0] and value in lines[0], err


def test_a_value_one_declaring_template_reads_is_left_to_the_documents():
    from formsift.templates import compile_template
    from formsift.templates.params import check_readable

    date_one = compile_template(RIDE)
    int_one = compile_template(RIDE.replace("template ride", "template count")
                               .replace("trip_start: date", "trip_start: int")
                               .replace("rule in_trip: day >= param.trip_start", ""))
    check_readable({"trip_start": "12"}, [date_one, int_one])  # the int template reads it
    with pytest.raises(ParamError):
        check_readable({"trip_start": "12"}, [date_one])
    check_readable({"trip_start": "2026-02-09"}, [date_one, int_one])
