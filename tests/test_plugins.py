"""The plugin registry: discovery, errors named after their distribution, blocking."""

from __future__ import annotations

import sys
import textwrap

import pytest

from formsift.core.components import ComponentKind
from formsift.core.errors import ComponentNotFound, PluginError
from formsift.core.plugins import PluginRegistry


def test_builtins_register_through_entry_points(registry):
    kinds = {i.kind for i in registry.all()}
    assert ComponentKind.LOADER in kinds and ComponentKind.FIELD_TYPE in kinds
    pdf = registry.get("loader", "pdf")
    assert pdf.distribution == "formsift"
    assert pdf.plugin == "loaders"
    money = registry.get("field_type", "money")
    assert money.version and money.cls.Options is not None
    assert registry.problems == []


def test_unknown_component_suggests_the_nearest_name(registry):
    with pytest.raises(ComponentNotFound, match="did you mean 'money'"):
        registry.get("field_type", "mony")


def test_misspelled_hook_is_reported_and_skipped():
    reg = PluginRegistry.discover(extra_plugins=[("typo", "tests.plugins.broken_hook")])
    assert any("formsift_register_loader" in p.message and "did you mean "
               "'formsift_register_loaders'" in p.message for p in reg.problems)
    assert "pdf" in reg.of_kind("loader")  # the SDK still works


def test_misspelled_hook_is_an_error_in_strict_mode():
    with pytest.raises(PluginError, match="typo"):
        PluginRegistry.discover(strict=True,
                                extra_plugins=[("typo", "tests.plugins.broken_hook")])


def test_duplicate_component_names_name_both_distributions():
    reg = PluginRegistry.discover(extra_plugins=[("dup", "tests.plugins.duplicate_type")])
    msg = " ".join(p.message for p in reg.problems)
    assert "'money' is already provided by distribution 'formsift'" in msg
    assert reg.get("field_type", "money").distribution == "formsift"


def test_hook_that_raises_or_returns_junk_is_reported():
    reg = PluginRegistry.discover(extra_plugins=[("bad", "tests.plugins.raises_in_hook")])
    text = " ".join(str(p) for p in reg.problems)
    assert "exporter registry exploded" in text
    assert "expected a subclass of formsift.Loader" in text
    assert "json" in reg.of_kind("exporter")


@pytest.fixture
def fake_distribution(tmp_path, monkeypatch):
    """An installed distribution whose entry point names a module that does not import."""
    dist = tmp_path / "formsift_broken-1.2.3.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: formsift-broken\n"
                                   "Version: 1.2.3\n")
    (dist / "entry_points.txt").write_text(textwrap.dedent("""
        [formsift]
        broken = formsift_broken_plugin_does_not_exist.plugin
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    import importlib

    importlib.invalidate_caches()
    yield "formsift-broken"
    sys.modules.pop("formsift_broken_plugin_does_not_exist", None)


def test_plugin_that_fails_to_import_is_named_and_skipped(fake_distribution):
    reg = PluginRegistry.discover()
    problems = [p for p in reg.problems if p.distribution == fake_distribution]
    assert problems and "failed to import" in problems[0].message
    assert "pdf" in reg.of_kind("loader")


def test_a_skipped_plugin_is_not_silent_where_users_look(fake_distribution, capsys,
                                                          make_pdf, tmp_path):
    from formsift.cli import main
    from formsift.core import plugins
    from formsift.core.engine import Engine
    from formsift.core.errors import ComponentNotFound

    plugins.reset_default_registry()
    try:
        pdf = tmp_path / "a.pdf"
        pdf.write_bytes(make_pdf([(50, 50, "Total 12.00")]))
        sift = tmp_path / "t.sift"
        sift.write_text('template t {\n  field total: money = right of "Total"\n}\n')
        assert main(["extract", str(pdf), "-t", str(sift), "--record"]) == 0
        err = capsys.readouterr().err
        assert "warning: plugin 'broken' from distribution 'formsift-broken'" in err
        reg = PluginRegistry.discover()
        result = Engine(registry=reg).extract(pdf, sift)
        assert any("formsift-broken" in e for e in result.audit.plugin_errors)
        with pytest.raises(ComponentNotFound, match="formsift-broken"):
            reg.get("recognizer", "from_the_broken_plugin")
    finally:
        plugins.reset_default_registry()


def test_plugin_that_fails_to_import_is_fatal_in_strict_mode(fake_distribution):
    with pytest.raises(PluginError, match="formsift-broken"):
        PluginRegistry.discover(strict=True)


def test_blocking_by_entry_point_or_distribution(fake_distribution):
    assert not PluginRegistry.discover(block=["broken"]).problems
    assert not PluginRegistry.discover(block=["formsift-broken"]).problems


def test_blocking_through_the_environment(monkeypatch):
    monkeypatch.setenv("FORMSIFT_BLOCK_PLUGINS", "exporters")
    reg = PluginRegistry.discover()
    assert reg.of_kind("exporter") == {}


def test_observer_hooks_run_and_their_failures_are_recorded(make_pdf):
    from formsift.core.engine import Engine
    from tests.plugins import observer

    reg = PluginRegistry.discover(extra_plugins=[("observer", observer)])
    engine = Engine(registry=reg)
    src = 'template t {\n  field total: money = right of "Total"\n}\n'
    from formsift.templates import check_source

    (tpl,), _ = check_source(src, "t.sift", reg)
    result = engine.extract(make_pdf([(50, 100, "Total 12.50")]), tpl, name="doc.pdf")
    assert observer.SEEN[-2:] == ["loaded:doc.pdf", f"result:{result.status.value}"]
    assert any("observer failure" in e for e in result.audit.plugin_errors)
