"""The batch summary counts records by the reasons that route them (cheque journey,
finding 4): a lockbox team routes on reasons (a stale cheque to one desk, a wrong routing
number to another), and ``formsift batch`` printed counts by status only."""

from __future__ import annotations

import json

from formsift.batch.run import BatchSummary
from formsift.batch.worker import reason_counts, reason_key
from formsift.cli import EXIT_OK, main
from formsift.core.result import Reason

TEMPLATE = """template slip {
  match { contains "PAYMENT SLIP" }
  field paid: int = right of "Paid:"
  field due: int = right of "Due:"
  field note: text? = right of "Note:"
  rule paid_all: paid == due message "paid differs from due"
  rule small: paid < 1000 message "over the desk's limit"
}
"""


def _slip(path, paid, due, note=True):
    path.write_text(f"PAYMENT SLIP\nPaid: {paid}\nDue: {due}\n"
                    + ("Note: thanks\n" if note else ""))


def test_reasons_are_counted_by_code_and_rule():
    failed = Reason(code="rule_failed", rule="not_stale", message="stale")
    weak = Reason(code="low_confidence", field="memo", message="low")
    weak2 = Reason(code="low_confidence", field="payee", message="low")
    said = Reason(code="low_confidence_accepted", field="memo", message="accepted")
    assert reason_key(failed) == "rule_failed:not_stale" and reason_key(weak) == "low_confidence"
    # a record counts once per reason; a doubt the template accepts routes nothing
    assert reason_counts([failed, weak, weak2, said], [weak]) == {
        "rule_failed:not_stale": 1, "low_confidence": 2}


def test_the_summary_shows_the_reasons_most_given_first():
    summary = BatchSummary(inputs=3)
    summary.reasons.update({"low_confidence": 1, "rule_failed:not_stale": 2,
                            "ambiguous": 1})
    assert "reasons (records of this run giving each): rule_failed:not_stale 2, " \
           "ambiguous 1, low_confidence 1" in summary.table()
    assert list(summary.as_dict()["reasons"].items()) == [
        ("rule_failed:not_stale", 2), ("ambiguous", 1), ("low_confidence", 1)]
    assert "reasons" not in BatchSummary(inputs=1).table()


def test_cli_batch_counts_the_reasons_of_its_records(tmp_path, capsys):
    template = tmp_path / "slip.sift"
    template.write_text(TEMPLATE)
    inbox = tmp_path / "in"
    inbox.mkdir()
    _slip(inbox / "a.txt", 100, 100)            # accepted
    _slip(inbox / "b.txt", 90, 100)             # paid_all fails
    _slip(inbox / "c.txt", 1500, 1600)          # paid_all and small fail
    _slip(inbox / "d.txt", 5000, 5000)          # small fails
    out, summary = tmp_path / "r.jsonl", tmp_path / "s.json"
    code = main(["batch", str(inbox), "-t", str(template), "-o", str(out), "-w", "1",
                 "--no-progress", "--summary-json", str(summary)])
    err = capsys.readouterr().err
    assert code == EXIT_OK, err
    stats = json.loads(summary.read_text())
    assert stats["statuses"]["review"] == 3 and stats["statuses"]["accepted"] == 1
    assert stats["reasons"] == {"rule_failed:paid_all": 2, "rule_failed:small": 2}
    assert "rule_failed:paid_all 2, rule_failed:small 2" in err
