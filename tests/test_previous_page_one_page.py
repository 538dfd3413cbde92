"""``previous()`` in an ``each page`` rule on a one-page file (controlled-drug register
journey, finding 5): ``rule forward: each page: bf == previous(cf)`` could never be
evaluated on a register of one page, so every single-page register went to review with
``rule_not_evaluated``. No page has a page before it there: the rule is not applicable,
said in its outcome, no reason; a value missing on a page still is one. And
``matches(given, /^\\d+$/)`` over a number says how a whole number is tested."""

from __future__ import annotations

from tests.parsing import extract_text

REGISTER = """template reg {
  locale "en_GB"
  match { contains "CD REGISTER" }
  field bf: int[] = right of "Brought forward:"
  field cf: int[] = right of "Carried forward:"
  rule forward: each page: bf == previous(cf)
}
"""


def _page(bf: str, cf: str) -> str:
    return f"CD REGISTER\nBrought forward: {bf}\n\nCarried forward: {cf}\n"


def test_a_one_page_register_is_not_held_for_previous(tmp_path):
    result = extract_text(tmp_path, REGISTER, _page("20", "14"))
    forward = next(o for o in result.rules if o.name == "forward")
    assert forward.passed is None and "not applicable" in forward.message
    assert not [r for r in result.reasons if r.code == "rule_not_evaluated"]
    assert result.status == "accepted"
    # not weakened: pages after the first are checked, and a value missing on one is a
    # reason (page 2 has no brought forward: no page without one before it)
    ok = extract_text(tmp_path, REGISTER, _page("20", "14") + "\f" + _page("14", "9"))
    assert next(o for o in ok.rules if o.name == "forward").passed is True
    wrong = extract_text(tmp_path, REGISTER, _page("20", "14") + "\f" + _page("15", "9"))
    assert next(o for o in wrong.rules if o.name == "forward").passed is False
    assert wrong.status == "review"
    lacking = extract_text(tmp_path, REGISTER, _page("20", "14") + "\f" + _page("", "9"))
    forward = next(o for o in lacking.rules if o.name == "forward")
    assert forward.passed is None and "not applicable" not in forward.message
    assert lacking.status == "review"


def test_matching_a_number_with_a_regex_says_how_to_test_a_whole_number(capsys, tmp_path):
    from formsift.cli import main

    tpl = tmp_path / "w.sift"
    tpl.write_text(REGISTER.replace("rule forward: each page: bf == previous(cf)",
                                    "field given: decimal = right of \"Given:\"\n"
                                    "  rule whole: matches(given, /^\\d+$/)"))
    assert main(["check", str(tpl)]) != 0
    out = capsys.readouterr()
    assert "round(x, 0) == x" in out.out + out.err
