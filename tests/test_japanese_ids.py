"""Japanese qualified-invoice registration numbers (japan journey): `valid_id("jp.cn", x)`
failed on a valid "T…" number (the T is printed before the 13-digit corporate number),
and on the full-width digits Japanese documents print."""

import pytest

from formsift.plugins.validators.national_ids import valid_id

CORPORATE = "7010001008844"  # a published corporate number (National Tax Agency)


@pytest.mark.parametrize("printed", [f"T{CORPORATE}", CORPORATE, f"T {CORPORATE}",
                                     "Ｔ７０１０００１００８８４４", "T7010-0010-08844"])
def test_a_registration_number_is_checked_as_its_corporate_number(printed):
    assert valid_id("jp.cn", printed)


@pytest.mark.parametrize("printed", ["T7010001008845", "T701000100884", "X7010001008844"])
def test_a_wrong_check_digit_or_another_letter_fails(printed):
    assert not valid_id("jp.cn", printed)


def test_an_id_printed_full_width_is_read_as_its_ascii_value(tmp_path):
    # japan journey, finding 5: 'A－５５２１' was not read at all, and a T number kept its
    # full-width digits (an ERP lookup on them fails); the raw text stays as printed
    from tests.parsing import extract_text

    result = extract_text(tmp_path, 'template c {\n  match { contains "No" }\n'
                          '  field n: id = right of "No"\n  field r: id = right of "Reg"\n}\n',
                          "No A－５５２１\nReg Ｔ７０１０００１００８８４４\n")
    assert result.value("n") == "A-5521" and result.field("n").raw == "A－５５２１"
    assert result.value("r") == "T7010001008844"
