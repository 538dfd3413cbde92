"""`formsift templates NAME` prints a library template's source, to start one's own from
(a data engineer had no way to see the shipped templates' text without opening the
installed package)."""

from __future__ import annotations

from formsift.cli import EXIT_OK, EXIT_TEMPLATE, main
from formsift.templates import check_source


def test_a_library_template_is_printed_and_checks(capsys, registry):
    assert main(["templates", "receipt"]) == EXIT_OK
    source = capsys.readouterr().out
    (template,), diags = check_source(source, "receipt.sift", registry)
    assert template.name == "receipt"
    assert not [d for d in diags if d.severity == "error"]


def test_an_unknown_name_is_an_error_with_a_suggestion(capsys):
    assert main(["templates", "invoce"]) == EXIT_TEMPLATE
    err = capsys.readouterr().err
    assert "did you mean 'invoice'" in err and "receipt" in err


def test_the_listing_says_how_to_print_one(capsys):
    assert main(["templates"]) == EXIT_OK
    assert "formsift templates NAME" in capsys.readouterr().out
