"""A receipt that prints each item as a numbers line ("1394  1  57.00  57.00 S") with its
description on the line below, reaching across the columns ("(UNIT) WAYCARE  WOUND
DRESSING  WATERPROOF", read as runs of words set apart, the last one under "AMOUNT"),
reads each item as one row: its code and description, its amount. The description line
was taken for a row of its own whenever a run of its words lay under the amount column
(words there that do not read as an amount counted as a cell of a row with that cell
blank): the items came out as rows without amount, cut where the columns are, beside
others whose description joined their code (SROIE-like receipts with the shipped receipt
template, sent to review for items.amount). With a ``multiline`` column, words of a line
that fills it and reach under a number column are that text's, not a cell of a row."""

from __future__ import annotations

from formsift.core.engine import Engine

ITEMS = [("1394", "1", "57.00", "57.00", "(UNIT) WAYCARE|WOUND DRESSING|WATERPROOF"),
         ("2045179052519", "1", "5.30", "5.30", "(BOX 100S) AROS|NON -WOWEN SWAB|ALCOHOL"),
         ("8896", "3", "1.70", "5.10", "(UNIT) UNIGLOVES|STERILE GAUZE SWAB|10CM"),
         ("9556250921884", "1", "6.80", "6.80", "(1 BOX) GENTAMICIN CREAM")]


def _receipt(path, items) -> str:
    """A pharmacy receipt in the shape of a 600 px scan: ITEM QTY U/P AMOUNT, "(GST)"
    under the last two; each item's numbers, then its description in runs set apart."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=300, height=600)

    def seg(x0: float, y0: float, x1: float, text: str) -> None:
        size = 10.0
        width = pymupdf.get_text_length(text, fontsize=size)
        size = min(size, size * (x1 - x0) / 2 / width)
        page.insert_text((x0 / 2, y0 / 2 + 10), text, fontsize=size)

    seg(44, 184, 326, "SIMPLIFIED TAX INVOICE")
    seg(47, 454, 315, "RECEIPT #: CS00112233")
    seg(324, 480, 388, "DATE:")
    seg(401, 480, 527, "11/08/2017")
    for x0, x1, head in [(47, 105, "ITEM"), (272, 317, "QTY"), (375, 415, "U/P"),
                         (447, 528, "AMOUNT")]:
        seg(x0, 553, x1, head)
    seg(351, 580, 412, "(GST)")
    seg(460, 580, 525, "(GST)")
    y = 631
    for code, qty, unit, amount, desc in items:
        seg(50, y, 50 + 13 * len(code), code)
        seg(273, y, 289, qty)
        seg(412 - 15 * len(unit), y, 412, unit)
        seg(527 - 15 * len(amount), y, 527, amount)
        seg(537, y, 552, "S")
        y += 25
        runs = desc.split("|")
        for (x0, x1), run in zip([(48, 250), (262, 430), (445, 551)][:len(runs)], runs,
                                 strict=False):
            seg(x0, y, x1 if len(runs) > 1 else 353, run)
        y += 26
    total = sum(float(a) for _, _, _, a, _ in items)
    for label, value in [("TOTAL", f"{total:.2f}"), ("CASH", "100.00"),
                         ("CHANGE", f"{100 - total:.2f}")]:
        y += 26
        seg(313, y, 431, label)
        seg(489, y, 554, value)
    doc.save(str(path))
    doc.close()
    return str(path)


def test_description_lines_under_their_numbers_stay_with_their_row(tmp_path):
    pdf = _receipt(tmp_path / "r.pdf", ITEMS)
    result = Engine(seen_store="memory").extract(pdf, template="receipt")
    rows = [(r["description"].value, str(r["amount"].value))
            for r in result.tables["items"]]
    assert rows == [
        ("1394 (UNIT) WAYCARE WOUND DRESSING WATERPROOF", "57.00"),
        ("2045179052519 (BOX 100S) AROS NON -WOWEN SWAB ALCOHOL", "5.30"),
        ("8896 (UNIT) UNIGLOVES STERILE GAUZE SWAB 10CM", "5.10"),
        ("9556250921884 (1 BOX) GENTAMICIN CREAM", "6.80")]
    assert not [r for r in result.reasons if (r.field or "").startswith("items")], \
        result.reasons
