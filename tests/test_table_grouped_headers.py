"""Grouped two-level headers: a combined settlement statement prints "Seller" over its
"Debit | Credit" columns at the left and "Borrower/Buyer" over another "Debit | Credit"
at the right (closing statements journey, finding 4). Two columns declared `header
"Debit"` both read the first Debit (the buyer's amounts landed elsewhere, descriptions
shifted); `header "Seller Debit"` found nothing, since "Seller" is centred over both
narrow columns and overlaps neither."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine

#: (description, seller debit, seller credit, buyer debit, buyer credit)
ROWS = [("Sale Price of Property", "", "612,500.00", "612,500.00", ""),
        ("Deposit / Earnest Money", "", "", "", "15,000.00"),
        ("Seller Credit for repairs", "4,500.00", "", "", "4,500.00"),
        ("City/County taxes 01/01/26 to 04/02/26", "3,121.77", "", "", "3,121.77"),
        ("Origination Charges", "", "", "2,450.00", ""),
        ("Payoff to Mr. Cooper Loan #4471", "318,220.41", "", "", "")]

COLUMNS = {"seller_debit": 1, "seller_credit": 2, "buyer_debit": 3, "buyer_credit": 4}


def _statement(path) -> str:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=500)

    def right(x, y, text, font="helv", size=8.0):
        page.insert_text((x - pymupdf.get_text_length(text, font, size), y), text,
                         fontsize=size, fontname=font)

    def centre(x, y, text):
        w = pymupdf.get_text_length(text, "hebo", 8.5)
        page.insert_text((x - w / 2, y), text, fontsize=8.5, fontname="hebo")

    centre(107, 40, "Seller")
    centre(537, 40, "Borrower/Buyer")
    for x, label in ((90, "Debit"), (150, "Credit"), (500, "Debit"), (565, "Credit")):
        right(x, 52, label, "hebo", 8.5)
    page.insert_text((175, 52), "Description", fontsize=8.5, fontname="hebo")
    y = 70.0
    for desc, *amounts in ROWS:
        page.insert_text((180, y), desc, fontsize=8)
        for x, amount in zip((90, 150, 500, 565), amounts, strict=True):
            if amount:
                right(x, y, amount)
        y += 13
    page.insert_text((175, y + 4), "Subtotals", fontsize=8.5, fontname="hebo")
    out = str(path / "grouped.pdf")
    doc.save(out)
    return out


def _read(tmp_path, columns: str):
    tpl = tmp_path / "g.sift"
    tpl.write_text('template grouped {\n  currency "USD"\n  locale "en_US"\n'
                   "  table charges {\n" + columns +
                   '    until "Subtotals"\n  }\n}\n', encoding="utf-8")
    result = Engine(seen_store="memory").extract(_statement(tmp_path), template=str(tpl))
    got = []
    for row in result.tables["charges"]:
        got.append(tuple(f"{row[n].value:,.2f}" if row.get(n) is not None else ""
                         for n in COLUMNS))
    return result, got


EXPECTED = [tuple(r[1:]) for r in ROWS]


def test_two_columns_naming_a_header_printed_twice_take_one_each(tmp_path):
    """`header "Debit"` on two columns, the header line printing it twice: each takes
    one, left to right in the order they are declared."""
    result, got = _read(tmp_path, '''    seller_debit:  money? header "Debit"
    seller_credit: money? header "Credit"
    description:   text   header "Description"
    buyer_debit:   money? header "Debit"
    buyer_credit:  money? header "Credit"
''')
    assert got == EXPECTED
    assert [r["description"].value for r in result.tables["charges"]] == [r[0] for r in ROWS]


@pytest.mark.parametrize("order", ["page", "buyer_first"])
def test_a_header_names_its_group_over_it(tmp_path, order):
    """`header "Seller Debit"`: "Seller" on the line above, centred over the seller's
    Debit and Credit, overlapping neither; "Borrower/Buyer" over the buyer's. Declared in
    any order."""
    seller = '''    seller_debit:  money? header "Seller Debit"
    seller_credit: money? header "Seller Credit"
'''
    buyer = '''    buyer_debit:   money? header "Borrower/Buyer Debit"
    buyer_credit:  money? header "Borrower/Buyer Credit"
'''
    desc = '    description:   text   header "Description"\n'
    _, got = _read(tmp_path, seller + desc + buyer if order == "page" else buyer + desc + seller)
    assert got == EXPECTED


def test_a_group_label_is_no_part_of_a_header_beside_it(tmp_path):
    """The guard: "Seller" over the seller's columns is no group of "Description", the
    next header along its line: `header "Seller Description"` finds no column there."""
    result, _ = _read(tmp_path, '''    seller_debit:  money? header "Seller Debit"
    description:   text?  header "Seller Description"
    buyer_debit:   money? header "Borrower/Buyer Debit"
''')
    assert all(r["description"] is None for r in result.tables["charges"])
