"""A vendor's installed plugin (a validator reading a whitelist file), as its customers
meet it from Python: a template its function's ``check`` refuses is not run, a result
names the release of the distribution that produced it, and a rule the function could
not evaluate says which release failed and why (journey JG, formsift-acme)."""

from __future__ import annotations

import pytest

from formsift import Engine
from formsift.core.errors import TemplateError
from formsift.core.plugins import PluginRegistry
from formsift.templates import check_source

_WHITELIST = """
    from pathlib import Path

    from formsift import Validator, hookimpl
    from formsift.core.kinds import Function


    def listed(vat, path):
        return vat.strip() in Path(path).read_text().split()


    def check(args):
        path = args[1] if len(args) > 1 else None
        if isinstance(path, str) and not Path(path).is_file():
            return f"listed: the whitelist file {path!r} does not exist", "give its path"
        if path == "old.csv":
            return "listed: old.csv is deprecated", None
        return None


    class Whitelist(Validator):
        name = "vendor-whitelist"
        version = "0.9"

        def functions(self):
            return [Function("listed", ("text", "text"), "bool", listed, check=check)]


    @hookimpl
    def formsift_register_validators():
        return [Whitelist]
"""


@pytest.fixture
def registry(fake_site):
    fake_site.install("vendorwl", {"formsift_vendorwl": _WHITELIST},
                      {"vendorwl": "formsift_vendorwl"}, folder="", version="2.4.1")
    return PluginRegistry.discover(strict=True)


def _source(path: str) -> str:
    return ('template t {\n  field vat: text = right of "VAT:"\n'
            f'  rule ok: listed(vat, "{path}")\n}}\n')


def test_a_template_its_plugin_check_refuses_is_not_run(registry, tmp_path, make_pdf):
    missing = tmp_path / "nope.csv"
    templates, diagnostics = check_source(_source(str(missing)), "t.sift", registry)
    assert [d.severity for d in diagnostics] == ["error"]
    engine = Engine(registry=registry, seen_store="memory")
    pdf = make_pdf([(50, 50, "VAT: IT1")])
    with pytest.raises(TemplateError) as caught:
        engine.extract(pdf, templates[0], name="a.pdf")
    shown = str(caught.value)
    assert "t.sift:3:" in shown and "does not exist" in shown
    assert "'vendor-whitelist'" in shown and "formsift-vendorwl" in shown


def test_a_plugin_check_warning_does_not_stop_the_template(registry, tmp_path, make_pdf):
    (tmp_path / "wl.csv").write_text("IT1\n")
    src = _source(str(tmp_path / "wl.csv")).replace("{\n", '{\n  duplicates "acme"\n', 1)
    (template,), diagnostics = check_source(src, "t.sift", registry)
    assert [d.severity for d in diagnostics] == ["warning"]
    result = Engine(registry=registry, seen_store="memory").extract(
        make_pdf([(50, 50, "VAT: IT1")]), template, name="a.pdf")
    assert result.value("vat") == "IT1"


def test_audit_names_the_release_of_the_plugin_distribution(registry, tmp_path, make_pdf):
    (tmp_path / "wl.csv").write_text("IT1\n")
    engine = Engine(registry=registry, seen_store="memory")
    result = engine.extract(make_pdf([(50, 50, "VAT: IT1")]),
                            _source(str(tmp_path / "wl.csv")), name="a.pdf")
    assert result.status == "accepted"
    (ref,) = [c for c in result.audit.components if c.name == "vendor-whitelist"]
    assert (ref.version, ref.distribution, ref.distribution_version) == (
        "0.9", "formsift-vendorwl", "2.4.1")
    builtin = [c for c in result.audit.components if c.distribution == "formsift"]
    assert builtin and all(c.distribution_version for c in builtin)


def test_a_rule_its_function_cannot_evaluate_names_the_release(registry, tmp_path, make_pdf):
    wl = tmp_path / "wl.csv"
    wl.write_text("IT1\n")
    engine = Engine(registry=registry, seen_store="memory")
    template = engine.template(_source(str(wl)))
    wl.unlink()  # deleted after the template was checked
    result = engine.extract(make_pdf([(50, 50, "VAT: IT1")]), template, name="a.pdf")
    (reason,) = [r for r in result.reasons if r.code == "rule_not_evaluated"]
    assert "formsift-vendorwl 2.4.1" in reason.message
    assert "'vendor-whitelist'" in reason.message
    assert "FileNotFoundError" in reason.message and "\n" not in reason.message
