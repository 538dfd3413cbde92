"""A plain decimal field tied '1.859' with 1859 under fr (code read of stop 27, item 3):
the tie of a lone separator that is neither of the locale's before three digits, made for
money ('kr 12.500' in a Norwegian template), sent a fuel ticket's price per litre
'Prix/L 1.859' to review as ambiguous, where it was accepted as 1.859 before. A decimal
reads it as parse_number does; money keeps the tie."""

from __future__ import annotations

from tests.parsing import ctx, ftype


def test_a_decimal_field_reads_a_three_decimal_price_as_written(registry):
    """'Prix/L 1.859' under fr: the fuel price 1.859 (as parse_number says), not tied with
    1859; money keeps the tie ('kr 12.500' may be twelve thousand five hundred)."""
    found = ftype(registry, "decimal").find("Prix/L 1.859", ctx("fr_FR"))
    assert [str(f.value) for f in found] == ["1.859"]
    money = ftype(registry, "money").find("Å betale kr 12.500", ctx("fr"))
    assert [str(f.value) for f in money[:2]] == ["12.500", "12500"] and money[1].tied


def test_a_fuel_ticket_under_fr_is_accepted(tmp_path):
    from formsift import Engine

    (tmp_path / "t.txt").write_text("Ticket\nPrix/L 1.859\nVolume 40.00\nTotal 74,36\n",
                                    encoding="utf-8")
    (tmp_path / "t.sift").write_text(
        'template fr {\n  locale "fr_FR"\n  currency "EUR"\n  match { contains "Ticket" }\n'
        '  field price: decimal = right of "Prix/L"\n'
        '  field litres: decimal = right of "Volume"\n'
        '  field total: money = right of "Total"\n}\n', encoding="utf-8")
    result = Engine().extract(tmp_path / "t.txt", template=tmp_path / "t.sift")
    assert str(result.field("price").value) == "1.859"
    assert result.status == "accepted"
