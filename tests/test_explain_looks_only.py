"""``explain`` extracts a document to show extract's reading (b8c2a80); a look is no
record: code read r6 found that through the Python API it wrote the document's values
into the duplicates store (the same file extracted next went to review as a copy of
itself) and called ``formsift_result_ready`` observers (a plugin posting results on)."""

from __future__ import annotations

import pluggy

from formsift.core.engine import Engine
from formsift.core.plugins import PluginRegistry
from formsift.templates import compile_template
from formsift.templates.explain import explain

_SIFT = """template inv_dup {
  title "Invoice"
  version 1
  locale "en_GB"
  currency "EUR"
  match { contains "INVOICE" }
  field invoice_no: id = right of "Invoice no:"
  rule not_dup: not seen_before(invoice_no)
}
"""


def _invoice(make_pdf):
    return make_pdf([(50, 50, "INVOICE"), (50, 100, "Invoice no:"), (150, 100, "INV-2026-0042")])


def test_an_explained_file_is_no_copy_of_itself_when_extracted(make_pdf, tmp_path):
    pdf, store = _invoice(make_pdf), tmp_path / "seen.sqlite3"
    template = compile_template(_SIFT)
    explain(Engine(seen_store=store), pdf, template)
    result = Engine(seen_store=store).extract(pdf, template)
    assert result.status.value == "accepted", [(r.code, r.message) for r in result.reasons]


def test_explain_still_sees_what_was_extracted_before(make_pdf, tmp_path):
    """The store is read: a file extracted before is a duplicate to explain too."""
    store = tmp_path / "seen.sqlite3"
    template = compile_template(_SIFT)
    Engine(seen_store=store).extract(_invoice(make_pdf), template)
    other = make_pdf([(50, 50, "INVOICE"), (50, 100, "Invoice no:"),
                      (150, 100, "INV-2026-0042"), (50, 300, "copy")])
    text = explain(Engine(seen_store=store), other, template)
    assert "status: review" in text and "not_dup: FAIL" in text


def test_explain_calls_no_result_observer(make_pdf):
    hookimpl = pluggy.HookimplMarker("formsift")
    seen: list[str] = []

    class Observer:
        @hookimpl
        def formsift_result_ready(self, result):
            seen.append(result.source)

    registry = PluginRegistry.discover(extra_plugins=[("observer", Observer())])
    engine = Engine(registry=registry, seen_store="memory")
    template = compile_template(_SIFT)
    explain(engine, _invoice(make_pdf), template)
    assert seen == []
    engine.extract(_invoice(make_pdf), template)  # the engine's observers still work after
    assert len(seen) == 1
