"""A template's match block on a scan or fax: a `contains` text is found where OCR read
one of its letters as a look-alike (l for I, 0 for O), as labels are; on a text layer,
and for short tests, the text must be as written."""

from __future__ import annotations

import pytest

from formsift.templates.matching import page_score
from tests.words import tpl, words_doc

TEMPLATE = """template bonnet {
  match {
    contains "Bonnet Industrie"
  }
  field po: text? = right of "Commande"
}
"""


@pytest.mark.parametrize("read", ["lndustrie", "Industr1e", "INDUSTRIE"])
def test_a_faxed_customer_name_read_with_a_look_alike_letter_matches(registry, read):
    """A faxed purchase order whose customer name OCR read 'Bonnet lndustrie' (the I at
    0.64) was an unknown document: every value was lost."""
    doc = words_doc([("Bonnet", 0.1, 0.2), (read, 0.21, 0.35)])
    assert page_score(tpl(TEMPLATE, registry), doc.pages[0]) == 1.0


def test_a_text_layer_must_read_as_written(registry):
    doc = words_doc([("Bonnet", 0.1, 0.2), ("lndustrie", 0.21, 0.35)], source="text-layer")
    assert page_score(tpl(TEMPLATE, registry), doc.pages[0]) == 0.0


def test_a_short_test_is_not_matched_loosely(registry):
    short = """template t {
  match { contains "TOIL" }
  field a: text? = right of "A"
}
"""
    doc = words_doc([("T01L", 0.1, 0.2)])
    assert page_score(tpl(short, registry), doc.pages[0]) == 0.0
