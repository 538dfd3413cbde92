"""`or` alternatives and text that only looks like a date (AP journey, five languages):
beside "Rechnungsdatum" a lot number "Lot 00.12.2026" or, under en_US, a version "release
4.0.18" (month 4, day 0) was named an impossible date ("a month has no day 0") and sent
the record to review, though ``below`` took the right date: a day or month 0 after another
word is no date's shape at all. Printed as the first word beside the label
("Rechnungsdatum: 00.03.2026") it is still an impossible date (code read r1). A real
impossible date still stops later alternatives, and now so does one that starts a range
printed without spaces ("31.02.2026-31.03.2026"), whose end the date type read and took,
accepted, and one that ends a range, with any dash ("01.03.2026–31.02.2026": its first
date was taken, accepted; code read r1)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status
from formsift.plugins.fieldtypes.dates import no_such_date
from tests.parsing import ctx, ftype
from tests.test_invalid_date_no_fallback import OR, TEMPLATE, _extract, _rows

EN_US = TEMPLATE.replace('"de_DE"', '"en_US"')


def _beside(text: str, date: str = "15.03.2026", due: str = "14.04.2026"):
    return [(40, 90, "Rechnung"), (40, 120, "Rechnungsdatum"), (200, 120, text),
            (40, 133, date), (40, 200, f"Fällig am: {due}")]


@pytest.mark.parametrize("beside", ["Lot 00.12.2026", "Charge 12.00.2026"])
def test_a_day_or_month_0_after_a_word_beside_the_label_is_no_impossible_date(tmp_path,
                                                                             beside):
    result = _extract(tmp_path, _beside(beside))
    assert result.fields["invoice_date"].value == dt.date(2026, 3, 15)
    assert result.status is Status.ACCEPTED, result.reasons


@pytest.mark.parametrize("beside", ["Software release 4.0.18", "release 4.0.18"])
def test_a_version_under_a_month_first_locale_is_no_impossible_date(tmp_path, beside):
    result = _extract(tmp_path, _beside(beside, "03/15/2026", "04/14/2026"),
                      template=EN_US)
    assert result.fields["invoice_date"].value == dt.date(2026, 3, 15)
    assert result.status is Status.ACCEPTED, result.reasons


@pytest.mark.parametrize(("printed", "why"), [
    ("00.03.2026", "a month has no day 0"), ("15.00.2026", "there is no month 0"),
    ("2026-00-12", "there is no month 0"), ("0.3.2026", "a month has no day 0"),
    ("00.00.2026", "there is no month 0")])
def test_a_day_or_month_0_printed_as_the_date_stops_later_alternatives(tmp_path, printed,
                                                                       why):
    """Code read r1 (zero_day_planted.py): "Rechnungsdatum: 00.03.2026", the due date's
    row under it, ``due_date >= invoice_date``: the record was accepted with the due date
    as the invoice date (below's), the printed date unnamed."""
    result = _extract(tmp_path, _rows(printed))
    assert result.fields.get("invoice_date") is None, result.fields.get("invoice_date")
    assert result.status is Status.REVIEW
    (reason,) = [r for r in result.reasons if r.field == "invoice_date"]
    assert reason.code == "invalid_value" and why in reason.message, reason.message


@pytest.mark.parametrize(("beside", "template", "due"), [
    ("00.12.2026", TEMPLATE, "14.04.2026"), ("4.0.18", EN_US, "04/14/2026")])
def test_a_day_or_month_0_alone_beside_the_label_is_an_impossible_date(tmp_path, beside,
                                                                      template, due):
    result = _extract(tmp_path, _beside(beside, "15.03.2026", due), template=template)
    assert result.fields.get("invoice_date") is None, result.fields.get("invoice_date")
    assert [r.code for r in result.reasons if r.field == "invoice_date"] == \
        ["invalid_value"]


@pytest.mark.parametrize("printed", ["31.02.2026-31.03.2026", "31.02.2026 - 31.03.2026",
                                     "2026-02-31-2026-03-31"])
def test_a_range_that_starts_with_an_impossible_date_stops_later_alternatives(tmp_path,
                                                                              printed):
    result = _extract(tmp_path, _beside(printed))
    assert result.fields.get("invoice_date") is None, result.fields.get("invoice_date")
    (reason,) = [r for r in result.reasons if r.field == "invoice_date"]
    assert reason.code == "invalid_value" and "February has 28 days" in reason.message


@pytest.mark.parametrize(("printed", "first"), [("01.03.2026-31.03.2026", dt.date(2026, 3, 1)),
                                                ("31.02.2026", None)])
def test_guards_a_range_reads_its_first_date_and_an_impossible_date_still_stops(
        tmp_path, printed, first):
    result = _extract(tmp_path, _beside(printed))
    got = result.fields.get("invoice_date")
    assert (got.value if got else None) == first
    if first is None:
        assert [r.code for r in result.reasons if r.field == "invoice_date"] == \
            ["invalid_value"]


def test_a_ranges_dates_are_each_checked_without_spaces():
    assert no_such_date("01.03.2026-31.02.2026", ctx("de_DE"), "DMY") == \
        "'31.02.2026' is no date: February has 28 days in 2026"
    assert no_such_date("31.02.2026-31.03.2026", ctx("de_DE"), "DMY") == \
        "'31.02.2026' is no date: February has 28 days in 2026"
    assert no_such_date("01.03.2026-31.03.2026", ctx("de_DE"), "DMY") is None


@pytest.mark.parametrize(("text", "locale"), [("00.12.2026", "de_DE"), ("12.00.2026", "de_DE"),
                                              ("4.0.18", "en_US"), ("0.4.18", "de_DE")])
def test_zero_day_or_month_after_a_word_is_no_date_shape(registry, text, locale):
    date = ftype(registry, "date")
    assert date.misfit(f"Lot {text}", ctx(locale)) is None
    assert date.misfit(f"release {text}", ctx(locale)) is None
    assert "is no date" in date.misfit(text, ctx(locale))


_DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _extract_dashes(tmp_path, printed: str):
    """As :func:`_extract`, "Rechnungsdatum: <printed>" and the due date under it, in a
    font that writes en and em dashes (Helvetica's base-14 encoding writes them "·")."""
    import pymupdf

    if not _DEJAVU.exists():
        pytest.skip("DejaVu Sans is not installed")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="dj", fontfile=str(_DEJAVU))
    for x, y, text in ((40, 90, "Rechnung"), (40, 133, f"Rechnungsdatum: {printed}"),
                       (40, 146, "Fällig am: 06.04.2026")):
        page.insert_text((x, y), text, fontsize=9, fontname="dj")
    doc.save(str(tmp_path / "d.pdf"))
    doc.close()
    sift = tmp_path / "t.sift"
    sift.write_text(TEMPLATE.replace("LOCATOR", OR), encoding="utf-8")
    return Engine(seen_store="memory").extract(str(tmp_path / "d.pdf"), template=str(sift))


@pytest.mark.parametrize("printed", [
    "01.03.2026-31.02.2026", "01.03.2026\u201331.02.2026", "01.03.2026\u201431.02.2026",
    "01.03.2026 - 31.02.2026", "01.03.2026 \u2013 31.02.2026", "31.02.2026\u201331.03.2026",
    "31.02.2026\u201431.03.2026"])
def test_a_range_with_a_date_that_does_not_exist_is_an_invalid_value(tmp_path, printed):
    """Code read r1 (range_dashes.py): a range's impossible end was accepted with its first
    date, though the range's dates are each checked (no_such_date)."""
    result = _extract_dashes(tmp_path, printed)
    assert result.fields.get("invoice_date") is None, result.fields.get("invoice_date")
    (reason,) = [r for r in result.reasons if r.field == "invoice_date"]
    assert reason.code == "invalid_value" and "'31.02.2026' is no date" in reason.message


@pytest.mark.parametrize("printed", ["01.03.2026\u201331.03.2026", "01.03.2026\u201431.03.2026",
                                     "01.03.2026 \u2013 31.03.2026"])
def test_guard_a_range_with_any_dash_reads_its_first_date(tmp_path, printed):
    result = _extract_dashes(tmp_path, printed)
    assert result.fields["invoice_date"].value == dt.date(2026, 3, 1)
    assert not [r for r in result.reasons if r.field == "invoice_date"], result.reasons
