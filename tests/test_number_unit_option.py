"""The ``unit`` option of ``int`` and ``decimal``: the number written with that unit, or
none (vehicles journey, findings 9 and 10; weighbridge F6). ``right of "Power"`` on '150 PS
/ 110 kW' read 150 for a field meant in kW, accepted; a photo's '18km' (OCR lost the space)
was not read, and the reason did not say what to do; ``decimal`` refuses '14.2 %' and
nothing read it as a plain decimal. ``decimal(unit="kW")`` reads 110 there (raw '110 kW'),
``int(unit="km")`` reads '18km', ``decimal(unit="%")`` reads 14.2, and a field whose text
holds no number in its unit goes to review, naming the unit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from formsift.templates import check_source
from tests.parsing import best, ctx, extract_text, ftype


def _template(field: str) -> str:
    return f"template t {{\n  locale \"de_DE\"\n  {field}\n}}\n"


@pytest.mark.parametrize("name", ["int", "decimal"])
def test_the_number_written_with_the_unit(registry, name):
    f = best(registry, name, "150 PS / 110 kW", "de_DE", unit="kW")
    assert f is not None and f.value == 110
    assert "150 PS / 110 kW"[f.start:f.end] == "110 kW"  # the unit is in the raw text
    # the other unit, in brackets: positive (no accounting minus)
    f = best(registry, name, "110 kW (150 PS)", "de_DE", unit="PS")
    assert f is not None and f.value == 150
    # none with the unit: no value
    assert best(registry, name, "150 PS", "de_DE", unit="kW") is None
    # without the option, as before: the first number
    assert best(registry, name, "150 PS / 110 kW", "de_DE").value == 150


@pytest.mark.parametrize("text,unit,value", [
    ("12345km", "km", 12345),           # glued, as OCR reads a photo's "18 km"
    ("18km", "km", 18),
    ("12.345 km", "km", 12345),         # de_DE thousands
    ("45.678 mi", ["km", "mi"], 45678),  # one of several
    ("12.345 km", ["km", "mi"], 12345),
    ("110\u00a0kW", "kW", 110),          # a no-break space between
    ("110 KW", "kW", 110),               # another case, where it is no other unit
    ("76 KG", "kg", 76),
    ("1.498 cm³", "cm3", 1498),          # the superscript and the digit alike
    ("1.498 cm3", "cm³", 1498),
])
def test_spellings_of_the_unit(registry, text, unit, value):
    f = best(registry, "int", text, "de_DE", unit=unit)
    assert f is not None and f.value == value, (text, unit, f)
    assert f.end == len(text)


@pytest.mark.parametrize("text,unit", [
    ("12 MM", "mm"),     # milli and mega: mm is no Mm, MW no mW
    ("5 mW", "MW"),
    ("12 M", "m"),       # one letter: as written only
    ("110 kWh", "kW"),   # another unit that starts alike
    ("76 kg/hl", "kg"),  # a unit per another
    ("12 km²", "km"),
])
def test_not_the_unit(registry, text, unit):
    assert best(registry, "int", text, "de_DE", unit=unit) is None


def test_parse_takes_the_unit_or_a_bare_number(registry):
    t = ftype(registry, "decimal", unit="kW")
    assert t.parse("110 kW", ctx("de_DE")) == 110
    assert t.parse("110kW", ctx("de_DE")) == 110
    assert t.parse("110", ctx("de_DE")) == 110  # a default, a reviewer's correction
    with pytest.raises(ValueError):
        t.parse("150 PS", ctx("de_DE"))


def test_a_field_reads_the_number_in_its_unit(tmp_path):
    tpl = _template('field power: decimal(unit="kW") = right of "Power:"')
    result = extract_text(tmp_path, tpl, "Fahrzeugdaten\nPower: 150 PS / 110 kW\n")
    assert result.status == "accepted", result.reasons
    assert result.fields["power"].value == 110 and result.fields["power"].raw == "110 kW"


def test_no_number_in_the_unit_is_no_value(tmp_path):
    tpl = _template('field power: decimal(unit="kW")? = right of "Power:"')
    result = extract_text(tmp_path, tpl, "Fahrzeugdaten\nPower: 150 PS\n")
    assert result.status == "review"
    said = " ".join(r.message for r in result.reasons if r.code == "invalid_value")
    assert '"150 PS"' in said and "kW" in said, result.reasons
    assert result.fields.get("power") is None


def test_a_glued_unit_is_read_with_the_option(tmp_path):
    tpl = _template('field km: int(unit="km") = right of "Distance:"')
    result = extract_text(tmp_path, tpl, "Delivery\nDistance: 18km\n")
    assert result.status == "accepted", result.reasons
    assert result.fields["km"].value == 18 and result.fields["km"].raw == "18km"


@pytest.mark.parametrize("text", ["18km", "12345km"])
def test_a_glued_unit_without_the_option_says_what_to_do(tmp_path, text):
    tpl = _template('field km: int? = right of "Distance:"')
    result = extract_text(tmp_path, tpl, f"Delivery\nDistance: {text}\n")
    assert result.status == "review"
    said = " ".join(r.message for r in result.reasons if r.code == "invalid_value")
    assert 'int(unit="km")' in said and f'"{text}"' in said, result.reasons


def test_a_percent_unit_under_decimal(tmp_path):
    tpl = 'template t {\n  field moisture: decimal(unit="%") = right of "Moisture:"\n}\n'
    result = extract_text(tmp_path, tpl, "WEIGHBRIDGE TICKET\nMoisture: 14.2 %\n")
    assert result.status == "accepted", result.reasons
    assert str(result.fields["moisture"].value) == "14.2"
    assert result.fields["moisture"].raw == "14.2 %"


def test_plain_decimal_refuses_a_percentage_and_says_both_ways(tmp_path):
    tpl = 'template t {\n  field moisture: decimal = right of "Moisture:"\n}\n'
    result = extract_text(tmp_path, tpl, "WEIGHBRIDGE TICKET\nMoisture: 14.2 %\n")
    assert result.status == "review"
    said = " ".join(r.message for r in result.reasons if r.code == "invalid_value")
    assert '"14.2 %"' in said and "percent" in said and 'decimal(unit="%")' in said, said


@pytest.mark.parametrize("field,problem", [
    ('decimal(unit="")', "unit"),
    ('decimal(unit="km|mi")', 'unit=["km", "mi"]'),
    ('int(unit="5kg")', "unit"),
    ('percent(unit="%")', "unit"),  # a percentage's unit is its sign
])
def test_the_checker_refuses_a_bad_unit(field, problem):
    _, diags = check_source(_template(f"field x: {field} = right of \"X:\""))
    errors = [d.message for d in diags if d.severity == "error"]
    assert errors and any(problem in e for e in errors), errors


def test_a_box_of_such_a_field_may_read_the_unit(registry):
    c = ftype(registry, "int", unit="km").constraint()
    assert c is not None and set("km") <= set(c.alphabet or "")


@pytest.mark.parametrize("text,unit,value", [
    ("76,1 kg/hl", "kg/hl", "76.1"),   # a unit with a slash is one unit
    ("76,1 KG/HL", "kg/hl", "76.1"),
    ("-5 °C", "°C", "-5"),
    ("(12,50 kg)", "kg", "12.50"),      # brackets around a value with its unit: no minus
])
def test_more_units(registry, text, unit, value):
    f = best(registry, "decimal", text, "de_DE", unit=unit)
    assert f is not None and str(f.value) == value, (text, f)


@pytest.mark.parametrize("text", ["12 km/h", "12345mi"])
def test_another_unit_is_no_value_and_the_reason_names_the_unit(registry, text):
    t = ftype(registry, "int", unit="km")
    assert t.find(text, ctx("de_DE")) == []
    why = t.misfit(text, ctx("de_DE"))
    assert why is not None and "km" in why and 'int(unit="km")' in why, why


def test_a_text_without_digits_is_blank_not_invalid(registry):
    assert ftype(registry, "int", unit="km").misfit("n/a", ctx("de_DE")) is None


def test_the_docs_example(tmp_path):
    docs = (Path(__file__).resolve().parents[1] / "docs" / "templates.md").read_text()
    m = re.search(r"```\n(template vehicle \{.*?\n\})\n```", docs, re.S)
    assert m, "docs/templates.md has no 'template vehicle' example"
    result = extract_text(tmp_path, m.group(1), "Leistung: 150 PS / 110 kW\n"
                          "Kilometerstand: 12.345km\nFeuchte: 14,2 %\n")
    assert result.status == "accepted", result.reasons
    assert result.record() == {"power_kw": "110", "mileage": 12345, "moisture": "14.2"}
    assert result.fields["power_kw"].raw == "110 kW"
    result = extract_text(tmp_path, m.group(1), "Leistung: 150 PS\n"
                          "Kilometerstand: 12.345km\nFeuchte: 14,2 %\n")
    assert result.status == "review" and result.record()["power_kw"] is None


@pytest.mark.parametrize("text", ["10am", "5pm", "100k", "2bn"])
def test_a_time_or_a_magnitude_glued_to_a_number_is_no_unit_to_declare(text):
    """The glued-unit hint named unit="am" for '10am' and "k" for '100k' (the code read of
    a3d87d9): a time of day and a magnitude are no units a template declares."""
    from formsift.core.locale import get_locale
    from formsift.plugins.fieldtypes.amounts import _glued_why

    assert _glued_why(text, "int", get_locale("en")) is None
    assert "unit=\"km\"" in (_glued_why("18km", "int", get_locale("en")) or "")
