"""A date parameter is read in the order the template states (code read r7 of 70f2a3b).

70f2a3b refused a parameter's date that reads both ways (``03/01/2026``) everywhere, so a
template of ``locale "en_US"`` (or ``date_order "MDY"``, ``de_DE``, ``"DMY"``) could no
longer be given its trip as its documents write dates, nor declare such a default; and
under a year-first order (``date_order "YMD"``, ``ja_JP``, ``ko_KR``) ``03/01/26``, read
2003-01-26 before, crashed swapping 26 into the month ("internal error: ValueError: month
must be in 1..12"). Only a date nothing states the order of is refused: formsift's
``date`` type without a format, under a template that states neither its locale nor its
date order, or a Canadian locale (whose country writes both orders).
"""

from __future__ import annotations

import types
from datetime import date, datetime

import pytest

from formsift.cli import main
from formsift.core.hookspecs import hookimpl
from formsift.core.kinds import FieldType
from formsift.templates.params import ParamError
from formsift.testing import engine_with, pdf_from_lines


def _template(head: str, param: str = "param trip_start: date") -> str:
    return f'''template expense {{
  {head}
  match {{ contains "Receipt" threshold 1 }}
  {param}
  field day: date = right of "Date:"
  rule in_trip: day >= param.trip_start
}}
'''


@pytest.fixture()
def receipt(tmp_path):
    doc = tmp_path / "r.pdf"
    doc.write_bytes(pdf_from_lines(["Receipt", "Date: 2026-06-15"]))
    return doc


def _trip_start(engine, tmp_path, receipt, head: str, given: str, param: str = "") -> date:
    tpl = tmp_path / "t.sift"
    tpl.write_text(_template(head, param or "param trip_start: date"))
    result = engine.extract(str(receipt), template=str(tpl), params={"trip_start": given})
    return result.audit.params["trip_start"]


@pytest.mark.parametrize(("head", "read"), [
    ('locale "en_US"', date(2026, 3, 1)),
    ('date_order "MDY"', date(2026, 3, 1)),
    ('locale "de_DE"', date(2026, 1, 3)),
    ('date_order "DMY"', date(2026, 1, 3)),
    ('locale "fr_CA"\n  date_order "MDY"', date(2026, 3, 1)),  # Canada, order stated
])
def test_a_stated_order_reads_a_date_that_reads_both_ways(engine, tmp_path, receipt,
                                                          head, read):
    assert _trip_start(engine, tmp_path, receipt, head, "03/01/2026") == read


@pytest.mark.parametrize("head", ['date_order "YMD"', 'locale "ja_JP"', 'locale "ko_KR"'])
@pytest.mark.parametrize(("given", "read"), [("03/01/26", date(2003, 1, 26)),
                                             ("26/01/03", date(2026, 1, 3))])
def test_a_year_first_date_is_read_year_first(engine, tmp_path, receipt, head, given,
                                              read):
    assert _trip_start(engine, tmp_path, receipt, head, given) == read


@pytest.mark.parametrize("head", ["", 'currency "CAD"', 'locale "en_CA"', 'locale "fr_CA"'])
def test_where_nothing_states_the_order_it_is_still_refused(engine, tmp_path, receipt,
                                                            head):
    with pytest.raises(ParamError, match="reads both as 2026-01-03 and as 2026-03-01"):
        _trip_start(engine, tmp_path, receipt, head, "03/01/2026")


class UsDate(FieldType):
    """A plugin's date type: month first, always."""

    name = "usdate"
    version = "1.0"
    value_kind = "date"

    def parse(self, raw, ctx):
        return datetime.strptime(raw.strip(), "%m/%d/%Y").date()


def test_a_plugin_date_type_reads_in_its_own_order(tmp_path, receipt):
    plugin = types.ModuleType("usvendor_prf")
    plugin.formsift_register_field_types = hookimpl(lambda: [UsDate])
    engine = engine_with(("usvendor", plugin))
    assert _trip_start(engine, tmp_path, receipt, "", "03/01/2026",
                       "param trip_start: usdate") == date(2026, 3, 1)


@pytest.mark.parametrize(("head", "given"), [('locale "ja_JP"', "03/01/26"),
                                             ('locale "en_US"', "03/01/2026"),
                                             ('date_order "DMY"', "03/01/2026")])
def test_the_command_line_and_a_default_read_it_too(tmp_path, receipt, capsys, head, given):
    tpl = tmp_path / "t.sift"
    tpl.write_text(_template(head))
    code = main(["extract", str(receipt), "-t", str(tpl), "--param", f"trip_start={given}",
                 "--record", "--with-status", "--no-progress"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "internal error" not in err and '"status"' in out
    tpl.write_text(_template(head, f'param trip_start: date = "{given}"'))
    assert main(["check", str(tpl)]) == 0, capsys.readouterr()
