"""Canada writes numeric dates both day first and month first (anzca journey, finding 2):
under ``locale "en_CA"`` or ``"fr_CA"`` an Ontario invoice's 12/04/2026 (4 December, as its
supplier writes) was read as 12 April and accepted, while the same template without a
locale sent it to review. A date that reads both ways goes to review under those locales
unless the template states ``date_order`` or the document shows its order."""

from __future__ import annotations

from datetime import date

import pytest

from formsift.core.locale import get_locale
from formsift.templates import check_source
from tests.parsing import extract_text

_INVOICE = ("Great Lakes Supply Ltd.\n{address}\nInvoice\nInvoice Date {issued}\n"
            "{due}Total $113.00\n")


def _template(*settings: str, due: bool = False) -> str:
    return ("template ca {\n" + "".join(f"  {s}\n" for s in settings)
            + '  currency "CAD"\n  field issued: date = right of "Invoice Date"\n'
            + ('  field due: date = right of "Due Date"\n' if due else "")
            + '  field total: money = right of "Total"\n}\n')


def _invoice(issued: str, address: str = "Oakville ON L6H 0C3", due: str = "") -> str:
    return _INVOICE.format(address=address, issued=issued,
                           due=f"Due Date {due}\n" if due else "")


@pytest.mark.parametrize("locale", ["en_CA", "fr_CA", "en-CA"])
@pytest.mark.parametrize("address", ["Oakville ON L6H 0C3  Tel (905) 555-0199",
                                     "Oakville ON L6H 0C3"])
def test_a_canadian_date_that_reads_both_ways_goes_to_review(tmp_path, locale, address):
    """The user's bug: accepted as 2026-04-12, no reason."""
    result = extract_text(tmp_path, _template(f'locale "{locale}"'),
                          _invoice("12/04/2026", address))
    assert result.status.value == "review"
    assert [(r.code, r.field) for r in result.reasons] == [("ambiguous", "issued")]
    assert "12/04/2026" in result.reasons[0].message
    assert "both" in result.reasons[0].message and "date_order" in result.reasons[0].message


@pytest.mark.parametrize("order, expected", [("MDY", date(2026, 12, 4)),
                                             ("DMY", date(2026, 4, 12))])
def test_a_stated_date_order_decides(tmp_path, order, expected):
    result = extract_text(tmp_path, _template('locale "en_CA"', f'date_order "{order}"'),
                          _invoice("12/04/2026"))
    assert result.status.value == "accepted", result.reasons
    assert result.value("issued") == expected


@pytest.mark.parametrize("issued, expected", [("25/12/2026", date(2026, 12, 25)),
                                              ("12/25/2026", date(2026, 12, 25)),
                                              ("2026-12-04", date(2026, 12, 4)),
                                              ("04/04/2026", date(2026, 4, 4))])
def test_a_date_that_reads_one_way_only_is_accepted(tmp_path, issued, expected):
    result = extract_text(tmp_path, _template('locale "en_CA"'), _invoice(issued))
    assert result.status.value == "accepted", result.reasons
    assert result.value("issued") == expected


def test_another_date_of_the_document_that_shows_the_order_decides(tmp_path):
    # the due date reads day first only: the invoice date was read the document's way
    result = extract_text(tmp_path, _template('locale "en_CA"', due=True),
                          _invoice("12/04/2026", due="31/05/2026"))
    assert result.status.value == "accepted", result.reasons
    assert result.value("issued") == date(2026, 4, 12)
    # ... month first only: the day-first reading goes to review
    result = extract_text(tmp_path, _template('locale "en_CA"', due=True),
                          _invoice("12/04/2026", due="12/31/2026"))
    assert result.status.value == "review"
    assert [(r.code, r.field) for r in result.reasons] == [("ambiguous", "issued")]


def test_other_english_and_french_regions_keep_their_order(tmp_path):
    # Australia and New Zealand write day first, as their language's default; France too
    for locale in ("en_AU", "en_NZ", "en_GB", "fr_FR"):
        assert get_locale(locale).date_order == "DMY" and not get_locale(locale).both_orders
        result = extract_text(tmp_path, _template(f'locale "{locale}"'),
                              _invoice("12/04/2026", address="Sydney NSW 2000"))
        assert result.status.value == "accepted", (locale, result.reasons)
        assert result.value("issued") == date(2026, 4, 12)
    assert get_locale("en_US").date_order == "MDY" and not get_locale("en_US").both_orders
    assert get_locale("en_CA").both_orders and get_locale("fr_CA").both_orders
    assert not get_locale("en_CA").with_overrides(date_order="MDY").both_orders


@pytest.mark.parametrize("settings", [['locale "en_CA"'], ['locale "fr_CA"'], []])
def test_check_warns_of_a_canadian_template_without_a_date_order(registry, settings):
    _, diags = check_source(_template(*settings), "t.sift", registry)
    warnings = [d for d in diags if d.severity == "warning"]
    assert len(warnings) == 1 and "date_order" in (warnings[0].hint or ""), diags
    assert "both" in warnings[0].message or "day first" in warnings[0].message
    _, diags = check_source(_template(*settings, 'date_order "MDY"'), "t.sift", registry)
    assert diags == []


def test_a_template_in_canadian_dollars_without_a_locale_goes_to_review_too(tmp_path):
    # no telephone number, no US address: the Canadian dollars say it
    result = extract_text(tmp_path, _template(), _invoice("12/04/2026"))
    assert result.status.value == "review"
    assert [(r.code, r.field) for r in result.reasons] == [("ambiguous", "issued")]
    assert "Canadian dollars" in result.reasons[0].message


_STATEMENT = """template st {
  locale "en_CA"
  match { contains "Statement" }
  field balance: money = right of "Balance due"
  table tx {
    date: date header "Date"
    ref: text header "Reference"
    amount: money header "Amount"
  }
}
"""


@pytest.mark.parametrize("second, status, expected", [
    ("09/04/2026", "review", None),                   # nothing shows the order
    ("09/24/2026", "accepted", date(2026, 8, 6)),     # a cell shows month first
    ("24/09/2026", "accepted", date(2026, 6, 8)),     # ... day first
])
def test_a_canadian_table_date_column_is_read_in_the_order_its_cells_show(
        tmp_path, second, status, expected):
    text = (f"Statement\n\nDate        Reference     Amount\n08/06/2026  INV-1         100.00\n"
            f"{second}  INV-2         50.00\n\nBalance due 150.00\n")
    result = extract_text(tmp_path, _STATEMENT, text)
    assert result.status.value == status, result.reasons
    if expected is None:
        assert [(r.code, r.field) for r in result.reasons] == [("ambiguous", "tx.date")]
    else:
        assert result.value("tx")[0]["date"] == expected
