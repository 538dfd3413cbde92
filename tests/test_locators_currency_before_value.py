"""A currency code between a label and its value ("Fare paid: EUR 940.00") is the value's,
no word of a longer label: it cost the label a tenth of its score (0.90 against 1.00 for
"Fare paid: 940.00"), so a later ``or`` locator's value won and was accepted (the travel
journey, finding 3: an airline receipt's fare in the origin currency, 1020.00 USD, taken
over the equivalent fare paid, EUR 940.00)."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status


def _extract(tmp_path, template: str, lines: list[tuple[float, float, str]], make_pdf):
    sift = tmp_path / "t.sift"
    sift.write_text(template, encoding="utf-8")
    pdf = tmp_path / "d.pdf"
    pdf.write_bytes(make_pdf(lines))
    return Engine(seen_store="memory").extract(str(pdf), template=str(sift))


@pytest.mark.parametrize("line", ["Fare paid: EUR 940.00", "Fare paid EUR 940.00",
                                  "Fare paid:  EUR 940.00", "Fare paid: 940.00 EUR",
                                  "Fare paid CDN 940.00", "Fare paid NTD 940.00"])
def test_a_currency_code_before_the_value_costs_no_score(tmp_path, make_pdf, line):
    template = '''template t {
      field fare: money = right of "Fare paid"
    }'''
    plain = _extract(tmp_path, template, [(72, 100, "Fare paid: 940.00")], make_pdf)
    result = _extract(tmp_path, template, [(72, 100, line)], make_pdf)
    assert str(result.fields["fare"].value) == "940.00"
    assert result.fields["fare"].confidence == pytest.approx(plain.fields["fare"].confidence)


def test_the_first_locator_s_value_after_a_code_is_not_beaten_by_a_later_one(tmp_path,
                                                                             make_pdf):
    template = '''template t {
      field fare: money = right of "EQUIV FARE PAID" or right of "FARE:"
    }'''
    lines = [(72, 100, "FARE: USD 1020.00"), (72, 115, "EQUIV FARE PAID: EUR 940.00")]
    result = _extract(tmp_path, template, lines, make_pdf)
    assert str(result.fields["fare"].value) == "940.00"
    assert result.status in (Status.ACCEPTED, Status.REVIEW)


def test_a_word_after_a_label_still_may_make_it_a_longer_one(tmp_path, make_pdf):
    """"Employee ID 4711" beside "Employee": a word, no currency code, still counts."""
    template = '''template t {
      field n: int = right of "Employee"
    }'''
    plain = _extract(tmp_path, template, [(72, 100, "Employee 4711")], make_pdf)
    result = _extract(tmp_path, template, [(72, 100, "Employee ID 4711")], make_pdf)
    assert result.fields["n"].confidence < plain.fields["n"].confidence
