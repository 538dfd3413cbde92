"""Currency marks of African invoices (africa journey, F1-F3): a rand sign glued to an
amount grouped by spaces ("R1 000.00") read as its last group (0.00), accepted with a
totals rule that held for the wrong pair; marks glued to the digits ("R2,350.00",
"KSh2,350.00", "Ksh.2,350.00", "N2,350.00") gave no amount; "E£" was read as GBP;
"LE", "L.E.", "GH¢", "DH", "Dhs" gave no currency."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, extract_text, ftype


@pytest.mark.parametrize("text, locale, expected, value, currency", [
    ("Subtotal: R1 000.00", "en_ZA", "ZAR", "1000.00", "ZAR"),
    ("Total: R12 480.50", "en_ZA", "ZAR", "12480.50", "ZAR"),
    ("Total: R2,350.00", "en", None, "2350.00", "ZAR"),
    ("Total: R2350.00", "en", "ZAR", "2350.00", "ZAR"),
    ("Total: R 150.00", "en", None, "150.00", "ZAR"),
    ("Total: R 150", "en_ZA", "ZAR", "150", "ZAR"),
    ("Total: KSh2,350.00", "en", None, "2350.00", "KES"),
    ("Total: Ksh.2,350.00", "en", "KES", "2350.00", "KES"),
    ("Total: Kshs 2,350.00", "en", None, "2350.00", "KES"),
    ("Total: TSh 2,350.00", "en", None, "2350.00", "TZS"),
    ("Total: N2,350.00", "en", None, "2350.00", "NGN"),
    ("Total: E£ 1,000.00", "en", None, "1000.00", "EGP"),
    ("Total: E£ 1,000.00", "en", "EGP", "1000.00", "EGP"),
    ("Total: £E 1,000.00", "en", None, "1000.00", "EGP"),
    ("Total: L.E. 2,350.00", "en", None, "2350.00", "EGP"),
    ("Total: LE 2,350.00", "en", None, "2350.00", "EGP"),
    ("Total: 2,350.00 LE", "en", None, "2350.00", "EGP"),
    ("Total: 2,350.00 م.ج", "en", None, "2350.00", "EGP"),
    ("Total: GH¢ 10,000.00", "en", None, "10000.00", "GHS"),
    ("Total: GHC 10,000.00", "en", None, "10000.00", "GHS"),
    ("Total: 8 450,00 DH", "fr", None, "8450.00", "MAD"),
    ("Total: 8 450,00 Dhs", "fr", "MAD", "8450.00", "MAD"),
    ("Total: Dhs 100.00", "en", None, "100.00", "AED"),
    ("Total: 2 350,00 DHS", "fr", "MAD", "2350.00", "MAD"),
    ("Total: 2 350,00 dirhams", "fr", "MAD", "2350.00", "MAD"),
    ("Total: 2,350.00 naira", "en", None, "2350.00", "NGN"),
    ("Total: 2,350.00 cedis", "en", None, "2350.00", "GHS"),
    # the real keeps its mark
    ("Total: R$ 1.234,56", "pt", None, "1234.56", "BRL"),
    # the pound sterling stays one
    ("Total: £1,000.00", "en", None, "1000.00", "GBP"),
])
def test_african_marks(registry, text, locale, expected, value, currency):
    found = best(registry, "money", text, locale=locale, currency=expected)
    assert found is not None
    assert (str(found.value), found.value.currency) == (value, currency)


@pytest.mark.parametrize("text, locale", [
    ("Room R2 100", "en"),       # a room, whole numbers: no rand
    ("Row N5 12", "en"),
    ("Dhaka 100.00", "en"),      # a word, not the dirham
    ("PAYABLE 100.00", "en"),    # "LE" inside a word in capitals
])
def test_letters_that_are_no_marks(registry, text, locale):
    found = best(registry, "money", text, locale=locale)
    assert found is None or getattr(found.value, "currency", None) is None


@pytest.mark.parametrize("text", ["Total: R2 350.00", "Total: R12 480.50"])
def test_a_mark_glued_to_the_first_group_says_where_the_amount_starts(registry, text):
    """Was 350.00 (480.50), the R glued to the first group read as no mark: now the whole
    amount, its last group no tied rival (a mark set apart, "R 2 350.00", leaves the tie
    to rules: "Qty 2 350.00")."""
    found = ftype(registry, "money").find(text, ctx("en", "ZAR"))
    assert found[0].value.currency == "ZAR" and str(found[0].value) in ("2350.00", "12480.50")
    assert not any(f.tied for f in found[1:])


@pytest.mark.parametrize("text", ["Total: 12 480.50 ZAR", "Total: (12 480.50 ZAR",
                                  "Total: R 12 480.50"])
def test_a_mark_not_glued_before_the_first_group_leaves_the_tie(registry, text):
    found = ftype(registry, "money").find(text, ctx("en", "ZAR"))
    assert str(abs(found[0].value)) == "12480.50"
    assert any(f.tied and str(abs(f.value)) == "480.50" for f in found[1:])


@pytest.mark.parametrize("text, value, currency", [
    ("R1 000.00", "1000.00", "ZAR"),
    ("KSh2,350.00", "2350.00", "KES"),
    ("N2,350.00", "2350.00", "NGN"),
])
def test_glued_marks_parsed(registry, text, value, currency):
    parsed = ftype(registry, "money").parse(text, ctx("en"))
    assert (str(parsed), parsed.currency) == (value, currency)


TEMPLATE = """template t {
  locale "en_ZA"
  currency "%s"
  field net: money = right of "Subtotal"
  field vat: money = right of "VAT"
  field total: money = right of "Total"
  rule totals: net + vat == total tolerance 0.01
}"""


def test_a_glued_rand_on_space_grouped_amounts(tmp_path):
    """Was net 0.00, total 150.00, accepted: the rule held for the last groups. The R
    glued to the first group says where each amount starts."""
    result = extract_text(tmp_path, TEMPLATE % "ZAR",
                          "Subtotal: R1 000.00\nVAT: R 150.00\nTotal: R1 150.00\n")
    assert {k: str(v.value) for k, v in result.fields.items()} == {
        "net": "1000.00", "vat": "150.00", "total": "1150.00"}
    assert result.status == "accepted", result.reasons


def test_a_glued_rand_with_cents_is_read_whole(tmp_path):
    result = extract_text(tmp_path, TEMPLATE % "ZAR",
                          "Subtotal: R12 480.50\nVAT: R1 872.08\nTotal: R14 352.58\n")
    assert {k: str(v.value) for k, v in result.fields.items()} == {
        "net": "12480.50", "vat": "1872.08", "total": "14352.58"}
    assert result.status == "accepted", result.reasons


def test_an_egyptian_pound_in_an_egp_template(tmp_path):
    result = extract_text(tmp_path, TEMPLATE.replace('"en_ZA"', '"en"') % "EGP",
                          "Subtotal: E£ 1,000.00\nVAT: E£ 140.00\nTotal: E£ 1,140.00\n")
    assert result.status == "accepted", result.reasons


def test_rand_in_a_naira_template_is_a_mismatch(tmp_path):
    result = extract_text(tmp_path, TEMPLATE % "NGN",
                          "Subtotal: R1 000.00\nVAT: R 150.00\nTotal: R1 150.00\n")
    assert result.status == "review"
    assert "currency_mismatch" in {r.code for r in result.reasons}
