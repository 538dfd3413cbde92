"""A pallet's SSCC check digit is checked. A warehouse's packing lists (GS1 journey,
finding 2): valid_id("gs1_128", "(00)" + sscc) passed a wrong check digit (python-stdnum
checks a GTIN's (01) but not an SSCC's (00)), and valid_id("sscc", x) was an unknown
module: a pallet number misprinted or misread was accepted."""

from __future__ import annotations

import pytest

from formsift.plugins.validators.national_ids import valid_id


@pytest.mark.parametrize("number", ["376123450000000016", "(00)376123450000000016",
                                    "(00) 3 7612345 000000001 6", "000000000000000000",
                                    "00376123450000000016"])
def test_a_right_sscc_passes(number):
    assert valid_id("sscc", number)


@pytest.mark.parametrize("number", ["376123450000000019", "37612345000000001",
                                    "3761234500000000166", "37612345000000001A", ""])
def test_a_wrong_sscc_fails(number):
    assert not valid_id("sscc", number)


def test_gs1_128_checks_the_sscc_too():
    assert valid_id("gs1_128", "(00)376123450000000016")
    assert not valid_id("gs1_128", "(00)376123450000000019")
    assert valid_id("gs1_128", "(00)376123450000000016(01)09501101530003(17)270331(10)AB1")
    assert not valid_id("gs1_128", "(01)09501101530008")  # a GTIN's, as python-stdnum


def test_a_gs1_128_string_that_does_not_read_fails_without_an_error():
    """A weight element OCR misread (the code read of this stop): decimal.InvalidOperation
    escaped, and the rule was not evaluated, with a Python exception as its message."""
    assert not valid_id("gs1_128", "(01)09501101530003(3103)00x123")
