"""valid_id verifies the Mexican RFC's check digit, which python-stdnum checks only when
asked (Iberia/LatAm journey, finding 4: an RFC with a wrong check digit was accepted)."""

from __future__ import annotations

import inspect

import pytest

from formsift import Engine
from formsift.core.result import Status
from formsift.plugins.validators.national_ids import STRICT_OPTIONS, stdnum_modules, valid_id
from formsift.templates import check_source


@pytest.mark.parametrize("number,ok", [
    ("EKU9003173C9", True),        # a company RFC (12 characters), its right check digit
    ("EKU9003173C8", False),       # the same with a wrong one: it passed before
    ("MAB-930714-8T4", True),      # python-stdnum's examples
    ("GODE 561231 GR8", True),     # a person's RFC (13 characters)
    ("GODE 561231 GR9", False),
    ("VACE-460910-SX6", False),    # python-stdnum: valid only without the check digit
    ("COMG-600703", True),         # a person's RFC without its homoclave: no check digit
])
def test_valid_id_checks_the_rfc_check_digit(number, ok):
    assert valid_id("mx.rfc", number) is ok


def test_no_other_stdnum_module_leaves_a_check_digit_to_be_asked_for():
    """valid_id asks every module for all its checks: a module with an option that turns
    a check digit test on (and is off by default) must be in STRICT_OPTIONS."""
    lenient = []
    for name in stdnum_modules():
        module = __import__(f"stdnum.{name}", fromlist=["is_valid"])
        for param in inspect.signature(module.is_valid).parameters.values():
            if param.default is False and "check" in param.name:
                lenient.append((name, param.name))
    assert set(lenient) == {(m, p) for m, opts in STRICT_OPTIONS.items() for p in opts}


RFC_TEMPLATE = '''template factura_mx {
  field rfc: id(/[A-Z&]{3,4}-?\\d{6}-?[A-Z0-9]{3}/) = right of "RFC:"
  rule rfc_ok: valid_id("mx.rfc", rfc)
}'''


@pytest.mark.parametrize("printed,status", [("EKU9003173C9", Status.ACCEPTED),
                                            ("EKU9003173C8", Status.REVIEW)])
def test_a_wrong_rfc_check_digit_sends_the_invoice_to_review(registry, tmp_path, printed,
                                                             status):
    (tpl,), diags = check_source(RFC_TEMPLATE, "mx.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    doc = tmp_path / "factura.txt"
    doc.write_text(f"FACTURA\nEmisor: Ejemplo SA de CV\nRFC: {printed}\n")
    result = Engine([tpl], registry=registry).extract(doc, tpl)
    assert result.record()["rfc"] == printed
    assert result.status is status
