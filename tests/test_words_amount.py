"""``words_amount(text, lang)``: an amount written in words, for the words-against-digits
check of cheques, invoices and contracts (a cheque journey, finding D1: the check is a
cheque's main safeguard and needed a plugin of the user's own)."""

from __future__ import annotations

import sys
import tomllib
from decimal import Decimal
from importlib.util import find_spec
from pathlib import Path

import pytest

from formsift import Engine
from formsift.core.result import Status
from formsift.templates import check_source
from formsift.templates.rules import RuleEvalError

needs_text2num = pytest.mark.skipif(find_spec("text_to_num") is None,
                                    reason="text2num is not installed (formsift[words])")


def words_amount(text: str, lang: str) -> Decimal:
    from formsift.plugins.validators.words import words_amount as impl

    return impl(text, lang)


@needs_text2num
@pytest.mark.parametrize("text, lang, expected", [
    # the journey's cheques, as written
    ("One thousand two hundred fifty and 00/100", "en", "1250.00"),
    ("Eighty-seven pounds and 50p", "en", "87.50"),
    ("Four hundred and fifty pounds only", "en", "450.00"),
    ("Sixty-three pounds 20p", "en", "63.20"),
    ("One thousand and fifty pounds only", "en", "1050.00"),
    ("Nine thousand nine hundred ninety-nine pounds and 99p", "en", "9999.99"),
    ("Three hundred ten pounds 75p", "en", "310.75"),
    ("Seventy-two pounds 05p", "en", "72.05"),
    ("Trois cent douze euros 40", "fr", "312.40"),
    ("Mille quatre-vingts euros", "fr", "1080.00"),
    ("Deux mille quatre cent cinq euros 90", "fr", "2405.90"),
    # with the label the region read, upper case, a US cheque's cents
    ("the sum of One thousand two hundred fifty and 00/100", "en", "1250.00"),
    ("ONE THOUSAND TWO HUNDRED FIFTY AND XX/100 DOLLARS", "en", "1250.00"),
    ("One hundred and no/100 dollars", "en", "100.00"),
    ("*** Two hundred dollars and --/100 ***", "en", "200.00"),
    ("One thousand and 45/100 pounds", "en", "1000.45"),
    ("one hundred dollars and fifty cents", "en", "100.50"),
    ("Rupees One Thousand Only /-", "en_IN", "1000.00"),
    # other languages
    ("la somme de mille deux cent cinquante euros et 40 centimes", "fr", "1250.40"),
    ("mille deux cent cinquante euros et quarante centimes", "fr_FR", "1250.40"),
    ("soixante et onze euros", "fr", "71.00"),
    ("eintausendzweihundertfünfzig", "de", "1250.00"),
    ("in Worten: zweitausend Euro und vierzig Cent", "de_DE", "2000.40"),
    ("mil doscientos cincuenta euros con cuarenta céntimos", "es", "1250.40"),
    ("mil duzentos e cinquenta reais e quarenta centavos", "pt", "1250.40"),
    ("euro milleduecentocinquanta/40", "it", "1250.40"),
    ("duizend tweehonderdvijftig euro", "nl", "1250.00"),
    # OCR noise: a word one letter from exactly one number word is that word
    ("the sum of One hundred and twwenty-five pounds", "en", "125.00"),
    ("Eighty-scven pounds 50p", "en", "87.50"),
    ("la somme de Deux mille quatre cent cing euros 90", "fr", "2405.90"),
    # Indian invoices: lakh and crore, paise before or after their number, "Only" (the
    # GST journey, finding 3: every invoice of a lakh or more, or with paise, failed)
    ("Rupees One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and Seventy-Eight "
     "Paise Only", "en", "123456.78"),
    ("Rupees Four Hundred Fifty-Six and Seventy-Eight Paise Only", "en", "456.78"),
    ("Rupees Four Hundred Fifty-Six and Paise Seventy-Eight Only", "en", "456.78"),
    ("Rupees One Hundred Twenty-Three Thousand Four Hundred Fifty-Six and Seventy-Eight "
     "Paise Only", "en", "123456.78"),
    ("Rupees Twelve Lakh Thirty-Four Thousand Five Hundred Sixty-Seven Only", "en_IN",
     "1234567.00"),
    ("INR Twelve Crore Thirty-Four Lakhs Fifty-Six Thousand Seven Hundred Eighty-Nine "
     "Only", "en", "123456789.00"),
    ("Rs. Two Crores Five Lacs Only /-", "en", "20500000.00"),
    ("One Hundred Twenty-Five Crore", "en", "1250000000.00"),
    ("Rupees One Lakh and Fifty Only", "en", "100050.00"),  # num2words en_IN writes so
    ("Rupees One Lakh and Fifty Paise Only", "en", "100000.50"),
    ("Rupees One Lakh Rupees and Paise Five Only", "en", "100000.05"),
    # num2words' en_IN sets the groups apart with commas
    ("one lakh, twenty-three thousand, four hundred and fifty-six", "en", "123456.00"),
    ("twelve crore, thirty-four lakh, fifty-six thousand, seven hundred and eighty-nine",
     "en", "123456789.00"),
    ("one million, two hundred thousand, five hundred dollars", "en", "1200500.00"),
    # the name of the cents before their number; names text2num read as numbers
    ("forty dollars and cents fifty", "en", "40.50"),
    ("zweitausend Euro und Cent vierzig", "de", "2000.40"),
    ("mil pesos y cincuenta centavos", "es", "1000.50"),
    ("mille euro e cinquanta centesimi", "it", "1000.50"),
])
def test_words_amount_reads_the_idioms_of_cheques(text, lang, expected):
    value = words_amount(text, lang)
    assert isinstance(value, Decimal) and str(value) == expected


@needs_text2num
@pytest.mark.parametrize("text, why", [
    # the journey's unreadable lines: no value, never a guess
    ("the sum of One thousand tho hundred fifty and 00/100", "'tho' after the amount"),
    ("the sum ot Sirt-three pounds 20p", "no number in words"),
    ("the Sum Of SEVENTY-TWO POUNDS 0SP", "'sp' after the amount"),
    ("the sum of ou lundued and lround", "no number in words"),
    ("la somme de Mille quatie-rinqb cwies", "after the amount"),
    ("the sum of Eighty-scven pourd 5lp", "'pourd' after the amount"),
    # a word before the number that may be a misread number word (would read 100)
    ("for hundred pounds", "may be a misread number word"),
    # the amount in digits is no amount in words
    ("1250 pounds", "no number in words"),
    ("pounds 1,250.00", "no number in words"),
    # two numbers, a number that is not cents, cents over 99, pence alone
    ("one thousand pounds 150", "not its cents"),
    ("two hundred two hundred", "not its cents"),
    ("eighty seven fifty", "not its cents"),
    ("one point five", "not its cents"),
    ("fifty pence", "'pence' after the amount"),
    ("nine hundred ninety nine trillion", "'trillion' after the amount"),
    # lakh and crore out of order or out of range; groups that do not fall
    ("one hundred lakh", "a lakh count is 1 to 99"),
    ("five lakh two crore", "2 crore after a smaller amount"),
    ("one lakh two lakh", "2 lakh after a smaller amount"),
    ("lakh rupees", "no number in words"),
    ("one thousand, two thousand", "not its cents (2000)"),
    ("Rupees Two Hundred and Paise 150 Only", "'paise' after the amount"),
    ("", "no number in words"),
    ("x" * 5000, "longer than"),
])
def test_words_amount_gives_no_value_for_an_unreadable_text(text, why):
    with pytest.raises(RuleEvalError, match="does not read as an amount in words") as exc:
        words_amount(text, "en" if "somme" not in text else "fr")
    assert why in str(exc.value)


@needs_text2num
def test_lakh_and_crore_are_indian_english_only():
    with pytest.raises(RuleEvalError, match="'lakh' after the amount"):
        words_amount("mille lakh", "fr")


@needs_text2num
def test_words_amount_takes_bounded_time_on_hostile_text():
    import time

    start = time.monotonic()
    for n in range(20):
        text = " ".join(f"qwertyuiopasdfghjklzxcvbnmqwertyuiopasd{n}x{k}" for k in range(9))
        with pytest.raises(RuleEvalError):
            words_amount("one hundred " + text, "de")
        with pytest.raises(RuleEvalError):
            words_amount(" ".join(["abcd"] * 12) + f" zwei{n}", "de")
    assert time.monotonic() - start < 10


@needs_text2num
def test_words_amount_names_an_unknown_language():
    with pytest.raises(RuleEvalError, match="does not read the language 'pl'"):
        words_amount("sto", "pl")


TEMPLATE = """template cheque {
  locale "en_GB"
  currency "GBP"
  field amount_words: text = right of "The sum of:"
  field amount: money(decimals=2) = right of "Amount:"
  rule words_agree: words_amount(amount_words, "LANG") == amount
}
"""


def _cheque(tmp_path: Path, words: str, amount: str, lang: str = "en"):
    doc = tmp_path / "cheque.txt"
    doc.write_text(f"CHEQUE\nPay: Greenway Motors\nThe sum of: {words}\nAmount: {amount}\n")
    sift = tmp_path / "cheque.sift"
    sift.write_text(TEMPLATE.replace("LANG", lang))
    return Engine().extract(doc, template=sift)


@needs_text2num
def test_a_rule_checks_the_words_against_the_digits(tmp_path):
    ok = _cheque(tmp_path, "One thousand two hundred fifty and 00/100", "1,250.00")
    assert ok.status == Status.ACCEPTED, ok.reasons
    wrong = _cheque(tmp_path, "Eighty-seven pounds and 50p", "8,750.00")
    assert wrong.status == Status.REVIEW
    assert [(r.code, r.message) for r in wrong.reasons if r.rule == "words_agree"] == [
        ("rule_failed", 'words_amount(amount_words, "en") == amount does not hold '
                        "(87.50 against 8750.00)")]


GST_TEMPLATE = """template words_check {
  currency "INR"
  field grand_total: money = right of "Grand Total"
  field amount_words: text = right of "Amount in words:"
  rule words: words_amount(amount_words, "en") == grand_total
}
"""


@needs_text2num
@pytest.mark.parametrize("total, words, status", [
    ("1,23,456.78", "Rupees One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and "
                    "Seventy-Eight Paise Only", Status.ACCEPTED),
    ("456.78", "Rupees Four Hundred Fifty-Six and Paise Seventy-Eight Only",
     Status.ACCEPTED),
    ("12,34,567.00", "Rupees Twelve Lakh Thirty-Four Thousand Five Hundred Sixty-Seven "
                     "Only", Status.ACCEPTED),
    # words ₹1,000 more than the digits (the journey's B03): the rule fails
    ("12,34,567.00", "Rupees Twelve Lakh Thirty-Five Thousand Five Hundred Sixty-Seven "
                     "Only", Status.REVIEW),
])
def test_an_indian_invoice_checks_its_words_against_its_total(tmp_path, total, words,
                                                             status):
    doc = tmp_path / "invoice.txt"
    doc.write_text(f"TAX INVOICE\nGrand Total   {total}\nAmount in words: {words}\n")
    sift = tmp_path / "invoice.sift"
    sift.write_text(GST_TEMPLATE)
    result = Engine().extract(doc, template=sift)
    assert result.status == status, result.reasons
    if status == Status.REVIEW:
        assert [r.code for r in result.reasons] == ["rule_failed"]


@needs_text2num
def test_unreadable_words_send_the_record_to_review_never_a_pass(tmp_path):
    result = _cheque(tmp_path, "One thousand tho hundred fifty and 00/100", "1,250.00")
    assert result.status == Status.REVIEW
    [reason] = [r for r in result.reasons if r.rule == "words_agree"]
    assert reason.code == "rule_not_evaluated"
    assert "does not read as an amount in words (en): 'tho' after the amount" in \
        reason.message
    assert "RuleEvalError" not in reason.message


@needs_text2num
def test_check_reports_an_unsupported_language_at_the_call(registry):
    _, diags = check_source(TEMPLATE.replace("LANG", "pl"), "cheque.sift", registry)
    errors = [d for d in diags if d.severity == "error"]
    assert [d.message for d in errors] == ["words_amount() does not read the language 'pl'"]
    assert errors[0].line == 6 and "en, fr, es, pt, de, nl, da, it" in (errors[0].hint or "")
    _, diags = check_source(TEMPLATE.replace("LANG", "de_DE"), "cheque.sift", registry)
    assert not [d for d in diags if d.severity == "error"]


def test_check_reports_a_missing_text2num_at_the_call(registry, monkeypatch):
    monkeypatch.setitem(sys.modules, "text_to_num", None)  # import fails
    _, diags = check_source(TEMPLATE.replace("LANG", "en"), "cheque.sift", registry)
    errors = [d for d in diags if d.severity == "error"]
    assert [d.message for d in errors] == [
        "words_amount() needs the text2num package, which is not installed"]
    assert errors[0].line == 6 and errors[0].hint == "pip install 'formsift[words]'"
    with pytest.raises(RuleEvalError, match=r"needs the text2num package: pip install"):
        words_amount("one", "en")


def test_the_test_extra_installs_text2num_so_that_ci_runs_these_tests():
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    extras = pyproject["project"]["optional-dependencies"]
    assert any(d.startswith("text2num") for d in extras["words"])
    assert any("words" in d for d in extras["test"] if d.startswith("formsift["))
