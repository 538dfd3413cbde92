"""formsift check warns of a money field whose label names another currency (journey
latam2, finding 9): `right of "Total: USD"` in an ARS template read a US-dollar invoice's
total as pesos, accepted: a code in a label is not the amount's currency."""

from __future__ import annotations

from formsift.cli import main


def _check(tmp_path, capsys, body: str) -> str:
    path = tmp_path / "t.sift"
    path.write_text("template t {\n" + body + "\n}\n", encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr()
    return out.out + out.err


def test_a_label_naming_another_currency_is_a_warning(tmp_path, capsys):
    text = _check(tmp_path, capsys, '  currency "ARS"\n'
                                    '  field total: money = right of "Total" | "Total: USD"')
    assert "warning: the label \"Total: USD\" names USD, but 'total' expects ARS" in text


def test_the_expected_code_or_none_is_no_warning(tmp_path, capsys):
    text = _check(tmp_path, capsys, '  currency "EUR"\n'
                                    '  field total: money = right of "Total EUR"\n'
                                    '  field vat: money = right of "VAT"\n'
                                    '  field usd: money(currency="USD") = right of "Total USD"')
    assert "warning" not in text


def test_a_template_without_a_currency_is_no_warning(tmp_path, capsys):
    text = _check(tmp_path, capsys, '  field total: money = right of "Total NZD"')
    assert "warning" not in text
