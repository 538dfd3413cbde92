"""A closed list that passed never makes a value less sure than no check at all (issue 5,
code read of bc4a745): ``valid_country(origin)`` capped every letter of a code the list
leaves uncovered at its own confidence at any level, and two-letter ISO codes are dense
(DA..DZ), so a right 'DE' whose 'E' was read at 0.55-0.79 went from accepted (0.84-0.87)
to review. Such a letter now counts only under ``confidence.UNSURE_CHARACTER``, as in a
value no check looks at; a letter under it keeps its doubt."""

from __future__ import annotations

import pytest

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.templates.confidence import UNSURE_CHARACTER
from tests.test_unchecked_cap_reader_x import _template

_FIELD = '  field origin: id(/[A-Z]{2,3}/) = right of "Origin"\n'
_POLICY = "  review when confidence(origin) < 0.8\n"


def _origin(registry, rule: str, code: str, weak: int, at: float):
    """``code`` beside "Origin", its letter ``weak`` read at ``at`` (the rest 0.97)."""
    from formsift.templates import runtime

    confs = [0.97] * len(code)
    confs[weak] = at
    words = [Word("Origin", Box(0.1, 0.1, 0.2, 0.13), 0, 0.97, "ppocr_rec",
                  char_confidences=(0.97,) * 6),
             Word(code, Box(0.25, 0.1, 0.3, 0.13), 0, 0.9, "ppocr_rec",
                  char_confidences=tuple(confs))]
    doc = Document("sha256:o", "o", "image/png", [Page(0, 1000, 700, words=words)], "o")
    result = runtime.run(_template(registry, _FIELD + rule + _POLICY), doc)
    assert result.fields["origin"].value == code
    return result


@pytest.mark.parametrize("code, weak", [("DE", 1), ("DE", 0), ("FR", 1), ("CHN", 1),
                                        ("AT", 1)])
@pytest.mark.parametrize("at", [0.34, 0.55, 0.79])
def test_a_passed_country_check_makes_a_right_code_no_less_sure(registry, code, weak, at):
    """A right code with a letter read fairly (0.34-0.79): with ``valid_country`` as
    sure as without a rule, and accepted (it went to review at that letter's value)."""
    checked = _origin(registry, "  rule iso: valid_country(origin)\n", code, weak, at)
    alone = _origin(registry, "", code, weak, at)
    assert checked.rules[0].passed is True
    assert checked.fields["origin"].confidence >= alone.fields["origin"].confidence - 1e-9
    assert checked.status == "accepted", checked.reasons


@pytest.mark.parametrize("code, weak", [("DK", 1), ("AUT", 2)])
def test_a_doubted_letter_keeps_its_doubt_under_the_list(registry, code, weak):
    """Guard: a letter under UNSURE_CHARACTER that another letter would make another
    code ('DK' for 'DE', 'AUT' for 'AUS'): no surer than that letter, with the list as
    without it."""
    at = UNSURE_CHARACTER - 0.05
    result = _origin(registry, "  rule iso: valid_country(origin)\n", code, weak, at)
    assert result.fields["origin"].confidence == pytest.approx(at)
    assert result.status != "accepted"
