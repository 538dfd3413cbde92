"""What code read X found in the two confidence caps of stop 38 (the unchecked
characters' cap, f705307/a725256; the typed digits' cap, 1495f86): a rule tying a part
of a value lifted the cap of the other parts, the MRZ's own check digits counted only
under a valid_mrz rule, a bound "covered" characters, and a raw the type does not parse
dropped the cap."""

from __future__ import annotations

import pytest

from tests.test_mrz_unchecked_characters import _scanned, _td3


def _template(registry, body: str):
    from formsift.templates import check_source

    (t,), diags = check_source("template t {\n" + body + "}\n", "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return t


@pytest.mark.parametrize("weak", [(0, 9), (1, 20)])  # a surname letter, the sex
def test_the_zones_own_check_digits_count_without_a_rule(registry, weak):
    """A template with an mrz field and no valid_mrz rule: the zone's check digits are
    the type's own check of its reading (as an iban's mod 97), so SCHMHDT (its H at
    0.34) or a sex letter at 0.34 is no surer than that letter (it was accepted at 0.85
    without the rule, sent to review with it)."""
    from formsift.templates import runtime

    t = _template(registry, "  field mrz: mrz = anywhere\n")
    result = runtime.run(t, _scanned(_td3("SCHMHDT", "ANNA"), weak))
    assert result.fields["mrz"].value["valid"] is True
    assert result.fields["mrz"].confidence == pytest.approx(0.34)
    guard = runtime.run(t, _scanned(_td3("SCHMIDT", "ANNA"), (1, 15)))  # a covered digit
    assert guard.fields["mrz"].confidence > 0.8


@pytest.mark.parametrize("variant", [
    lambda line: line[:18] + " " + line[18:43],  # a space after the given name
    lambda line: line.replace("<<ANNA", "\u00abANNA") + "<",  # '\u00ab' read for '<<'
])
def test_a_zone_read_otherwise_than_the_type_parses_keeps_its_doubt(registry, variant):
    """The name line read with a space or a '\u00ab' in it: the type found the zone in the
    page's normalised text, but its raw reading does not parse, so no changed reading
    could be tried and the cap was dropped (SCHMHDT, its H at 0.34, accepted at 0.80):
    it is no surer than its weakest printed character."""
    from formsift.templates import runtime

    t = _template(registry, "  field mrz: mrz = anywhere\n  rule ok: valid_mrz(mrz)\n")
    l1, l2 = _td3("SCHMHDT", "ANNA")
    doc = _scanned([variant(l1), l2], (0, 9))
    result = runtime.run(t, doc)
    assert result.fields["mrz"].value["surname"] == "SCHMHDT"
    assert result.fields["mrz"].confidence == pytest.approx(0.34)
    assert result.status != "accepted"
