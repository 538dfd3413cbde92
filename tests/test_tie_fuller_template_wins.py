"""A near-tie is never decided for the template that checks less (legal e-billing journey):
a law firm's bill matched the firm's full template (totals, rate card, summary rules) and a
user's narrower one checking only the entries' hours at the same score; the tie went to the
record with the better status, so the narrow template, whose few rules passed, accepted the
bill while the full template named the two violations planted in it. What each template
explains (required fields missing, fields and tables found) now decides first; status and
rule outcomes decide only between contenders that explain as much."""

from __future__ import annotations

from formsift.core.engine import Engine
from formsift.core.result import Status

_MATCH = '  match { contains "Harlow LLP" }\n'
_ENTRIES = ('  field invoice_no: text = right of "Invoice No."\n'
            '  table entries {\n    task: text header "Task"\n'
            '    hours: decimal header "Hours"\n    amount: money header "Amount"\n'
            '    until "Total Fees"\n  }\n')
_NARROW = ("template entries_only {\n" + _MATCH + _ENTRIES
           + "  rule max_hours: each entries: hours <= 10\n}\n")
_FULL = ("template harlow {\n" + _MATCH + _ENTRIES
         + '  field fees: money = right of "Total Fees"\n'
           '  field total_due: money = right of "Total Due"\n'
           "  rule max_hours: each entries: hours <= 10\n"
           "  rule fees_add_up: sum(entries.amount) == fees\n}\n")


def _bill(make_pdf, fees: str) -> bytes:
    return make_pdf([(50, 40, "Harlow LLP"), (50, 70, "Invoice No."), (160, 70, "HL-1203"),
                     (50, 110, "Task"), (200, 110, "Hours"), (300, 110, "Amount"),
                     (50, 130, "L110"), (200, 130, "2.0"), (300, 130, "800.00"),
                     (50, 150, "L120"), (200, 150, "1.5"), (300, 150, "600.00"),
                     (50, 190, "Total Fees"), (200, 190, fees),
                     (50, 210, "Total Due"), (200, 210, fees)])


def _library(tmp_path):
    paths = []
    for name, text in (("entries_only", _NARROW), ("harlow", _FULL)):
        path = tmp_path / f"{name}.sift"
        path.write_text(text)
        paths.append(path)
    return paths


def test_the_fuller_template_wins_a_tie_though_its_rule_fails(tmp_path, make_pdf):
    pdf = _bill(make_pdf, "1,500.00")  # the entries add up to 1,400.00
    paths = _library(tmp_path)
    for order in (paths, paths[::-1]):
        result = Engine(templates=order, seen_store="memory").extract(pdf, name="bill.pdf")
        assert result.template == "harlow", (result.template, result.reasons)
        assert result.status is Status.REVIEW
        codes = [(r.code, r.rule) for r in result.reasons]
        assert ("rule_failed", "fees_add_up") in codes, result.reasons
        assert not any(r.code == "ambiguous" for r in result.reasons)


def test_the_fuller_template_accepts_a_bill_that_adds_up(tmp_path, make_pdf):
    """Guard: with every rule passing the full template wins the tie as before."""
    pdf = _bill(make_pdf, "1,400.00")
    paths = _library(tmp_path)
    for order in (paths, paths[::-1]):
        result = Engine(templates=order, seen_store="memory").extract(pdf, name="bill.pdf")
        assert result.template == "harlow" and result.status is Status.ACCEPTED, \
            (result.template, result.reasons)
