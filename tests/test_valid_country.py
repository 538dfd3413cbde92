"""ISO 3166-1 country codes in rules (customs journey, finding 3): a customs desk checked
each invoice line's country of origin against a 249-entry ``map`` of the codes it wrote
itself. ``valid_country(x)`` checks an alpha-2 or alpha-3 code against pycountry's copy of
ISO 3166-1; a country's name written where a code belongs says which code to write."""

from __future__ import annotations

import pytest

from formsift.templates import check_source
from tests.parsing import extract_text
from tests.test_validators import fn


@pytest.mark.parametrize("code, ok", [
    ("DE", True), ("CN", True), ("VN", True), ("DEU", True), ("deu", True), (" IT ", True),
    ("BQ", True), ("SS", True),                  # assigned 2010 and 2011
    ("XZ", False), ("XK", False), ("EU", False), ("UK", False),   # not assigned by ISO
    ("YU", False), ("CS", False),                # withdrawn (ISO 3166-3)
    ("Germany", False), ("276", False), ("D", False), ("", False),
])
def test_valid_country(registry, code, ok):
    assert fn(registry, "valid_country")(code) is ok


def test_a_lines_origin_that_is_no_code_fails_its_rule(tmp_path):
    template = '''template ci {
  match { contains "COMMERCIAL INVOICE" }
  table items {
    description: text header "Description"
    origin: text header "Origin"
    until "Subtotal"
  }
  rule origin_iso: each items: valid_country(origin) message "origin is no ISO 3166 code"
}'''
    doc = ("COMMERCIAL INVOICE\nDescription        Origin\nPressure valve     DE\n"
           "Coupling           XZ\nBearing            CHN\nSubtotal\n")
    result = extract_text(tmp_path, template, doc)
    [outcome] = result.rules
    assert outcome.passed is False
    assert "row(s) 2" in outcome.message and "XZ" in outcome.message, outcome.message


def test_a_name_where_a_code_belongs_is_told_when_the_template_is_checked(registry):
    src = '''template t {
  field origin: text = right of "Origin:"
  rule a: valid_country(origin) or valid_country("Germany")
}'''
    _, diags = check_source(src, "t.sift", registry)
    [error] = [d for d in diags if "valid_country" in d.message]
    assert "'Germany' is no ISO 3166-1 alpha-2 or alpha-3 code (Germany is DE)" \
        in error.message, error.message
