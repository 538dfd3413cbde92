"""Rules page by page, ``each page: ...`` (tender bids journey F6, stock-take journey F2):
a count sheet or a priced bill of quantities prints a subtotal on each page ("Page total",
"Carried forward") and the next page starts from it ("Brought forward"), but no rule could
add up the rows of one page: ``sum(items.qty)`` covers every page, so a page total misread
(or two errors on two pages that cancel out) passed, and ``bf == cf`` checked only the first
pair. In an ``each page`` rule a table's column is its cells on the page, a repeated field
(``name[]``) its value on the page, and ``previous(name)`` its value on the page before;
a failure names the page. Documents generated here."""

from __future__ import annotations

import json

import pytest

from tests.parsing import extract_text

SHEET = """template count_sheet {
  match { contains "Stock count" }
  field page_totals: decimal[] = right of "Page total:"
  table items {
    sku: text header "SKU"
    qty: decimal header "Qty"
    until "Page total"
  }
  rule page_sum: each page: sum(items.qty) == page_totals
}"""


def _sheets(totals: list[int], rows=None, extra: str = "") -> str:
    """A count sheet of three pages, its rows and each page's printed total."""
    rows = rows or [[("A1", 5), ("A2", 7), ("A3", 3)], [("B1", 10), ("B2", 4)],
                    [("C1", 1), ("C2", 2), ("C3", 6)]]
    pages = []
    for n, (page, total) in enumerate(zip(rows, totals, strict=True), start=1):
        text = f"Stock count   Sheet {n} of 3\n\nSKU      Qty\n"
        text += "".join(f"{sku:<8} {qty}\n" for sku, qty in page)
        if total is not None:
            text += f"\nPage total: {total}\n" + (extra if n == 2 else "")
        pages.append(text)
    return "\f".join(pages)


def test_each_page_total_is_checked_against_its_own_rows(tmp_path):
    result = extract_text(tmp_path, SHEET, _sheets([15, 14, 9]))
    assert result.status == "accepted", result.reasons
    assert next(o for o in result.rules if o.name == "page_sum").passed is True


def test_a_wrong_page_total_names_its_page(tmp_path):
    result = extract_text(tmp_path, SHEET, _sheets([15, 16, 9]))
    assert result.status == "review"
    outcome = next(o for o in result.rules if o.name == "page_sum")
    assert outcome.passed is False
    assert "on page(s) 2 (14 against 16)" in outcome.message


def test_errors_on_two_pages_that_cancel_out_are_caught(tmp_path):
    """The whole document's sum holds (15 + 14 == 17 + 12): only page by page does it
    show that page 1 and page 2 each disagree with their rows."""
    whole = SHEET.replace("each page: sum(items.qty) == page_totals",
                          "sum(items.qty) == sum(page_totals)")
    text = _sheets([17, 12, 9])
    assert extract_text(tmp_path, whole, text).status == "accepted"
    result = extract_text(tmp_path, SHEET, text)
    outcome = next(o for o in result.rules if o.name == "page_sum")
    assert outcome.passed is False
    assert "page(s) 1 (15 against 17); 2 (14 against 12)" in outcome.message


def test_a_page_without_its_total_is_not_checked_and_none_is_no_pass(tmp_path):
    result = extract_text(tmp_path, SHEET, _sheets([15, None, 9]))
    assert next(o for o in result.rules if o.name == "page_sum").passed is True
    result = extract_text(tmp_path, SHEET, _sheets([None, None, None]))
    outcome = next(o for o in result.rules if o.name == "page_sum")
    assert outcome.passed is None
    assert result.status == "review"
    assert any(r.code == "rule_not_evaluated" and r.rule == "page_sum"
               for r in result.reasons)


def test_two_totals_on_one_page_are_no_page_total(tmp_path):
    result = extract_text(tmp_path, SHEET, _sheets([15, 14, 9], extra="Page total: 13\n"))
    outcome = next(o for o in result.rules if o.name == "page_sum")
    assert outcome.passed is None
    assert "has 2 values on page 2" in outcome.message
    assert result.status == "review"


BILL = """template boq {
  match { contains "BILL OF QUANTITIES" }
  field cf: money[] = right of "Carried forward"
  field bf: money[] = right of "Brought forward"
  field bill_total: money = right of "Total of Bill"
  table bill {
    item:   text  header "Item"
    amount: money header "Amount"
    until "Total of Bill"
    skip_line "Carried forward" | "Brought forward"
  }
  rule first_page: each page: present(bf) or sum(bill.amount) == cf
  rule next_pages: each page: missing(bf) or bf + sum(bill.amount) == cf
  rule forward:    each page: bf == previous(cf)
  rule total:      sum(bill.amount) == bill_total
}"""


def _bill(brought: list[str]) -> bytes:
    """A bill of quantities over three pages, each carrying its running total forward to
    the next: page 1 100 + 200, c/f 300; page 2 b/f, 50 + 25, c/f 375; page 3 b/f, 125,
    total 500. ``brought``: what pages 2 and 3 print as brought forward."""
    import pymupdf

    pages = [([("1.1", "100.00"), ("1.2", "200.00")], None, "300.00"),
             ([("2.1", "50.00"), ("2.2", "25.00")], brought[0], "375.00"),
             ([("3.1", "125.00")], brought[1], None)]
    doc = pymupdf.open()
    for n, (rows, bf, cf) in enumerate(pages, start=1):
        page = doc.new_page(width=595, height=842)
        page.insert_text((50, 60), f"BILL OF QUANTITIES - page {n}", fontsize=12)
        page.insert_text((50, 100), "Item", fontsize=10)
        page.insert_text((400, 100), "Amount", fontsize=10)
        y = 120
        if bf is not None:
            page.insert_text((50, y), "Brought forward", fontsize=10)
            page.insert_text((400, y), bf, fontsize=10)
            y += 20
        for item, amount in rows:
            page.insert_text((50, y), item, fontsize=10)
            page.insert_text((400, y), amount, fontsize=10)
            y += 20
        if cf is not None:
            page.insert_text((50, y + 10), "Carried forward", fontsize=10)
            page.insert_text((400, y + 10), cf, fontsize=10)
        else:
            page.insert_text((50, y + 10), "Total of Bill", fontsize=10)
            page.insert_text((400, y + 10), "500.00", fontsize=10)
    return doc.tobytes()


def _extract(tmp_path, pdf: bytes):
    from formsift import Engine

    (tmp_path / "b.sift").write_text(BILL)
    (tmp_path / "b.pdf").write_bytes(pdf)
    return Engine(templates=[tmp_path / "b.sift"], seen_store="memory").extract(
        tmp_path / "b.pdf")


def test_brought_forward_is_each_page_before_s_carried_forward(tmp_path):
    result = _extract(tmp_path, _bill(["300.00", "375.00"]))
    outcomes = {o.name: o for o in result.rules}
    assert [r["amount"].value for r in result.tables["bill"]] == [
        100, 200, 50, 25, 125], result.tables["bill"]
    assert all(o.passed is True for o in outcomes.values()), outcomes
    assert result.status == "accepted", result.reasons


def test_a_brought_forward_that_is_not_the_page_before_s_names_its_page(tmp_path):
    """Page 3 brings 357.00 forward where page 2 carried 375.00: the bill's own total and
    page 2's carried forward still hold; only the third page's pair is wrong."""
    result = _extract(tmp_path, _bill(["300.00", "357.00"]))
    outcomes = {o.name: o for o in result.rules}
    assert outcomes["total"].passed is True
    assert outcomes["first_page"].passed is True
    assert outcomes["forward"].passed is False
    assert "bf == previous(cf) does not hold on page(s) 3 (357.00 against 375.00)" \
        in outcomes["forward"].message
    assert result.status == "review"


@pytest.mark.parametrize(("rule", "said"), [
    ("rule a: each page: total > 0", "reads neither"),
    ("rule a: each page: totals == previous(total)", "previous() in an 'each page' rule"),
])
def test_check_reports_a_rule_that_reads_nothing_page_by_page(rule, said):
    from formsift.templates import check_source

    _templates, diagnostics = check_source(f"""template t {{
  field total: money = right of "Total"
  field totals: money[] = right of "Page total"
  {rule}
}}""")
    assert any(said in d.message and d.severity == "error" for d in diagnostics), diagnostics


def test_each_page_in_a_packet_is_an_error(tmp_path, capsys):
    from formsift.cli import main

    tpl = tmp_path / "p.sift"
    tpl.write_text("packet p {\n  document inv: invoice\n  rule a: each page: 1 == 1\n}\n")
    assert main(["check", str(tpl)]) != 0
    err = capsys.readouterr()
    assert "'each page' is for a template's rules" in err.out + err.err
    assert "Traceback" not in err.out + err.err


def test_each_page_round_trips_through_the_formatter():
    from formsift.grammar.formatter import format_source

    text = format_source(SHEET + "\n")
    assert "rule page_sum: each page: sum(items.qty) == page_totals" in text
    assert format_source(text) == text


def test_result_names_the_page_in_json(tmp_path):
    result = extract_text(tmp_path, SHEET, _sheets([15, 16, 9]))
    said = json.dumps([r.message for r in result.reasons])
    assert "on page(s) 2" in said
