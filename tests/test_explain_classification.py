"""``formsift explain`` shows how the document is classified among the engine's
templates: each one's score (the best page's, or the pages' tests taken together, said
"as a whole"), each page's, and, for a template whose ``not`` test fires on a page, on
which page and what it found, and whether that ranked it last. Before, explain showed
none of it: why a two-page invoice was not taken for the receipt its page 2 reads like (the
receipt's veto, a due date, on page 1) was not to be seen."""

from __future__ import annotations

import fitz

from formsift import Engine
from formsift.templates.explain import explain
from tests.test_split_numbered_invoice import (
    DE,
    _acme_invoice,
    _packet,
    _terms,
    two_page_invoice,
)


def _section(report: str) -> list[str]:
    lines = report.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith("classification ("))
    end = next(k for k in range(start + 1, len(lines)) if not lines[k].startswith("  "))
    return lines[start:end]


def test_explain_names_the_veto_on_another_page_and_the_whole_score(tmp_path, engine):
    pdf = _packet(tmp_path / "inv.pdf", lambda d: two_page_invoice(d, DE, "due"))
    section = _section(explain(engine, pdf, "invoice"))
    assert section[0].endswith("): invoice"), section
    invoice = next(line for line in section if " invoice " in line)
    assert "-> invoice 1.00 as a whole (pages 0.33, 0.67)" in invoice
    receipt = next(line for line in section if " receipt " in line)
    assert "receipt 1.00 (pages 0.00, 1.00)" in receipt
    assert 'chosen last' in receipt and 'page 1: "Fällig am"' in receipt


def test_explain_says_a_vetoed_template_kept_its_rank(tmp_path):
    """acme's veto ("Gutschrift") fires on its terms page, but nothing vetoed nowhere fits
    its page 1 as well: it is chosen, and explain says why the veto did not count."""
    from tests.test_split_numbered_invoice import ACME

    sift = tmp_path / "acme.sift"
    sift.write_text(ACME, encoding="utf-8")
    engine = Engine(templates=[sift, "invoice", "receipt"], seen_store="memory")
    pdf = _packet(tmp_path / "t.pdf", _acme_invoice, _terms)
    section = _section(explain(engine, pdf, "acme"))
    acme = next(line for line in section if " acme " in line)
    assert acme.startswith("  -> acme 1.00 (pages 1.00, 0.00)"), section
    assert 'page 2: "Gutschrift"' in acme and "keeps its rank" in acme


def test_explain_of_a_one_page_document_names_the_template_its_veto_rules_out(
        tmp_path, engine):
    """A one-page invoice with a due date: the receipt would fit its page but for its
    veto; explained with the receipt as asked, the section says so and names the
    classification's choice."""
    doc = fitz.open()
    page = doc.new_page(width=595, height=842)
    for y, text in ((60, "Rechnung"), (80, "Fällig am 14.04.2026"),
                    (120, "Artikel 10,00"), (140, "MwSt 19% 1,90"), (160, "Gesamtbetrag 11,90")):
        page.insert_text((50, y), text, fontsize=10)
    doc.save(tmp_path / "one.pdf")
    section = _section(explain(engine, tmp_path / "one.pdf", "receipt"))
    assert section[0].endswith("): invoice; explained with receipt, as asked"), section
    receipt = next(line for line in section if " receipt " in line)
    assert 'ruled out by its not test (page 1: "Fällig am")' in receipt
