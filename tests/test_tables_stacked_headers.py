"""Column headers printed on two lines, the first words over the last ones ("Invoice" /
"Number", "Amount" / "Paid"), as US AP systems print remittance advices and cheque stubs:
a template writing the headers as they read ("Invoice Number") found no header line, the
whole table was missed (the remittance journey, finding 3)."""

from __future__ import annotations

from formsift.core.engine import Engine
from formsift.core.result import Status

#: (top, bottom, x, right-aligned)
HEADERS = [("Invoice", "Number", 40, False), ("Invoice", "Date", 130, False),
           ("Invoice", "Amount", 300, True), ("Discount", "Taken", 370, True),
           ("Amount", "Paid", 470, True)]
ROWS = [("INV-000801", "10/01/2026", "3,200.00", "64.00", "3,136.00"),
        ("INV-000802", "10/04/2026", "1,575.50", "31.51", "1,543.99"),
        ("CM-000045", "10/12/2026", "-400.00", "0.00", "-400.00")]

TEMPLATE = '''template remit {
  locale "en_US"
  currency "USD"
  field total: money = right of "Payment Total:"
  table lines {
    invoice_no: text header "Invoice Number"
    invoice_date: date header "Invoice Date"
    invoice_amount: money header "Invoice Amount"
    discount: money header "Discount Taken" default 0
    paid: money header "Amount Paid"
    until "Payment Total"
  }
  rule sum_paid: sum(lines.paid) == total
}'''


def _remittance(path) -> str:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=400)

    def put(x: float, y: float, text: str, right: bool = False, font: str = "helv") -> None:
        if right:
            x -= pymupdf.get_text_length(text, fontname=font, fontsize=9)
        page.insert_text((x, y), text, fontsize=9, fontname=font)

    put(40, 40, "REMITTANCE ADVICE")
    for top, bottom, x, right in HEADERS:
        put(x, 100, top, right, "hebo")
        put(x, 111, bottom, right, "hebo")
    y = 128
    for row in ROWS:
        for (_, _, x, right), value in zip(HEADERS, row, strict=True):
            put(x, y, value, right)
        y += 15
    put(330, y + 4, "Payment Total:")
    put(470, y + 4, "4,279.99", True)
    doc.save(str(path))
    doc.close()
    return str(path)


def test_headers_stacked_on_two_lines_are_found_as_written(tmp_path):
    sift = tmp_path / "t.sift"
    sift.write_text(TEMPLATE, encoding="utf-8")
    result = Engine(seen_store="memory").extract(_remittance(tmp_path / "r.pdf"),
                                                 template=str(sift))
    rows = result.tables["lines"]
    assert [str(r["invoice_no"].value) for r in rows] == ["INV-000801", "INV-000802",
                                                          "CM-000045"]
    assert [str(r["invoice_amount"].value) for r in rows] == ["3200.00", "1575.50",
                                                              "-400.00"]
    assert [str(r["paid"].value) for r in rows] == ["3136.00", "1543.99", "-400.00"]
    assert result.status == Status.ACCEPTED
