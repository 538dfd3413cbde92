"""Which column a table's cell belongs to when its words sit under no header: numbers
right-aligned between two headers, and two numbers a column's gap apart in one cell (the
French and the Indian GST invoice journeys)."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

FONT = 9


def _pdf(path, items: list[tuple[float, float, str, str]]) -> str:
    """A one-page PDF of (x, y, text, align): align "l" puts the text's left edge at x,
    "r" its right edge."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for x, y, text, align in items:
        if align == "r":
            x -= pymupdf.get_text_length(text, fontname="helv", fontsize=FONT)
        page.insert_text((x, y), text, fontsize=FONT, fontname="helv")
    doc.save(str(path))
    doc.close()
    return str(path)


def _extract(tmp_path, items, template: str):
    sift = tmp_path / "t.sift"
    sift.write_text(template, encoding="utf-8")
    return Engine(seen_store="memory").extract(_pdf(tmp_path / "d.pdf", items),
                                               template=str(sift))


#: Papeterie Durand's rows: (description, qty, unit price, amount).
ROWS = [("Toner laser HP 59A", 8, "142,00", "1 136,00"),
        ("Enveloppes C4 blanches (x250)", 10, "39,90", "399,00"),
        ("Classeur à levier dos 80 mm", 4, "3,75", "15,00")]


def _durand(qty_header: bool = True, unit_price_at: float = 384) -> list:
    """The invoice of the French journey's document 26: quantities right-aligned at 377
    pt, a few points before the "P.U. HT" header (at ``unit_price_at``, 384 pt) and far
    right of "Qté" (334 pt); unit prices right-aligned past the end of their header."""
    items = [(44, 60, "FACTURE", "l"), (44, 248, "Réf.", "l"), (99, 248, "Désignation", "l"),
             (unit_price_at, 248, "P.U. HT", "l"), (474, 248, "Montant HT", "l")]
    if qty_header:
        items.append((334, 248, "Qté", "l"))
    y = 268
    for description, qty, price, amount in ROWS:
        items += [(44, y, f"A1{qty:02d}", "l"), (99, y, description, "l"),
                  (377, y, str(qty), "r"), (453, y, price, "r"), (541, y, amount, "r")]
        y += 16
    items += [(360, y + 25, "Total HT", "l"), (541, y + 25, "1 550,00", "r")]
    return items


DURAND = '''template durand {
  locale "fr_FR"
  currency "EUR"
  field net: money = right of "Total HT"
  table items {
    description: text header "Désignation" multiline
    QTY
    unit_price: money header "P.U. HT"
    amount: money header "Montant HT"
    until "Total HT"
  }
  rule sum_items: sum(items.amount) == net
  rule line_math: each items: qty * unit_price == amount tolerance 0.01
}'''


@pytest.mark.parametrize("qty", ['qty: int header "Qté"', 'qty: int? header "Qté"'])
def test_quantities_right_aligned_next_to_the_unit_price_header_are_the_quantity_column(
        tmp_path, qty):
    """Document 26: the "8" 7 pt before "P.U. HT" and 45 pt before its "142,00 €" was
    joined to it as the French space-grouped 8 142,00; "10" and "4" were dropped. With
    'qty: int?' the record was accepted with a unit price of 8142.00."""
    result = _extract(tmp_path, _durand(), DURAND.replace("QTY", qty))
    items = result.record()["items"]
    assert [r["qty"] for r in items] == [8, 10, 4]
    assert [r["unit_price"] for r in items] == ["142.00", "39.90",
                                                "3.75"]
    assert result.status == Status.ACCEPTED, result.reasons


def test_two_numbers_a_column_gap_apart_in_one_cell_are_never_one_grouped_number(tmp_path):
    """A quantity under no header of its own lands in the unit price's cell: "8" and
    "142,00" 45 pt apart are two numbers (the one under the header is the cell's value),
    not 8 142,00 read with a French thousands space."""
    template = DURAND.replace("QTY", "").replace(
        "  rule line_math: each items: qty * unit_price == amount tolerance 0.01\n", "")
    items = _durand(qty_header=False, unit_price_at=420)  # over the unit prices
    result = _extract(tmp_path, items, template)
    prices = [r["unit_price"] for r in result.record()["items"]]
    assert "8142.00" not in prices
    assert prices == ["142.00", "39.90", "3.75"]


def test_a_thousands_space_between_two_words_still_groups(tmp_path):
    """A word space between "1" and "136,00" (two words of the text layer, or a scan's
    recognizer splitting "1 136,00" at its thousands space) is still one amount."""
    items = _durand()
    result = _extract(tmp_path, items, DURAND.replace("QTY", 'qty: int header "Qté"'))
    assert result.record()["items"][0]["amount"] == "1136.00"


GST = '''template gst {
  currency "INR"
  table items {
    description: text header "Description of Goods"
    qty: int header "Quantity"
    rate: money header "Rate"
    amount: money header "Amount"
    until "Taxable Value"
  }
  rule line_math: each items: qty * rate == amount tolerance 0.01
}'''

GST_ROWS = [("V-Belt B-52", "4", "410.25", "1,641.00"),
            ("Industrial Safety Gloves", "40", "95.50", "3,820.00"),
            ("Stainless Steel Pipe 25 NB", "1", "2,675.75", "2,675.75")]


def test_a_short_rate_right_aligned_under_a_left_aligned_header_is_a_rate(tmp_path):
    """G03 of the GST journey: rates right-aligned at 465 pt under "Rate" (400 pt, left-
    aligned), "Amount" at 480 pt: the short 95.50 lies nearer "Amount" and was given to
    it (two amounts in one cell), and the row had no rate. The longer rates of the same
    column show where it is."""
    items = [(40, 60, "TAX INVOICE", "l"), (70, 200, "Description of Goods", "l"),
             (350, 200, "Quantity", "l"), (400, 200, "Rate", "l"), (480, 200, "Amount", "l")]
    y = 220
    for description, qty, rate, amount in GST_ROWS:
        items += [(70, y, description, "l"), (366, y, qty, "r"), (369, y, "Nos", "l"),
                  (465, y, rate, "r"), (551, y, amount, "r")]
        y += 15
    items += [(300, y + 20, "Taxable Value", "l"), (551, y + 20, "8,136.75", "r")]
    result = _extract(tmp_path, items, GST)
    rows = result.record()["items"]
    assert [r["rate"] for r in rows] == ["410.25", "95.50",
                                         "2675.75"]
    assert [r["amount"] for r in rows] == ["1641.00", "3820.00",
                                           "2675.75"]
    assert result.status == Status.ACCEPTED, result.reasons


def test_an_each_rule_checked_on_no_row_is_a_reason_not_a_silent_accept(tmp_path):
    """'qty: int?' blank in every row (the quantities lost): 'each items: qty * unit_price
    == amount' was 'not evaluated: values missing in every row' and the record accepted;
    a rule the template requires that checked nothing is for a person to look at."""
    items = [it for it in _durand() if not (it[3] == "r" and it[2] in ("8", "10", "4"))]
    result = _extract(tmp_path, items, DURAND.replace("QTY", 'qty: int? header "Qté"'))
    assert [r["qty"] for r in result.record()["items"]] == [None, None, None]
    assert result.status == Status.REVIEW
    (reason,) = [r for r in result.reasons if r.rule == "line_math"]
    assert reason.code == "rule_not_evaluated"
    assert "qty" in reason.message and "every row" in reason.message


def test_an_each_rule_with_the_optional_column_blank_in_some_rows_only_stays_quiet(tmp_path):
    """Rows without the optional value are skipped without a reason, as before, when the
    rule was checked on the others."""
    items = [it for it in _durand() if not (it[3] == "r" and it[2] == "10")]
    result = _extract(tmp_path, items, DURAND.replace("QTY", 'qty: int? header "Qté"'))
    assert [r["qty"] for r in result.record()["items"]] == [8, None, 4]
    assert result.status == Status.ACCEPTED, result.reasons


def test_a_quantity_given_to_the_unit_price_is_named_in_the_reason(tmp_path):
    """The phone photo's 9, read at 0.99 between "Qté" and "P.U. HT" (nearer the latter),
    went to the unit price's cell and was dropped as its second number; the reason said
    the qty cell was blank and suggested 'int?'. It says what was read there and where it
    went."""
    items = [(44, 60, "FACTURE", "l"), (99, 248, "Désignation", "l"), (334, 248, "Qté", "l"),
             (384, 248, "P.U. HT", "l"), (474, 248, "Montant HT", "l")]
    y = 268
    for k, (description, qty, price, amount) in enumerate(ROWS):
        items += [(99, y, description, "l"), (377 if k == 1 else 352, y, str(qty), "r"),
                  (420, y, price, "r"), (541, y, amount, "r")]
        y += 16
    items += [(360, y + 25, "Total HT", "l"), (541, y + 25, "1 550,00", "r")]
    result = _extract(tmp_path, items, DURAND.replace("QTY", 'qty: int header "Qté"'))
    rows = result.record()["items"]
    assert [r["qty"] for r in rows] == [8, None, 4]
    assert rows[1]["unit_price"] == "39.90"
    (reason,) = [r for r in result.reasons if r.field == "items.qty"]
    assert "row 2: '10' was read between \"Qté\" and \"P.U. HT\" and given to 'unit_price'" \
        in reason.message, reason.message
    assert "int?" not in reason.message
