"""A born-digital table's own rule through a value strikes nothing; a strike still does.

A generated invoice draws its table's rules as vector lines (or thin filled bars), one
under each row; one of them, drawn through the totals row, went to review as
"'total': ... is struck through" though no one struck anything. On a born-digital page a
line drawn exactly as the table's other rules are (colour, width, from and to the same
places within a point) is the document's own rule; a ruler strike drawn as an ink
annotation, or as a line of another colour or width, or over the rule's very place, is
still a strike (``struck_values.own_rule``)."""

from __future__ import annotations

from typing import Any

import pytest

from formsift.core.result import Status

pymupdf = pytest.importorskip("pymupdf")

TEMPLATE = """template bill {
  match { contains "INVOICE" }
  field net: money = right of "Subtotal"
  field vat: money = right of "VAT"
  field total: money = right of "Total"
  rule totals: net + vat == total
}"""
GREY, WIDTH = 0.62, 0.7
LEFT, RIGHT = 55.0, 520.0


def bill(through: str, bars: bool = False) -> bytes:
    """An invoice whose item table has a rule under each row, and ``through`` the totals
    row's middle: "rule" (drawn as the table's rules are), "blue" / "wider" (a line of
    another colour / width, from and to the rules' places), "over" (a blue line over the
    rule drawn there), "ink" (a ruler strike as an ink annotation), "none"."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 80), "INVOICE", fontsize=16, fontname="hebo")
    page.insert_text((60, 110), "Invoice no. 4711   Date 12/02/2025", fontsize=10)

    def line(y: float, colour: tuple[float, ...] = (GREY,) * 3, width: float = WIDTH) -> None:
        if bars:
            page.draw_rect(pymupdf.Rect(LEFT, y - width / 2, RIGHT, y + width / 2),
                           color=None, fill=colour, width=0)
        else:
            page.draw_line((LEFT, y), (RIGHT, y), color=colour, width=width)

    y = 160.0
    for i, amount in enumerate(["120.00", "75.50", "310.25", "94.20"]):
        page.insert_text((60, y), f"Item {i + 1} widget", fontsize=10)
        page.insert_text((500 - pymupdf.get_text_length(amount, fontsize=10), y), amount,
                         fontsize=10)
        line(y + 5)
        y += 20
    for label, amount in (("Subtotal", "599.95"), ("VAT", "114.00"), ("Total", "713.95")):
        page.insert_text((60, y + 40), label, fontsize=10)
        page.insert_text((500 - pymupdf.get_text_length(amount, fontsize=10), y + 40),
                         amount, fontsize=10)
        y += 20
    mid = y + 20 - 3.5  # the totals row's middle
    if through in ("rule", "over"):
        line(mid)
    if through in ("blue", "over"):
        line(mid, colour=(0.1, 0.2, 0.7))
    if through == "wider":
        line(mid, width=WIDTH * 1.5)
    if through == "ink":
        annot = page.add_ink_annot([[(LEFT, mid), (RIGHT, mid)]])
        annot.set_colors(stroke=(GREY,) * 3)
        annot.set_border(width=WIDTH)
        annot.update()
    return doc.tobytes()


def _extract(tmp_path: Any, data: bytes) -> Any:
    from formsift import Engine

    (tmp_path / "t.sift").write_text(TEMPLATE)
    (tmp_path / "b.pdf").write_bytes(data)
    return Engine(templates=[tmp_path / "t.sift"], seen_store="memory").extract(
        tmp_path / "b.pdf")


def _struck(result: Any) -> list[str]:
    return [r.message for r in result.reasons if "struck through" in r.message]


@pytest.mark.parametrize("bars", [False, True], ids=["lines", "filled-bars"])
def test_the_tables_own_rule_through_the_total_leaves_it_accepted(tmp_path, bars):
    result = _extract(tmp_path, bill("rule", bars))
    assert not _struck(result), result.reasons
    assert result.status is Status.ACCEPTED, result.reasons
    assert str(result.fields["total"].value) == "713.95"


@pytest.mark.parametrize("through", ["blue", "wider", "over", "ink"])
def test_a_strike_unlike_the_tables_rules_still_strikes_the_total(tmp_path, through):
    result = _extract(tmp_path, bill(through))
    assert result.status is Status.REVIEW
    said = _struck(result)
    assert len(said) == 1 and "'713.95' is struck through" in said[0], result.reasons
    assert result.fields["total"].confidence <= 0.5


def test_no_line_through_the_total_leaves_it_accepted(tmp_path):
    result = _extract(tmp_path, bill("none"))
    assert result.status is Status.ACCEPTED, result.reasons
