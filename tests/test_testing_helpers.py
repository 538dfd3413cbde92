"""formsift.testing, the helpers a plugin's own tests use (journey JG: a vendor copied
formsift's conftest make_pdf into its tests): a PDF from lines, an engine with a plugin."""

from __future__ import annotations

import sys
import textwrap

import pytest

from formsift.core.errors import FormsiftError, PluginError
from formsift.testing import engine_with, pdf_from_lines

_PLUGIN = """
    from formsift import FieldType, hookimpl


    class Shout(FieldType):
        name = "NAME"
        version = "1.0"
        value_kind = "text"

        def parse(self, raw, ctx):
            return raw.strip().upper()


    @hookimpl
    def formsift_register_field_types():
        return [Shout]
"""


@pytest.fixture
def plugin_module(tmp_path, monkeypatch):
    """plugin_module(module, type_name) -> the name of a local plugin module."""
    made = []

    def make(module: str, type_name: str) -> str:
        (tmp_path / f"{module}.py").write_text(
            textwrap.dedent(_PLUGIN.replace("NAME", type_name)))
        made.append(module)
        return module

    monkeypatch.syspath_prepend(str(tmp_path))
    yield make
    for module in made:
        sys.modules.pop(module, None)


def test_a_plugin_field_type_reads_a_pdf_made_from_lines(plugin_module):
    engine = engine_with(plugin_module("jgf_shout_plugin", "jgf_shout"))
    template = 'template t {\n  field code: jgf_shout = right of "Code:"\n}\n'
    pdf = pdf_from_lines(["Invoice", "Code: abc-12", "Total: 3.00"])
    result = engine.extract(pdf, template, name="a.pdf")
    assert result.value("code") == "ABC-12"
    assert len(result.page_info) == 1


def test_engine_with_is_strict_about_plugin_problems(plugin_module):
    first = plugin_module("jgf_shout_one", "jgf_twice")
    second = plugin_module("jgf_shout_two", "jgf_twice")
    with pytest.raises(PluginError, match="jgf_twice"):
        engine_with(first, second)


@pytest.mark.parametrize("lines", ["Total: 12.00", ["line"] * 40])
def test_lines_that_make_no_page_are_a_clear_error(lines):
    with pytest.raises(FormsiftError, match="pdf_from_lines"):
        pdf_from_lines(lines)
