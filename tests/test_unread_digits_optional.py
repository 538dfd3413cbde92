"""Optional values whose printed digits do not read: an insurer's remittance scan with a
cell '3l.70' under 'adj: money? default 0' was accepted with adj 0, and 'Patient Copay:
3O.00' under an optional copay with no value at all; a blank may be a blank (or the
default), digits that did not read are no blank."""

from __future__ import annotations

from tests.parsing import extract_text

TABLE = """template remit {
  currency "USD"
  field total: money = right of "Total Payment"
  table lines {
    code: text header "Code"
    billed: money header "Billed"
    adj: money? header "Adj" default 0
    paid: money header "Paid"
    until "Total Payment"
  }
  rule s: sum(lines.paid) == total
}
"""

ROWS = """Code     Billed     Adj      Paid
99213    185.00     62.40    122.60
93000    85.00      {adj}    53.30

Total Payment: 175.90
"""


def test_a_cell_whose_digits_do_not_read_takes_no_default(tmp_path):
    result = extract_text(tmp_path, TABLE, ROWS.format(adj="3l.70"))
    assert result.status == "review"
    reasons = [r for r in result.reasons if r.code == "invalid_value"]
    assert reasons and reasons[0].field == "lines.adj" and "3l.70" in reasons[0].message


def test_a_blank_cell_takes_the_default(tmp_path):
    result = extract_text(tmp_path, TABLE, ROWS.format(adj="     "))
    assert result.status == "accepted", result.reasons
    assert [str(r["adj"]) for r in result.record()["lines"]] == ["62.40", "0"]


FIELD = """template copay {{
  currency "USD"
  field copay: money? = right of "Patient Copay"{default}
  field paid: money = right of "Paid"
}}
"""


def test_an_optional_field_whose_digits_do_not_read_goes_to_review(tmp_path):
    for default in ("", " default 0"):
        result = extract_text(tmp_path, FIELD.format(default=default),
                              "Patient Copay: 3O.00\nPaid: 95.00\n")
        assert result.status == "review", default
        assert [r.field for r in result.reasons if r.code == "invalid_value"] == ["copay"]


def test_an_optional_field_with_words_or_nothing_stays_quiet(tmp_path):
    for text in ("Patient Copay: none\nPaid: 95.00\n", "Paid: 95.00\n",
                 "Patient Copay: 30.00\nPaid: 95.00\n"):
        result = extract_text(tmp_path, FIELD.format(default=" default 0"), text)
        assert result.status == "accepted", (text, result.reasons)
