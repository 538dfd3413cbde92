"""Three-way matching where the invoice bills one article on two lines.

The documented rule ``each inv.items: qty <= lookup(article, dn.items.article,
dn.items.qty_delivered)`` compares each invoice line alone with the quantity delivered:
10 rods delivered, invoiced as 6 + 6 on two lines, passed row by row and the packet was
accepted with 2 rods billed that never came. The lines of one article are added up with
``sum(inv.items.qty where inv.items.article == article)``, which the docs now show.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from formsift import Engine
from formsift.core.result import Status
from tests.test_packets import ITEMS, THREE_WAY, _doc_page

DOCS = Path(__file__).resolve().parents[1] / "docs"
TEMPLATES = THREE_WAY.split("packet three_way")[0]
AS_DOCUMENTED_BEFORE = ("each inv.items: qty <= lookup(article, dn.items.article, "
                        "dn.items.qty_delivered)")
DELIVERED = {a: q for a, q, _ in ITEMS}  # 6100-040: 10 delivered


def _packet_pdf(invoiced: list[tuple[str, int]], delivered: dict[str, int]) -> bytes:
    """An order, a delivery note and an invoice (born-digital pages); the invoice bills
    ``invoiced`` (article, quantity) line by line at the order's prices."""
    import pymupdf

    price = {a: p for a, _, p in ITEMS}
    head = ("Article", "Qty", "Unit price", "Amount")
    doc = pymupdf.open()

    def lines(billed: list[tuple[str, int]]) -> tuple[list[tuple[str, ...]], str]:
        rows = [(a, str(q), price[a], f"{q * float(price[a]):.2f}") for a, q in billed]
        return [head, *rows], f"{sum(q * float(price[a]) for a, q in billed):.2f}"

    rows, total = lines([(a, q) for a, q, _ in ITEMS])
    _doc_page(doc, ["PURCHASE ORDER", "PO Number  PO-2026-04418"], rows,
              [f"Total net  {total}"])
    _doc_page(doc, ["Delivery note", "Delivery note No.  DN-88214",
                    "Your order No.  PO-2026-04418"],
              [("Article", "Delivered"), *((a, str(q)) for a, q in delivered.items())],
              ["Received by  J. Brandt"])
    rows, total = lines(invoiced)
    _doc_page(doc, ["INVOICE", "Invoice No.  RE-2026-1188"], rows, [f"Subtotal  {total}"])
    return doc.tobytes()


def _split(first: int, second: int) -> list[tuple[str, int]]:
    """The order's lines, 6100-040 billed on two lines."""
    return [("4711-200", 500), ("4711-310", 1000), ("6100-040", first),
            ("6100-040", second)]


def _extract(tmp_path, registry, rule: str, invoiced, delivered=DELIVERED):
    path = tmp_path / "three_way.sift"
    path.write_text(TEMPLATES + "packet three_way {\n  document po: t_po\n"
                    "  document dn: t_dn\n  document inv: t_inv\n"
                    f"  rule delivered: {rule}\n"
                    '    message "invoiced more than was delivered"\n}\n')
    engine = Engine(templates=[path], registry=registry, seen_store="memory")
    result = engine.extract_packet(_packet_pdf(invoiced, delivered), name="packet.pdf")
    assert result.packet == "three_way"
    return result


def _documented(doc: str) -> str:
    """The three-way match's ``delivered`` rule as ``doc`` shows it."""
    (rule,) = re.findall(r"^ *rule delivered: (.+?)\n *(?:message|rule|warn|#|\})",
                         (DOCS / doc).read_text(), re.MULTILINE | re.DOTALL)
    return rule  # as laid out there, over several lines


def test_the_former_rule_accepts_an_article_billed_twice(tmp_path, registry):
    """What the docs showed: each line alone is within the 10 delivered, 12 billed."""
    result = _extract(tmp_path, registry, AS_DOCUMENTED_BEFORE, _split(6, 6))
    assert result.status is Status.ACCEPTED


@pytest.mark.parametrize("doc", ["templates.md", "validation.md"])
def test_the_documented_rule_catches_an_article_billed_twice(tmp_path, registry, doc):
    rule = _documented(doc)
    result = _extract(tmp_path, registry, rule, _split(6, 6))
    assert result.status is Status.REVIEW
    (outcome,) = result.rules
    assert outcome.passed is False
    assert outcome.message == ('invoiced more than was delivered (row(s) 3, 4 of inv.items; '
                               'row 3: 12 against 10 for article "6100-040"; row 4: 12 '
                               'against 10 for article "6100-040")')


@pytest.mark.parametrize("doc", ["templates.md", "validation.md"])
def test_the_documented_rule_accepts_what_was_delivered(tmp_path, registry, doc):
    """Guards: the article on two lines adding up to the 10 delivered, and on one line."""
    rule = _documented(doc)
    for invoiced in (_split(4, 6), [(a, q) for a, q, _ in ITEMS]):
        result = _extract(tmp_path, registry, rule, invoiced)
        assert result.status is Status.ACCEPTED, (invoiced, result.reasons)


def test_the_documented_rule_over_an_article_not_delivered_is_not_evaluated(tmp_path,
                                                                           registry):
    """Guard: an article the delivery note does not list is looked up as before."""
    delivered = {a: q for a, q in DELIVERED.items() if a != "6100-040"}
    result = _extract(tmp_path, registry, _documented("templates.md"), _split(6, 6),
                      delivered)
    (outcome,) = result.rules
    assert outcome.passed is None and "6100-040" in outcome.message
    assert result.status is Status.REVIEW
