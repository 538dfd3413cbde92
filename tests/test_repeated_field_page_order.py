"""A repeated field's values come in page order, then reading order (stock-take journey,
finding 5): a two-page count sheet's ``page_totals: decimal[]`` listed page 2's total
before page 1's (the better-scored candidate first), so pairing "page n, total n" by index
in a CSV export swapped them."""

from __future__ import annotations

from tests.parsing import extract_text

_TEMPLATE = """template pt {
  match { contains "Annual Stock Count" }
  field page_totals: decimal[] = right of "Page total counted:" or right of "Carried forward:"
}
"""


def _totals(result):
    return [str(v.value) for v in result.fields["page_totals"]]


def test_values_come_in_page_order_whatever_their_scores(tmp_path):
    # page 1's total is found by the second locator (a lower score) than page 2's
    page1 = ("Annual Stock Count\n" + "".join(f"item {i}\n" for i in range(12))
             + "Carried forward: 438.7\n")
    page2 = "Annual Stock Count\nitem 13\nPage total counted: 621.1\n"
    result = extract_text(tmp_path, _TEMPLATE, page1 + "\f" + page2)
    assert _totals(result) == ["438.7", "621.1"]
    assert [v.page for v in result.fields["page_totals"]] == [1, 2]


def test_values_on_one_page_come_top_to_bottom_then_left_to_right(tmp_path):
    text = ("Annual Stock Count\nCarried forward: 12.5\n"
            "Page total counted: 3.0     Page total counted: 4.0\n"
            "Carried forward: 7.25\n")
    result = extract_text(tmp_path, _TEMPLATE, text)
    assert _totals(result) == ["12.5", "3.0", "4.0", "7.25"]
