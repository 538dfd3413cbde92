"""The plugin registry: discovery, errors named after their distribution, blocking."""

from __future__ import annotations

import io
import json
import textwrap
import types
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from formsift.core.components import ComponentKind, Options
from formsift.core.document import Page, Word
from formsift.core.errors import ComponentNotFound, FormsiftError, PluginError
from formsift.core.geometry import Box
from formsift.core.hookspecs import hookimpl
from formsift.core.kinds import Exporter, Loader, Preprocessor, Recognizer, Segmenter
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


def test_extra_plugins_take_a_module_a_module_name_or_a_pair():
    """extra_plugins=[module] raised "TypeError: cannot unpack non-iterable module
    object": only (name, module) pairs were taken."""
    import tests.plugins.dummy_stages as stages

    for given in ([stages], stages, ["tests.plugins.dummy_stages"],
                  "tests.plugins.dummy_stages", [("stages", stages)]):
        reg = PluginRegistry.discover(extra_plugins=given, strict=True)
        assert "invert" in reg.of_kind("preprocessor"), given
    reg = PluginRegistry.discover(extra_plugins=[stages])
    assert "tests.plugins.dummy_stages" in [p.name for p in reg.plugins]
    for wrong in ([42], [("stages",)], [(stages, "stages")]):
        with pytest.raises(FormsiftError, match=r"extra_plugins takes modules, module "
                                                r"names or \(name, plugin\) pairs, not "):
            PluginRegistry.discover(extra_plugins=wrong)


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
def fake_distribution(fake_site):
    """An installed distribution whose entry point names a module that does not import."""
    module = "formsift_broken_plugin_does_not_exist.plugin"
    return fake_site.install("broken", {}, {"broken": module}, folder="", version="1.2.3")


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
    # a failure of the loaded hook is recorded too (it was dropped)
    boom = engine.extract(make_pdf([(50, 100, "Total 12.50")]), tpl, name="boom.pdf")
    assert "observer.formsift_document_loaded: RuntimeError: loaded hook failed" in \
        boom.audit.plugin_errors
    assert boom.value("total") is not None


# -- plugin mistakes that used to pass silently ------------------------------------------
@pytest.fixture
def install_plugin(fake_site):
    """Install a distribution ``formsift-<name>`` whose ``formsift`` entry point is a module
    with the given source: install_plugin("name", source) -> the distribution's name."""

    def install(name: str, source: str) -> str:
        module = f"formsift_test_{name}_plugin"
        return fake_site.install(name, {module: source}, {name: module}, folder="")

    return install


_EXPORTER = """
    from formsift import hookimpl
    from formsift.core.kinds import Exporter


    class Csvish(Exporter):
        name = "csvish"
        version = "1.0"

        def export(self, results, stream):
            stream.write("x")
"""


def test_a_hook_without_hookimpl_is_reported_naming_the_distribution(install_plugin):
    dist = install_plugin("undecorated", _EXPORTER + """

    def formsift_register_exporters():  # forgot @hookimpl: pluggy would ignore it
        return [Csvish]
    """)
    reg = PluginRegistry.discover()
    (problem,) = [p for p in reg.problems if p.distribution == dist]
    assert "formsift_register_exporters() looks like a hook implementation but is not " \
           "decorated with @hookimpl" in problem.message
    assert "from distribution 'formsift-undecorated'" in str(problem)
    assert "csvish" not in reg.of_kind("exporter") and "json" in reg.of_kind("exporter")
    with pytest.raises(PluginError, match=r"formsift-undecorated.*not decorated with @hookimpl"):
        PluginRegistry.discover(strict=True)


def test_a_hook_without_its_prefix_is_reported_decorated_or_not():
    import types

    undecorated = types.ModuleType("bare")
    exec(textwrap.dedent(_EXPORTER + """
    def register_exporters():
        return [Csvish]

    @hookimpl  # a plugin that implements no hook at all is a problem of its own
    def formsift_result_ready(result):
        pass
    """), undecorated.__dict__)
    reg = PluginRegistry.discover(extra_plugins=[("bare", undecorated)])
    text = " ".join(reg.warnings)  # maybe a helper: a warning, the plugin stays
    assert "register_exporters() looks like a hook implementation but is not decorated " \
           "with @hookimpl" in text
    assert "name it 'formsift_register_exporters'" in text
    assert not [p for p in reg.problems if p.plugin == "bare"]

    helper = types.ModuleType("helper")  # a helper beside the real, decorated hook
    exec(textwrap.dedent(_EXPORTER + """
    def register_exporters():
        return [Csvish]

    @hookimpl
    def formsift_register_exporters():
        return register_exporters()
    """), helper.__dict__)
    reg = PluginRegistry.discover(extra_plugins=[("helper", helper)])
    assert not reg.problems and not [w for w in reg.warnings if "helper" in w]
    assert "csvish" in reg.of_kind("exporter")

    decorated = types.ModuleType("unprefixed")
    exec(textwrap.dedent(_EXPORTER + """
    @hookimpl
    def register_exporters():
        return [Csvish]
    """), decorated.__dict__)
    reg = PluginRegistry.discover(extra_plugins=[("unprefixed", decorated)])
    assert any("unknown hook(s) 'register_exporters' (did you mean "
               "'formsift_register_exporters'?)" in p.message for p in reg.problems)


@pytest.mark.parametrize("attrs, message", [
    ("version = None", "'version' must be a non-empty string such as '1.0.0' (got None)"),
    ("version = ''", "'version' must be a non-empty string"),
    ("version = 2", "'version' must be a non-empty string"),
    ("name = None", "'name' must be a non-empty string (got None)"),
    ("name = ''", "'name' must be a non-empty string"),
    ("name = 'two words'", "'name' must not contain spaces"),
    ("Options = dict", "'Options' must be a pydantic model class"),
    ("Options = None", "'Options' must be a pydantic model class"),
])
def test_an_invalid_component_is_reported_and_skipped(install_plugin, attrs, message):
    dist = install_plugin("sloppy", f"""
    from formsift import hookimpl
    from formsift.core.kinds import Exporter


    class Good(Exporter):
        name = "good_exporter"
        version = "1.0"


    class Sloppy(Exporter):
        name = "sloppy_exporter"
        version = "1.0"
        {attrs}


    @hookimpl
    def formsift_register_exporters():
        return [Sloppy, Good]
    """)
    reg = PluginRegistry.discover()
    (problem,) = [p for p in reg.problems if p.distribution == dist]
    assert "exporter class formsift_test_sloppy_plugin.Sloppy is not a valid component" \
           in problem.message
    assert message in problem.message
    exporters = reg.of_kind("exporter")
    assert "good_exporter" in exporters and "sloppy_exporter" not in exporters
    assert None not in exporters and "" not in exporters
    with pytest.raises(PluginError, match="formsift-sloppy"):
        PluginRegistry.discover(strict=True)


def test_every_installed_component_is_valid(registry):
    from formsift.core.plugins import _component_errors

    assert registry.problems == []  # nothing built in (or the example plugin) is skipped
    assert sum(info.distribution == "formsift" for info in registry.all()) > 30
    for info in registry.all():
        assert _component_errors(info.cls, info.kind) == [], info.name


# -- block lists --------------------------------------------------------------------------
def test_a_block_name_that_matches_nothing_is_reported_with_a_suggestion():
    reg = PluginRegistry.discover(block=["exporter", "nothere"])
    assert reg.problems == []  # a typo in a block list is not a broken plugin
    assert "json" in reg.of_kind("exporter")  # the typo blocked nothing...
    text = "\n".join(reg.warnings)  # ...and says so
    assert "blocked name 'exporter' matches no installed plugin, distribution or " \
           "component, so it blocks nothing; did you mean 'exporters'?" in text
    assert "blocked name 'nothere' matches no installed plugin" in text


def test_block_names_that_match_are_not_reported(fake_distribution, monkeypatch):
    for block in (["exporters"], ["json"], ["broken"], ["formsift-broken"],
                  ["formsift_broken"], ["Formsift.Broken"]):
        reg = PluginRegistry.discover(block=block)
        assert reg.warnings == [], block
    assert "json" not in PluginRegistry.discover(block=["json"]).of_kind("exporter")
    assert not PluginRegistry.discover(block=["formsift_broken"]).problems  # pip's spelling
    monkeypatch.setenv("FORMSIFT_BLOCK_PLUGINS", "exporters,nothere")
    (warning,) = PluginRegistry.discover().warnings
    assert "'nothere' (from FORMSIFT_BLOCK_PLUGINS)" in warning


def test_the_cli_warns_about_a_block_name_that_matches_nothing(capsys):
    from formsift.cli import main
    from formsift.core import plugins

    plugins.reset_default_registry()
    try:
        assert main(["--block", "nothere", "--block", "exporters", "plugins"]) == 0
        err = capsys.readouterr().err
        assert "formsift: warning: blocked name 'nothere' matches no installed plugin" in err
        assert "'exporters'" not in err
        assert main(["--block", "nothere", "plugins", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)  # machine-readable, for monitoring
        assert any("'nothere'" in w for w in data["warnings"]) and data["problems"] == []
    finally:
        plugins.reset_default_registry()


@pytest.mark.parametrize("returned, expected", [
    ('"csvish"', "returned 'csvish'; expected a list of component classes"),
    ("None", "returned None; expected a list of component classes"),
    ("Csvish", "returned <class"),
])
def test_a_hook_that_returns_no_list_is_one_clear_problem(install_plugin, returned, expected):
    dist = install_plugin("notalist", _EXPORTER + f"""

    @hookimpl
    def formsift_register_exporters():
        return {returned}
    """)
    reg = PluginRegistry.discover()
    problems = [p for p in reg.problems if p.distribution == dist]
    assert len(problems) == 1 and expected in problems[0].message
    assert "(return [MyComponent])" in problems[0].message
    with pytest.raises(PluginError):
        PluginRegistry.discover(strict=True)


_VALIDATOR = """
    from formsift import Function, Validator, hookimpl


    class PoChecks(Validator):
        name = "po_checks"
        version = "1.0"

        def functions(self):
            BODY


    @hookimpl
    def formsift_register_validators():
        return [PoChecks]
"""


def test_a_validator_that_cannot_list_its_functions_is_a_problem_at_discovery(
        install_plugin):
    dist = install_plugin("brokenfns", _VALIDATOR.replace("BODY", 'raise KeyError("x")'))
    reg = PluginRegistry.discover()
    (problem,) = [p for p in reg.problems if p.distribution == dist]
    assert "validator 'po_checks' failed to list its functions: KeyError" in problem.message
    assert "valid_iban" in reg.functions  # the others are there
    with pytest.raises(PluginError, match="failed to list its functions"):
        PluginRegistry.discover(strict=True)


def test_a_rule_function_name_already_taken_is_a_problem(install_plugin):
    dist = install_plugin("clash", _VALIDATOR.replace(
        "BODY", 'return [Function("valid_iban", ("text",), "bool", lambda x: True)]'))
    reg = PluginRegistry.discover()
    (problem,) = [p for p in reg.problems if p.distribution == dist]
    assert "rule function 'valid_iban' of validator 'po_checks' is already provided by " \
           "validator" in problem.message
    fn, owner = reg.functions["valid_iban"]
    assert owner != "po_checks" and fn.impl("XX00") is False  # the built-in is kept
    with pytest.raises(PluginError, match="already provided"):
        PluginRegistry.discover(strict=True)


def test_a_component_that_crashes_is_named_with_its_plugin(install_plugin, make_pdf,
                                                          tmp_path, capsys):
    from formsift import Engine
    from formsift.cli import EXIT_PLUGIN, main
    from formsift.core.plugins import reset_default_registry
    from formsift.templates import check_source

    dist = install_plugin("crashy", """
    from formsift import FieldType, hookimpl


    class PoNumber(FieldType):
        name = "po_number"
        version = "1.0"

        def parse(self, raw, ctx):
            return {}["x"]  # a bug: KeyError


    @hookimpl
    def formsift_register_field_types():
        return [PoNumber]
    """)
    reg = PluginRegistry.discover()
    src = 'template t {\n  field po: po_number = right of "PO"\n}\n'
    (tpl,), _ = check_source(src, "t.sift", reg)
    pdf = make_pdf([(50, 50, "PO"), (100, 50, "PO-1")])
    with pytest.raises(PluginError) as err:
        Engine(registry=reg).extract(pdf, tpl, name="po.pdf")
    message = str(err.value)
    assert f"plugin 'crashy' ({dist}) failed on po.pdf: field type 'po_number' " \
           "(formsift_test_crashy_plugin.PoNumber), reading field 'po' of template 't', " \
           "in parse(): KeyError" in message
    assert "formsift_test_crashy_plugin:" in message  # where: module and line
    # the command line: one error line naming the plugin, and the plugin exit code
    (tmp_path / "po.pdf").write_bytes(pdf)
    (tmp_path / "t.sift").write_text(src)
    reset_default_registry()
    try:
        code = main(["extract", str(tmp_path / "po.pdf"), "-t", str(tmp_path / "t.sift")])
    finally:
        reset_default_registry()
    err_text = capsys.readouterr().err
    assert code == EXIT_PLUGIN and "plugin 'crashy'" in err_text and "Traceback" not in err_text


def test_an_installed_plugin_given_again_in_extra_plugins_is_registered_once(install_plugin):
    dist = install_plugin("twice", _EXPORTER + """

    @hookimpl
    def formsift_register_exporters():
        return [Csvish]
    """)
    for name in ("twice", "another_name"):
        reg = PluginRegistry.discover(extra_plugins=[(name, "formsift_test_twice_plugin")],
                                      strict=True)
        assert not [p for p in reg.problems if p.distribution == dist]
        assert reg.of_kind("exporter")["csvish"].distribution == dist


def test_a_hook_may_return_any_iterable_of_classes(install_plugin):
    dist = install_plugin("generator", _EXPORTER + """

    @hookimpl
    def formsift_register_exporters():
        yield Csvish
    """)
    reg = PluginRegistry.discover(strict=True)
    assert reg.of_kind("exporter")["csvish"].distribution == dist


@pytest.mark.parametrize("body, expected", [
    ('return [Function("f", ("string",), "bool", lambda x: True)]',
     "parameter kinds ['string'] are not among"),
    ('return [Function("f", ("text",), "boolean", lambda x: True)]',
     "return kind 'boolean' is not one of"),
    ('return [Function("f", ("text", "text"), "bool", lambda x: True)]',
     "'impl' cannot be called with 2 argument(s)"),
    ('return [Function("f", ("text",), "bool", lambda x: True, check=lambda a, b: None)]',
     "'check' cannot be called with 1 argument(s)"),
])
def test_a_rule_function_that_rules_cannot_call_is_a_problem_at_discovery(
        install_plugin, body, expected):
    """Kinds misspelled and signatures that do not fit passed registration, then failed as
    confusing errors on the template's lines (or on a document)."""
    dist = install_plugin("badfn", _VALIDATOR.replace("BODY", body))
    reg = PluginRegistry.discover()
    (problem,) = [p for p in reg.problems if p.distribution == dist]
    assert "rule function 'f' of validator 'po_checks' is not usable" in problem.message
    assert expected in problem.message and "f" not in reg.functions
    with pytest.raises(PluginError, match="is not usable"):
        PluginRegistry.discover(strict=True)


@pytest.mark.parametrize("returned", ['"False"', '"no"', "1"])
def test_a_rule_function_returning_no_bool_does_not_pass_the_rule(install_plugin, make_pdf,
                                                                 returned):
    """A function declared bool that returned the string "False" passed its rule, and the
    record was accepted."""
    from formsift import Engine
    from formsift.templates import check_source

    install_plugin("strbool", _VALIDATOR.replace(
        "BODY", f'return [Function("po_ok", ("text",), "bool", lambda x: {returned})]'))
    reg = PluginRegistry.discover()
    src = 'template t {\n  field po: text = right of "PO"\n  rule ok: po_ok(po)\n}\n'
    (tpl,), _ = check_source(src, "t.sift", reg)
    result = Engine(registry=reg).extract(make_pdf([(50, 50, "PO"), (100, 50, "PO-1")]), tpl)
    assert result.status != "accepted"
    (rule,) = result.rules
    assert rule.passed is None
    assert ("po_ok() (validator 'po_checks' of formsift-strbool 0.1, module "
            "formsift_test_strbool_plugin) returned") in rule.message
    assert "a bool value must be a bool" in rule.message


@pytest.mark.parametrize("kind, body, problem", [
    ("money", "return float(raw)", "1250.5 (float), but a money value must be a Decimal"),
    ("number", "return raw", "'1250.5' (str), but a number value must be"),
    ("date", "return raw", "'1250.5' (str), but a date value must be a datetime.date"),
])
def test_a_field_type_returning_another_kind_of_value_is_a_plugin_error(
        install_plugin, make_pdf, kind, body, problem):
    """A money type whose parse returned a float gave a record with a float, accepted."""
    from formsift import Engine
    from formsift.templates import check_source

    dist = install_plugin("floaty", f"""
    from formsift import FieldType, hookimpl


    class Gross(FieldType):
        name = "gross"
        version = "1.0"
        value_kind = "{kind}"

        def parse(self, raw, ctx):
            {body}


    @hookimpl
    def formsift_register_field_types():
        return [Gross]
    """)
    reg = PluginRegistry.discover()
    (tpl,), _ = check_source('template t {\n  field g: gross = right of "Gross"\n}\n',
                             "t.sift", reg)
    with pytest.raises(PluginError) as err:
        Engine(registry=reg).extract(make_pdf([(50, 50, "Gross"), (100, 50, "1250.5")]), tpl,
                                     name="g.pdf")
    message = str(err.value)
    assert f"plugin 'floaty' ({dist}) failed on g.pdf" in message
    assert "field type 'gross'" in message and problem in message


def test_a_field_type_with_an_unknown_value_kind_is_invalid(install_plugin):
    dist = install_plugin("kindly", """
    from formsift import FieldType, hookimpl


    class Weight(FieldType):
        name = "weight"
        version = "1.0"
        value_kind = "string"


    @hookimpl
    def formsift_register_field_types():
        return [Weight]
    """)
    reg = PluginRegistry.discover()
    (problem,) = [p for p in reg.problems if p.distribution == dist]
    assert "'value_kind' must be one of bool, date, money, number, record, text, time (got " \
           "'string')" in problem.message
    assert "weight" not in reg.of_kind("field_type")


def test_an_exporter_that_fails_is_named_and_leaves_the_output_file(install_plugin, make_pdf,
                                                                   tmp_path, capsys):
    """An exporter writing bytes was an 'internal error' (exit 1) naming no plugin, and the
    existing output file was emptied."""
    from formsift import Engine
    from formsift.cli import EXIT_PLUGIN

    dist = install_plugin("bytesy", _EXPORTER.replace('stream.write("x")',
                                                      'stream.write(b"x")') + """
    @hookimpl
    def formsift_register_exporters():
        return [Csvish]
    """)
    reg = PluginRegistry.discover()
    result = Engine(templates=[], registry=reg).extract(make_pdf([(50, 50, "Hello")]))
    with pytest.raises(PluginError) as failed:
        Engine(registry=reg).export([result], io.StringIO(), "csvish")
    assert f"plugin 'bytesy' ({dist}) failed on the csvish export: TypeError" in \
        str(failed.value)
    code, err, kept = _export_over_an_old_file(tmp_path, make_pdf, capsys)
    assert code == EXIT_PLUGIN and "plugin 'bytesy'" in err and "Traceback" not in err
    assert kept
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_an_extra_plugin_that_fails_to_import_is_a_problem_like_an_installed_one():
    reg = PluginRegistry.discover(extra_plugins=[("mine", "formsift_no_such_module_x")])
    (problem,) = reg.problems
    assert problem.plugin == "mine" and "failed to import 'formsift_no_such_module_x': " \
        "ModuleNotFoundError" in problem.message
    assert "money" in reg.of_kind("field_type")  # the others are there
    with pytest.raises(PluginError, match="failed to import"):
        PluginRegistry.discover(strict=True,
                                extra_plugins=[("mine", "formsift_no_such_module_x")])


def test_classifier_and_observer_plugins_are_listed_by_their_hooks(install_plugin, capsys):
    """A plugin that only classifies or observes registered no component and was nowhere
    in `formsift plugins`: no way to see that it was loaded."""
    from formsift.cli import main
    from formsift.core.plugins import reset_default_registry

    dist = install_plugin("watcher", """
    from formsift import hookimpl


    @hookimpl
    def formsift_classify_page(page, templates):
        return None


    @hookimpl
    def formsift_result_ready(result):
        pass
    """)
    reset_default_registry()
    try:
        assert main(["plugins"]) == 0
        text = capsys.readouterr().out
        assert main(["plugins", "--json"]) == 0
        listed = json.loads(capsys.readouterr().out)["hooks"]
    finally:
        reset_default_registry()
    assert "formsift_classify_page (watcher)" in text and dist in text
    assert {(h["hook"], h["distribution"]) for h in listed} >= {
        ("formsift_classify_page", dist), ("formsift_result_ready", dist)}


def test_a_field_type_subclass_may_change_the_kind_and_find_may_yield(install_plugin, make_pdf):
    """A subclass of a built-in type giving text where its parent gave a date was blamed
    for its parent's (right) date; a find written as a generator found nothing."""
    from formsift import Engine
    from formsift.templates import check_source

    install_plugin("subtype", """
    from formsift import hookimpl
    from formsift.core.kinds import Found
    from formsift.plugins.fieldtypes.dates import DateType


    class IsoDate(DateType):
        name = "iso_date"
        version = "1.0"
        value_kind = "text"

        def parse(self, raw, ctx):
            return super().parse(raw, ctx).isoformat()

        def find(self, text, ctx):
            for f in super().find(text, ctx):
                yield Found(f.start, f.end, f.value.isoformat(), f.score)


    @hookimpl
    def formsift_register_field_types():
        return [IsoDate]
    """)
    reg = PluginRegistry.discover()
    assert not [p for p in reg.problems if "subtype" in p.distribution]
    (tpl,), _ = check_source('template t {\n  field d: iso_date = right of "Date"\n}\n',
                             "t.sift", reg)
    result = Engine(registry=reg).extract(make_pdf([(50, 50, "Date"), (100, 50, "03.04.2024")]),
                                          tpl)
    assert result.value("d") == "2024-04-03"


# -- what plugins give the engine, checked where it enters -------------------------------
def _inline_plugin(**hooks: Any) -> types.ModuleType:
    """A plugin made in the test: ``formsift_register_x=[classes]``, or a hook function.
    Its module is named under 'tests.', so code of this file counts as the plugin's."""
    module = types.ModuleType("tests.inline_plugin")
    for hook, value in hooks.items():
        func = value if callable(value) else (lambda value=value: list(value))
        setattr(module, hook, hookimpl(func))
    return module


def _run(reg: PluginRegistry, src: str, document: bytes, name: str = "doc.pdf") -> Any:
    from formsift import Engine
    from formsift.templates import check_source

    (tpl,), _ = check_source(src, "t.sift", reg)
    return Engine(registry=reg).extract(document, tpl, name=name)


def _functions(*functions: Any) -> types.ModuleType:
    from formsift import Validator

    class Checks(Validator):
        name = "inline_checks"
        version = "1.0"

        def functions(self):
            return list(functions)

    return _inline_plugin(formsift_register_validators=[Checks])


_PO = 'template t {\n  field po: text = right of "PO"\n  rule ok: RULE\n}\n'


@pytest.mark.parametrize("returns, impl, rule, message", [
    ("bool", lambda x: None, "not po_f(po)", "returned None, but a bool value must be"),
    ("number", lambda x: Decimal("-Infinity"), "po_f(po) <= 7",
     "returned Decimal('-Infinity') (Decimal), but a number value must be a finite"),
    ("number", lambda x: Decimal("NaN"), "po_f(po) <= 7",
     "returned Decimal('NaN') (Decimal), but a number value must be a finite"),
    ("money", lambda x: Decimal("Infinity"), "po_f(po) > 0",
     "returned Decimal('Infinity') (Decimal), but a money value must be a finite"),
])
def test_a_rule_function_returning_none_or_no_finite_number_leaves_the_rule_unevaluated(
        make_pdf, returns, impl, rule, message):
    """None from a bool function counted as False (so 'not f(x)' passed); -Infinity passed
    'f(x) <= 7'; NaN stopped the extraction with decimal.InvalidOperation (exit 1)."""
    from formsift import Function

    reg = PluginRegistry.discover(extra_plugins=[("inline", _functions(
        Function("po_f", ("text",), returns, impl)))], strict=True)
    result = _run(reg, _PO.replace("RULE", rule), make_pdf([(50, 50, "PO"), (100, 50, "A1")]))
    (outcome,) = result.rules
    assert outcome.passed is None and result.status != "accepted"
    assert message in outcome.message


@pytest.mark.parametrize("kind, value, problem", [
    ("money", Decimal("Infinity"), "Decimal('Infinity') (Decimal), but a money value must "
                                   "be a finite number"),
    ("money", Decimal("NaN"), "Decimal('NaN') (Decimal), but a money value must be a finite"),
    ("number", Decimal("-Infinity"), "but a number value must be a finite number"),
    ("date", datetime(2024, 4, 3), "datetime.datetime(2024, 4, 3, 0, 0) (datetime), but a "
                                   "date value must be a datetime.date, not a datetime"),
])
def test_a_field_type_returning_no_finite_number_or_a_datetime_is_a_plugin_error(
        make_pdf, kind, value, problem):
    """Decimal('Infinity') and a datetime were accepted as the value; NaN was too, or
    crashed the extraction (InvalidOperation) when a rule compared it."""
    from formsift import FieldType

    class Gross(FieldType):
        name = "gross"
        version = "1.0"
        value_kind = kind

        def parse(self, raw, ctx):
            return value

    reg = PluginRegistry.discover(extra_plugins=[("inline", _inline_plugin(
        formsift_register_field_types=[Gross]))], strict=True)
    src = 'template t {\n  field g: gross = right of "Gross"\n  rule r: present(g)\n}\n'
    with pytest.raises(PluginError) as err:
        _run(reg, src, make_pdf([(50, 50, "Gross"), (100, 50, "12.50")]), "g.pdf")
    assert "plugin 'inline' (<local>) failed on g.pdf" in str(err.value)
    assert "field type 'gross'" in str(err.value) and problem in str(err.value)


def _field_type(name: str, value_kind: str = "text") -> type:
    from formsift import FieldType

    return type("Custom", (FieldType,), {"name": name, "version": "1.0",
                                         "value_kind": value_kind,
                                         "parse": lambda self, raw, ctx: raw})


@pytest.mark.parametrize("hook, component, message", [
    ("formsift_register_field_types", _field_type("po_any", "any"),
     "'value_kind' must be one of bool, date, money, number, record, text, time (got 'any')"),
    ("formsift_register_field_types", _field_type("po-number"),
     "'name' must be a name templates can write"),
    ("formsift_register_preprocessors",
     type("Pre", (Preprocessor,), {"name": "my-pre", "version": "1.0"}),
     "'name' must be a name templates can write"),
    ("formsift_register_exporters",
     type("Exp", (Exporter,), {"name": "tsv", "version": "1.0", "Options": type(
         "Opts", (Options,), {"__annotations__": {"delimiter": str}})}),
     "its Options has required fields (delimiter)"),
    ("formsift_register_field_types",
     type("Part", (_field_type("part_no"),), {"positional": "nope"}),
     "'positional' names the option 'nope', which its Options does not have"),
])
def test_a_component_templates_or_the_cli_cannot_use_is_refused_at_registration(
        hook, component, message):
    """A value_kind 'any' (not a documented kind) and a hyphenated field type name (the
    template grammar cannot write it) registered; an exporter with a required option
    registered and then failed as an internal error when -f named it."""
    plugin = _inline_plugin(**{hook: [component]})
    reg = PluginRegistry.discover(extra_plugins=[("inline", plugin)])
    (problem,) = reg.problems
    assert problem.plugin == "inline" and message in problem.message
    assert component.name not in {i.name for i in reg.all()}
    with pytest.raises(PluginError, match="not a valid component"):
        PluginRegistry.discover(extra_plugins=[("inline", plugin)], strict=True)


def test_a_plugin_module_without_hooks_is_a_problem():
    """An entry point naming the package instead of the module with the hooks loaded
    nothing, and nothing said so, not even with --strict-plugins."""
    empty = types.ModuleType("tests.package_without_hooks")
    reg = PluginRegistry.discover(extra_plugins=[("wrong", empty)])
    (problem,) = reg.problems
    assert problem.plugin == "wrong" and "implements no formsift hook" in problem.message
    with pytest.raises(PluginError, match="implements no formsift hook"):
        PluginRegistry.discover(extra_plugins=[("wrong", empty)], strict=True)


@pytest.mark.parametrize("name", ["present", "sum", "count", "failed"])
def test_a_rule_function_named_like_a_builtin_of_the_rule_language_is_a_clash(name):
    """A function named 'present' or 'sum' registered, and rules ran the built-in."""
    from formsift import Function

    plugin = _functions(Function(name, ("any",), "bool", lambda x: True))
    reg = PluginRegistry.discover(extra_plugins=[("inline", plugin)])
    (problem,) = reg.problems
    assert f"rule function {name!r} of validator 'inline_checks' is already provided by " \
           f"the rule language" in problem.message
    assert name not in reg.functions
    with pytest.raises(PluginError, match="already provided"):
        PluginRegistry.discover(extra_plugins=[("inline", plugin)], strict=True)


def test_a_find_span_outside_the_text_is_a_plugin_error(make_pdf):
    """find() gave a value from nowhere (its span past the end of the text: raw '')."""
    from formsift import FieldType, Found

    class Amount(FieldType):
        name = "amount_far"
        version = "1.0"
        value_kind = "money"

        def parse(self, raw, ctx):
            return Decimal("12.50")

        def find(self, text, ctx):
            return [Found(500, 900, Decimal("99.99"))]

    reg = PluginRegistry.discover(extra_plugins=[("inline", _inline_plugin(
        formsift_register_field_types=[Amount]))], strict=True)
    src = 'template t {\n  field a: amount_far = right of "Amount"\n}\n'
    with pytest.raises(PluginError) as err:
        _run(reg, src, make_pdf([(50, 50, "Amount"), (100, 50, "12.50")]), "a.pdf")
    assert "plugin 'inline' (<local>) failed on a.pdf" in str(err.value)
    assert "field type 'amount_far'" in str(err.value)
    assert "find() returned a span 500..900 outside the text" in str(err.value)


def _word(text: str, box: tuple[float, ...], page: int) -> Word:
    return Word(text, Box(*box), page, 0.9, "inline_rec")


@pytest.mark.parametrize("returned, problem", [
    (lambda page: None, "recognize() returned None, not a list of formsift.Word"),
    (lambda page: ["Total", "12.50"], "recognize() returned 'Total' (str), not a "
                                      "formsift.Word"),
    (lambda page: [_word("Total", (0.1, 0.1, 0.2, 0.12), 7)],
     "recognize() returned a word of page index 7 for page index 0"),
    (lambda page: [_word("Total", (60, 80, 120, 95), page.index)],
     "recognize() returned a word whose box (60, 80, 120, 95) is not inside the page (0..1)"),
])
def test_what_a_recognizer_returns_is_checked_and_blamed_on_it(returned, problem):
    """None or strings were internal errors ('NoneType' object is not iterable); a word
    on page 8 of a 1-page scan, or boxes in pixels, ended up in the accepted record."""
    import cv2
    import numpy as np

    class Reader(Recognizer):
        name = "inline_rec"
        version = "1.0"

        def recognize(self, image, page, regions, constraint=None):
            return returned(page)

    reg = PluginRegistry.discover(extra_plugins=[("inline", _inline_plugin(
        formsift_register_recognizers=[Reader]))], strict=True)
    src = ('template t {\n  pipeline {\n    recognize inline_rec\n  }\n'
           '  field total: text = right of "Total"\n}\n')
    png = cv2.imencode(".png", np.full((100, 100, 3), 255, np.uint8))[1].tobytes()
    with pytest.raises(PluginError) as err:
        _run(reg, src, png, "scan.png")
    assert "plugin 'inline' (<local>) failed on scan.png" in str(err.value)
    assert "recognizer 'inline_rec'" in str(err.value) and problem in str(err.value)


def test_what_a_segmenter_returns_is_checked_and_blamed_on_it():
    """Boxes instead of TextRegions were an internal error ('Box' has no attribute 'kind')."""
    import cv2
    import numpy as np

    class Finder(Segmenter):
        name = "inline_seg"
        version = "1.0"

        def segment(self, image, page):
            return [Box(0.1, 0.1, 0.5, 0.2)]

    reg = PluginRegistry.discover(extra_plugins=[("inline", _inline_plugin(
        formsift_register_segmenters=[Finder]))], strict=True)
    src = ('template t {\n  pipeline {\n    segment inline_seg\n  }\n'
           '  field total: text = right of "Total"\n}\n')
    png = cv2.imencode(".png", np.full((100, 100, 3), 255, np.uint8))[1].tobytes()
    with pytest.raises(PluginError) as err:
        _run(reg, src, png, "scan.png")
    assert "plugin 'inline' (<local>) failed on scan.png" in str(err.value)
    assert "segmenter 'inline_seg'" in str(err.value)
    assert "segment() returned Box(x0=0.1, y0=0.1, x1=0.5, y1=0.2) (Box), not a " \
           "formsift.core.kinds.TextRegion" in str(err.value)


@pytest.mark.parametrize("pages, problem", [
    (None, "load() returned None, not a formsift.Document"),
    ([Page(index=3, width=10, height=10, words=[_word("Total", (0.1, 0.1, 0.2, 0.12), 3)])],
     "load() returned page index 3 as page 1 (index 0) of the document"),
    ([Page(index=0, width=10, height=10, words=[_word("Total", (0.1, 0.1, 0.2, 0.12), 3)])],
     "load() returned a word of page index 3 for page index 0"),
])
def test_what_a_loader_returns_is_checked_and_blamed_on_it(pages, problem):
    """None was an internal error; a page numbered 4 in a 1-page document was kept."""
    from formsift import Document

    class PoLoader(Loader):
        name = "po_loader"
        version = "1.0"

        def accepts(self, source):
            return source.name.endswith(".po")

        def load(self, source):
            if pages is None:
                return None
            return Document(id=source.id, name=source.name, media_type="text/x-po",
                            pages=pages, loader=self.name)

    reg = PluginRegistry.discover(extra_plugins=[("inline", _inline_plugin(
        formsift_register_loaders=[PoLoader]))], strict=True)
    src = 'template t {\n  field total: text = right of "Total"\n}\n'
    with pytest.raises(PluginError) as err:
        _run(reg, src, b"Total 12.50", "x.po")
    assert "plugin 'inline' (<local>) failed on x.po" in str(err.value)
    assert "loader 'po_loader'" in str(err.value) and problem in str(err.value)


def test_observers_cannot_change_what_they_observe(make_pdf):
    """A result_ready observer set status 'accepted' on a record that failed its rules and
    cleared the reasons; a document_loaded observer rewrote a word, and the rule passed."""
    from formsift import Function

    def loaded(document):
        for page in document.pages:
            for w in page.words:
                w.text = "OK" if w.text == "BAD" else w.text
            page.words.append(Word("OK", Box(0.5, 0.5, 0.6, 0.52), page.index))

    def ready(result):
        result.status = "accepted"
        result.reasons.clear()
        result.fields["po"].value = "OK"

    plugin = _functions(Function("po_ok", ("text",), "bool", lambda x: x == "OK"))
    plugin.formsift_document_loaded = hookimpl(loaded)
    plugin.formsift_result_ready = hookimpl(ready)
    reg = PluginRegistry.discover(extra_plugins=[("inline", plugin)], strict=True)
    result = _run(reg, _PO.replace("RULE", "po_ok(po)"),
                  make_pdf([(50, 50, "PO"), (100, 50, "BAD")]))
    assert result.status == "review" and [r.code for r in result.reasons] == ["rule_failed"]
    assert result.value("po") == "BAD" and result.rules[0].passed is False
    assert not result.audit.plugin_errors


def test_field_types_and_validators_are_set_up_before_first_use(make_pdf):
    """setup() ran for preprocessors and exporters only: a field type's parse met an
    attribute setup() sets (AttributeError), a validator's rule was never evaluated."""
    from formsift import FieldType, Function, Validator

    class Customer(FieldType):
        name = "customer_id"
        version = "1.0"

        def setup(self):
            self.table = {"C1": "customer-1"}

        def parse(self, raw, ctx):
            return self.table.get(raw.strip(), raw.strip())

    class Known(Validator):
        name = "known_customers"
        version = "1.0"

        def setup(self):
            self.known = {"customer-1"}

        def functions(self):
            return [Function("known", ("text",), "bool", lambda x: x in self.known)]

    plugin = _inline_plugin(formsift_register_field_types=[Customer],
                            formsift_register_validators=[Known])
    reg = PluginRegistry.discover(extra_plugins=[("inline", plugin)], strict=True)
    src = 'template t {\n  field c: customer_id = right of "Customer"\n  rule k: known(c)\n}\n'
    result = _run(reg, src, make_pdf([(50, 50, "Customer"), (140, 50, "C1")]))
    assert result.value("c") == "customer-1" and result.rules[0].passed is True


@pytest.mark.parametrize("check, problem", [
    (lambda args: 1 / 0, "check() raised ZeroDivisionError: division by zero"),
    (lambda args: "bad template", "check() returned 'bad template', not (message, hint) "
                                  "or None"),
])
def test_a_rule_function_check_that_fails_is_named_at_the_rule(check, problem):
    """A check() that raised was an internal error ('please report it'); one returning a
    string showed its letters as message and hint."""
    from formsift import Function
    from formsift.templates import check_source

    plugin = _functions(Function("po_f", ("text",), "bool", lambda x: True, check=check))
    reg = PluginRegistry.discover(extra_plugins=[("inline", plugin)], strict=True)
    _, diagnostics = check_source(_PO.replace("RULE", "po_f(po)"), "t.sift", reg)
    (diagnostic,) = diagnostics
    assert diagnostic.severity == "error" and diagnostic.line == 3
    assert "rule function 'po_f' (validator 'inline_checks', distribution '<local>'): " \
           + problem in diagnostic.message


def test_a_preprocessor_returning_four_channels_is_named():
    """A BGRA image passed as an image, and the OCR model failed on it: an internal error
    ('Got invalid dimensions for input ... Got: 4 Expected: 3')."""
    import cv2
    import numpy as np

    class Alpha(Preprocessor):
        name = "add_alpha"
        version = "1.0"

        def process(self, image, page):
            return np.dstack([image, np.full(image.shape[:2], 255, np.uint8)])

    class Reader(Recognizer):
        name = "inline_rec"
        version = "1.0"

        def recognize(self, image, page, regions, constraint=None):
            return []

    reg = PluginRegistry.discover(extra_plugins=[("inline", _inline_plugin(
        formsift_register_preprocessors=[Alpha], formsift_register_recognizers=[Reader]))],
        strict=True)
    src = ('template t {\n  pipeline {\n    preprocess add_alpha\n    recognize inline_rec\n'
           '  }\n  field total: text = right of "Total"\n}\n')
    png = cv2.imencode(".png", np.full((100, 100, 3), 255, np.uint8))[1].tobytes()
    with pytest.raises(PluginError) as err:
        _run(reg, src, png, "scan.png")
    assert "plugin 'inline' (<local>) failed on scan.png" in str(err.value)
    assert "preprocessor 'add_alpha'" in str(err.value)
    assert "process() returned an array of shape (100, 100, 4), not a gray or BGR image" in \
        str(err.value)


def test_an_exporter_that_writes_nothing_is_named_and_leaves_the_output_file(
        install_plugin, make_pdf, tmp_path, capsys):
    """An exporter that wrote nothing exited 0 and emptied the -o file."""
    from formsift import Engine
    from formsift.cli import EXIT_PLUGIN

    dist = install_plugin("silent", _EXPORTER.replace('stream.write("x")', 'return') + """
    @hookimpl
    def formsift_register_exporters():
        return [Csvish]
    """)
    reg = PluginRegistry.discover()
    result = Engine(templates=[], registry=reg).extract(make_pdf([(50, 50, "Hello")]))
    with pytest.raises(PluginError) as failed:
        Engine(registry=reg).export([result], io.StringIO(), "csvish")
    assert f"plugin 'silent' ({dist}) failed on the csvish export: it wrote nothing for " \
           f"1 result(s)" in str(failed.value)
    Engine(registry=reg).export([], io.StringIO(), "csvish")  # nothing to write: fine
    code, err, kept = _export_over_an_old_file(tmp_path, make_pdf, capsys)
    assert code == EXIT_PLUGIN and "plugin 'silent'" in err
    assert kept


def test_a_field_type_that_reads_a_blank_text_finds_no_value(make_pdf):
    """A text type whose parse gave "" for a required field: the record was accepted with
    an empty name."""
    from formsift import FieldType

    class Name(FieldType):
        name = "name_field"
        version = "1.0"

        def parse(self, raw, ctx):
            return raw.replace("Unknown", "").strip()

    reg = PluginRegistry.discover(extra_plugins=[("inline", _inline_plugin(
        formsift_register_field_types=[Name]))], strict=True)
    src = 'template t {\n  field n: name_field = right of "Name"\n}\n'
    result = _run(reg, src, make_pdf([(50, 50, "Name"), (100, 50, "Unknown")]))
    assert result.fields["n"] is None
    assert [r.code for r in result.reasons] == ["field_missing"]


def _export_over_an_old_file(tmp_path, make_pdf, capsys) -> tuple[int, str, bool]:
    """``formsift extract -f csvish -o out.txt`` over an existing out.txt: the exit code,
    standard error, and whether out.txt still holds what it held."""
    from formsift.cli import main
    from formsift.core.plugins import reset_default_registry

    (tmp_path / "doc.pdf").write_bytes(make_pdf([(50, 50, "Hello")]))
    out = tmp_path / "out.txt"
    out.write_text("yesterday's export\n")
    reset_default_registry()
    try:
        code = main(["extract", str(tmp_path / "doc.pdf"), "-f", "csvish", "-o", str(out),
                     "--no-progress"])
    finally:
        reset_default_registry()
    return code, capsys.readouterr().err, out.read_text() == "yesterday's export\n"
