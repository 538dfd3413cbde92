"""The reason words_amount gives for a text it cannot read names the word that could not
be read and the number words it is close to (the tender bids journey, stop 33, finding 7:
"ONE HUNDRED AND FORTY-FINE THOUSAND ..." was refused, rightly, with "'forty' after the
amount", where the unreadable word is FINE, one letter from both five and nine)."""

from __future__ import annotations

from importlib.util import find_spec

import pytest

from formsift.core.result import Status
from formsift.templates.rules import RuleEvalError
from tests.parsing import extract_text

pytestmark = pytest.mark.skipif(find_spec("text_to_num") is None,
                                reason="text2num is not installed (formsift[words])")


def _why(text: str, lang: str = "en") -> str:
    from formsift.plugins.validators.words import words_amount

    with pytest.raises(RuleEvalError, match="does not read as an amount in words") as exc:
        words_amount(text, lang)
    return str(exc.value).split(f"({lang}): ", 1)[1]


def test_the_word_one_letter_from_two_numbers_is_named_with_them():
    why = _why("ONE HUNDRED AND FORTY-FINE THOUSAND two hundred and twenty-six pounds only")
    assert why.startswith("'FINE' is no number word")
    assert "'five'" in why and "'nine'" in why
    assert "forty" not in why.lower()


@pytest.mark.parametrize(("text", "word", "near"), [
    ("FORTY-TWP pounds", "'TWP'", "'two'"),           # hyphened to a number word
    ("one thousand fivf hundred and fiftx pounds", None, None),  # both put right: read
    ("vingt-deux mille cinq cent sinq euros", None, None),
])
def test_the_word_named_is_the_misread_one(text, word, near):
    from formsift.plugins.validators.words import words_amount

    if word is None:
        words_amount(text, "fr" if "euros" in text else "en")  # reads: no reason at all
        return
    why = _why(text)
    assert why.startswith(f"{word} is no number word") and near in why


def test_a_reason_that_named_the_word_already_says_what_it_is_close_to():
    # as before, and with the number words it is one letter from
    assert _why("One thousand tho hundred fifty").startswith(
        "'tho' after the amount (one letter from 'two'")
    assert _why("for hundred pounds").startswith(
        "'for' before the amount may be a misread number word (one letter from 'four'")


def test_the_journeys_record_names_fine(tmp_path):
    template = '''template words_min {
  currency "GBP"
  field bid_total: money = right of "Bid total (excluding VAT)"
  field words:     text  = below "Bid total in words:"
  rule words: words_amount(words, "en") == bid_total
}'''
    text = ("SUMMARY OF BILLS\n\n"
            "Bid total (excluding VAT)        142,226.00\n\n"
            "Bid total in words:\n"
            "ONE HUNDRED AND FORTY-FINE THOUSAND two hundred and twenty-six pounds only\n")
    result = extract_text(tmp_path, template, text)
    assert result.status == Status.REVIEW
    [reason] = [r for r in result.reasons if r.rule == "words"]
    assert reason.code == "rule_not_evaluated"
    assert "'FINE' is no number word" in reason.message
    assert "'five'" in reason.message and "'nine'" in reason.message
