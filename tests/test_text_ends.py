"""starts_with and ends_with in rules: a bank-details change request must come from an
address of the supplier's own domain; without them the rule needed substr and len
arithmetic."""

from __future__ import annotations

from tests.parsing import extract_text

TEMPLATE = """template change {
  field email: email = right of "Requested by:"
  field domain: text = right of "Supplier domain:"
  field iban: iban = right of "New IBAN:"
  rule same_domain: ends_with(email, "@" + domain)
  rule german: starts_with(iban, "de")
}
"""


def _doc(email: str, iban: str = "DE89 3704 0044 0532 0130 00") -> str:
    return (f"Requested by: {email}\nSupplier domain: fjordfisk.no\n"
            f"New IBAN: {iban}\n")


def test_an_address_of_the_suppliers_domain_passes(tmp_path):
    result = extract_text(tmp_path, TEMPLATE, _doc("Ola.Nordmann@FjordFisk.no"))
    assert result.status == "accepted", result.reasons
    assert {r.name: r.passed for r in result.rules} == {"same_domain": True, "german": True}


def test_an_address_elsewhere_fails(tmp_path):
    for email in ("ola@fjordfisk.no.evil.com", "ola@notfjordfisk.no"):
        result = extract_text(tmp_path, TEMPLATE, _doc(email))
        assert result.status != "accepted"
        assert [r.name for r in result.rules if r.passed is False] == ["same_domain"]


def test_starts_with_fails_on_another_prefix(tmp_path):
    result = extract_text(tmp_path, TEMPLATE, _doc("ola@fjordfisk.no",
                                                   "NO93 8601 1117 947"))
    assert [r.name for r in result.rules if r.passed is False] == ["german"]
