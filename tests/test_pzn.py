"""valid_pzn: the German pharmaceutical central number (PZN-8 and PZN-7), which
python-stdnum has no module for (pharma journey, finding 5: valid_id("de.pzn", x) was told
"did you mean 'ke.pin'?")."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.result import Status
from formsift.plugins.validators.checksums import valid_pzn
from formsift.templates import check_source


# 0838973: datacare.at's worked example (PZN-7); 4877800 and 04877800:
# pruefziffernberechnung.de's (PZN-7 and the same as PZN-8); 2758089: a PZN-7 whose
# weighted sum is 141, remainder 9.
@pytest.mark.parametrize("number, ok", [
    ("0838973", True), ("0838974", False), ("4877800", True), ("04877800", True),
    ("PZN-04877800", True), ("PZN 4877800", True), ("pzn: 0487 7800", True),
    ("2758089", True), ("02758089", True), ("02758098", False),  # two digits swapped
    ("04877801", False), ("00000000", False), ("123456", False), ("123456789", False),
    ("0487780a", False), ("", False),
    ("00000030", False), ("00000031", False),  # 0000003 leaves 10: never issued
])
def test_pzn_check_digit(number, ok):
    assert valid_pzn(number) is ok


def test_a_pzn_rule_in_a_template_and_the_hint_for_de_pzn(registry, make_pdf):
    src = '''template t {
      field pzn: id(/\\d{7,8}/) = right of "PZN"
      rule pzn_ok: valid_pzn(pzn)
    }'''
    (tpl,), diags = check_source(src, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    for printed, status in (("04877800", Status.ACCEPTED), ("04877801", Status.REVIEW)):
        pdf = make_pdf([(50, 100, "PZN"), (150, 100, printed)])
        result = Engine([tpl], registry=registry).extract(pdf, tpl)
        assert result.record()["pzn"] == printed
        assert result.status is status
    bad = '''template t {
      field pzn: id = right of "PZN"
      rule a: valid_id("de.pzn", pzn)
      rule b: valid_id("de.pznn", pzn)
    }'''
    _, diags = check_source(bad, "t.sift", registry)
    errors = [d for d in diags if d.severity == "error"]
    assert "valid_pzn(x)" in errors[0].hint
    # a country's module misspelled: that country's modules, never another country's
    assert errors[1].hint.startswith("modules for 'de': ") and "ke.pin" not in errors[1].hint
