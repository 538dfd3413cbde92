"""A handwritten number whose decimal point may be lost on a ruling line is doubted.

Stock-take journey (stop 33, finding 2): a kg count "12.2" written low in its cell, its
point on the row's ruling line, was read 122 at 0.885; a failed page-total rule named it
nowhere among the "cells to recheck first", and nothing on its row said so. Now a
handwritten whole number under a decimal column whose writing rests on a horizontal
ruling, in a row whose other numbers are written with decimals (the printed system
quantity 12.2), gets the reading with the point as its rival, and is named (a row of
whole numbers tells of no point: its count is taken as read).

The ruling lines are given (a page's measured lines, :func:`page_rulings`), the words as
a recognizer would give them.
"""

from __future__ import annotations

from typing import Any

import pytest

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.templates.rulings import Rule, Rulings

TEMPLATE = """template t {
  field total: decimal = right of "Page total:"
  table items {
    sku: text header "SKU"
    system: %s header "System"
    counted: %s? header "Counted" handwritten
    until "Page total:"
  }
  %s
}"""

ROW_H = 0.05


def _word(text: str, x: float, y: float, hand: bool = False, low: float = 0.0) -> Word:
    y += low * ROW_H
    return Word(text, Box(x, y, x + 0.012 * len(text), y + 0.02), 0, 0.9 if hand else 0.99,
                "hand" if hand else "printed", hand, None,
                (0.9,) * len(text) if hand else None)


def _doc(rows: list[tuple[str, str, str, float]], total: str) -> tuple[Document, Rulings]:
    """Rows (sku, system, counted, how low the count is written: a share of the row's
    height); a horizontal ruling under each row, at its bottom."""
    words = [_word("SKU", 0.10, 0.10), _word("System", 0.40, 0.10),
             _word("Counted", 0.65, 0.10)]
    rules = [Rule(0.135, 0.05, 0.95)]
    y = 0.15
    for sku, system, counted, low in rows:
        words += [_word(sku, 0.10, y), _word(system, 0.40, y)]
        if counted:
            words.append(_word(counted, 0.66, y, True, low))
        rules.append(Rule(y + 0.028, 0.05, 0.95))  # the row's bottom line
        y += ROW_H
    words += [_word("Page", 0.10, y + 0.05), _word("total:", 0.16, y + 0.05),
              _word(total, 0.30, y + 0.05, True)]
    page = Page(0, 800, 1000, words=words)
    return Document("sha256:t", "t.png", "image/png", [page], "image"), \
        Rulings(tuple(rules), ())


def _run(registry: Any, monkeypatch: pytest.MonkeyPatch, rows: list, total: str,
         types: tuple[str, str] = ("decimal", "decimal"), rule: str = "") -> Any:
    from formsift.templates import check_source, rulings, runtime

    doc, lines = _doc(rows, total)
    monkeypatch.setattr(rulings, "page_rulings", lambda page: lines)
    (template,), _ = check_source(TEMPLATE % (*types, rule), "t.sift", registry)
    return runtime.run(template, doc)


ROWS = [("A1", "4", "4", 0.0), ("A2", "3.5", "3.5", 0.0), ("A3", "12.2", "122", 0.25),
        ("A4", "7", "7", 0.0)]


def test_a_count_written_on_the_rows_ruling_reads_with_its_point_as_a_rival(
        registry, monkeypatch):
    ex = _run(registry, monkeypatch, ROWS, "26.7")
    cell = ex.tables["items"][2]["counted"]
    assert str(cell.value) in ("122", "12.2")
    amb = [r for r in ex.reasons if r.code == "ambiguous" and r.field == "items.counted"]
    assert amb and "12.2" in amb[0].message and "122" in amb[0].message, ex.reasons
    assert ex.status != "accepted"


def test_a_failed_total_names_it_among_the_cells_to_recheck(registry, monkeypatch):
    # the counter's total is not the sum either way: the rule fails, and names the cell
    ex = _run(registry, monkeypatch, ROWS, "40",
              rule="rule page_total: sum(items.counted) == total")
    (outcome,) = [o for o in ex.rules if o.name == "page_total"]
    assert outcome.passed is False
    assert "recheck first" in outcome.message and "row 3" in outcome.message, outcome.message


def test_the_rows_printed_decimals_tell_where_the_point_goes(registry, monkeypatch):
    # no other count has decimals (both kg counts lost their point): the row's printed
    # system quantity, 12.2, tells
    rows = [("A1", "4", "4", 0.0), ("A2", "3", "3", 0.0), ("A3", "12.2", "122", 0.25)]
    ex = _run(registry, monkeypatch, rows, "40",
              rule="rule page_total: sum(items.counted) == total")
    (outcome,) = [o for o in ex.rules if o.name == "page_total"]
    assert "row 3 '122' (read 122 or 12.2" in outcome.message, outcome.message


def test_where_nothing_tells_of_decimals_a_whole_count_is_taken_as_read(
        registry, monkeypatch):
    # a sheet written low throughout, whole numbers only: no point to have lost
    rows = [("A1", "4", "40", 0.25), ("A2", "3", "31", 0.25), ("A3", "12", "122", 0.25)]
    ex = _run(registry, monkeypatch, rows, "193")
    assert [r["counted"].value for r in ex.tables["items"]] == [40, 31, 122]
    assert not [r for r in ex.reasons if r.field == "items.counted"], ex.reasons
    # a count of pieces (its row's numbers whole) below a kg count: the kg row's decimals
    # say nothing of it
    rows = [("A1", "3.5", "3.5", 0.0), ("A2", "77", "77", 0.25)]
    ex = _run(registry, monkeypatch, rows, "80.5")
    assert [str(r["counted"].value) for r in ex.tables["items"]] == ["3.5", "77"]
    assert not [r for r in ex.reasons if r.field == "items.counted"], ex.reasons


def test_a_count_clear_of_the_ruling_or_under_an_int_column_is_not_doubted(
        registry, monkeypatch):
    rows = [("A1", "4", "4", 0.0), ("A2", "3.5", "3.5", 0.0), ("A3", "122", "122", 0.0)]
    ex = _run(registry, monkeypatch, rows, "129.5")
    cell = ex.tables["items"][2]["counted"]
    assert cell.value == 122
    # no rival reading: the cell is named nowhere, and the record stands
    assert not [r for r in ex.reasons if r.field == "items.counted"], ex.reasons
    assert ex.status == "accepted", ex.reasons
    low = [("A1", "4", "4", 0.0), ("A2", "3", "3", 0.0), ("A3", "122", "122", 0.25)]
    ex = _run(registry, monkeypatch, low, "129", types=("int", "int"))
    assert ex.tables["items"][2]["counted"].value == 122
    assert not [r for r in ex.reasons if r.field == "items.counted"], ex.reasons


PRICED = """template t {
  table items {
    item: text header "Item"
    qty: %s header "Qty"
    rate: money header "Rate"
    amount: %s header "Amount" handwritten
  }
}"""


def _priced(registry: Any, monkeypatch: pytest.MonkeyPatch, rows: list,
            types: tuple[str, str] = ("int", "money")) -> Any:
    """A priced table: item, a printed quantity and rate, a handwritten amount (the
    first row's written on its row's ruling, as people write on a ruled line); rows
    (item, qty, rate, amount)."""
    from formsift.templates import check_source, rulings, runtime

    words = [_word("Item", 0.05, 0.10), _word("Qty", 0.35, 0.10), _word("Rate", 0.50, 0.10),
             _word("Amount", 0.70, 0.10)]
    rules = [Rule(0.135, 0.02, 0.98)]
    y = 0.15
    for k, (item, qty, rate, amount) in enumerate(rows):
        words += [_word(item, 0.05, y), _word(qty, 0.35, y), _word(rate, 0.50, y),
                  _word(amount, 0.71, y, True, 0.0 if k else 0.25)]
        rules.append(Rule(y + 0.028, 0.02, 0.98))
        y += ROW_H
    doc = Document("sha256:p", "p.png", "image/png", [Page(0, 800, 1000, words=words)],
                   "image")
    monkeypatch.setattr(rulings, "page_rulings", lambda page: Rulings(tuple(rules), ()))
    (template,), _ = check_source(PRICED % types, "t.sift", registry)
    return runtime.run(template, doc)


def test_a_whole_amount_beside_a_rate_is_not_doubted(registry, monkeypatch):
    """Stop 34's code read (finding 5): a handwritten amount 450 written on its row's
    ruling beside a printed rate 4.50 went to review as '450 (450 or 4.50)': the rate is
    another quantity (a price), its decimals say nothing of the amount's."""
    rows = [("Bolts", "100", "4.50", "450"), ("Nuts", "20", "1.25", "25.00"),
            ("Washers", "10", "2.00", "20")]
    ex = _priced(registry, monkeypatch, rows)
    assert [str(r["amount"].value) for r in ex.tables["items"]] == ["450", "25.00", "20"]
    assert not [r for r in ex.reasons if r.field == "items.amount"], ex.reasons
    assert ex.status == "accepted", ex.reasons


def test_a_count_takes_its_decimals_from_a_quantity_of_its_kind_only(registry, monkeypatch):
    """A decimal count written on its ruling beside a money rate 4.50 and a whole
    printed quantity: nothing of its kind tells of a point; beside a printed decimal
    quantity of its kind (12.2), it is doubted (the stock-take case)."""
    rows = [("Cable", "12", "4.50", "120")]
    ex = _priced(registry, monkeypatch, rows, types=("decimal", "decimal"))
    assert ex.tables["items"][0]["amount"].value == 120
    assert not [r for r in ex.reasons if r.field == "items.amount"], ex.reasons
    rows = [("Cable", "12.2", "4.50", "122")]
    ex = _priced(registry, monkeypatch, rows, types=("decimal", "decimal"))
    amb = [r for r in ex.reasons if r.code == "ambiguous" and r.field == "items.amount"]
    assert amb and "12.2" in amb[0].message, ex.reasons


def test_a_text_beside_tells_no_point(registry, monkeypatch):
    """A description with a decimal in it ("Section 4.2") says nothing of where a
    count's point goes."""
    from formsift.templates import check_source, rulings, runtime

    template = """template t {
  table items {
    item: text header "Item"
    qty: decimal header "Qty"
    amount: decimal header "Amount" handwritten
  }
}"""
    words = [_word("Item", 0.05, 0.10), _word("Qty", 0.35, 0.10),
             _word("Amount", 0.70, 0.10), _word("Section", 0.05, 0.15),
             _word("4.2", 0.15, 0.15), _word("12", 0.35, 0.15),
             _word("120", 0.71, 0.15, True, 0.25)]
    rules = (Rule(0.135, 0.02, 0.98), Rule(0.178, 0.02, 0.98))
    doc = Document("sha256:u", "u.png", "image/png", [Page(0, 800, 1000, words=words)],
                   "image")
    monkeypatch.setattr(rulings, "page_rulings", lambda page: Rulings(rules, ()))
    (tpl,), _ = check_source(template, "t.sift", registry)
    ex = runtime.run(tpl, doc)
    assert [str(c.value) for c in ex.tables["items"][0].values()] == ["Section 4.2", "12",
                                                                      "120"]
    assert not [r for r in ex.reasons if r.field == "items.amount"], ex.reasons
