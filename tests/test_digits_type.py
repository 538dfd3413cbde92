"""Readings that keep their leading zeros and are numbers in rules (meter-reading journey,
finding 2): ``int`` read a reading "0045127" as 45127, so the record and the CSV export
lost the zeros, and ``id`` keeps them but is text, which rules cannot subtract. The
``digits`` type keeps the digits as read and is a number in rules."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from formsift.templates import check_source
from tests.parsing import ctx, engine_for, extract_text, ftype

CARD = '''template self_read {
  field prev: %(prev)s = right of "Previous reading:"
  field current: %(current)s = right of "Your reading:"
  rule not_lower: current >= prev
%(rules)s}
'''


def _errors(source: str, registry) -> list:
    _, diags = check_source(source, "t.sift", registry)
    return [d for d in diags if d.severity == "error"]


@pytest.mark.parametrize("kinds", [("digits", "digits"), ("digits", "int")])
def test_digits_order_as_numbers(registry, kinds):
    source = CARD % {"prev": kinds[0], "current": kinds[1], "rules": ""}
    assert _errors(source, registry) == []


CARD_TEXT = "Customer self-read card\nPrevious reading: %s\nYour reading: %s\n"


def _card(tmp_path, prev: str, current: str, rules: str = "", types=("digits", "digits")):
    source = CARD % {"prev": types[0], "current": types[1], "rules": rules}
    return extract_text(tmp_path, source, CARD_TEXT % (prev, current))


def test_a_reading_keeps_its_leading_zeros_and_computes(tmp_path):
    r = _card(tmp_path, "0045091", "0045127", "  rule used: current - prev == 36\n")
    assert r.status == "accepted", r.reasons
    assert {x.name: x.passed for x in r.rules} == {"not_lower": True, "used": True}
    assert r.record()["current"] == "0045127" and r.record()["prev"] == "0045091"
    assert str(r.value("current")) == "0045127" and r.value("current") == Decimal(45127)
    assert json.loads(r.model_dump_json())["fields"]["current"]["value"] == "0045127"
    assert r.fields["current"].raw == "0045127"


def test_a_digit_dropped_fails_the_rule(tmp_path):
    r = _card(tmp_path, "115870", "11596")
    assert r.status != "accepted"
    assert [(x.name, x.passed) for x in r.rules] == [("not_lower", False)]


def test_the_csv_export_keeps_the_zeros(tmp_path):
    from formsift import Engine

    r = _card(tmp_path, "0045091", "0045127")
    out = io.StringIO()
    Engine().export([r], out, "csv")
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["prev"], row["current"]) == ("0045091", "0045127")


def test_int_loses_the_zeros_digits_does_not(tmp_path):
    """What the journey measured: the same card typed int reads 45127."""
    as_int = _card(tmp_path, "0045091", "0045127", types=("int", "int"))
    assert as_int.record()["current"] == 45127
    assert _card(tmp_path, "0045091", "0045127").record()["current"] == "0045127"


def test_sum_and_arithmetic_give_plain_numbers(tmp_path):
    r = _card(tmp_path, "0045091", "0045127",
              "  rule total: prev + current == 90218\n  rule half: current / 2 > 22563\n")
    assert {x.name: x.passed for x in r.rules} == {"not_lower": True, "total": True,
                                                    "half": True}


# ------------------------------------------------------------------ a column of digits
SHEET = '''template route {
  match { contains "Meter reading route sheet" }
  field route: id = right of "Route No."
  table meters {
    serial: id header "Meter serial"
    prev: digits header "Prev. reading"
    current: digits? header "Current reading"
    until "Meters on this page"
  }
  rule not_lower: each meters: missing(current) or current >= prev
  rule used: sum(meters.current) - sum(meters.prev) == 159
}
'''


def _sheet_pdf(make_pdf, rows: list[tuple[str, str, str]]) -> bytes:
    return make_pdf(_sheet_items(rows))


def _sheet_items(rows: list[tuple[str, str, str]]) -> list[tuple[float, float, str]]:
    items = [(50, 60, "Meter reading route sheet"), (50, 80, "Route No. R-07"),
             (50, 120, "Meter serial"), (200, 120, "Prev. reading"),
             (320, 120, "Current reading")]
    for i, (serial, prev, current) in enumerate(rows):
        y = 140 + 18 * i
        items += [(50, y, serial), (200, y, prev), (320, y, current)]
    items.append((50, 140 + 18 * len(rows) + 20, f"Meters on this page: {len(rows)}"))
    return items


def test_a_column_of_digits(tmp_path, make_pdf):
    rows = [("WM-2023-000101", "004388", "004512"), ("WM-2023-000102", "075001", "075043"),
            ("WM-2023-000103", "000017", "000010")]
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(_sheet_pdf(make_pdf, rows))
    engine = engine_for(tmp_path, SHEET)
    r = engine.extract(pdf)
    got = [(c["serial"], c["prev"], c["current"]) for c in r.record()["meters"]]
    assert got == rows
    rules = {x.name: (x.passed, x.rows) for x in r.rules}
    assert rules["not_lower"] == (False, [2])  # 000010 < 000017, as numbers
    assert rules["used"] == (True, None)  # 124 + 42 - 7
    out = io.StringIO()
    engine.export([r], out, "csv-rows")
    lines = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(x["meters.prev"], x["meters.current"]) for x in lines] == [
        (p, c) for _, p, c in rows]


def test_the_result_schema_says_a_string_of_digits(registry, tmp_path):
    from formsift.templates import load_template
    from formsift.templates.schema import record_schema

    path = tmp_path / "t.sift"
    path.write_text(SHEET.replace("prev: digits", "prev: digits(6)"), encoding="utf-8")
    schema = record_schema(load_template(str(path), registry))
    cols = schema["properties"]["meters"]["items"]["properties"]
    assert {"type": "string", "pattern": "^[0-9]{6}$"} in cols["prev"]["anyOf"]
    assert {"type": "string", "pattern": "^[0-9]+$"} in cols["current"]["anyOf"]


# ------------------------------------------------------------------ what is no digit string
@pytest.mark.parametrize("text", ["1159.6", "11,596", "0045.127"])
def test_a_point_or_comma_inside_is_no_value(registry, text):
    t = ftype(registry, "digits")
    assert t.find(text, ctx()) == []
    assert "holds a point or a comma" in t.misfit(text, ctx())
    with pytest.raises(ValueError, match="point or a comma"):
        t.parse(text, ctx())


def test_a_point_inside_sends_the_card_to_review(tmp_path):
    r = _card(tmp_path, "115870", "1159.6")
    assert r.status == "review" and r.value("current") is None
    assert [x.code for x in r.reasons if x.field == "current"] == ["invalid_value"]


def test_a_space_inside_is_read_both_ways(registry):
    """Each group, as likely: no reading is taken alone ('int' took 1159)."""
    found = ftype(registry, "digits").find("1159 6", ctx())
    assert [(str(f.value), f.tied) for f in found] == [("1159", False), ("6", True)]


def test_a_space_inside_sends_the_card_to_review(tmp_path):
    source = 'template t {\n  field current: digits = right of "Your reading:"\n}\n'
    r = extract_text(tmp_path, source, "Your reading: 1159 6\n")
    assert r.status == "review"
    assert [x.code for x in r.reasons if x.field == "current"] == ["ambiguous"]


def test_print_apart_is_never_joined(tmp_path, make_pdf):
    """An average come into the reading's cell ("10 87847") is no reading 1087847."""
    rows = [("WM-2023-000101", "004388", "004512"), ("WM-2023-000102", "075001", "75043")]
    pdf = tmp_path / "sheet.pdf"
    items = [(x, y, t) for x, y, t in _sheet_items(rows)]
    items.append((305, 158, "10"))  # beside row 2's reading, under its header
    pdf.write_bytes(make_pdf(items))
    r = engine_for(tmp_path, SHEET).extract(pdf)
    assert [c["current"] for c in r.record()["meters"]] == ["004512", "75043"]


def test_the_length_decides_a_space_inside(registry):
    found = ftype(registry, "digits", length=4).find("1159 6", ctx())
    assert [(str(f.value), f.tied) for f in found] == [("1159", False)]
    t = ftype(registry, "digits", min_length=5, max_length=7)
    assert t.find("0045 127", ctx()) == []
    assert "has a space inside" in t.misfit("0045 127", ctx())


@pytest.mark.parametrize("text", ["WM-2023-000777", "14/08/2026", "09:30", "12345kWh",
                                  "-45"])
def test_codes_dates_and_signed_numbers_are_no_digits(registry, text):
    assert ftype(registry, "digits").find(text, ctx()) == []


def test_a_comb_is_joined(registry):
    found = ftype(registry, "digits", length=7).find("0 0 4 5 1 2 7", ctx())
    assert [str(f.value) for f in found] == ["0045127"]


def test_the_length_is_checked(registry):
    t = ftype(registry, "digits", length=7)
    with pytest.raises(ValueError, match="6 digits, not 7 digits"):
        t.parse("045127", ctx())
    assert t.misfit("045127", ctx()) == "'045127' has 6 digits; the field wants 7 digits"


@pytest.mark.parametrize("args, message", [
    ("digits(7, min_length=5)", "either a length"),
    ("digits(min_length=7, max_length=5)", "min_length 7 is more than max_length 5"),
    ("digits(0)", "greater than or equal to 1"),
])
def test_bad_lengths_are_check_errors(registry, args, message):
    source = 'template t {\n  field n: ' + args + ' = right of "No."\n}\n'
    errors = _errors(source, registry)
    assert len(errors) == 1 and message in errors[0].message, [e.message for e in errors]


def test_a_digit_string_pickles_and_formats():
    import pickle

    from formsift.plugins.fieldtypes.digits import DigitString

    v = DigitString("0045127")
    assert pickle.loads(pickle.dumps(v)).digits == "0045127"
    assert f"{v}" == "0045127" and repr(v) == "DigitString('0045127')"
    assert v - DigitString("0045091") == 36 and type(v - 1) is Decimal
    with pytest.raises(ValueError):
        DigitString("45.1")
