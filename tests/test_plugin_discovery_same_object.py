"""Plugin discovery after a code read of the discovery change (task JBF): the same class or
hook registered twice is no clash, a misspelt optional hook is reported, a dist-info
without METADATA, and a failure blamed on the entry point whose code raised."""

from __future__ import annotations

import sys
import textwrap

import pytest

from formsift import Engine
from formsift.core.errors import PluginError
from formsift.core.plugins import PluginRegistry, default_registry, reset_default_registry
from formsift.templates import check_source
from tests.fake_dists import field_type_plugin


@pytest.fixture
def install(fake_site):
    """install(name, modules, entries, metadata=True) puts a distribution ``formsift-<name>``
    on sys.path (a dist-info folder as pip leaves it; without METADATA when ``metadata`` is
    False) with ``modules`` (module name -> source) and ``formsift`` entry points
    ``entries`` (entry-point name -> value) -> the distribution's name."""
    yield fake_site.install
    reset_default_registry()


_CONTAINER = """
    from formsift import FieldType, Function, Validator, hookimpl


    class Container(FieldType):
        name = "container_no"
        version = "1.0"
        value_kind = "text"

        def parse(self, raw, ctx):
            return raw.replace(" ", "")


    CHECK = Function("container_check", ("text",), "bool", lambda x: len(x) == 11)


    class Checks(Validator):
        name = "jbf_checks"
        version = "1.0"

        def functions(self):
            return [CHECK]


    class AllChecks(Checks):  # a suite: the same functions, under another name
        name = "jbf_all_checks"


    CALLS = []


    @hookimpl
    def formsift_register_field_types():
        CALLS.append("field_types")
        return [Container]


    @hookimpl
    def formsift_register_validators():
        return [Checks, AllChecks]
"""

_SUITE = """
    from formsift import hookimpl
    from jbf_core import Container


    @hookimpl
    def formsift_register_field_types():
        return [Container]
"""


def _mine(reg: PluginRegistry, dist: str) -> list[str]:
    return [str(p) for p in reg.problems if p.distribution == dist]


def test_one_class_from_two_entry_points_of_one_distribution_is_used(install):
    """A distribution whose 'suite' entry point registers its core module's class again:
    the class was 'provided by plugin 'core' ... and plugin 'suite' ..., so neither is
    used'."""
    dist = install("jbfa", {"jbf_core": _CONTAINER, "jbf_suite": _SUITE},
                   {"core": "jbf_core", "suite": "jbf_suite"})
    reg = PluginRegistry.discover(strict=True)
    info = reg.get("field_type", "container_no")
    assert (info.distribution, info.plugin, info.cls.__module__) == (dist, "core", "jbf_core")
    assert reg.conflicts.get(info.kind, {}) == {}


def test_a_class_a_hook_lists_twice_is_used(install):
    dist = install("jbfb", {"jbf_core": _CONTAINER.replace("return [Container]",
                                                           "return [Container, Container]")},
                   {"core": "jbf_core"})
    reg = PluginRegistry.discover()
    assert _mine(reg, dist) == []
    assert reg.get("field_type", "container_no").distribution == dist


def test_one_rule_function_offered_by_a_validator_and_its_subclass_is_used(install):
    """Two validators of one plugin offering the same Function: the rule function was a
    stand-in refusing it ('rule function 'container_check' is provided by ... so neither
    is used')."""
    dist = install("jbfc", {"jbf_core": _CONTAINER}, {"core": "jbf_core"})
    reg = PluginRegistry.discover()
    assert _mine(reg, dist) == []
    fn, validator = reg.functions["container_check"]
    assert validator == "jbf_checks" and fn.impl("ABCU1234560") is True
    _, diagnostics = check_source(
        'template dn {\n  field c: container_no = right of "Container"\n'
        '  rule ok: container_check(c)\n}\n', "dn.sift", reg)
    assert [d for d in diagnostics if d.severity == "error"] == []


def test_a_function_entry_point_and_its_module_given_as_a_local_plugin_load_once(install):
    """``core = jbf_core:formsift_register_field_types`` installed, and ``jbf_core`` given
    again (a plugin's own tests: Engine(plugins=["jbf_core"])): the stand-in module did not
    count as 'already registered', the hook ran twice and the type was refused."""
    dist = install("jbfd", {"jbf_core": _CONTAINER.replace(
        "@hookimpl\n    def formsift_register_validators", "def _validators")},
        {"core": "jbf_core:formsift_register_field_types"})
    reg = PluginRegistry.discover(extra_plugins=["jbf_core"], strict=True)
    info = reg.get("field_type", "container_no")
    assert (info.distribution, info.plugin) == (dist, "core")
    assert sys.modules["jbf_core"].CALLS == ["field_types"]
    default_registry(plugins=["jbf_core"])  # --plugin jbf_core: no "implements no hook"


def test_a_local_plugin_with_more_hooks_than_its_function_entry_point_loads_whole(install):
    """The module given locally has a hook the entry point does not name: it is loaded as
    the module, and the hook the entry point names is called once."""
    install("jbfe", {"jbf_core": _CONTAINER},
            {"core": "jbf_core:formsift_register_field_types"})
    reg = PluginRegistry.discover(extra_plugins=["jbf_core"], strict=True)
    assert reg.get("field_type", "container_no").plugin == "jbf_core"
    assert "container_check" in reg.functions
    assert sys.modules["jbf_core"].CALLS == ["field_types"]
    assert [p.name for p in reg.plugins if p.name in ("core", "jbf_core")] == ["jbf_core"]


def test_two_classes_of_one_name_still_clash(install):
    """A guard: another class of the same name is still used from neither."""
    other = _SUITE.replace("from jbf_core import Container", "from jbf_core import Container "
                           "as Base\n\n\n    class Container(Base):\n        pass")
    install("jbff", {"jbf_core": _CONTAINER, "jbf_suite": textwrap.dedent(other)},
            {"core": "jbf_core", "suite": "jbf_suite"})
    reg = PluginRegistry.discover()
    assert "container_no" not in reg.of_kind("field_type")
    assert "so neither is used" in reg.conflict("field_type", "container_no")


_TYPO = field_type_plugin(("Seal", "seal_no", "text", "raw")).replace(
    "@hookimpl\n    def formsift_register_field_types():",
    "@hookimpl(optionalhook=True)\n    def formsift_register_field_type():  # no s: never called")


def test_a_misspelt_optional_hook_is_a_problem_with_a_did_you_mean(install):
    """optionalhook=True on 'formsift_register_field_type' was a note only `formsift
    plugins` showed: the field type was missing and nothing said why."""
    dist = install("jbfg", {"jbf_typo": _TYPO}, {"typo": "jbf_typo"})
    reg = PluginRegistry.discover()
    (problem,) = _mine(reg, dist)
    assert "its optional hook 'formsift_register_field_type' is not a hook of formsift" \
        in problem and "did you mean 'formsift_register_field_types'?" in problem
    assert not [n for n in reg.notes if dist in n]
    with pytest.raises(PluginError, match="did you mean 'formsift_register_field_types'"):
        PluginRegistry.discover(strict=True)


def test_a_dist_info_without_metadata_does_not_stop_discovery(install):
    """TypeError in _normalize_dist(None): a broken install stopped every plugin."""
    install("jbfh", {"jbf_core": _CONTAINER}, {"nometa": "jbf_core"}, metadata=False)
    reg = PluginRegistry.discover()
    info = reg.get("field_type", "container_no")
    assert info.plugin == "nometa" and info.distribution == "formsift-jbfh"
    for name in ("nometa", "formsift-jbfh"):
        blocked = PluginRegistry.discover(block=[name])
        assert "container_no" not in blocked.of_kind("field_type") and not blocked.warnings


_BROKEN_HOOKS = field_type_plugin(("Pallets", "pallet_count", "number", "int(raw)"))
_BROKEN_RUNTIME = field_type_plugin(("Crashy", "crashy", "text", '{"a": 1}["b"]'),
                                    ("Shared", "shared_crash", "text", "boom()"),
                                    imports="from jbf_broken.common import boom")
_BROKEN_COMMON = """
    def boom():
        raise ValueError("in a helper the package's entry points share")
"""


def _broken(install) -> str:
    return install("jbfi", {"jbf_broken.hooks": _BROKEN_HOOKS,
                            "jbf_broken.runtime": _BROKEN_RUNTIME,
                            "jbf_broken.common": _BROKEN_COMMON},
                   {"runtime": "jbf_broken.runtime",
                    "with_attr": "jbf_broken.hooks:formsift_register_field_types"})


def _failure(reg: PluginRegistry, field_type: str, make_pdf) -> str:
    (tpl,), _ = check_source(f'template t {{\n  field c: {field_type} = right of "PO"\n}}\n',
                             "t.sift", reg)
    with pytest.raises(PluginError) as err:
        Engine(registry=reg).extract(make_pdf([(50, 50, "PO"), (100, 50, "7")]), tpl,
                                     name="po.pdf")
    return str(err.value)


def test_a_failure_names_the_entry_point_whose_code_raised(install, make_pdf):
    """A crash in entry point 'runtime' was blamed on 'with_attr', the last registered
    plugin of the package."""
    dist = _broken(install)
    reg = PluginRegistry.discover(strict=True)
    message = _failure(reg, "crashy", make_pdf)
    assert message.startswith(f"plugin 'runtime' ({dist}) failed on po.pdf: ")
    assert "KeyError: 'b' (at jbf_broken.runtime:" in message


def test_a_failure_in_a_shared_module_names_the_caller_or_the_distribution(install):
    """The innermost frame (a helper module no entry point names) tells no plugin apart:
    the caller's module does; with no such caller, only the distribution is named."""
    dist = _broken(install)
    reg = PluginRegistry.discover(strict=True)
    shared = reg.get("field_type", "shared_crash").cls
    with pytest.raises(ValueError) as err:
        shared().parse("7", None)
    plugin, where_dist, where = reg.plugin_in_traceback(err.value)
    assert (plugin, where_dist) == ("runtime", dist) and where.startswith("jbf_broken.common:")
    from jbf_broken.common import boom

    with pytest.raises(ValueError) as err:
        boom()
    assert reg.plugin_in_traceback(err.value)[:2] == ("", dist)
