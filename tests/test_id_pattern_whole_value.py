"""A type's pattern reads a whole value, never the start of a longer run of digits or
letters (journey cyrillic, finding 1): ``id(/\\d{10}|\\d{12}/)`` read a 12-digit Russian
INN ``500100732259`` as ``5001007322``, accepted, because a regex alternation takes the
first branch that matches."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, extract_text

INN12 = "500100732259"


@pytest.mark.parametrize("pattern", [r"\d{10}|\d{12}", r"(?:\d{10}|\d{12})", r"\d{12}|\d{10}"])
def test_id_pattern_takes_the_longer_alternative(registry, pattern):
    found = best(registry, "id", f"ИНН {INN12} КПП 500101001", pattern=pattern)
    assert found is not None and found.value == INN12


def test_id_pattern_reads_no_prefix_of_a_longer_number(registry):
    # 13 digits: neither alternative is the whole number
    assert best(registry, "id", "ИНН 5001007322591", pattern=r"\d{10}|\d{12}") is None
    # a 10-digit company INN is still read
    found = best(registry, "id", "ИНН 5001007322", pattern=r"\d{10}|\d{12}")
    assert found is not None and found.value == "5001007322"


def test_text_pattern_takes_the_longer_alternative(registry):
    found = best(registry, "text", f"ИНН {INN12}", pattern=r"\d{10}|\d{12}")
    assert found is not None and found.value == INN12
    parsed = registry.create("field_type", "text", {"pattern": r"\d{10}|\d{12}"}).parse(
        f"ИНН {INN12}", ctx())
    assert parsed == INN12


def test_letters_too_are_a_run(registry):
    assert best(registry, "id", "Code ABCD-12", pattern=r"[A-Z]{3}-\d+") is None
    found = best(registry, "id", "Code ABC-12", pattern=r"[A-Z]{3}-\d+")
    assert found is not None and found.value == "ABC-12"


def test_a_run_of_digits_still_ends_at_a_letter(registry):
    # what a pattern read inside a token before, it still reads: "INV12345" holds 12345
    found = best(registry, "id", "INV12345", pattern=r"\d+")
    assert found is not None and found.value == "12345"
    found = best(registry, "text", "LOT: L25B7787", pattern=r"[A-Z]\d{2}[A-Z]\d{4}")
    assert found is not None and found.value == "L25B7787"
    found = best(registry, "text", "LOT: L25B7787", pattern=r"(?<=LOT: )[A-Z0-9]+")
    assert found is not None and found.value == "L25B7787"


def test_a_pattern_over_chinese_text_still_matches_inside_a_phrase(registry):
    # Chinese is written without spaces: a run of its letters is no token
    found = best(registry, "text", "北京某某有限公司", pattern=r"有限公司")
    assert found is not None and found.value == "有限公司"


def test_verbose_pattern_with_a_trailing_comment(registry):
    found = best(registry, "id", f"ИНН {INN12}", pattern="(?x) \\d{10} | \\d{12}  # INN")
    assert found is not None and found.value == INN12


def test_inn_extracted_whole(tmp_path):
    tpl = 'template t {\n  field inn: id(/\\d{10}|\\d{12}/) = right of "ИНН"\n}\n'
    result = extract_text(tmp_path, tpl, f"Поставщик ООО Ромашка\nИНН {INN12}\n")
    assert result.fields["inn"].value == INN12
