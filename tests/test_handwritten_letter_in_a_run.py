"""A handwritten letter that is part of a run reading whole as another choice keeps the
run's doubt (code read A on 0827961): "NA" written with a pen lift, read "N" "A", among
``enum(["Y", "N", "NA"])``, gives the value "N" (the joined run its rival); the locator
holds such a part no surer than ``RUN_DOUBT``, but the lone letter's confidence was taken
from the model's raw confidence in its character (0.995: 0.87), so the wrong "N" was
accepted. A letter written alone is still as sure as a letter read so."""

from __future__ import annotations

from formsift.core.document import Document, Page
from formsift.core.result import Status
from formsift.templates import check_source, runtime
from formsift.templates.locators import RUN_DOUBT
from tests.test_handwritten_letter_codes import _printed, _written

TEMPLATE = '''template t {
  field code: enum(["Y", "N", "NA"]) = right of "Code:" handwritten
}'''


def _form(letters: list[tuple[str, float]]) -> Document:
    """A printed "Code:" and handwritten ``letters`` after it, each (text, the gap before
    it, as a share of the page's width), read by the model at 0.995."""
    words, x = [_printed("Code:", 0.05, 0.11, 0.10)], 0.11
    for text, gap in letters:
        word = _written(text, 0.995, x + gap, 0.10)
        words.append(word)
        x = word.box.x1
    return Document("sha256:code", "code", "image/png", [Page(0, 595, 842, words=words)],
                    "code")


def _code(registry, doc: Document):
    (template,), diags = check_source(TEMPLATE, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    result = runtime.run(template, doc)
    return result, result.fields["code"]


def test_a_letter_of_a_run_reading_as_another_choice_keeps_its_doubt(registry):
    result, code = _code(registry, _form([("N", 0.024), ("A", 0.003)]))
    assert code.value == "N"
    assert code.confidence <= RUN_DOUBT  # was 0.87 (the lone letter's table)
    assert result.status is Status.REVIEW
    assert ("low_confidence", "code") in [(r.code, r.field) for r in result.reasons]


def test_a_letter_written_alone_is_still_sure(registry):
    result, code = _code(registry, _form([("N", 0.024)]))
    assert code.value == "N" and code.confidence >= runtime.HANDWRITTEN_MIN_CONFIDENCE
    assert result.status is Status.ACCEPTED, result.reasons
