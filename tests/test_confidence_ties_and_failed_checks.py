"""Two follow-ups on a checked value's confidence (issue 5, "confidence that keeps its
doubt").

1. Under passed rules tying a value to others (the shipped id_card template's printed
   fields matching the zone), the weakest character no check covers caps the value only
   when the recognizer doubts it (under ``confidence.UNSURE_TIED_CHARACTER``): a right
   'AUT' whose 'T' was read at 0.56-0.75 went to review under the template's 0.8 policy
   (AUS is a code too, so no list covers the T), while a letter at 0.34 keeps its doubt.
2. A value whose own check failed (its check digits; an error rule over it alone that
   checks its reading) is no surer than ``confidence.CHECK_FAILED``: a zone whose check
   digit failed was reported at 1.0 beside the printed fields it matched."""

from __future__ import annotations

import pytest

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.templates.confidence import CHECK_FAILED, Signals, ceiling
from tests.test_closed_code_list_coverage import _passport, _zone
from tests.test_unchecked_cap_reader_x import _template


def _id_card(lines: list[str], weak: tuple[int, int] | None = None, at: float = 0.34):
    from formsift.templates import load_template, runtime

    result = runtime.run(load_template("id_card"), _passport(lines, weak, at))
    tied = {o.name: o.passed for o in result.rules}
    assert tied["same_surname"] and tied["same_number"] and tied["same_birth_date"], tied
    return result


@pytest.mark.parametrize("at", [0.56, 0.72])
def test_a_right_code_letter_read_fairly_well_is_not_held_under_passed_ties(at):
    """The T of a right 'AUT' (no check digit, and AUS is a code) read at 0.56 or 0.72,
    the printed fields matching the zone: accepted (it went to review at that letter's
    confidence under the template's ``confidence(mrz) < 0.8``)."""
    result = _id_card(_zone("AUT", "AUT"), (1, 12), at)
    assert result.fields["mrz"].value["nationality"] == "AUT"
    assert result.fields["mrz"].confidence > 0.9
    assert result.status == "accepted", result.reasons


@pytest.mark.parametrize("at", [0.34, 0.48])
def test_a_letter_the_recognizer_doubts_keeps_its_cap_under_passed_ties(at):
    """Guard: 'AUS' read for 'AUT', its S at 0.34 or 0.48 (under the level at which a
    field is read with low confidence; a zone read 'OTO' for 'UTO' on a generated
    identity card had its misread letter at 0.479): no surer than that letter."""
    result = _id_card(_zone("AUS", "AUT"), (1, 12), at)
    assert result.fields["mrz"].value["nationality"] == "AUS"
    assert result.fields["mrz"].confidence == pytest.approx(at)
    assert result.status != "accepted"


def _bad_number_check_digit(lines: list[str]) -> list[str]:
    """The zone with its document number's check digit misread (the number itself as
    printed): the number's check and the composite one fail."""
    l1, l2 = lines
    wrong = str((int(l2[9]) + 3) % 10)
    return [l1, l2[:9] + wrong + l2[10:]]


def test_a_zone_failing_its_own_check_digits_is_not_reported_sure():
    """Every printed field matches the zone, but a check digit of the zone fails: the
    record goes to review for the failed rule, and the zone's confidence says it is in
    doubt (it was 1.0, the three tying rules outweighing the failed one)."""
    result = _id_card(_bad_number_check_digit(_zone("AUT", "AUT")))
    fv = result.fields["mrz"]
    assert fv.value["valid"] is False and fv.value["document_number"] == "P1234567"
    assert fv.confidence <= CHECK_FAILED
    assert result.status != "accepted"


def _zone_alone(lines: list[str]) -> Document:
    words = [Word(text, Box(0.05, 0.6 + 0.04 * n, 0.95, 0.63 + 0.04 * n), 0, 0.97,
                  "ppocr_rec", char_confidences=(0.97,) * len(text))
             for n, text in enumerate(lines)]
    return Document("sha256:z", "z", "image/png", [Page(0, 1000, 700, words=words)], "z")


def test_a_zone_failing_its_check_digits_goes_to_review_without_a_rule(registry):
    """A template with an mrz field and no ``valid_mrz`` rule: the zone's check digits
    are its type's own check, and a zone failing them is no value to accept (it was
    accepted at 0.86)."""
    from formsift.templates import runtime

    t = _template(registry, "  field mrz: mrz = anywhere\n")
    result = runtime.run(t, _zone_alone(_bad_number_check_digit(_zone("AUT", "AUT"))))
    assert result.fields["mrz"].value["valid"] is False
    assert result.fields["mrz"].confidence <= CHECK_FAILED
    assert [r.code for r in result.reasons] == ["low_confidence"]
    good = runtime.run(t, _zone_alone(_zone("AUT", "AUT")))
    assert good.status == "accepted" and good.fields["mrz"].confidence > 0.8


def _ibans(registry, check: str, read: str):
    """``read`` beside "IBAN" and beside "Payee", the template tying the two
    (``iban == payee_iban``) and checking the first with ``check``."""
    from formsift.templates import runtime

    t = _template(registry, '  field iban: text = right of "IBAN"\n'
                            '  field payee_iban: text = right of "Payee"\n'
                            f"  rule checked: {check}\n"
                            "  rule same: iban == payee_iban\n")
    words = []
    for y, label in ((0.1, "IBAN"), (0.2, "Payee")):
        words += [Word(label, Box(0.1, y, 0.2, y + 0.03), 0, 0.97, "ppocr_rec",
                       char_confidences=(0.97,) * len(label)),
                  Word(read, Box(0.25, y, 0.6, y + 0.03), 0, 0.97, "ppocr_rec",
                       char_confidences=(0.97,) * len(read))]
    doc = Document("sha256:i", "i", "image/png", [Page(0, 1000, 700, words=words)], "i")
    result = runtime.run(t, doc)
    assert {o.name: o.passed for o in result.rules} == {"checked": False, "same": True}
    assert result.status != "accepted"
    return result


def test_a_failed_check_rule_over_the_field_alone_caps_it_under_a_passed_tie(registry):
    """An IBAN read alike in two places (``iban == payee_iban`` passes) that fails its
    check digits (``valid_iban(iban)``): no surer than CHECK_FAILED (it was 0.83)."""
    misread = "DE89370400440532013001"  # DE89 3704 0044 0532 0130 00, its last 0 read 1
    result = _ibans(registry, "valid_iban(iban)", misread)
    assert result.fields["iban"].confidence <= CHECK_FAILED
    assert result.fields["payee_iban"].confidence > 0.5  # no check of its own failed


def test_a_failed_test_of_the_text_says_nothing_of_the_reading(registry):
    """Guard: a right Austrian IBAN failing ``starts_with(iban, "DE")`` is in review for
    the rule, and keeps the confidence its reading has: no check of it failed."""
    result = _ibans(registry, 'starts_with(iban, "DE")', "AT611904300234573201")
    assert result.fields["iban"].confidence > 0.5


def test_ceiling_under_passed_ties_and_a_failed_check():
    assert ceiling(Signals(rules_passed=3, unchecked=0.72)) == 1.0
    assert ceiling(Signals(rules_passed=3, unchecked=0.34)) == 0.34
    assert ceiling(Signals(rules_passed=3, check_failed=True)) == CHECK_FAILED
    # a lower cap stays lower: the failed check lowers, it lifts nothing
    assert ceiling(Signals(check_failed=True, unchecked=0.1)) == 0.1
    assert ceiling(Signals(check_failed=True, reread=-1)) == CHECK_FAILED
