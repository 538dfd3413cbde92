"""The decimal mark a document's own numbers show is worked out once per document
(speed, stop 30): every run of a template that states no ``decimal`` read the whole
document's text again for it (classification runs several templates on a document), a
tenth of a born-digital page's run. It is worked out again when the page's words change."""

from __future__ import annotations

from formsift import Engine
from formsift.core.document import Word
from formsift.core.geometry import Box
from formsift.plugins.fieldtypes import amounts
from formsift.templates import runtime

BL = '''template %s {
  locale "en_GB"
  field measurement: decimal = right of "Total Measurement:"
}'''

EU = "BILL OF LADING\nTotal Gross Weight: 7.122,750 KGS\nTotal Measurement: 30,250 CBM\n"
EN = "BILL OF LADING\nTotal Gross Weight: 12,345.678 KGS\nTotal Measurement: 30,250 CBM\n"


def _setup(tmp_path, text):
    engine = Engine()
    templates = []
    for name in ("bl_a", "bl_b"):
        path = tmp_path / f"{name}.sift"
        path.write_text(BL % name, encoding="utf-8")
        templates.append(engine.template(str(path)))
    doc_path = tmp_path / "doc.txt"
    doc_path.write_text(text, encoding="utf-8")
    return templates, engine.load(doc_path)


def _counting(monkeypatch):
    """The calls of ``document_marks`` and ``mark_evidence``: per state of a document, one
    for the decimal mark its numbers show with both marks (``in_document_marks``) and one
    for what they all show, weighed (the three-decimal doubt, 27e1f15;
    templates.decimal_marks), each once however many templates run."""
    calls = []
    for name in ("document_marks", "mark_evidence"):
        real = getattr(amounts, name)

        def counted(text, real=real):
            calls.append(text)
            return real(text)

        counted.__qualname__ = f"counted_{name}"  # (the cache's key: one per function)
        monkeypatch.setattr(amounts, name, counted)
    return calls


def _measurement(template, doc):
    return str(runtime.run(template, doc).fields["measurement"].value)


def test_marks_are_read_once_per_document(tmp_path, monkeypatch):
    templates, doc = _setup(tmp_path, EU)
    calls = _counting(monkeypatch)
    for template in templates * 3:
        assert _measurement(template, doc) == "30.250"
    assert len(calls) == 2
    _, other = _setup(tmp_path, EU)  # another document is read for its own
    assert _measurement(templates[0], other) == "30.250"
    assert len(calls) == 4


def test_marks_follow_the_words_of_the_page(tmp_path, monkeypatch):
    templates, doc = _setup(tmp_path, EN)
    calls = _counting(monkeypatch)
    assert _measurement(templates[0], doc) == "30250"
    page = doc.pages[0]
    # the words change (OCR read the page again): the comma is now the decimal mark
    words = [Word(w.text.replace("12,345.678", "12.345,678"), w.box, w.page)
             for w in page.words]
    assert any(w.text == "12.345,678" for w in words)
    page.set_words(words)
    assert _measurement(templates[1], doc) == "30.250"
    assert len(calls) == 4
    # a number of the other convention added to the page
    page.set_words([*words, Word("1,250.00", Box(0.1, 0.9, 0.2, 0.92), page.index)])
    assert _measurement(templates[0], doc) == "30250"  # both conventions: the locale's
    assert len(calls) == 6
