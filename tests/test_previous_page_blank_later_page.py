"""``each page: bf == previous(cf)`` is "not applicable" only on a document of one page
(code read of 31bcea7): a second page whose brought and carried forward were blank, or
had no such labels, was left out of the pages the rule read (they counted only pages a
value was found on), so the rule said "not applicable" and the record was accepted."""

from __future__ import annotations

import pytest

from tests.parsing import extract_text
from tests.test_previous_page_one_page import REGISTER, _page


@pytest.mark.parametrize("second", [_page("", ""), "CD REGISTER\nsome notes\n"])
def test_a_later_page_without_the_values_is_no_one_page_document(tmp_path, second):
    result = extract_text(tmp_path, REGISTER, _page("20", "14") + "\f" + second)
    forward = next(o for o in result.rules if o.name == "forward")
    assert forward.passed is None and "not applicable" not in forward.message
    assert result.status == "review"
    assert any(r.code == "rule_not_evaluated" for r in result.reasons)
