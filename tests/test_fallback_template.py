"""A generic template marked `fallback true` is chosen only when no other template fits
(journey templib, finding 3): a catch-all for the suppliers' common ERP print scored 1.0
beside each supplier's own template, and either took their documents (it found one field
more: 10 of 13 accepted under it) or tied with them (same fields: 10 of 13 sent to review
as `ambiguous`). The only way out was a veto of every supplier in the generic template."""

from __future__ import annotations

import pytest

from formsift import compile_template
from formsift.core.engine import Engine
from formsift.core.errors import TemplateError
from formsift.grammar.formatter import format_source

SUPPLIER = '''template {name} {{
  match {{
    contains "{title}" weight 2
    contains "Invoice No."
  }}
  field invoice_no: id = right of "Invoice No."
  field total: money = right of "Total"
}}
'''

#: The suppliers' common print, read by any of them. {extra}: a field the suppliers'
#: templates do not read (the generic then wins the near-tie by finding more).
GENERIC = '''template generic {{
  {setting}
  match {{
    contains "Invoice No."
    contains "Total"
  }}
  field invoice_no: id = right of "Invoice No."
  field total: money = right of "Total"
  {extra}
}}
'''
EXTRA = 'field supplier: text = search /^(\\w+ Papier GmbH)/'


def invoice(make_pdf, supplier: str, number: str) -> bytes:
    return make_pdf([(50, 60, supplier), (50, 100, "Invoice No."), (150, 100, number),
                     (50, 140, "Total"), (150, 140, "119.00")])


def library(tmp_path, *, setting: str = "fallback true", extra: str = EXTRA) -> list:
    lib = tmp_path / "lib"
    lib.mkdir(exist_ok=True)
    for name, title in (("alpha", "Alpha Papier GmbH"), ("beta", "Beta Papier GmbH")):
        (lib / f"{name}.sift").write_text(SUPPLIER.format(name=name, title=title))
    (lib / "generic.sift").write_text(GENERIC.format(setting=setting, extra=extra))
    return [lib]


@pytest.mark.parametrize("extra", [EXTRA, ""], ids=["reads-more", "same-fields"])
def test_a_suppliers_template_beats_a_fallback(tmp_path, make_pdf, extra):
    engine = Engine(templates=library(tmp_path, extra=extra), seen_store="memory")
    doc = tmp_path / "a.pdf"
    doc.write_bytes(invoice(make_pdf, "Alpha Papier GmbH", "A-1"))
    result = engine.extract(doc)
    assert result.template == "alpha", (result.template, result.reasons)
    assert result.status.value == "accepted", [r.message for r in result.reasons]
    assert result.value("invoice_no") == "A-1"
    # every template's score is still reported
    assert {s.template: s.score for s in result.classification}["generic"] == 1.0


def test_without_the_setting_the_generic_template_still_contends(tmp_path, make_pdf):
    """The behaviour the setting changes (a guard: the tests above are not vacuous)."""
    engine = Engine(templates=library(tmp_path, setting=""), seen_store="memory")
    doc = tmp_path / "a.pdf"
    doc.write_bytes(invoice(make_pdf, "Alpha Papier GmbH", "A-1"))
    assert engine.extract(doc).template == "generic"


def test_the_fallback_reads_what_no_other_template_fits(tmp_path, make_pdf):
    engine = Engine(templates=library(tmp_path), seen_store="memory")
    doc = tmp_path / "new.pdf"
    doc.write_bytes(invoice(make_pdf, "Gamma Papier GmbH", "G-9"))
    result = engine.extract(doc)
    assert result.template == "generic" and result.status.value == "accepted"
    assert result.value("supplier") == "Gamma Papier GmbH"


def test_a_supplier_template_under_its_threshold_leaves_the_document_to_the_fallback(
        tmp_path, make_pdf):
    """Only eligible templates outrank a fallback: one that does not reach its threshold
    (its supplier's name absent) is not chosen over it."""
    engine = Engine(templates=library(tmp_path), seen_store="memory")
    doc = tmp_path / "b.pdf"
    doc.write_bytes(make_pdf([(50, 100, "Invoice No."), (150, 100, "X-1"),
                              (50, 140, "Total"), (150, 140, "5.00")]))
    assert engine.extract(doc).template == "generic"


def test_two_fallbacks_near_tied_are_decided_among_themselves(tmp_path, make_pdf):
    lib = library(tmp_path)[0]
    (lib / "generic2.sift").write_text(
        GENERIC.format(setting="fallback true", extra="").replace("generic", "generic2"))
    doc = tmp_path / "new.pdf"
    doc.write_bytes(invoice(make_pdf, "Gamma Papier GmbH", "G-9"))
    result = Engine(templates=[lib], seen_store="memory").extract(doc)
    assert result.template == "generic"  # it finds one field more


def test_the_setting_is_compiled_checked_and_formatted():
    source = GENERIC.format(setting="fallback true", extra="")
    assert compile_template(source).fallback is True
    assert compile_template(GENERIC.format(setting="", extra="")).fallback is False
    assert compile_template(GENERIC.format(setting="fallback false", extra="")).fallback \
        is False
    assert "  fallback true\n" in format_source(source)
    with pytest.raises(TemplateError, match="'fallback' takes true or false"):
        compile_template(GENERIC.format(setting='fallback "yes"', extra=""))
    packet = ('template a {\n  match {\n    contains "A"\n  }\n  field x: text = right of '
              '"X"\n}\npacket p {\n  fallback true\n  document a: a\n}\n')
    with pytest.raises(TemplateError, match="a packet takes title"):
        compile_template(packet)
