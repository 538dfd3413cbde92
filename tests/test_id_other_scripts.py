"""An id without a pattern is a token with a digit in the letters of any script written
with spaces between words (journey cyrillic, finding 4): ``УПД-0078``, ``СФ-0000317`` and
``АВ-1234`` "did not read as an id value" while ``INV-0078`` did."""

from __future__ import annotations

import pytest

from tests.parsing import best, ctx, extract_text


@pytest.mark.parametrize("value", ["УПД-0078", "СФ-0000317", "АВ-1234", "ΤΔΑ-15",
                                   "Рах-12/2026", "فاتورة-12"])
def test_id_in_other_scripts(registry, value):
    found = best(registry, "id", f"{value} ")
    assert found is not None and found.value == value


def test_cyrillic_id_extracted(tmp_path):
    tpl = ('template t {\n  field a: id = right of "Счёт №"\n'
           '  field b: id = right of "Номер:"\n}\n')
    result = extract_text(tmp_path, tpl, "Счёт № УПД-0078\nНомер: СФ-0000317\n")
    assert result.fields["a"].value == "УПД-0078"
    assert result.fields["b"].value == "СФ-0000317"


def test_spaced_cyrillic_id_is_read_whole_and_tied(registry):
    found = registry.create("field_type", "id", None).find("СФ 2026-014", ctx())
    assert found[0].value == "СФ 2026-014"


def test_chinese_glued_to_digits_is_still_no_id(registry):
    assert best(registry, "id", "番号12345号") is None
