"""The SWIFT MT700 example (letters of credit journey, finding 7: nothing in the docs
covered SWIFT-tagged fields): examples/templates/swift_mt700.sift, shown in docs/swift.md,
reads a generated raw MT700 (tags glued to their values, a currency glued to an amount
with a decimal comma, YYMMDD dates, a 10/10 tolerance, a goods field over three lines)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "templates" / "swift_mt700.sift"

MT700 = ["SWIFT MT700 ISSUE OF A DOCUMENTARY CREDIT", ":27:1/1", ":40A:IRREVOCABLE",
         ":20:LC26SG0003", ":31C:261020", ":40E:UCP LATEST VERSION", ":31D:270115SINGAPORE",
         ":50:NORDHAVN PROCESS EQUIPMENT A/S", ":59:ORIENT VALVE MANUFACTURING PTE LTD",
         ":32B:{amount}", ":39A:10/5", ":41D:ANY BANK BY NEGOTIATION", ":44E:SHANGHAI",
         ":44F:SINGAPORE", ":44C:261215", ":45A:STAINLESS STEEL BALL VALVES DN50 PN16",
         "40 UNITS AS PER PROFORMA PI-2026-118", "CIF SINGAPORE INCOTERMS 2020",
         ":46A:+SIGNED COMMERCIAL INVOICE IN 3 ORIGINALS", ":48:21/FROM THE DATE OF SHIPMENT"]


def _extract(tmp_path, amount: str):
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i, text in enumerate(MT700):
        page.insert_text((40, 50 + 14 * i), text.format(amount=amount), fontsize=10,
                         fontname="cour")
    path = tmp_path / "mt700.pdf"
    doc.save(str(path))
    doc.close()
    return Engine(seen_store="memory").extract(str(path), template=str(EXAMPLE))


@pytest.mark.parametrize("amount, currency, value", [
    ("USD125000,00", "USD", Decimal("125000.00")),
    ("USD125000,", "USD", Decimal("125000")),
    ("KWD125,500", "KWD", Decimal("125.500")),   # three decimals: 125.500, not 125500
    ("EUR1250,5", "EUR", Decimal("1250.5")),
])
def test_the_example_reads_a_raw_mt700(tmp_path, amount, currency, value):
    result = _extract(tmp_path, amount)
    fields = {k: (v.value if v is not None else None) for k, v in result.fields.items()}
    assert fields == {
        "lc_no": "LC26SG0003",
        "issued": dt.date(2026, 10, 20),
        "expiry": dt.date(2027, 1, 15),
        "expiry_place": "SINGAPORE",
        "currency": currency,
        "amount": value,
        "tol_plus": 10,
        "tol_minus": 5,
        "latest_shipment": dt.date(2026, 12, 15),
        "beneficiary": "ORIENT VALVE MANUFACTURING PTE LTD",
        "goods": "STAINLESS STEEL BALL VALVES DN50 PN16 40 UNITS AS PER PROFORMA "
                 "PI-2026-118 CIF SINGAPORE INCOTERMS 2020",
    }
    assert result.status is Status.ACCEPTED, result.reasons


def test_the_docs_show_the_example():
    page = (EXAMPLE.parents[2] / "docs" / "swift.md").read_text(encoding="utf-8")
    assert '--8<-- "examples/templates/swift_mt700.sift"' in page
