"""Air waybill numbers under ``valid_id("awb", x)`` (journey shipping, finding 9): no check
took them (a 3-digit airline prefix, a 7-digit serial and its check digit, the serial mod
7), so a template needed a rule's arithmetic with two int fields cut by patterns. Numbers
built in the test by that rule."""

from __future__ import annotations

import pytest

from formsift.core.result import Status
from formsift.plugins.validators.national_ids import valid_id
from formsift.templates import check_source
from tests.parsing import extract_text


def awb(prefix: str, serial: str) -> str:
    return prefix + serial + str(int(serial) % 7)


AWBS = [awb(p, s) for p, s in [("176", "1234567"), ("020", "0000001"), ("724", "9876543"),
                               ("157", "7000000"), ("618", "6999999"), ("001", "5555555")]]


def awb_forms(number: str) -> list[str]:
    p, s, d = number[:3], number[3:10], number[10]
    return [number, f"{p}-{s}{d}", f"{p} {s[:4]} {s[4:]}{d}", f"{p}-{s[:4]} {s[4:]}{d}",
            f"{p}–{s}{d}", f"{p} {s}{d}"]


@pytest.mark.parametrize("number", AWBS)
def test_air_waybill_numbers_as_printed(number):
    for form in awb_forms(number):
        assert valid_id("awb", form), form


@pytest.mark.parametrize("number", AWBS)
def test_every_other_check_digit_fails(number):
    for d in "0123456789":
        if d != number[10]:
            assert not valid_id("awb", number[:10] + d)


def test_the_journeys_example_and_shapes_that_are_no_awb():
    assert valid_id("awb", "176-12345675")
    assert not valid_id("awb", "176-1234567")        # no check digit
    assert not valid_id("awb", "176-123456755")      # 12 digits
    assert not valid_id("awb", "000-00000000")       # no airline prefix
    assert not valid_id("awb", "176-1234567A")
    assert not valid_id("awb", "")


def test_awb_is_a_module_name_for_check(registry):
    src = '''template t {
      field awb_no: id = right of "AWB No."
      rule a: valid_id("awb", awb_no)
      rule b: valid_id("awbb", awb_no)
    }'''
    _, diags = check_source(src, "t.sift", registry)
    errors = [d for d in diags if d.severity == "error"]
    assert [d.line for d in errors] == [4]
    assert errors[0].hint == "did you mean 'awb'?"


def test_an_air_waybill_checked_in_a_template(tmp_path):
    tpl = ('template air {\n'
           '  field awb_no: id(/\\d{3}[- ]?\\d{4} ?\\d{4}/) = right of "AWB No."\n'
           '  rule awb_ok: valid_id("awb", awb_no)\n}\n')
    result = extract_text(tmp_path, tpl, "AIR WAYBILL\nAWB No. 176-1234 5675\n")
    assert result.status == Status.ACCEPTED, [r.message for r in result.reasons]
    assert result.fields["awb_no"].value == "176-1234 5675"
    result = extract_text(tmp_path, tpl, "AIR WAYBILL\nAWB No. 176-1234 5676\n")
    assert result.status == Status.REVIEW
