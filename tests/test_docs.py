"""Documentation that is generated from the code must be current."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("script", ["plugin_docs.py", "error_gallery.py"])
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
