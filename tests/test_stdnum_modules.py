"""valid_id takes every python-stdnum number module, the top-level ones (iso6346, isin, ...)
as well as a country's (freight report, finding 4: container numbers were refused)."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.result import Status
from formsift.plugins.validators.national_ids import stdnum_modules, valid_id
from formsift.templates import check_source


# Valid examples from the modules' own docstrings (python-stdnum 2.x); the invalid ones
# are the docstrings' or a valid one with its check character changed. MSCU 123456 6 is a
# container number as a bill of lading prints it (owner, serial, check digit apart).
@pytest.mark.parametrize("module,number,ok", [
    ("iso6346", "CSQU3054383", True), ("iso6346", "CSQU3054384", False),
    ("iso6346", "MSCU 123456 6", True), ("iso6346", "MSCU 123456 9", False),
    ("iso6346", "mscu1234566", True),
    ("isin", "US0378331005", True), ("isin", "US0378331003", False),
    ("isil", "IT-RM0267", True),
    ("ean", "73513537", True), ("ean", "73513538", False),
    ("grid", "A1-2425G-ABC1234002-M", True), ("grid", "A1-2425G-ABC1234002-Q", False),
    ("imei", "35686800-004141-20", True), ("imei", "35-417803-685978-1", False),
    ("imsi", "429011234567890", True), ("imsi", "439011234567890", False),
    ("meid", "AF 01 23 45 0A BC DE C", True),
    ("casrn", "87-86-5", True), ("casrn", "87-86-6", False),
    ("iso7064.mod_97_10", "9999123456789012141490", True),
])
def test_top_level_stdnum_modules_check_their_numbers(module, number, ok):
    assert valid_id(module, number) is ok


def test_every_number_module_of_stdnum_is_known():
    from stdnum.util import get_number_modules

    names = {m.__name__.removeprefix("stdnum.") for m in get_number_modules()}
    assert names == set(stdnum_modules())
    assert {"iso6346", "iso11649", "isin", "isil", "ean", "grid", "imei", "imsi", "meid",
            "iso7064.mod_11_10", "de.idnr"} <= names


def test_container_number_module_passes_the_check_and_misspellings_get_a_hint(registry):
    src = '''template t {
      field container: text = right of "Container No."
      rule a: valid_id("iso6346", container)
      rule b: valid_id("iso6364", container)
      rule c: valid_id("iso7064", container)
    }'''
    _, diags = check_source(src, "t.sift", registry)
    errors = [d for d in diags if d.severity == "error"]
    assert [d.line for d in errors] == [4, 5]
    assert errors[0].hint == "did you mean 'iso6346'?"
    # iso7064 is a package of modules: the hint names them
    assert "no number module 'iso7064'" in errors[1].message
    assert "iso7064.mod_97_10" in (errors[1].hint or "")


BL = '''template bill_of_lading {
  field bl_no: id = right of "B/L No."
  table containers {
    container_no: id(/[A-Z]{4}\\s?\\d{6}\\s?\\d/) header "Container No."
    seal_no: id header "Seal No."
    until "Total"
  }
  rule containers_ok: each containers: valid_id("iso6346", container_no)
}'''


@pytest.mark.parametrize("second,status", [("MSCU 123456 6", Status.ACCEPTED),
                                            ("MSCU 123456 9", Status.REVIEW)])
def test_a_wrong_container_check_digit_sends_the_bill_of_lading_to_review(
        registry, make_pdf, second, status):
    (tpl,), diags = check_source(BL, "bl.sift", registry)
    assert not [d for d in diags if d.severity == "error"]
    page = [(50, 80, "B/L No."), (150, 80, "MSBL-7781"),
            (50, 120, "Container No."), (250, 120, "Seal No."),
            (50, 140, "CSQU 305438 3"), (250, 140, "SL-1001"),
            (50, 160, second), (250, 160, "SL-1002"),
            (50, 200, "Total")]
    result = Engine([tpl], registry=registry).extract(make_pdf(page), tpl)
    assert [r["container_no"] for r in result.record()["containers"]] == [
        "CSQU 305438 3", second]
    assert result.status is status
    if status is Status.REVIEW:
        assert "row(s) 2" in " ".join(r.message for r in result.reasons)


# ---------------------------------------------------------------- the examples of the docs
def _docs_template(name: str) -> str:
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "validation.md").read_text()
    m = re.search(r"```\n(template " + name + r" \{.*?\n\})\n```", text, re.S)
    assert m, f"docs/validation.md has no example template {name}"
    return m.group(1)


def test_the_container_example_of_the_docs_checks_each_row(registry, make_pdf):
    (tpl,), _ = check_source(_docs_template("bill_of_lading"), "bl.sift", registry)
    page = [(50, 120, "Container No."), (250, 120, "Seal No."),
            (50, 140, "MSCU 123456 6"), (250, 140, "SL-1001"),
            (50, 160, "MSCU 123456 9"), (250, 160, "SL-1002"), (50, 200, "Total")]
    result = Engine([tpl], registry=registry).extract(make_pdf(page), tpl)
    assert result.status is Status.REVIEW
    assert ('valid_id("iso6346", container_no) does not hold for row(s) 2 of containers '
            '(row 2: container_no "MSCU 123456 9")' in [r.message for r in result.reasons])


# US tax-form copies print the SSN masked (taxes report, finding 9); 666 is never an SSN's
# area number (SSA), 536-90-4399 passes python-stdnum's us.ssn.
@pytest.mark.parametrize("ssn,status", [
    ("XXX-XX-8391", Status.ACCEPTED), ("***-**-8391", Status.ACCEPTED),
    ("536-90-4399", Status.ACCEPTED), ("666-12-3456", Status.REVIEW),
])
def test_the_masked_ssn_example_of_the_docs(registry, make_pdf, ssn, status):
    (tpl,), diags = check_source(_docs_template("w2"), "w2.sift", registry)
    assert not [d for d in diags if d.severity == "error"]
    page = [(50, 100, "Employee's social security number"), (50, 115, ssn)]
    result = Engine([tpl], registry=registry).extract(make_pdf(page), tpl)
    assert result.record()["ssn"] == ssn
    assert result.status is status, result.reasons
