"""A duplicate check whose key has no value did not run, and must not pass silently: a
file sent again whose optional PO number was not read was accepted on every run (data
engineer journey, finding 1). The rule is not evaluated and the record goes to review,
for a key of one value and for a key of several with one part missing."""

from __future__ import annotations

from formsift.core.engine import Engine
from formsift.core.result import Status


def _template(tmp_path, fields, rule, severity="rule"):
    path = tmp_path / "t.sift"
    path.write_text('template t {\n'
                    f'{fields}'
                    '  field total: money = right of "Total"\n'
                    f'  {severity} first_time: {rule}\n}}\n')
    return path


def _doc(tmp_path, lines, name="doc.txt"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _not_evaluated(result):
    return [r for r in result.reasons if r.code == "rule_not_evaluated"
            and r.rule == "first_time"]


def test_an_optional_key_not_read_is_review_not_a_silent_pass(tmp_path):
    tpl = _template(tmp_path, '  field po_no: id? = right of "PO Number"\n',
                    "not seen_before(po_no)")
    engine = Engine(templates=[tpl], seen_store=str(tmp_path / "seen.db"))
    doc = _doc(tmp_path, ["Invoice", "Total 120.00"])
    for _ in range(2):  # the same file, sent twice
        result = engine.extract(doc, template="t")
        assert result.status == Status.REVIEW, result.reasons
        reason = _not_evaluated(result)
        assert reason and "po_no" in reason[0].message, result.reasons
    rule = next(r for r in result.rules if r.name == "first_time")
    assert rule.passed is None


def test_a_required_key_not_read_says_the_duplicate_check_did_not_run(tmp_path):
    tpl = _template(tmp_path, '  field po_no: id = right of "PO Number"\n',
                    "not seen_before(po_no)")
    engine = Engine(templates=[tpl], seen_store="memory")
    result = engine.extract(_doc(tmp_path, ["Invoice", "Total 120.00"]), template="t")
    assert result.status == Status.REVIEW
    assert {"field_missing", "rule_not_evaluated"} <= {r.code for r in result.reasons}
    assert _not_evaluated(result)


def test_a_composite_key_with_one_part_missing_is_not_evaluated(tmp_path):
    tpl = _template(tmp_path, '  field seller: text? = right of "Seller:"\n'
                              '  field ref: id? = right of "Ref"\n',
                    "not seen_before(seller, ref, total)")
    engine = Engine(templates=[tpl], seen_store="memory")
    doc = _doc(tmp_path, ["Seller: Nordlicht GmbH", "Total 120.00"])
    result = engine.extract(doc, template="t")
    assert result.status == Status.REVIEW, result.reasons
    assert _not_evaluated(result) and "ref" in _not_evaluated(result)[0].message
    # with every part read, the check runs and the first document is accepted
    full = _doc(tmp_path, ["Seller: Nordlicht GmbH", "Ref R-77", "Total 120.00"], "full.txt")
    assert engine.extract(full, template="t").status == Status.ACCEPTED


def test_a_key_the_author_lets_be_missing_passes(tmp_path):
    """``missing(po_no) or not seen_before(po_no)`` says a document without a PO number
    needs no check: the rule is evaluated, and passes."""
    tpl = _template(tmp_path, '  field po_no: id? = right of "PO Number"\n',
                    "missing(po_no) or not seen_before(po_no)")
    engine = Engine(templates=[tpl], seen_store="memory")
    result = engine.extract(_doc(tmp_path, ["Invoice", "Total 120.00"]), template="t")
    assert result.status == Status.ACCEPTED, result.reasons


def test_a_warning_duplicate_check_not_evaluated_does_not_send_to_review(tmp_path):
    tpl = _template(tmp_path, '  field po_no: id? = right of "PO Number"\n',
                    "not seen_before(po_no)", severity="warn")
    engine = Engine(templates=[tpl], seen_store="memory")
    result = engine.extract(_doc(tmp_path, ["Invoice", "Total 120.00"]), template="t")
    assert result.status == Status.ACCEPTED, result.reasons
