"""The Dutch minus '-/-' read '--' on a scan, through a template (benelux journey, finding
4): 'right of "Subtotaal"' must hand the two dashes to the money type (a lone "-" before a
number was kept already), which reads both signs tied, so that the sum rule picks -175.50.
Needs F11-locators.patch (templates/locators.py relative_words)."""

from __future__ import annotations

from formsift import Engine
from formsift.core.result import Status

TEMPLATE = ('template cn {{\n  locale "nl"\n  currency "EUR"\n'
            '  field net: money = right of "Subtotaal"\n'
            '  field vat: money = right of "BTW 21%"\n'
            '  field total: money = right of "Totaal"\n{rule}}}\n')
DOC = "Creditnota CN-6\nSubtotaal -- 175,50\nBTW 21% -/- 36,86\nTotaal -/- 212,36\n"


def test_a_rule_picks_the_negative_reading(tmp_path):
    (tmp_path / "t.sift").write_text(TEMPLATE.format(rule="  rule totals: net + vat == total\n"),
                                     encoding="utf-8")
    (tmp_path / "cn.txt").write_text(DOC, encoding="utf-8")
    result = Engine().extract(tmp_path / "cn.txt", template=tmp_path / "t.sift")
    assert str(result.field("net").value) == "-175.50"
    assert result.status is Status.ACCEPTED


def test_without_a_rule_the_sign_is_not_guessed(tmp_path):
    (tmp_path / "t.sift").write_text(TEMPLATE.format(rule=""), encoding="utf-8")
    (tmp_path / "cn.txt").write_text(DOC, encoding="utf-8")
    result = Engine().extract(tmp_path / "cn.txt", template=tmp_path / "t.sift")
    assert result.status is not Status.ACCEPTED
