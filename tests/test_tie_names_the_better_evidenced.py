"""An undecided near-tie names the template with more evidence on the page (templib
journey, finding 7): an invoice of Linden Papier (its name and VAT ID printed) billed to
Nordwind Logistik scored 1.00 for both suppliers' templates (Nordwind's old template
tests the name alone); the record went to review, rightly, but named 'nordwind' (the
first loaded), so the reviewer saw the wrong supplier pre-filled. Between equal scores,
the template whose tests found more on the page (their weights added) comes first."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

_FIELDS = """  field invoice_no: id = right of "Invoice No."
  field total: money = right of "{label}"
"""
# the two read the total under other labels: their records differ, and extraction
# cannot tell which is right (each finds every field)
_NORDWIND = ('template nordwind {\n  match {\n    contains "Nordwind Logistik GmbH" weight 2\n'
             '  }\n' + _FIELDS.format(label="Amount due") + "}\n")
_LINDEN = ('template linden {\n  match {\n    contains "Linden Papier GmbH" weight 2\n'
           '    contains "DE100237570"\n  }\n' + _FIELDS.format(label="Total") + "}\n")


@pytest.fixture()
def library(tmp_path):
    paths = []
    for name, text in (("nordwind", _NORDWIND), ("linden", _LINDEN)):
        path = tmp_path / f"{name}.sift"
        path.write_text(text)
        paths.append(path)
    return paths


def _invoice(make_pdf):
    return make_pdf([(50, 50, "Linden Papier GmbH"), (50, 65, "USt-IdNr. DE100237570"),
                     (50, 100, "Bill to: Nordwind Logistik GmbH"),
                     (50, 140, "Invoice No."), (150, 140, "RE-2026-0001"),
                     (50, 180, "Total"), (150, 180, "119.00"),
                     (50, 200, "Amount due"), (150, 200, "19.00")])


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_an_undecided_tie_names_the_template_that_found_more(library, make_pdf, order):
    engine = Engine(templates=[library[i] for i in order], seen_store="memory")
    result = engine.extract(_invoice(make_pdf), name="inv.pdf")
    assert result.status is Status.REVIEW  # the tie stands
    assert [r.code for r in result.reasons] == ["ambiguous"]
    assert result.template == "linden"
    assert "'nordwind'" in result.reasons[0].message
    assert [s.template for s in result.classification] == ["linden", "nordwind"]


def test_equal_evidence_keeps_the_order_of_the_library(tmp_path, make_pdf):
    """Guard: two templates finding as much keep the order they were loaded in."""
    paths = []
    for name in ("alpha", "beta"):
        path = tmp_path / f"{name}.sift"
        path.write_text(f'template {name} {{\n  match {{ contains "Order" }}\n'
                        '  field total: money = right of "Total"\n}\n')
        paths.append(path)
    pdf = make_pdf([(50, 50, "Order 42"), (50, 80, "Total 12.00")])
    for order in (paths, paths[::-1]):
        result = Engine(templates=order, seen_store="memory").extract(pdf, name="o.pdf")
        assert result.template == order[0].stem
