"""A ``search`` value is not cut out of a run of digits or letters where the regex can
read it whole (fixer ids2, after journey cyrillic finding 1): ``search
/ИНН\\s+(\\d{10}|\\d{12})/`` read the 12-digit INN ``500100732259`` as ``5001007322``,
accepted, because a regex alternation takes the first branch that matches. The value
group is now tried as a type's pattern is (text.py RUN_START): a match whose value
neither starts nor ends inside a run is taken; the regex's own match only where no such
match covers its text."""

from __future__ import annotations

import pytest

from tests.parsing import extract_text

INN12 = "500100732259"
TEXT = f"Счёт на оплату № 5 от 05.12.2026\nИНН {INN12}  КПП 500101001\nВсего 100,00\n"


def _value(tmp_path, locator: str, text: str = TEXT, name: str = "v", kind: str = "id"):
    result = extract_text(tmp_path, f"template t {{\n  field {name}: {kind} = {locator}\n}}\n",
                          text)
    field = result.fields[name]
    return field.value


@pytest.mark.parametrize("locator", [
    r"search /ИНН\s+(\d{10}|\d{12})/",
    r"search /ИНН\s+((?:\d{10}|\d{12}))/",
    r"search /ИНН\s+(\d{10}|\d{12})/ each line",
    r"search /ИНН\s+(?P<v>\d{10}|\d{12})/",
    r"search /ИНН\s+(?<v>\d{10}|\d{12})\s/",
    r"search /ИНН[:\s(]+(\d{10}|\d{12})/",
    r"search /(?i)инн\s+(\d{10}|\d{12})/",
])
def test_the_alternative_that_reads_the_whole_number(tmp_path, locator):
    assert _value(tmp_path, locator) == INN12


def test_alternatives_of_the_whole_pattern(tmp_path):
    # "(a)|(b)": the value is the group of the alternative that matched, each bounded
    locator = r"search /БИН\s+(\d{12})|ИНН\s+(\d{10}|\d{12})/"
    assert _value(tmp_path, locator) == INN12


def test_a_pattern_without_a_group(tmp_path):
    assert _value(tmp_path, r"search /\d{10}|\d{12}/") == INN12


def test_a_word_is_not_cut_either(tmp_path):
    # an ISO 3166 alpha-2 or alpha-3 code: "DEU" was read "DE"
    text = "Country of origin: DEU\n"
    assert _value(tmp_path, r"search /origin:\s*(DE|DEU)/", text, kind="text") == "DEU"


def test_a_ten_digit_number_is_still_read(tmp_path):
    text = "ИНН 5001007322  КПП 500101001\n"
    assert _value(tmp_path, r"search /ИНН\s+(\d{10}|\d{12})/", text) == "5001007322"


def test_a_template_that_means_a_part_still_reads_it(tmp_path):
    # no match reads the run whole: the regex's own match, as before
    text = "Ref 20240815\n"
    assert _value(tmp_path, r"search /Ref (\d{4})/", text) == "2024"
    assert _value(tmp_path, r"search /Ref \d{4}(\d{2})/", text) == "08"


def test_matches_elsewhere_are_kept_in_reading_order(tmp_path):
    text = f"ИНН {INN12}\nИНН 7707083893\n"
    tpl = ("template t {\n  field v: id[] = search /ИНН\\s+(\\d{10}|\\d{12})/\n}\n")
    result = extract_text(tmp_path, tpl, text)
    assert result.record()["v"] == [INN12, "7707083893"]


def test_verbose_pattern_reads_as_before(tmp_path):
    # a verbose pattern's text is not rewritten (its spaces and comments): as before
    locator = "search /(?x) ИНН \\s+ (\\d{12}|\\d{10})  # INN/"
    assert _value(tmp_path, locator) == INN12
