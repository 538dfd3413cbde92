"""A rule function's file argument (``Function.file_params``): a relative path in the
template is read from the template's folder, wherever formsift runs, as a component's
file option is (journey JG: a vendor's VAT whitelist kept beside the template)."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.errors import PluginError
from formsift.core.plugins import PluginRegistry
from formsift.templates import check_source

_PLUGIN = """
    from pathlib import Path

    from formsift import Validator, hookimpl
    from formsift.core.kinds import Function


    def listed(vat, path):
        return vat.strip() in Path(path).read_text().split()


    def check(args):
        if isinstance(args[1], str) and not Path(args[1]).is_file():
            return f"no whitelist file {args[1]!r}", None
        return None


    class Whitelist(Validator):
        name = "beside-whitelist"
        version = "1.0"

        def functions(self):
            return [Function("listed_in", ("text", "text"), "bool", listed, check=check,
                             file_params=FILES)]


    @hookimpl
    def formsift_register_validators():
        return [Whitelist]
"""


def _registry(fake_site, files: str, strict: bool = True) -> PluginRegistry:
    fake_site.install("besidewl", {"formsift_besidewl": _PLUGIN.replace("FILES", files)},
                      {"besidewl": "formsift_besidewl"}, folder="")
    return PluginRegistry.discover(strict=strict)


_TEMPLATE = ('template t {\n  field vat: text = right of "VAT:"\n'
             '  rule ok: listed_in(vat, "lists/wl.csv")\n}\n')


@pytest.fixture
def layout(tmp_path, monkeypatch):
    """The template and its whitelist in one folder, formsift run from another."""
    (tmp_path / "tpl" / "lists").mkdir(parents=True)
    (tmp_path / "tpl" / "lists" / "wl.csv").write_text("IT1\n")
    (tmp_path / "tpl" / "t.sift").write_text(_TEMPLATE)
    (tmp_path / "run").mkdir()
    monkeypatch.chdir(tmp_path / "run")
    return tmp_path


def test_a_relative_file_argument_is_read_beside_the_template(fake_site, layout, make_pdf):
    registry = _registry(fake_site, "(1,)")
    sift = layout / "tpl" / "t.sift"
    _, diagnostics = check_source(_TEMPLATE, str(sift), registry)
    assert diagnostics == []
    engine = Engine(registry=registry, seen_store="memory")
    listed = engine.extract(make_pdf([(50, 50, "VAT: IT1")]), str(sift), name="a.pdf")
    unlisted = engine.extract(make_pdf([(50, 50, "VAT: IT2")]), str(sift), name="b.pdf")
    assert [r.passed for r in listed.rules] == [True]
    assert [r.passed for r in unlisted.rules] == [False]


def test_a_missing_file_is_named_where_it_was_looked_for(fake_site, layout):
    registry = _registry(fake_site, "(1,)")
    (layout / "tpl" / "lists" / "wl.csv").unlink()
    sift = layout / "tpl" / "t.sift"
    _, diagnostics = check_source(_TEMPLATE, str(sift), registry)
    (error,) = diagnostics
    assert str(layout / "tpl" / "lists" / "wl.csv") in error.message


def test_without_file_params_the_path_is_passed_as_written(fake_site, layout):
    registry = _registry(fake_site, "()")
    _, diagnostics = check_source(_TEMPLATE, str(layout / "tpl" / "t.sift"), registry)
    assert [d.message for d in diagnostics] == ["no whitelist file 'lists/wl.csv'"]


@pytest.mark.parametrize("files", ["(0, 2)", "(5,)", "[1]"])
def test_file_params_that_are_no_text_parameters_are_refused(fake_site, files):
    with pytest.raises(PluginError, match="file_params"):
        _registry(fake_site, files)
