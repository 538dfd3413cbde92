"""An identifier read `anywhere` whose check fails is an invalid value, not a missing one
(journey notices, finding 5): a dunning letter whose IBAN's check digits were wrong gave
'no value found for iban (anywhere)', which sends a reviewer looking for a line that is
there; a wrong payee IBAN is a fraud signal."""

from __future__ import annotations

from tests.parsing import extract_text

TEMPLATE = """template t {
  field iban: iban = anywhere
}"""


def test_an_iban_with_wrong_check_digits_is_named(tmp_path):
    result = extract_text(tmp_path, TEMPLATE,
                          "Finanzamt Test\nIBAN: DE86 7005 0000 0000 0240 30\n")
    reason = next(r for r in result.reasons if r.field == "iban")
    assert reason.code == "invalid_value"
    assert "DE86 7005 0000 0000 0240 30" in reason.message and "check digits" in reason.message


def test_a_page_without_an_iban_is_still_missing(tmp_path):
    result = extract_text(tmp_path, TEMPLATE, "Finanzamt Test\nSteuernummer 143/123/45678\n")
    reason = next(r for r in result.reasons if r.field == "iban")
    assert reason.code == "field_missing"


def test_a_valid_iban_is_read(tmp_path):
    result = extract_text(tmp_path, TEMPLATE, "IBAN: DE89 3704 0044 0532 0130 00\n")
    assert result.value("iban") and result.status == "accepted"
