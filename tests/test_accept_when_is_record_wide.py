"""`accept when` overrules the doubts about every value of the record, not only those of
the fields its condition names (deposit slips journey, stop 33, finding 2): with
`accept when passed(iban_ok)` a slip whose IBAN passed its check was accepted with a
handwritten cheque number read at 0.51 (`04512177` for `0451277`). The docs
(templates.md, review policy) say so and give the safe pattern: a `review when` guard
on each other field or column, which wins over `accept when` wherever it is written.
These tests hold the documented behaviour (they pass on the code before: the finding
was about the docs)."""

from __future__ import annotations

import pytest

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.core.result import Status
from formsift.templates import check_source, runtime

IBAN = "DE89370400440532013000"


def _doc(rows: list[tuple[str, float]]) -> Document:
    """A slip: the IBAN, read surely, and a cheques table whose numbers are read at the
    confidences given ('' leaves a row's number blank)."""
    words = [Word("IBAN:", Box(0.05, 0.05, 0.12, 0.07), 0, 0.99, "test-ocr"),
             Word(IBAN, Box(0.15, 0.05, 0.45, 0.07), 0, 0.99, "test-ocr"),
             Word("Cheque", Box(0.05, 0.15, 0.15, 0.17), 0, 0.99, "test-ocr"),
             Word("Amount", Box(0.40, 0.15, 0.50, 0.17), 0, 0.99, "test-ocr")]
    for i, (number, conf) in enumerate(rows):
        y = 0.2 + 0.04 * i
        if number:
            words.append(Word(number, Box(0.05, y, 0.14, y + 0.02), 0, conf, "test-ocr",
                              char_confidences=(conf,) * len(number)))
        words.append(Word(f"{10 * (i + 1)}.00", Box(0.40, y, 0.47, y + 0.02), 0, 0.99,
                          "test-ocr"))
    return Document("sha256:t", "t", "image/png", [Page(0, 100, 100, words=words)], "t")


def _run(registry, policy: str, rows: list[tuple[str, float]], optional: bool = False):
    src = f'''template t {{
  field iban: iban = right of "IBAN:"
  table cheques {{
    cheque_no: id(/\\d{{7}}/){"?" if optional else ""} header "Cheque"
    amount: money header "Amount"
  }}
  rule iban_ok: valid_iban(iban)
  {policy}
}}'''
    (t,), diags = check_source(src, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return runtime.run(t, _doc(rows))


ROWS = [("0451277", 0.99), ("8830012", 0.2)]


def test_accept_when_overrules_a_doubt_about_a_field_it_does_not_name(registry):
    plain = _run(registry, "", ROWS)
    assert plain.status is Status.REVIEW
    assert [(r.code, r.field) for r in plain.reasons] == [
        ("low_confidence", "cheques.cheque_no")]
    accepted = _run(registry, "accept when passed(iban_ok)", ROWS)
    assert accepted.status is Status.ACCEPTED


@pytest.mark.parametrize("order", ["accept first", "review first"])
def test_a_column_guard_beside_accept_when_keeps_the_doubt(registry, order):
    accept = "accept when passed(iban_ok)"
    guard = "review when confidence(cheques.cheque_no) < 0.8"
    policy = "\n  ".join([accept, guard] if order == "accept first" else [guard, accept])
    guarded = _run(registry, policy, ROWS)
    assert guarded.status is Status.REVIEW
    assert any(r.code == "policy" for r in guarded.reasons)
    # every cheque number read surely: the guard does not hold, the policy accepts
    sure = _run(registry, policy, [("0451277", 0.99), ("8830012", 0.99)])
    assert sure.status is Status.ACCEPTED


def test_a_blank_cell_counts_as_no_confidence_in_a_column_guard(registry):
    policy = "accept when passed(iban_ok)\n  review when confidence(cheques.cheque_no) < 0.8"
    blank = _run(registry, policy, [("0451277", 0.99), ("", 0.0)], optional=True)
    assert blank.tables["cheques"][1]["cheque_no"] is None
    assert blank.status is Status.REVIEW
