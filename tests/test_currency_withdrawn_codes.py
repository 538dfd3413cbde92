"""Recently withdrawn ISO 4217 codes that invoices and archives still carry are accepted
(journey cyrillic, finding 8): ``currency "BGN"`` was refused with "did you mean 'NGN'?"
(the naira), although Bulgarian invoices until 2025 are in leva; and a code withdrawn
longer ago is refused with its successor as the hint, not a look-alike code."""

from __future__ import annotations

import pytest

from formsift.core.result import Status
from formsift.templates import check_source
from formsift.util.currencies import currency_problem, minor_units, withdrawn_note
from tests.parsing import extract_text


@pytest.mark.parametrize("code", ["BGN", "HRK", "SLL", "VEF", "CUC", "MRO", "BYR", "ANG",
                                  "ZWL"])
def test_recently_withdrawn_codes_are_accepted_with_a_note(code):
    assert currency_problem(code) is None
    note = withdrawn_note(code)
    assert note is not None and "withdrawn" in note
    assert code in minor_units()


def test_the_levs_note_names_the_euro_and_the_rate():
    note = withdrawn_note("BGN")
    assert "2026-01-01" in note and "'EUR'" in note and "1.95583" in note
    assert withdrawn_note("EUR") is None


@pytest.mark.parametrize(("code", "successor"), [("DEM", "EUR"), ("LTL", "EUR"),
                                                 ("RUR", "RUB"), ("TRL", "TRY")])
def test_older_codes_are_refused_with_their_successor(code, successor):
    problem = currency_problem(code)
    assert problem is not None and f"write '{successor}'" in problem
    assert "did you mean" not in problem


def test_a_misspelled_code_still_gets_the_nearest():
    assert "did you mean 'EUR'?" in currency_problem("EUX")


def test_template_and_money_option_take_bgn(registry):
    src = '''template t {
      currency "BGN"
      field total: money = right of "Total"
      field vat: money(currency="HRK") = right of "VAT"
    }'''
    _, diags = check_source(src, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags


def test_an_amount_in_bgn_is_no_amount_in_euros(tmp_path):
    tpl = 'template t {\n  currency "EUR"\n  field total: money = right of "Total:"\n}\n'
    result = extract_text(tmp_path, tpl, "Invoice\nTotal: 1234.00 BGN\n")
    assert result.status is Status.REVIEW
    assert "currency" in " ".join(r.code for r in result.reasons)
    tpl_bgn = 'template t {\n  currency "BGN"\n  field total: money = right of "Total:"\n}\n'
    result = extract_text(tmp_path, tpl_bgn, "Invoice\nTotal: 1234.00 BGN\n")
    assert result.status is Status.ACCEPTED
    assert result.fields["total"].currency == "BGN"


def test_check_warns_of_a_withdrawn_code(tmp_path, capsys):
    from formsift.cli import main

    path = tmp_path / "b.sift"
    path.write_text('template b {\n  currency "BGN"\n  field total: money(currency="HRK") = '
                    'right of "Total"\n}\n', encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr()
    text = out.out + out.err
    assert "'BGN' was withdrawn from ISO 4217" in text and "'HRK' was withdrawn" in text
