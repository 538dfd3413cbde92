"""An equation beside ``or`` need not hold when the rule does, so it vouches for no value
(custody journey, finding 1): under ``each samples: date < rel1_date or (date == rel1_date
and time <= rel1_time)`` a release date read from the wrong transfer line held by ``date <
rel1_date`` alone, yet counted as tied to the sampling dates by the ``==`` beside it and
scored 0.99. An equation that must hold (``net + vat == total``, one side of ``and``, or
beside a value's absence, ``missing(x) or x == y``) still vouches."""

from __future__ import annotations

from tests.parsing import extract_text

_TEXT = ("CUSTODY FORM\nSampled: 2026-12-01\nSample time: 09:00\n"
         "Released: 2026-12-02\nRelease time: 10:00\nNet: 100.00\nVAT: 19.00\n"
         "Total: 119.00\n")


def _template(rule: str) -> str:
    return ("template t {\n  match { contains \"CUSTODY FORM\" }\n"
            "  field sampled: date = right of \"Sampled:\"\n"
            "  field st: time = right of \"Sample time:\"\n"
            "  field released: date = right of \"Released:\"\n"
            "  field rt: time = right of \"Release time:\"\n"
            "  field net: money = right of \"Net:\"\n"
            "  field vat: money = right of \"VAT:\"\n"
            "  field total: money = right of \"Total:\"\n"
            f"  rule r: {rule}\n}}\n")


def _confidence(tmp_path, rule, name):
    result = extract_text(tmp_path, _template(rule), _TEXT)
    assert next(o for o in result.rules if o.name == "r").passed is True
    return result.fields[name].confidence


def test_an_equation_beside_or_does_not_raise_the_confidence(tmp_path):
    plain = _confidence(tmp_path, "sampled <= released", "released")
    ored = _confidence(tmp_path, "sampled < released or (sampled == released and st <= rt)",
                       "released")
    assert ored == plain < 0.95


def test_an_equation_that_must_hold_still_vouches(tmp_path):
    assert _confidence(tmp_path, "net + vat == total", "total") >= 0.95
    assert _confidence(tmp_path, "total > 0 and net + vat == total", "total") >= 0.95
    assert _confidence(tmp_path, "missing(vat) or net + vat == total", "total") >= 0.95
