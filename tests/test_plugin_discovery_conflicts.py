"""Plugin discovery as a plugin author meets it: two distributions registering one name,
a ``module:function`` entry point, an optional hook of a newer formsift, a distribution
that requires another formsift version (task J's findings 1.3, 2.3, 2.4, 3.1)."""

from __future__ import annotations

import pytest

from formsift.core.errors import ComponentNotFound, PluginError
from formsift.core.plugins import PluginRegistry
from formsift.templates import check_source
from tests.fake_dists import field_type_plugin


@pytest.fixture
def install(fake_site):
    """install(name, source, folder=..., entry=..., requires=...) installs a distribution
    ``formsift-<name>`` (a dist-info folder on sys.path, as pip leaves it) whose
    ``formsift`` entry point is ``entry`` (default: its module) -> the distribution."""

    def install_one(name: str, source: str, *, folder: str = "site", entry: str = "",
                    requires: tuple[str, ...] = ()) -> str:
        module = f"formsift_jb_{name}_plugin"
        return fake_site.install(name, {module: source}, {name: entry or module},
                                 folder=folder, requires=requires)

    return install_one


_CONTAINER = field_type_plugin(("Container", "container_no", "text", 'raw.replace(" ", "")'),
                               imports="from formsift import Function, Validator") + """

    class Checks(Validator):
        name = "{validator}"
        version = "1.0"

        def functions(self):
            return [Function("container_check", ("text",), "bool", lambda x: {verdict})]


    @hookimpl
    def formsift_register_validators():
        return [Checks]
"""

_TEMPLATE = """template dn {
  field c: container_no = right of "Container"
  rule ok: container_check(c)
}
"""


def _two_container_plugins(install, strict_first: bool) -> None:
    """A strict and a lax container plugin, in one order or the other on sys.path (the
    order ``importlib.metadata`` lists them in: the machine's, not the user's)."""
    plugins = [("strict", _CONTAINER.format(validator="strict_checks", verdict="len(x) == 11")),
               ("lax", _CONTAINER.format(validator="lax_checks", verdict="True"))]
    if not strict_first:
        plugins.reverse()
    for i, (name, source) in enumerate(plugins):  # later folders are prepended: first
        install(name, source, folder=f"site{len(plugins) - i}")


@pytest.mark.parametrize("strict_first", [True, False])
def test_a_name_two_plugins_register_is_used_from_neither(install, strict_first):
    """The first entry point listed won (the folder's order), the other was a warning: a
    lax container type could replace a strict one depending on the machine."""
    _two_container_plugins(install, strict_first)
    reg = PluginRegistry.discover()
    assert "container_no" not in reg.of_kind("field_type")
    with pytest.raises(ComponentNotFound) as err:
        reg.get("field_type", "container_no")
    message = str(err.value)
    assert "field type 'container_no' is provided by plugin 'lax' of 'formsift-lax' and " \
           "plugin 'strict' of 'formsift-strict', so neither is used" in message
    assert "--block NAME" in message
    problems = " ".join(p.message for p in reg.problems)
    assert "field type 'container_no' is provided by" in problems
    assert "rule function 'container_check' is provided by validator 'lax_checks' of " \
           "'formsift-lax' and validator 'strict_checks' of 'formsift-strict'" in problems


def test_a_template_using_a_clashing_name_fails_at_its_lines(install):
    _two_container_plugins(install, strict_first=True)
    reg = PluginRegistry.discover()
    _, diagnostics = check_source(_TEMPLATE, "dn.sift", reg)
    errors = [d for d in diagnostics if d.severity == "error"]
    assert [d.line for d in errors] == [2, 3]
    assert "field type 'container_no' is provided by plugin 'lax'" in errors[0].message
    assert "rule function 'container_check' is provided by validator 'lax_checks'" in \
        errors[1].message
    assert all("--block NAME" in (d.hint or "") for d in errors)
    with pytest.raises(PluginError, match="neither is used"):
        reg.functions["container_check"][0].impl("CSQU3054383")


def test_blocking_one_of_two_plugins_chooses_the_other(install):
    _two_container_plugins(install, strict_first=False)
    reg = PluginRegistry.discover(block=["formsift-lax"])
    assert reg.get("field_type", "container_no").distribution == "formsift-strict"
    (fn, owner), = [reg.functions["container_check"]]
    assert owner == "strict_checks" and fn.impl("CSQU") is False
    assert reg.problems == [] and not any(reg.conflicts.values())
    templates, diagnostics = check_source(_TEMPLATE, "dn.sift", reg)
    assert len(templates) == 1 and not [d for d in diagnostics if d.severity == "error"]


def test_a_clash_is_an_error_in_strict_mode(install):
    _two_container_plugins(install, strict_first=True)
    with pytest.raises(PluginError, match="'container_no' is provided by plugin 'lax' of "
                                          "'formsift-lax' and plugin 'strict'"):
        PluginRegistry.discover(strict=True)


def test_a_built_in_name_stays_the_built_ins(install):
    dist = install("money", field_type_plugin(("Money", "money", "text", "raw")))
    reg = PluginRegistry.discover()
    assert reg.get("field_type", "money").distribution == "formsift"
    (problem,) = [p for p in reg.problems if p.distribution == dist]
    assert "already provided by distribution 'formsift'" in problem.message


_PALLETS = field_type_plugin(("Pallets", "pallet_count", "number", "int(raw)")) + """

    def formsift_helper():
        return [Pallets]


    def not_a_hook():
        return [Pallets]
"""


def test_an_entry_point_naming_the_hook_function_loads_it(install):
    """``module:function`` was 'implements no formsift hook (no function decorated with
    @hookimpl)' although the function is decorated."""
    module = "formsift_jb_attr_plugin"
    dist = install("attr", _PALLETS, entry=f"{module}:formsift_register_field_types")
    reg = PluginRegistry.discover()
    assert [p for p in reg.problems if p.distribution == dist] == []
    info = reg.get("field_type", "pallet_count")
    assert (info.distribution, info.plugin) == (dist, "attr")


def test_an_entry_point_naming_a_function_that_is_no_hook_says_so(install):
    module = "formsift_jb_nohook_plugin"
    dist = install("nohook", _PALLETS, entry=f"{module}:not_a_hook")
    reg = PluginRegistry.discover()
    (problem,) = [p for p in reg.problems if p.distribution == dist]
    assert problem.message == (
        f"the entry point '{module}:not_a_hook' names the function 'not_a_hook', which is "
        f"not decorated with @hookimpl (from formsift import hookimpl): decorate it, or "
        f"name the module that holds the hooks ('{module}')")
    assert "pallet_count" not in reg.of_kind("field_type")


_SEAL = field_type_plugin(("Seal", "seal_no", "text", "raw"))
_FUTURE = _SEAL + """

    @hookimpl(optionalhook=True)
    def formsift_register_classifiers():  # a hook a later formsift may have
        return []
"""


def test_an_optional_hook_this_version_lacks_is_skipped_with_a_note(install):
    """The whole plugin was refused ('implements unknown hook(s) ... did you mean
    'formsift_register_loaders'?'): no plugin could use a newer hook and load here."""
    dist = install("future", _FUTURE)
    reg = PluginRegistry.discover(strict=True)
    assert reg.get("field_type", "seal_no").distribution == dist
    (note,) = [n for n in reg.notes if dist in n]
    assert "its optional hook 'formsift_register_classifiers' is not a hook of formsift" \
           in note and "did you mean" not in note


def test_a_misspelt_hook_without_optionalhook_is_still_refused(install):
    dist = install("typo", _FUTURE.replace("@hookimpl(optionalhook=True)", "@hookimpl"))
    reg = PluginRegistry.discover()
    (problem,) = [p for p in reg.problems if p.distribution == dist]
    assert "implements unknown hook(s) 'formsift_register_classifiers'" in problem.message
    assert "seal_no" not in reg.of_kind("field_type")


@pytest.mark.parametrize("requires", ["formsift>=9.0", "formsift<0.0.1",
                                      "formsift[ray]>=9.0"])
def test_a_plugin_requiring_another_formsift_version_is_refused(install, requires):
    """A plugin declaring ``Requires-Dist: formsift>=9.0`` loaded silently on 0.1.0."""
    from importlib.metadata import version

    dist = install("newer", _SEAL, requires=("python-stdnum>=1.0", requires))
    reg = PluginRegistry.discover()
    (problem,) = [p for p in reg.problems if p.distribution == dist]
    assert problem.message.startswith(
        f"requires formsift{requires.split('formsift')[1].replace('[ray]', '')}, but "
        f"formsift {version('formsift')} is installed: not loaded")
    assert "seal_no" not in reg.of_kind("field_type")
    with pytest.raises(PluginError, match="is installed: not loaded"):
        PluginRegistry.discover(strict=True)


@pytest.mark.parametrize("requires", ["formsift>=0.1", "formsift", "formsift<0.0.1; "
                                      "extra == 'old'", "formsift>=9; python_version < '3'"])
def test_a_plugin_whose_formsift_requirement_is_met_loads(install, requires):
    dist = install("fits", _SEAL, requires=(requires,))
    reg = PluginRegistry.discover(strict=True)
    assert reg.get("field_type", "seal_no").distribution == dist


def test_entry_points_are_taken_in_a_stated_order(install):
    """Built-ins first, then by distribution and entry-point name, whatever the order of
    the folders on sys.path."""
    install("alpha", _SEAL.replace("seal_no", "alpha_no"), folder="a")
    install("zeta", _SEAL.replace("seal_no", "zeta_no"), folder="b")  # listed first
    reg = PluginRegistry.discover()
    names = [p.distribution for p in reg.plugins]
    assert names.index("formsift-alpha") < names.index("formsift-zeta")
    assert all(n == "formsift" for n in names[:names.index("formsift-alpha")])
