"""`enum("普通", "当座")` said "option 'values' is given twice" and no more (japan
journey): a type's list of values is written in brackets, and the hint now says so."""

from formsift.templates import check_source


def test_two_positional_values_get_the_bracket_hint():
    _, diags = check_source('template c {\n  match { contains "No" }\n'
                            '  field k: enum("A", "B") = right of "No"\n}\n')
    (diag,) = [d for d in diags if d.severity == "error"]
    assert "given twice" in diag.message
    assert diag.hint == "a list is written in brackets: enum([...])"
