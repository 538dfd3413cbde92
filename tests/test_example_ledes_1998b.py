"""The LEDES 1998B example (legal e-billing journey, finding 4: nothing in the docs covered
LEDES): examples/templates/ledes_1998b.sift, shown in docs/templates.md, reads a generated
LEDES 1998B file, and the text loader takes a `.ledes` file as plain text (it said
"unsupported file type")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from formsift.core.engine import Engine
from formsift.core.result import Status

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "templates" / "ledes_1998b.sift"

FIELDS = ("INVOICE_DATE|INVOICE_NUMBER|CLIENT_ID|LAW_FIRM_MATTER_ID|INVOICE_TOTAL|"
          "BILLING_START_DATE|BILLING_END_DATE|INVOICE_DESCRIPTION|LINE_ITEM_NUMBER|"
          "EXP/FEE/INV_ADJ_TYPE|LINE_ITEM_NUMBER_OF_UNITS|LINE_ITEM_ADJUSTMENT_AMOUNT|"
          "LINE_ITEM_TOTAL|LINE_ITEM_DATE|LINE_ITEM_TASK_CODE|LINE_ITEM_EXPENSE_CODE|"
          "LINE_ITEM_ACTIVITY_CODE|TIMEKEEPER_ID|LINE_ITEM_DESCRIPTION|LAW_FIRM_ID|"
          "LINE_ITEM_UNIT_COST|TIMEKEEPER_NAME|TIMEKEEPER_CLASSIFICATION|CLIENT_MATTER_ID[]")

#: (kind, units, unit cost, date, task, expense code, activity, tk, name, class, text)
ITEMS = [("F", "4.7", "650.00", "20261102", "L110", "", "A104", "JS", "Smith, John", "PT",
          "Prepare privilege log entries for custodians A-F"),
         ("F", "0.3", "450.00", "20261105", "L230", "", "A107", "MR", "Reyes, Maria", "AS",
          "Telephone conference with client re litigation hold"),
         ("F", "2.5", "295.00", "20261108", "L310", "", "A103", "DK", "Kim, David", "PL",
          "Revise document review protocol and coding manual"),
         ("E", "1", "48.75", "20261110", "", "E101", "", "MR", "Reyes, Maria", "AS",
          "Copying, 325 pages at 0.15"),
         ("E", "1", "312.40", "20261112", "", "E110", "", "JS", "Smith, John", "PT",
          "Court reporter, deposition transcript")]


def ledes(items=ITEMS, total=None, wrong_line: int | None = None) -> str:
    rows = []
    amounts = []
    for i, (kind, units, cost, date, task, exp, act, tk, name, cls, text) in \
            enumerate(items, 1):
        amount = (Decimal(units) * Decimal(cost)).quantize(Decimal("0.01"))
        if i == wrong_line:
            amount += 100
        amounts.append(amount)
        rows.append((i, kind, units, amount, date, task, exp, act, tk, text, cost, name, cls))
    total = total if total is not None else sum(amounts)
    lines = ["LEDES1998B[]", FIELDS]
    for i, kind, units, amount, date, task, exp, act, tk, text, cost, name, cls in rows:
        lines.append(f"20261201|HP-2026-1211|ACME01|M-4484|{total}|20261101|20261130|"
                     f"Litigation - Northwind|{i}|{kind}|{units}|0.00|{amount}|{date}|{task}|"
                     f"{exp}|{act}|{tk}|{text}|13-4455667|{cost}|{name}|{cls}|ACME-LIT-7[]")
    return "\r\n".join(lines) + "\r\n"


def _extract(tmp_path, text: str, name: str = "HP-2026-1211.ledes"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return Engine(seen_store="memory").extract(str(path), template=str(EXAMPLE))


def test_the_example_reads_a_ledes_file(tmp_path):
    result = _extract(tmp_path, ledes())
    assert result.status == Status.ACCEPTED, result.reasons
    fields = {k: (v.value if v is not None else None) for k, v in result.fields.items()}
    assert fields == {"invoice_date": dt.date(2026, 12, 1), "invoice_no": "HP-2026-1211",
                      "client_id": "ACME01", "matter_id": "M-4484",
                      "invoice_total": Decimal("4288.65"),
                      "billing_start": dt.date(2026, 11, 1),
                      "billing_end": dt.date(2026, 11, 30)}
    rows = result.tables["lines"]
    assert len(rows) == 5
    assert [(r["item"].value, r["kind"].value, r["units"].value, r["total"].value,
             r["tk_class"].value) for r in rows] == [
        (1, "F", Decimal("4.7"), Decimal("3055.00"), "PT"),
        (2, "F", Decimal("0.3"), Decimal("135.00"), "AS"),
        (3, "F", Decimal("2.5"), Decimal("737.50"), "PL"),
        (4, "E", Decimal("1"), Decimal("48.75"), "AS"),
        (5, "E", Decimal("1"), Decimal("312.40"), "PT")]
    assert rows[3]["description"].value == "Copying, 325 pages at 0.15"
    assert rows[3]["expense"].value == "E101" and rows[0]["task"].value == "L110"


def test_the_example_reports_a_wrong_line_a_rate_over_the_card_and_a_total(tmp_path):
    items = list(ITEMS)
    items[2] = (*items[2][:2], "340.00", *items[2][3:])  # a paralegal at 340 (card: 295)
    items[1] = ("F", "12.0", *items[1][2:])  # 12 hours in one line
    result = _extract(tmp_path, ledes(items, wrong_line=1))
    failed = {o.name: o.message for o in result.rules if o.passed is False}
    assert set(failed) == {"line_math", "rate_card_ok", "max_hours"}, failed
    assert "row(s) 1" in failed["line_math"] and "row(s) 3" in failed["rate_card_ok"]
    assert "row(s) 2" in failed["max_hours"]
    result = _extract(tmp_path, ledes(total=Decimal("4000.00")))
    assert [o.name for o in result.rules if o.passed is False] == ["total_sum"]


def test_a_ledes_suffix_is_read_as_plain_text_and_so_is_txt(tmp_path):
    for name in ("invoice.ledes", "invoice.LEDES", "invoice.ledes.txt"):
        result = _extract(tmp_path, ledes(), name)
        assert result.status == Status.ACCEPTED, (name, result.reasons)


def test_the_rate_card_names_the_rate_and_a_class_not_on_it(tmp_path):
    items = list(ITEMS)
    items[2] = (*items[2][:2], "340.00", *items[2][3:])
    items[1] = (*items[1][:9], "OC", items[1][10])  # "of counsel": not on the card
    result = _extract(tmp_path, ledes(items))
    failed = {o.name: o.message for o in result.rules if o.passed is False}
    assert set(failed) == {"rate_card_ok", "on_card"}, failed
    assert "340.00 against 295.00" in failed["rate_card_ok"]
    assert "row(s) 2" in failed["on_card"]
