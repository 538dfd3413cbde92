"""A printed label in a ruled row left blank under a table's last row is no rest of that
row's text (journey JP, weekly timesheets): a timesheet prints its days "Mon" to "Sun"
each in a ruled row, and a worker leaves Saturday and Sunday blank. "Sat", set under
Friday's row as its next line would be, was doubted as the rest of Friday's 'day'
(``ambiguous``, "set under row 5 as its 'day' would wrap"), which sent every such
timesheet to review: 16 of 16 generated sheets, typed PDFs and scans alike. A ruling line
between the row and the line puts the line in a row of its own; without one the doubt
stays (a guard)."""

from __future__ import annotations

import pymupdf
import pytest

from formsift.templates import compile_template

SIFT = '''template ts {
  title "Timesheet"
  locale "en_GB"
  match { contains "WEEKLY TIMESHEET" }
  table days {
    day: text header "Day"
    start: time header "Start"
    end: time header "End"
    hours: decimal header "Hours"
    until "Total hours"
  }
}
'''

WORKED = [("Mon", "7:00", "15:30", "8"), ("Tue", "7:30", "16:00", "8"),
          ("Wed", "8:00", "16:30", "8")]
BLANK = ["Thu", "Fri"]
COLS = [50, 130, 230, 330, 430]
TOP, PITCH = 200, 24


def _sheet(ruled: bool, days: tuple[str, ...] = ()) -> bytes:
    """A timesheet whose days after ``WORKED`` are left blank, each day in a ruled row
    (``ruled``) or in an unruled table; ``days`` names its five days otherwise."""
    names = list(days) or [d for d, *_ in WORKED] + BLANK
    worked = [(name, *row[1:]) for name, row in zip(names, WORKED, strict=False)]
    blank = names[len(WORKED):]
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 80), "WEEKLY TIMESHEET", fontsize=16, fontname="hebo")
    for x, head in zip(COLS[:-1], ["Day", "Start", "End", "Hours"], strict=True):
        page.insert_text((x + 4, TOP + 16), head, fontsize=10, fontname="hebo")
    n = 1 + len(worked) + len(blank)
    if ruled:
        for r in range(n + 1):
            page.draw_line((COLS[0], TOP + r * PITCH), (COLS[-1], TOP + r * PITCH), width=0.6)
        for x in COLS:
            page.draw_line((x, TOP), (x, TOP + n * PITCH), width=0.6)
    for i, row in enumerate([*worked, *[(d, "", "", "") for d in blank]], start=1):
        for x, text in zip(COLS, row, strict=False):
            if text:
                page.insert_text((x + 4, TOP + i * PITCH + 16), text, fontsize=10)
    page.insert_text((330, TOP + n * PITCH + 30), "Total hours: 24", fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data


def _scan(pdf: bytes) -> bytes:
    return pymupdf.open(stream=pdf, filetype="pdf")[0].get_pixmap(dpi=200).tobytes("png")


def _would_wrap(result) -> list:
    return [r for r in result.reasons if r.code == "ambiguous" and "would wrap" in r.message]


DAYS = {"en": (), "de": ("Mo", "Di", "Mi", "Do", "Fr"),
        "fr": ("lun.", "mar.", "mer.", "jeu.", "ven."),
        "months": ("January", "February", "March", "April", "May")}


@pytest.mark.parametrize(("days", "medium"), [
    ("en", "pdf"), ("en", "scan"), ("de", "pdf"), ("de", "scan"), ("fr", "pdf"),
    ("months", "pdf")])
def test_a_day_label_in_a_blank_ruled_row_is_no_wrapped_text(engine, medium, days):
    """The next of a known order under the rows' own labels: weekday names (in the
    locales' languages), month names."""
    pdf = _sheet(ruled=True, days=DAYS[days])
    result = engine.extract(pdf if medium == "pdf" else _scan(pdf), compile_template(SIFT))
    rows = result.record()["days"]
    assert [r["day"] for r in rows] == list(DAYS[days] or [d for d, *_ in WORKED])[:3]
    assert not _would_wrap(result), result.reasons
    assert str(result.status) == "accepted", result.reasons


def test_the_same_line_in_an_unruled_table_is_still_doubted(engine):
    """A guard: with no ruling between them, "Thu" may still be the rest of "Wed"."""
    result = engine.extract(_sheet(ruled=False), compile_template(SIFT))
    assert [r["day"] for r in result.record()["days"]] == [d for d, *_ in WORKED]
    assert len(_would_wrap(result)) == 1 and str(result.status) == "review"


INVOICE = '''template inv {
  title "Invoice"
  locale "en_GB"
  match { contains "INVOICE" }
  table items {
    desc: text header "Description"
    qty: decimal header "Qty"
    amount: money header "Amount"
    until "Total"
  }
}
'''
ITEMS = [("Widget A", "2", "20.00"), ("Widget B", "1", "15.00"),
         ("Service call (emergency)", "3", "90.00")]
INV_COLS = [50, 300, 380, 480]


def _invoice(under: tuple[str, ...], items: list[tuple[str, str, str]] = ITEMS) -> bytes:
    """A ruled invoice table whose every row is ruled off, with one more ruled row under
    the last item holding ``under``: its description-column text, then (printed too faint
    to read) its other cells."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 80), "INVOICE", fontsize=16, fontname="hebo")
    for x, head in zip(INV_COLS, ["Description", "Qty", "Amount"], strict=False):
        page.insert_text((x + 4, TOP + 16), head, fontsize=10, fontname="hebo")
    n = 2 + len(items)
    for r in range(n + 1):
        page.draw_line((INV_COLS[0], TOP + r * PITCH), (INV_COLS[-1], TOP + r * PITCH),
                       width=0.6)
    for x in INV_COLS:
        page.draw_line((x, TOP), (x, TOP + n * PITCH), width=0.6)
    for i, row in enumerate(items, start=1):
        for x, text in zip(INV_COLS, row, strict=False):
            page.insert_text((x + 4, TOP + i * PITCH + 16), text, fontsize=10)
    y = TOP + (len(items) + 1) * PITCH + 16
    page.insert_text((INV_COLS[0] + 4, y), under[0], fontsize=10)
    for x, text in zip(INV_COLS[1:], under[1:], strict=False):
        page.insert_text((x + 4, y), text, fontsize=10, color=(0.93, 0.93, 0.93))
    page.insert_text((380, TOP + n * PITCH + 30), "Total 137.00", fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data


@pytest.mark.parametrize("medium", ["pdf", "scan"])
@pytest.mark.parametrize("under", [("incl. travel 40 km",), ("Cable set", "1", "12.00")],
                         ids=["wrapped_description", "unread_amounts"])
def test_text_in_a_ruled_row_under_the_last_item_is_still_doubted(engine, medium, under):
    """Code read r5 of d3e1c62: the last item's description going on in the next ruled
    row, or an item whose amounts are too faint to read, is no blank row's printed label:
    it stays doubted (review), not dropped from an accepted record."""
    pdf = _invoice(under)
    result = engine.extract(pdf if medium == "pdf" else _scan(pdf), compile_template(INVOICE))
    descs = [r["desc"] for r in result.record()["items"]]
    if under[0] in descs:  # read as a row of its own (the text layer reads faint amounts)
        return
    assert str(result.status) == "review", (descs, result.reasons)
    assert _would_wrap(result), result.reasons


ONE_WORD_ITEMS = {"Cable": [("Widget", "2", "20.00"), ("Gasket", "1", "15.00"),
                            ("Bracket", "3", "90.00")],
                  "Mileage": [("Labour", "2", "20.00"), ("Parts", "1", "15.00"),
                              ("Travel", "3", "90.00")]}


@pytest.mark.parametrize("last", list(ONE_WORD_ITEMS))
def test_a_one_word_last_item_whose_amounts_did_not_read_is_still_doubted(engine, last):
    """Code read r9 of e27d2ba: on a scan, a one-word last item ("Cable" under "Widget",
    "Gasket", "Bracket") whose amounts are too faint to read, in a ruled row of its own, was
    passed over as a blank row's printed label, and the invoice ACCEPTED without it. It
    goes on no known order of the rows' labels (weekdays, months, numbers): it stays
    doubted."""
    pdf = _invoice((last, "1", "12.00"), ONE_WORD_ITEMS[last])
    result = engine.extract(_scan(pdf), compile_template(INVOICE))
    descs = [r["desc"] for r in result.record()["items"]]
    assert descs == [d for d, *_ in ONE_WORD_ITEMS[last]]  # its amounts did not read
    assert str(result.status) == "review", (descs, result.reasons)
    assert _would_wrap(result), result.reasons
