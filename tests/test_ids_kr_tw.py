"""Korean business registration numbers and Taiwanese unified business numbers, where
python-stdnum (2.2) checks less than the issuer (korea journey, findings 4 and 7):
``valid_id("kr.brn", x)`` accepted ``123-45-67890``, whose check digit is wrong (stdnum's
``kr.brn`` checks the format only), and ``valid_id("tw.ubn", x)`` refused ``12345670``,
valid by the check Taiwan's Ministry of Finance uses since April 2023 (the weighted sum
divisible by 5; stdnum still asks 10)."""

from __future__ import annotations

import pytest

from formsift.core.result import Status
from formsift.plugins.validators.national_ids import valid_id
from tests.parsing import extract_text

# Real numbers: Samsung Electronics' 124-81-00998 (the journey's) and numbers "found
# online" that python-stdnum's tests list for kr.brn (the NTS check digit holds for 234
# of its 237, the others look like samples: 206-18-12345).
KR_REAL = ["124-81-00998", "116-82-00276", "134-86-72683", "101-82-13065", "104-81-25258",
           "1208200052", "214-87-98889", "220 88 69974", "317 - 81 - 11175",
           "383-37-00143", "617-86-11575", "884-17-01026", "2098206382", "148-05-00404"]


@pytest.mark.parametrize("number", KR_REAL)
def test_real_korean_business_numbers_pass(number):
    assert valid_id("kr.brn", number)


@pytest.mark.parametrize("number", KR_REAL)
def test_a_korean_business_number_with_another_last_digit_fails(number):
    digits = "".join(ch for ch in number if ch.isdigit())
    wrong = digits[:9] + str((int(digits[9]) + 1) % 10)
    assert not valid_id("kr.brn", wrong)


@pytest.mark.parametrize("number,ok", [
    ("123-45-67890", False),    # the journey's: its check digit is 1
    ("123-45-67891", True),
    ("124-81-00997", False), ("124-81-00999", False),
    ("124-18-00998", False),    # two digits swapped
    ("１２４－８１－００９９８", True),   # full-width, as a Korean document may print it
    ("124\u201181\u201100998", True),  # non-breaking hyphens
    ("100-86-08983", False),    # stdnum's format checks stay: no tax office 100
    ("211-86-00003", False),    # a serial of 0000
    ("124-81-0099", False), ("124-81-009988", False), ("12A-81-00998", False),
])
def test_korean_business_numbers(number, ok):
    assert valid_id("kr.brn", number) is ok


def test_the_check_digit_counts_the_tens_of_the_ninth_digit_times_five():
    from formsift.plugins.validators.checksums import kr_brn_check_digit

    # 1*1+2*3+4*7+8*1+1*3+0*7+0*1+9*3+9*5 = 118, + 9*5//10 = 4 -> 122 -> 8
    assert kr_brn_check_digit("124810099") == "8"


# Taiwan: numbers issued before April 2023 pass both rules (python-stdnum's tests' real
# numbers, TSMC's 22099131); 62140097 is a real number issued under the new rule (its sum
# 35 is divisible by 5, not 10); 00000074 passes by the seventh digit's 7 (sum 14 + 1).
@pytest.mark.parametrize("number,ok", [
    ("22099131", True), ("04595257", True), ("00501503", True), ("00277104", True),
    ("99963479", True), ("53212539", True), ("0027710-4", True),
    ("62140097", True), ("12345670", True), ("00501508", True), ("00000074", True),
    ("00501502", False), ("00277103", False), ("88117126", False), ("12345672", False),
    ("1234567", False), ("123456701", False), ("1234567A", False),
])
def test_taiwanese_unified_business_numbers(number, ok):
    assert valid_id("tw.ubn", number) is ok


KR = '''template kr {
  field brn: id(/\\d{3}-\\d{2}-\\d{5}/) = right of "등록번호"
  rule brn_ok: valid_id("kr.brn", brn)
}'''


@pytest.mark.parametrize("brn,status", [("124-81-00998", Status.ACCEPTED),
                                        ("123-45-67890", Status.REVIEW)])
def test_a_wrong_korean_business_number_sends_the_invoice_to_review(tmp_path, brn, status):
    result = extract_text(tmp_path, KR, f"세금계산서\n등록번호 {brn}\n")
    assert result.record()["brn"] == brn
    assert result.status is status, result.reasons


TW = '''template tw {
  field ubn: id(/\\d{8}/) = right of "統一編號"
  rule ubn_ok: valid_id("tw.ubn", ubn)
}'''


@pytest.mark.parametrize("ubn,status", [("12345670", Status.ACCEPTED),
                                        ("22099131", Status.ACCEPTED),
                                        ("12345672", Status.REVIEW)])
def test_a_number_issued_under_the_2023_rule_is_accepted(tmp_path, ubn, status):
    result = extract_text(tmp_path, TW, f"統一發票\n統一編號 {ubn}\n")
    assert result.record()["ubn"] == ubn
    assert result.status is status, result.reasons
