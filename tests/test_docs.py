"""Documentation that is generated from the code must be current."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("script", ["plugin_docs.py", "error_gallery.py", "reference_docs.py"])
def test_generated_docs_are_current(script):
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--check"],
                         capture_output=True, text=True)
    assert run.returncode == 0, f"run: python scripts/{script}\n{run.stderr}"


def test_every_hook_is_documented():
    from formsift.core import hookspecs

    text = (ROOT / "docs" / "plugins.md").read_text()
    hooks = [n for n in dir(hookspecs) if n.startswith("formsift_")]
    assert hooks
    for name in hooks:
        assert f"### `{name}(" in text
        assert getattr(hookspecs, name).__doc__, f"{name} has no docstring"


def test_every_builtin_component_is_documented(registry):
    text = (ROOT / "docs" / "templates.md").read_text() + (ROOT / "docs" / "plugins.md").read_text()
    for info in registry.all():
        if info.distribution != "formsift" or info.kind.value in ("loader",):
            continue
        if info.kind.value == "field_type":
            assert f"`{info.name}" in text, f"field type {info.name} is not in docs/templates.md"
        assert info.cls.summary, f"{info.kind.value} {info.name} has no summary"


def test_result_schema_file_is_current():
    from formsift.core.result import result_json_schema

    path = ROOT / "docs" / "result.schema.json"
    assert json.loads(path.read_text()) == result_json_schema(), \
        "regenerate: formsift schema --result > docs/result.schema.json"


def _grammar_aliases(rule: str) -> set[str]:
    """The ``-> alias`` names of one rule of formsift.lark."""
    import re

    grammar = (ROOT / "src" / "formsift" / "grammar" / "formsift.lark").read_text()
    m = re.search(rf"^\??{rule}:(.*?)(?=^\S)", grammar, re.S | re.M)
    assert m, rule
    return set(re.findall(r"->\s*(\w+)", m.group(1)))


def test_the_reference_covers_the_whole_language():
    from formsift.templates import reference as R
    from formsift.templates.compiler import COMBINE
    from formsift.templates.rules import AGGREGATES, LOOKUP, PREVIOUS, SPECIAL
    from formsift.templates.textview import NORMALIZE_STEPS

    assert _grammar_aliases("locator") == set(R.LOCATORS)
    assert _grammar_aliases("modifier") == set(R.MODIFIERS)
    assert _grammar_aliases("table_item") | _grammar_aliases("row_rule") == set(R.TABLE_ITEMS)
    assert set(R.FUNCTIONS) == AGGREGATES | SPECIAL | {PREVIOUS, LOOKUP}
    assert set(R.NORMALIZE) == set(NORMALIZE_STEPS)
    assert all(mode in R.MODIFIERS["combine"][0] for mode in COMBINE)


def test_every_builtin_component_is_in_the_reference(registry):
    text = (ROOT / "docs" / "reference.md").read_text()
    for info in registry.all():
        if info.distribution == "formsift":
            assert f"| `{info.name}` |" in text, f"{info.kind.value} {info.name}"


def test_docs_site_builds_strict(tmp_path):
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                          "-d", str(tmp_path / "site")], cwd=ROOT, capture_output=True,
                         text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert (tmp_path / "site" / "migration-invoice2data" / "index.html").exists()


def test_template_examples_in_the_docs_are_canonically_formatted():
    """A user copies an example and runs ``formsift fmt --check`` in CI: it must pass.
    (Examples of mistakes, which ``check`` rejects, show what a user wrote.)"""
    import re

    from formsift.grammar.formatter import format_source
    from formsift.templates import check_source

    checked = 0
    for md in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = md.read_text(encoding="utf-8")
        for m in re.finditer(r"```[a-z]*\n(.*?)```", text, re.S):
            block = m.group(1)
            if not re.match(r"\s*(#[^\n]*\n\s*)*(template|packet)\s+\w+\s*\{", block):
                continue
            _, diags = check_source(block, "example.sift")
            if any(d.severity == "error" for d in diags):
                continue
            line = text[:m.start()].count("\n") + 2
            assert format_source(block) == block, f"{md.name}:{line}: run formsift fmt on it"
            checked += 1
    assert checked >= 5
