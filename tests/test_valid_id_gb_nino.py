"""A UK National Insurance number can be checked (HR onboarding journey, finding 7):
python-stdnum has no gb.nino, and an onboarding form's NINO could only be checked by a
regex the clerk wrote by hand."""

from __future__ import annotations

import pytest

from formsift.plugins.validators.national_ids import valid_id


@pytest.mark.parametrize("number", ["AB123456C", "AB 12 34 56 C", "ab123456d", "JG103759A"])
def test_a_nino_passes(number):
    assert valid_id("gb.nino", number)


@pytest.mark.parametrize("number", ["QQ123456C", "AB123456E", "GB123456A", "AO123456A",
                                    "DA123456A", "AB12345C", "AB1234567C", ""])
def test_what_is_no_nino_fails(number):
    assert not valid_id("gb.nino", number)
