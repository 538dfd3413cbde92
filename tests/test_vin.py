"""valid_vin and valid_vin_check_digit: the VIN's structure (ISO 3779) and its check digit
(fleet journey, finding 10: no VIN check was built in)."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.result import Status
from formsift.plugins.validators.checksums import (
    valid_vin,
    valid_vin_check_digit,
    vin_check_digit,
)
from formsift.templates import check_source


@pytest.mark.parametrize("vin", [
    "1M8GDM9AXKP042788",   # the check digit X (a sum leaving 10)
    "1HGCM82633A004352",
    "5GZCZ43D13S812715",
    "JHMCM56557C404453",   # Japanese, with a check digit
    "11111111111111111",
    "1m8gdm9axkp042788",   # read in small letters
    "1M8GDM9AX KP042788",  # printed in two groups
])
def test_published_vins_pass(vin):
    assert valid_vin_check_digit(vin) and valid_vin(vin)


@pytest.mark.parametrize("vin", [
    "1M8GDM9AXKP042789",   # one character changed: the check digit no longer fits
    "1M8GDM9A0KP042788",   # the wrong check digit
    "1HGCM82633A0O4352",   # an O (never used: it is read as 0)
    "1HGCM82633AI04352",   # an I
    "1HGCM82633AQ04352",   # a Q
    "1M8GDM9AXKP04278",    # 16 characters
    "1M8GDM9AXKP0427880",  # 18
    "1M8GDM9AXKP04278\u0661",  # a digit of another script
    "",
])
def test_wrong_vins_fail_both_checks(vin):
    assert not valid_vin_check_digit(vin)
    assert not valid_vin(vin)


@pytest.mark.parametrize("vin", ["WP0ZZZ99ZTS392124", "WVWZZZ1JZXW000001"])
def test_a_european_vin_without_check_digit_is_valid_but_has_no_check_digit(vin):
    assert not valid_vin_check_digit(vin)
    assert valid_vin(vin)


@pytest.mark.parametrize("vin", ["2T1BU4EE9DC123456",   # Canada: must have its check digit
                                 "LSVAM4187C2184848"])  # China (GB 16735): the same
def test_valid_vin_verifies_the_digit_where_it_is_mandatory(vin):
    assert not valid_vin(vin)
    assert valid_vin(vin[:8] + vin_check_digit(vin) + vin[9:])


VIN_TEMPLATE = '''template repair_order {
  field vin: id(/[A-HJ-NPR-Z0-9]{17}/) = right of "VIN:"
  rule vin_ok: FUNCTION(vin)
}'''


@pytest.mark.parametrize("function,vin,status", [
    ("valid_vin_check_digit", "1M8GDM9AXKP042788", Status.ACCEPTED),
    ("valid_vin_check_digit", "1M8GDM9A0KP042788", Status.REVIEW),
    ("valid_vin_check_digit", "WP0ZZZ99ZTS392124", Status.REVIEW),
    ("valid_vin", "WP0ZZZ99ZTS392124", Status.ACCEPTED),
    ("valid_vin", "1M8GDM9A0KP042788", Status.REVIEW),
])
def test_vin_rules_in_a_template(registry, tmp_path, function, vin, status):
    (tpl,), diags = check_source(VIN_TEMPLATE.replace("FUNCTION", function), "ro.sift",
                                 registry)
    assert not [d for d in diags if d.severity == "error"], diags
    doc = tmp_path / "repair_order.txt"
    doc.write_text(f"REPAIR ORDER 4711\nVIN: {vin}\nMileage in: 84213\n")
    result = Engine([tpl], registry=registry).extract(doc, tpl)
    assert result.record()["vin"] == vin
    assert result.status is status
