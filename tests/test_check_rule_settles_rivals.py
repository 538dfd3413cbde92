"""A rule that checks one field's reading settles which of its readings is the one printed
(mortgage journey, finding 4): on a P60 printing a spaced NINO, 'National Insurance
number  JT 48 21 93 B', the id field read the whole NINO and its digit groups '48', '21'
and '93', the first of them scored as the whole; the template's ``valid_id("gb.nino",
nino)`` held for the whole and failed for the groups, yet the record went to review,
``ambiguous``, "no rule decides between them"."""

from __future__ import annotations

from tests.parsing import extract_text

_P60 = """template p60 {
  match { contains "P60" }
  field nino: id = right of "National Insurance number"
  rule nino_ok: valid_id("gb.nino", nino)
}
"""

_TEXT = "P60 End of Year Certificate\nNational Insurance number   JT 48 21 93 B\n"


def test_a_checksum_rule_that_holds_for_the_whole_alone_settles_its_groups(tmp_path):
    result = extract_text(tmp_path, _P60, _TEXT)
    assert result.fields["nino"].value == "JT 48 21 93 B"
    assert result.status.value == "accepted", result.reasons


def test_a_check_that_holds_for_two_readings_settles_nothing(tmp_path):
    # the guard: a rule that holds for the rivals too ("48" is a token with a digit)
    template = _P60.replace('valid_id("gb.nino", nino)', "matches(nino, /\\d/)")
    result = extract_text(tmp_path, template, _TEXT)
    assert result.status.value == "review"
    assert any(r.code == "ambiguous" for r in result.reasons)


def test_a_failed_check_still_fails(tmp_path):
    # a NINO with an invalid prefix (D is never a first letter): no reading passes
    result = extract_text(tmp_path, _P60, _TEXT.replace("JT 48", "DT 48"))
    assert result.status.value == "review"
    assert any(r.code == "rule_failed" for r in result.reasons)
