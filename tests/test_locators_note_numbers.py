"""``right of LABEL`` on a financial statement's line: a Notes column between the line's
name and its year columns ("Trade receivables   13   6,845   5,930"), and amounts below a
thousand a column apart ("Cash at bank   95   185"). The note's number was accepted as
the amount, and two numbers a column apart were read as one space-grouped amount (95185,
4340) and shown for review (the financial statements journey, findings 1 and 2)."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

TEMPLATE = '''template f {
  locale "en_GB"
  field value: money = right of "%s"
}'''


def _statement(path, label: str, note: str | None, *amounts: str) -> str:
    """One line under "Notes  2025  2024": the label, a note number (or none) and the
    amounts, right-aligned in their columns."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)

    def put(x: float, y: float, text: str, right: bool = False) -> None:
        if right:
            x -= pymupdf.get_text_length(text, fontname="helv", fontsize=10)
        page.insert_text((x, y), text, fontsize=10, fontname="helv")

    put(306, 80, "Notes")
    put(440, 80, "2025", True)
    put(530, 80, "2024", True)
    put(50, 100, label)
    if note:
        put(320, 100, note, True)
    for x, amount in zip((440, 530), amounts, strict=False):
        put(x, 100, amount, True)
    doc.save(str(path))
    doc.close()
    return str(path)


def _extract(tmp_path, label: str, note: str | None, *amounts: str):
    sift = tmp_path / "t.sift"
    sift.write_text(TEMPLATE % label, encoding="utf-8")
    pdf = _statement(tmp_path / "s.pdf", label, note, *amounts)
    return Engine(seen_store="memory").extract(pdf, template=str(sift))


def _value(result) -> str | None:
    value = result.fields["value"]
    return str(value.value) if value is not None else None


@pytest.mark.parametrize(("note", "amounts", "expected"), [
    ("13", ("6,845", "5,930"), "6845"),
    ("7", ("1,204.50", "980.00"), "1204.50"),
    ("13", ("6,845",), "6845"),
    (None, ("6,845", "5,930"), "6845")])
def test_a_note_number_before_the_amounts_is_not_the_amount(tmp_path, note, amounts,
                                                            expected):
    result = _extract(tmp_path, "Trade receivables", note, *amounts)
    assert _value(result) == expected
    assert result.status == Status.ACCEPTED


@pytest.mark.parametrize(("note", "amounts"), [("4", ("340",)), ("13", ("340", "285"))])
def test_a_small_number_before_a_plain_one_is_no_sure_amount(tmp_path, note, amounts):
    """A note "4" before 340 (no thousands separator to tell an amount by): either may be
    the value, so a rule decides or the record goes to review; never 4340."""
    result = _extract(tmp_path, "Other operating income", note, *amounts)
    assert _value(result) in (note, amounts[0])
    assert result.status == Status.REVIEW
    assert "ambiguous" in {r.code for r in result.reasons}


def test_two_numbers_a_column_apart_are_never_one_amount(tmp_path):
    """95 and 185, 75 pt apart in two year columns, are no space-grouped 95 185."""
    result = _extract(tmp_path, "Cash at bank", None, "95", "185")
    assert _value(result) in ("95", "185")
    assert _value(result) != "95185"


def test_a_space_grouped_amount_is_still_one(tmp_path):
    """A thousands space (one narrow gap) still groups: 12 450 under "2025"."""
    result = _extract(tmp_path, "Trade receivables", None, "12 450", "11 980")
    assert _value(result) == "12450"
