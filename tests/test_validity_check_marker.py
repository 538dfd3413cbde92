"""Which failed rule says a value was misread (issue 5, code read of 13d04b0): a value
whose own check failed is no surer than ``confidence.CHECK_FAILED``, and which rule
checks a reading's validity is said by a marker on its function
(``check_digits.checks_validity``, as ``closed_list`` marks closed lists), not by its
name: a plugin's business rule named ``valid_for_route`` that a right IBAN fails capped
it at 0.25, and ``reject when confidence(iban) < 0.3`` rejected the record as
unreadable."""

from __future__ import annotations

import types

import pytest

from formsift import Function, Validator, hookimpl
from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.core.plugins import PluginRegistry
from formsift.templates import check_source, runtime
from formsift.templates.check_digits import checks_validity, is_validity_check
from formsift.templates.confidence import CHECK_FAILED

ROUTED = {"DE89370400440532013000"}
RIGHT_AT = "AT611904300234573201"  # a valid Austrian IBAN, read right, not routed


def _routed(iban: object) -> bool:
    """A business rule: the account is one we route payments to."""
    return str(iban).replace(" ", "") in ROUTED


@checks_validity
def _house_check(code: object) -> bool:
    """A plugin's own check of a reading (a house scheme's check digit: last digit even)."""
    text = str(code)
    return text[-1:].isdigit() and int(text[-1]) % 2 == 0


class _AcmeChecks(Validator):
    name = "acme_checks"
    version = "1.0"

    def functions(self):
        return [Function("valid_for_route", ("text",), "bool", _routed),
                Function("house_check", ("text",), "bool", _house_check)]


@pytest.fixture(scope="module")
def acme():
    mod = types.ModuleType("acme_plugin")
    mod.formsift_register_validators = hookimpl(lambda: [_AcmeChecks])
    return PluginRegistry.discover(extra_plugins=[("acme", mod)], strict=True)


def _run(registry, rule: str, read: str, policy: str = ""):
    """``read`` beside "IBAN" and "Payee" (the tie ``iban == payee_iban`` passes), the
    first checked by ``rule``, which fails."""
    src = ("template t {\n  field iban: text = right of \"IBAN\"\n"
           "  field payee_iban: text = right of \"Payee\"\n"
           f"  rule checked: {rule}\n  rule same: iban == payee_iban\n{policy}}}\n")
    (t,), diags = check_source(src, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    words = []
    for y, label in ((0.1, "IBAN"), (0.2, "Payee")):
        words += [Word(label, Box(0.1, y, 0.2, y + 0.03), 0, 0.97, "ppocr_rec",
                       char_confidences=(0.97,) * len(label)),
                  Word(read, Box(0.25, y, 0.6, y + 0.03), 0, 0.97, "ppocr_rec",
                       char_confidences=(0.97,) * len(read))]
    doc = Document("sha256:i", "i", "image/png", [Page(0, 1000, 700, words=words)], "i")
    result = runtime.run(t, doc)
    assert {o.name: o.passed for o in result.rules} == {"checked": False, "same": True}
    return result


def test_a_business_rule_named_valid_says_nothing_of_the_reading(acme):
    """A right IBAN failing the plugin's unmarked ``valid_for_route``: in review for the
    rule, at its reading's confidence (it was 0.25)."""
    result = _run(acme, "valid_for_route(iban)", RIGHT_AT)
    assert result.fields["iban"].confidence > 0.5
    assert result.status == "review"


def test_a_failed_business_rule_does_not_reject_as_unreadable(acme):
    """With ``reject when confidence(iban) < 0.3``, the record stays in review and no
    false "IBAN unreadable" is given (it was rejected)."""
    result = _run(acme, "valid_for_route(iban)", RIGHT_AT,
                  '  reject when confidence(iban) < 0.3 message "IBAN unreadable"\n')
    assert result.status == "review"
    assert "IBAN unreadable" not in [r.message for r in result.reasons]


def test_a_plugin_check_marked_as_one_caps_a_value_that_fails_it(acme):
    """A plugin's function marked ``checks_validity`` (whatever its name) that the value
    fails: no surer than CHECK_FAILED."""
    result = _run(acme, "house_check(iban)", RIGHT_AT[:-1] + "1")
    assert result.fields["iban"].confidence <= CHECK_FAILED


@pytest.mark.parametrize(("rule", "read"), [
    ("valid_iban(iban)", "DE89370400440532013001"),
    ("luhn(iban)", "4111111111111112"),
])
def test_shipped_checks_of_the_reading_cap_a_value_that_fails_them(registry, rule, read):
    """The shipped check-digit functions are marked: ``valid_iban`` as before, and
    ``luhn``, which the name prefix left out (it was at the reading's confidence)."""
    result = _run(registry, rule, read)
    assert result.fields["iban"].confidence <= CHECK_FAILED


def test_the_shipped_checks_are_marked_and_the_tests_of_text_are_not(registry):
    """The shipped checks of a reading are marked (through the registry's guard), the
    tests of the text and the rules bounding a value are not."""
    functions = {name: fn for name, (fn, _) in registry.functions.items()}
    for name in ("valid_iban", "valid_bic", "valid_vat", "luhn", "valid_card", "valid_pzn",
                 "valid_vin", "valid_vin_check_digit", "valid_mrz", "valid_id",
                 "valid_country", "valid_mrz_state"):
        assert is_validity_check(functions[name].impl), name
    for name in ("starts_with", "ends_with", "matches", "not_in_future", "seen_before"):
        assert not is_validity_check(functions[name].impl), name


def test_a_plugins_bound_method_can_be_marked():
    """Code read R5: checks_validity(self.check) in a plugin's functions() raised
    AttributeError ('method' object has no attribute 'checks_validity')."""
    import functools

    from formsift.templates.check_digits import checks_validity, is_validity_check

    class Plugin:
        def check(self, x: str) -> bool:
            return x == "ok"

    marked = checks_validity(Plugin().check)
    assert is_validity_check(marked) and marked("ok")
    # the registry wraps a rule function with functools.wraps: the mark goes with it
    assert is_validity_check(functools.wraps(marked)(lambda *a: marked(*a)))
