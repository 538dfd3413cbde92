"""The shipped example templates are in the canonical form `formsift fmt` prints, so a
user who copies one and runs `formsift fmt --check` in CI starts green (the LEDES example
of this stop was not)."""

from __future__ import annotations

from pathlib import Path

import pytest

from formsift.grammar.formatter import format_source

EXAMPLES = sorted((Path(__file__).parent.parent / "examples" / "templates").glob("*.sift"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_an_example_template_is_formatted(path):
    source = path.read_text(encoding="utf-8")
    assert format_source(source, str(path)) == source


def test_there_are_examples():
    assert len(EXAMPLES) >= 3
