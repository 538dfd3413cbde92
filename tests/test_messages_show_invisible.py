"""Messages show characters a reader cannot see or tell from ordinary ones (ceeu journey,
finding 2: a NIP with soft hyphens failed its rule, and the message showed what looked
like the expected ID)."""

from tests.parsing import extract_text

TEMPLATE = """template sh {
  match { contains "NIP" }
  field nip: text = right of "NIP"
  field total: money = right of "Total"
  rule same: nip == "526-025-09-95"
}
"""


def _reasons(tmp_path, text):
    return extract_text(tmp_path, TEMPLATE, text).reasons


def test_a_rule_message_escapes_soft_hyphens(tmp_path):
    reasons = _reasons(tmp_path, "NIP 526\u00ad025\u00ad09\u00ad95\nTotal 12.00\n")
    message = next(r.message for r in reasons if r.rule == "same")
    assert '"526\\u00ad025\\u00ad09\\u00ad95"' in message


def test_a_missing_value_message_escapes_a_soft_hyphen(tmp_path):
    reasons = _reasons(tmp_path, "NIP 526-025-09-95\nTotal ab\u00adcd\n")
    message = next(r.message for r in reasons if r.field == "total")
    assert '"ab\\u00adcd"' in message


def test_plain_text_is_quoted_as_it_is(tmp_path):
    reasons = _reasons(tmp_path, "NIP 526-025-09-96\nTotal ab cd\n")
    assert any('"ab cd"' in r.message for r in reasons if r.field == "total")
    assert any("(526-025-09-96 against" in r.message for r in reasons if r.rule == "same")
