"""A matrix of ticks read as a table (surveys journey, finding 2): a questionnaire's
Likert grid, declared as a table whose columns are ``checkbox``es, one row a statement.

- Its boxes were found only for ``checkbox`` fields: a table's checkbox columns had none,
  so the table came back with no rows (on a scan without a ``pipeline``, and on a
  born-digital PDF whose boxes are drawn, with a pipeline or not), and the template's
  ``each likert: count_true(...) == 1`` over no rows let the record be accepted.
- A rule that reads a table with no rows is not evaluated, and that is a reason (as in
  packets), unless the template says the table may have none (``missing(items)``).

The headers printed on two lines, as printed scales set them: see
test_tables_two_line_scale_headers.py.
"""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available

STATEMENTS = ["The opening hours suit me", "Parks are kept clean",
              "Buses are reliable", "Staff are helpful", "I feel well informed"]
SCALE = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
#: The ticked boxes of each row (0: Strongly disagree ... 4: Strongly agree).
TICKS = [{3}, {4}, {1}, {2}, {0}]
COLS = ["sd", "d", "n", "a", "sa"]
X = [300, 355, 410, 465, 520]

TEMPLATE = """template survey {
  match { contains "Tick one box per row" }
  table likert {
    statement: text header "Statement"
    sd: checkbox header "HSD"
    d: checkbox header "HD"
    n: checkbox header "HN"
    a: checkbox header "HA"
    sa: checkbox header "HSA"
  }
  rule one_tick: each likert: count_true(sd, d, n, a, sa) == 1
}
"""


def _template(tmp_path, two_lines: bool):
    heads = SCALE if two_lines else ["SD", "D", "N", "A", "SA"]
    src = TEMPLATE
    for key, head in zip(["HSD", "HD", "HN", "HA", "HSA"], heads, strict=True):
        src = src.replace(f'"{key}"', f'"{head}"')
    path = tmp_path / "survey.sift"
    path.write_text(src)
    return path


def _page(two_lines: bool, ticks=TICKS):
    """A questionnaire page: the matrix's boxes drawn (squares of 11 pt), a tick drawn in
    each box of ``ticks``, the scale's headers on one line (SD, D, ...) or, as printed
    forms set them in narrow columns, each word on a line of its own."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 100), "Tick one box per row.", fontsize=11, fontname="hebo")
    page.insert_text((50, 140), "Statement", fontsize=9, fontname="hebo")
    for label, x in zip(SCALE, X, strict=True):
        if two_lines:
            for k, word in enumerate(label.split()):
                page.insert_text((x - 8, 130 + k * 10), word, fontsize=8, fontname="hebo")
        else:
            short = "".join(w[0] for w in label.split()).upper()
            page.insert_text((x, 140), short, fontsize=9, fontname="hebo")
    for r, (text, ticked) in enumerate(zip(STATEMENTS, ticks, strict=True)):
        y = 165 + r * 40
        page.insert_text((50, y + 9), text, fontsize=10)
        for c, x in enumerate(X):
            page.draw_rect(pymupdf.Rect(x, y, x + 11, y + 11), width=0.8)
            if c in ticked:
                page.draw_polyline([(x + 1, y + 6), (x + 4.4, y + 10), (x + 14, y - 3)],
                                   color=(0.1, 0.1, 0.6), width=1.8)
    return doc, page


def _born_digital(two_lines: bool, ticks=TICKS) -> bytes:
    doc, _ = _page(two_lines, ticks)
    data = doc.tobytes()
    doc.close()
    return data


def _scanned(two_lines: bool) -> bytes:
    """The page scanned at 300 dpi (a clean scan: the one-letter headers "D" and "A"
    stay readable)."""
    from formsift.samples import encode_png
    from tests.test_checkbox_labels import _render

    doc, page = _page(two_lines)
    img = _render(page, 300)
    doc.close()
    return encode_png(img)


def _rows(result) -> list[set[int]]:
    return [{c for c, col in enumerate(COLS) if row[col]} for row in
            result.record()["likert"]]


def test_drawn_boxes_of_a_born_digital_matrix_are_read(registry, tmp_path,
                                                       two_lines: bool = False):
    from formsift.core.engine import Engine

    result = Engine(registry=registry).extract(_born_digital(two_lines),
                                               _template(tmp_path, two_lines), name="q.pdf")
    assert _rows(result) == TICKS, result.reasons
    assert result.status.value == "accepted", result.reasons


@pytest.mark.skipif(not models_available(), reason=f"OCR models not installed ({INSTALL_HINT})")
def test_a_scanned_matrix_is_read_without_a_pipeline(registry, tmp_path,
                                                     two_lines: bool = False):
    from formsift.core.engine import Engine

    result = Engine(registry=registry).extract(_scanned(two_lines),
                                               _template(tmp_path, two_lines))
    assert _rows(result) == TICKS, result.reasons
    assert result.status.value == "accepted", result.reasons
    assert "scan" in result.page_info[0].notes["checkboxes"]["on"]


def test_a_row_with_two_ticks_goes_to_review(registry, tmp_path, two_lines: bool = False):
    """Guard: the rule checks the rows it now has."""
    from formsift.core.engine import Engine

    ticks = [{3}, {4}, {1, 2}, set(), {0}]
    result = Engine(registry=registry).extract(_born_digital(two_lines, ticks),
                                               _template(tmp_path, two_lines), name="q.pdf")
    assert _rows(result) == ticks
    assert result.status.value == "review"
    assert [(r.code, r.rows) for r in result.reasons] == [("rule_failed", [2, 3])]


# ---------------------------------------------------------------- rules over no rows
RULES = """template t {
  field total: money = right of "Total"
  table items {
    description: text header "Description"
    amount: money header "Amount"
  }
  RULE
}
"""
NO_TABLE = b"Order\nTotal   12.00\n"


def _extract(rule: str):
    from formsift import Engine
    from formsift.templates import compile_template

    return Engine(templates=[], seen_store="memory").extract(
        NO_TABLE, compile_template(RULES.replace("RULE", rule)), name="o.txt")


@pytest.mark.parametrize("rule", [
    "rule positive: each items: amount > 0",
    "rule few: count(items) <= 20",
    "rule sums: sum(items.amount) <= total",
])
def test_a_rule_over_a_table_with_no_rows_is_a_reason(rule):
    """An 'each', a count or a sum over a table that read no rows checked nothing: the
    record goes to review, as a packet does (it was accepted)."""
    result = _extract(rule)
    assert result.record()["items"] == []
    assert result.status.value == "review"
    [reason] = result.reasons
    assert reason.code == "rule_not_evaluated"
    assert "table 'items' has no rows" in reason.message
    assert "missing(items) or" in reason.message
    assert result.rules[0].passed is None


@pytest.mark.parametrize("rule", [
    "rule sums: missing(items) or sum(items.amount) == total\n"
    "  rule positive: each items: amount > 0",
    "rule positive: each items: amount > 0\n  rule some: present(items) or total > 0",
])
def test_a_table_the_template_says_may_be_empty_stays_silent(rule):
    """A template that asks whether the table has rows (the shipped invoice's
    ``missing(items) or sum(items.amount) == net``) says it may have none: a rule over
    its rows is not evaluated, with no reason of its own."""
    result = _extract(rule)
    assert result.status.value == "accepted", result.reasons
    positive = next(o for o in result.rules if o.name == "positive")
    assert positive.passed is None


def test_a_failed_rule_over_no_rows_stays_failed():
    result = _extract("rule lines: count(items) >= 1")
    assert result.status.value == "review"
    assert [r.code for r in result.reasons] == ["rule_failed"]
