"""An `each` rule walks a repeated field's values (journey shipping, finding 3): a delivery
order's release list read as `containers: id(...)[]` could not be checked container by
container (`valid_id("iso6346", containers)` was refused, a list; `each containers:`
needed a table), and a container with a wrong check digit was released."""

from __future__ import annotations

from formsift import compile_template
from formsift.core.errors import TemplateError
from tests.parsing import extract_text

TEMPLATE = """template t {
  field containers: id(/[A-Z]{4}\\d{7}/)[] = anywhere
  rule valid: each containers: valid_id("iso6346", containers)
}"""


def test_each_value_of_a_repeated_field_is_checked(tmp_path):
    result = extract_text(tmp_path, TEMPLATE, "Release: MSCU1234566\nand TGHU1234565\n")
    valid = next(o for o in result.rules if o.name == "valid")
    assert valid.passed is False and valid.rows == [1]
    assert "row(s) 2" in valid.message
    assert result.status == "review"


def test_every_value_valid_passes(tmp_path):
    result = extract_text(tmp_path, TEMPLATE, "Release: MSCU1234566\nand TGHU1234567\n")
    assert next(o for o in result.rules if o.name == "valid").passed is True
    assert result.status == "accepted"


def test_no_value_is_not_evaluated(tmp_path):
    result = extract_text(tmp_path, TEMPLATE, "Release: none\n")
    valid = next(o for o in result.rules if o.name == "valid")
    assert valid.passed is None


def test_each_over_a_single_field_is_refused():
    src = """template t {
  field total: money = right of "Total"
  rule r: each total: total > 0
}"""
    try:
        compile_template(src)
    except TemplateError as exc:
        assert "'each' needs a table or a repeated field" in str(exc)
    else:
        raise AssertionError("compiled")
