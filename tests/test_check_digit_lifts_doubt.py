"""A check that passed lifts a doubted character's cap only as far as the check is strong
(stop 32's issue 5 follow-up: a container number whose check digit verifies stayed at the
cap of its doubted characters). By Bayes, a reading right with probability p that passed
a check a wrong reading passes with chance f is right with p / (p + (1 - p) f): mod 97
(an IBAN) passes a wrong reading about once in 97, mod 11 (ISO 6346) and mod 10 (Luhn)
about once in 10. The cap is lifted only when that reaches check_digits.LIFT_BAR (0.9),
and only for doubted characters the check looks at."""

from __future__ import annotations

import pytest
from stdnum import iban, iso6346, luhn

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.core.result import Status

SURE = 0.99


def _doc(value: str, confs: tuple[float, ...], handwritten: bool = False,
         confidence: float | None = None):
    words = [Word("Number:", Box(0.1, 0.1, 0.2, 0.12), 0, SURE, "ppocr_rec",
                  char_confidences=(SURE,) * 7),
             Word(value, Box(0.22, 0.1, 0.5, 0.12), 0,
                  min(confs) if confidence is None else confidence,
                  "crnn" if handwritten else "ppocr_rec", handwritten,
                  char_confidences=confs)]
    return Document("sha256:t", "t", "image/png", [Page(0, 100, 100, words=words)], "t")


def _run(registry, type_: str, rule: str | None, value: str, doubt: dict[int, float],
         handwritten: bool = False, confidence: float | None = None):
    from formsift.templates import check_source, runtime

    rules = f"\n  rule check: {rule}" if rule else ""
    (t,), diags = check_source(
        f'template t {{\n  field n: {type_} = right of "Number:"{rules}\n}}', "t.sift",
        registry)
    assert not [d for d in diags if d.severity == "error"], diags
    confs = tuple(doubt.get(i, SURE) for i in range(len(value)))
    return runtime.run(t, _doc(value, confs, handwritten, confidence))


IBAN_TYPE = "id(/[A-Z]{2}\\d{2}[A-Z0-9]{10,30}/)"
CARD_TYPE = "id(/\\d{16}/)"


def test_a_passing_mod_97_check_lifts_a_doubted_character(registry):
    value = "DE89370400440532013000"
    assert iban.is_valid(value)
    capped = _run(registry, IBAN_TYPE, None, value, {9: 0.25})
    assert capped.fields["n"].confidence <= 0.25 and capped.status is Status.REVIEW
    checked = _run(registry, IBAN_TYPE, "valid_iban(n)", value, {9: 0.25})
    assert checked.fields["n"].confidence > 0.8
    assert checked.status is Status.ACCEPTED


def test_a_wrong_reading_that_passes_mod_10_is_not_accepted_on_the_check_alone(registry):
    """4111111111111111 read 4112115111111111: the 2 read surely, the 5 doubted; the
    reading passes Luhn (one wrong reading in ten does), and stays in review."""
    value = "4112115111111111"
    assert luhn.is_valid(value) and value != "4111111111111111"
    result = _run(registry, CARD_TYPE, "luhn(n)", value, {6: 0.25})
    assert result.fields["n"].confidence <= 0.25
    assert result.status is Status.REVIEW


def test_a_check_that_does_not_look_at_the_doubted_character_lifts_nothing(registry):
    """A check of the format alone (a NINO has no check digit) passes every digit."""
    result = _run(registry, "id(/[A-Z]{2}\\d{6}[A-D]/)", 'valid_id("gb.nino", n)',
                  "JT482193B", {4: 0.1})
    assert result.fields["n"].confidence <= 0.1
    assert result.status is Status.REVIEW


def test_a_handwritten_container_number_stays_capped_under_mod_11(registry):
    """The container journey's comb: MSKU9070323 read at 0.04 (its S and K unsure); the
    check digit verifies, but mod 11 lets one wrong reading in ten through: 0.04 becomes
    0.29, under the bar, so the cap stays."""
    value = "MSKU9070323"
    assert iso6346.is_valid(value)
    result = _run(registry, "id(/[A-Z]{3}[UJZ]\\d{7}/)", 'valid_id("iso6346", n)', value,
                  {1: 0.2, 2: 0.2}, handwritten=True, confidence=0.04)
    assert result.fields["n"].confidence <= 0.04 + 1e-6
    assert result.status is Status.REVIEW


def test_a_handwritten_iban_is_lifted_by_its_mod_97_check(registry):
    value = "DE89370400440532013000"
    plain = _run(registry, IBAN_TYPE, None, value, {}, handwritten=True, confidence=0.6)
    assert plain.fields["n"].confidence <= 0.6
    result = _run(registry, IBAN_TYPE, "valid_iban(n)", value, {}, handwritten=True,
                  confidence=0.6)
    assert result.fields["n"].confidence > 0.8


def test_the_chance_measured_on_the_value():
    from formsift.templates.check_digits import lifted, pass_chance

    card = "4111111111111111"
    assert 0.05 < pass_chance(card, [6], luhn.is_valid) < 0.15
    assert pass_chance("DE89370400440532013000", [9], iban.is_valid) < 0.03
    assert 0.05 < pass_chance("MSKU9070323", [1, 2], iso6346.is_valid) < 0.2
    assert pass_chance("JT482193B", [4], lambda v: v[:2].isalpha()) == 1.0
    assert lifted(0.25, 1 / 97) > 0.95
    assert lifted(0.25, 1 / 10) == 0.0  # 0.77: under the bar
    assert lifted(0.04, 1 / 10) == 0.0


@pytest.mark.parametrize("rule", ["n == \"DE89370400440532013000\"", None])
def test_no_check_no_lift(registry, rule):
    result = _run(registry, IBAN_TYPE, rule, "DE89370400440532013000", {9: 0.25})
    assert result.fields["n"].confidence <= 0.25
