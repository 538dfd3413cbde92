"""A handwritten code of one letter among a few (a meter reading's code A, E, N or R, typed
``enum(["A", "E", "N", "R"])``): read right and sure, it no longer sends its record to
review; read unsurely, or as no value of the type, it still does. The handwriting
recognizer gives a word with letters the share of such words read right (at most 0.58,
under the 0.7 a handwritten value needs); a value of one letter read alone takes the share
of letters read right at the model's confidence
(:data:`formsift.handwriting.calibration.LETTER_RIGHT`). The pages are words laid out as a
scan's recognizers give them, each handwritten word's confidence as the ``crnn``
recognizer calibrates it."""

from __future__ import annotations

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.core.result import Status
from formsift.handwriting.calibration import Calibration
from formsift.templates import check_source, runtime

TEMPLATE = '''template sheet {
  table meters {
    acct: id(/\\d{6}/) header "Account"
    code: %s header "Code" handwritten
    until "End of list"
  }
}'''
ENUM = 'enum(["A", "E", "N", "R"])?'
PITCH = 0.03


def _printed(text: str, x0: float, x1: float, y: float) -> Word:
    return Word(text, Box(x0, y, x1, y + 0.014), 0, 0.99, "ppocr_rec", False,
                char_confidences=(0.99,) * len(text))


def _written(text: str, raw: float, x0: float, y: float) -> Word:
    """A word as ``crnn`` gives it: its characters' confidences the model's, the word's
    the calibrated share of such words read right."""
    return Word(text, Box(x0, y - 0.002, x0 + 0.012 * len(text), y + 0.018), 0,
                Calibration().word_confidence(text, raw), "crnn", True, None,
                (raw,) * len(text))


def sheet(codes: list[tuple[str, float]]) -> Document:
    """A sheet of rows: a printed account number and a handwritten code (text, the
    model's confidence in each of its characters; "" for none)."""
    words = [_printed("Account", 0.10, 0.20, 0.20), _printed("Code", 0.55, 0.61, 0.20)]
    for i, (code, raw) in enumerate(codes):
        y = 0.24 + i * PITCH
        words.append(_printed(f"{401230 + i}", 0.10, 0.19, y))
        if code:
            words.append(_written(code, raw, 0.57, y))
    y = 0.24 + len(codes) * PITCH + 0.03
    words += [_printed("End", 0.10, 0.14, y), _printed("of", 0.15, 0.17, y),
              _printed("list", 0.18, 0.22, y)]
    return Document("sha256:codes", "codes", "image/png", [Page(0, 595, 842, words=words)],
                    "codes")


def _run(registry, doc: Document, column: str = ENUM):
    (template,), diags = check_source(TEMPLATE % column, "sheet.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return runtime.run(template, doc)


def _codes(result) -> list[tuple]:
    return [(r["code"].value, round(r["code"].confidence, 2)) if r["code"] else None
            for r in result.tables["meters"]]


def test_sure_letters_among_few_are_accepted(registry):
    """Four codes the model read at 0.99 or more: each went to review at 0.58 (the word
    table's best); now each is as sure as a letter read so (0.87) and the record is
    accepted."""
    result = _run(registry, sheet([("A", 0.998), ("E", 0.995), ("N", 0.999), ("R", 0.993)]))
    codes = _codes(result)
    assert [c[0] for c in codes] == ["A", "E", "N", "R"]
    assert all(c[1] >= runtime.HANDWRITTEN_MIN_CONFIDENCE for c in codes), codes
    assert result.status is Status.ACCEPTED, result.reasons


def test_an_unsure_letter_still_goes_to_review(registry):
    """A code the model read at 0.93 is right about half the time as a letter: the record
    goes to review, the reason naming that row only."""
    result = _run(registry, sheet([("A", 0.998), ("R", 0.93), ("A", 0.997)]))
    assert result.status is Status.REVIEW
    low = [r for r in result.reasons if r.code == "low_confidence"]
    assert [r.rows for r in low] == [[1]], result.reasons


def test_a_letter_outside_the_choices_still_goes_to_review(registry):
    """A sure "X" is no code: the cell stays blank and named, the record goes to review."""
    result = _run(registry, sheet([("A", 0.998), ("X", 0.999)]))
    assert _codes(result)[1] is None
    assert result.status is Status.REVIEW
    assert any(r.code == "invalid_value" and r.field == "meters.code"
               for r in result.reasons), result.reasons


def test_a_lone_letter_of_free_text_keeps_the_word_table(registry):
    """Text has no choices to hold a misread to: a lone letter read as text keeps a word's
    confidence (the same sheets typed ``text?`` still go to review)."""
    result = _run(registry, sheet([("A", 0.998), ("E", 0.995)]), "text?")
    assert all(c[1] < runtime.HANDWRITTEN_MIN_CONFIDENCE for c in _codes(result))
    assert result.status is Status.REVIEW


def test_a_code_of_two_letters_keeps_the_word_table(registry):
    """Only a value of one letter read alone takes the letters' table: a code "AE" among
    two-letter choices is a word like any other."""
    result = _run(registry, sheet([("AE", 0.998), ("NR", 0.999)]),
                  'enum(["AE", "NR"])?')
    codes = _codes(result)
    assert [c[0] for c in codes] == ["AE", "NR"]
    assert all(c[1] < runtime.HANDWRITTEN_MIN_CONFIDENCE for c in codes), codes
