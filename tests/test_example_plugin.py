"""A third-party plugin distribution, pip-installed, adds components the engine uses.

The session fixture installs ``examples/plugins/formsift-example`` into the running
interpreter (offline with ``--no-build-isolation`` when the environment can build wheels;
else a plain ``pip install``, which fetches setuptools), unless the same version of it is
already installed.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from datetime import date
from importlib import metadata
from pathlib import Path

import pytest

from formsift.core.locale import get_locale
from formsift.core.plugins import PluginRegistry, reset_default_registry

PLUGIN = Path(__file__).resolve().parents[1] / "examples" / "plugins" / "formsift-example"
DIST = "formsift-example"
OFFLINE_MARKERS = ("Could not find a version", "No matching distribution",
                   "Failed to establish a new connection", "Temporary failure in name",
                   "Network is unreachable")


def _installed_is_current() -> bool:
    """Whether formsift-example is installed with the same module files as the source."""
    try:
        dist = metadata.distribution(DIST)
    except metadata.PackageNotFoundError:
        return False
    for source in (PLUGIN / "src" / "formsift_example").glob("*.py"):
        installed = next((f for f in dist.files or ()
                          if f.name == source.name and f.parent.name == "formsift_example"),
                         None)
        if installed is None:
            return False
        try:
            if Path(dist.locate_file(installed)).read_bytes() != source.read_bytes():
                return False
        except OSError:
            return False
    return True


def _pip_install(tmp: Path) -> None:
    # build from a copy: pip builds in the source tree and would leave build/ and *.egg-info
    src = tmp / "formsift-example"
    shutil.copytree(PLUGIN, src, ignore=shutil.ignore_patterns("build", "*.egg-info",
                                                               "__pycache__"))
    cmd = [sys.executable, "-m", "pip", "install", "--no-deps", "--force-reinstall", "-q",
           "--disable-pip-version-check"]
    run = subprocess.run([*cmd, "--no-build-isolation", str(src)], capture_output=True,
                         text=True)
    if run.returncode != 0:
        # e.g. setuptools < 70.1 without the `wheel` package: let pip fetch a build backend
        run = subprocess.run([*cmd, str(src)], capture_output=True, text=True)
    if run.returncode != 0:
        if any(m in run.stderr for m in OFFLINE_MARKERS):
            pytest.skip("cannot build formsift-example offline and the index is unreachable")
        pytest.fail(f"pip install of the example plugin failed:\n{run.stderr}")


@pytest.fixture(scope="session")
def installed(tmp_path_factory):
    if not _installed_is_current():
        _pip_install(tmp_path_factory.mktemp("plugin"))
        importlib.invalidate_caches()
        for mod in [m for m in sys.modules if m.split(".")[0] == "formsift_example"]:
            del sys.modules[mod]
    assert metadata.distribution(DIST).version == "0.1.0"
    reset_default_registry()
    yield DIST
    reset_default_registry()


@pytest.fixture(scope="session")
def plugin_registry(installed):
    return PluginRegistry.discover()


@pytest.fixture
def ctx():
    from formsift.core.kinds import ParseContext

    return ParseContext(get_locale("nl"))


def test_the_plugin_is_discovered_with_its_distribution(installed, plugin_registry):
    info = plugin_registry.get("field_type", "nl_postcode")
    assert (info.distribution, info.dist_version, info.plugin) == (installed, "0.1.0",
                                                                   "example")
    assert info.version == "0.1.0" and info.cls.value_kind == "text"
    checks = plugin_registry.get("validator", "example-checks")
    assert (checks.distribution, checks.dist_version) == (installed, "0.1.0")
    assert not [p for p in plugin_registry.problems if p.distribution == installed]
    # built-ins still come from formsift itself
    assert plugin_registry.get("field_type", "date").distribution == "formsift"


def test_the_plugin_can_be_blocked_by_entry_point_or_distribution(installed):
    for name in ("example", installed):
        reg = PluginRegistry.discover(block=[name])
        assert "nl_postcode" not in reg.of_kind("field_type")
        assert "example-checks" not in reg.of_kind("validator")
        assert "date" in reg.of_kind("field_type")
        assert not reg.problems or all(p.distribution != installed for p in reg.problems)


def test_the_plugin_can_be_blocked_from_the_environment(installed, monkeypatch):
    monkeypatch.setenv("FORMSIFT_BLOCK_PLUGINS", "something-else, example")
    assert "nl_postcode" not in PluginRegistry.discover().of_kind("field_type")


def test_the_default_registry_sees_the_plugin_after_a_reset(installed):
    from formsift.core.plugins import default_registry

    reset_default_registry()
    assert "nl_postcode" in default_registry().of_kind("field_type")


def test_postcode_parses_whole_values(plugin_registry, ctx):
    postcode = plugin_registry.create("field_type", "nl_postcode")
    assert postcode.parse("1234 AB", ctx) == "1234AB"
    assert postcode.parse(" 1234AB ", ctx) == "1234AB"
    assert postcode.parse("9999  zz", ctx) == "9999ZZ"
    for bad in ("0123 AB", "12345 AB", "1234 A", "1234 ABC", "1234 SS", "AB 1234", ""):
        with pytest.raises(ValueError):
            postcode.parse(bad, ctx)


def test_postcode_is_found_inside_longer_text(plugin_registry, ctx):
    postcode = plugin_registry.create("field_type", "nl_postcode")
    text = "Postcode: 1234 AB Amsterdam"
    (found,) = postcode.find(text, ctx)
    assert found.value == "1234AB"
    assert text[found.start:found.end] == "1234 AB"
    two = postcode.find("Van 1011AB naar 3512 JE Utrecht", ctx)
    assert [f.value for f in two] == ["1011AB", "3512JE"]
    assert postcode.find("Invoice 12345 AB, 1234 ABC, 1234 SD, 1234 ab", ctx) == []


def test_postcode_schema_constraint_and_options(plugin_registry, ctx):
    import jsonschema

    postcode = plugin_registry.create("field_type", "nl_postcode")
    schema = postcode.json_schema()
    jsonschema.validate("1234AB", schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate("1234 AB", schema)
    constraint = postcode.constraint()
    assert set("0123456789AZ ") <= set(constraint.alphabet) and "a" not in constraint.alphabet
    assert constraint.pattern
    spaced = plugin_registry.create("field_type", "nl_postcode", {"format": "spaced"})
    assert spaced.parse("1234AB", ctx) == "1234 AB"
    jsonschema.validate("1234 AB", spaced.json_schema())
    with pytest.raises(ValueError):  # pydantic's ValidationError: unknown option
        plugin_registry.create("field_type", "nl_postcode", {"fromat": "spaced"})


def test_is_weekday_function(plugin_registry):
    checks = plugin_registry.create("validator", "example-checks")
    (fn,) = checks.functions()
    assert (fn.name, fn.params, fn.returns) == ("is_weekday", ("date",), "bool")
    assert fn.impl(date(2024, 3, 5)) is True  # a Tuesday
    assert fn.impl(date(2024, 3, 9)) is False  # a Saturday
    assert fn.impl(date(2024, 3, 10)) is False  # a Sunday


def test_the_engine_uses_the_plugin_in_a_template(installed, plugin_registry, make_pdf):
    from formsift.core.engine import Engine
    from formsift.templates import check_source

    src = '''template dutch_letter {
      field zip: nl_postcode = right of "Postcode"
      field sent: date = right of "Datum"
      warn on_weekday: is_weekday(sent)
    }'''
    (tpl,), diags = check_source(src, "dutch.sift", plugin_registry)
    assert not diags
    pdf = make_pdf([(50, 100, "Postcode: 1234 AB Amsterdam"), (50, 120, "Datum: 05.03.2024")])
    result = Engine(registry=plugin_registry).extract(pdf, tpl)
    assert result.value("zip") == "1234AB"
    assert result.rules[0].passed is True  # 5 March 2024 was a Tuesday
    refs = {(c.name, c.distribution) for c in result.audit.components}
    assert ("nl_postcode", installed) in refs


def test_the_checker_rejects_a_misspelt_option(plugin_registry):
    from formsift.templates import check_source

    src = '''template t {
      field zip: nl_postcode(fromat="spaced") = right of "Postcode"
    }'''
    _, diags = check_source(src, "t.sift", plugin_registry)
    assert diags and "fromat" in " ".join(d.format() for d in diags)


def test_plugins_command_lists_it(installed):
    run = subprocess.run([sys.executable, "-m", "formsift", "plugins"], capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr
    line = next(ln for ln in run.stdout.splitlines() if "nl_postcode" in ln)
    assert "formsift-example 0.1.0" in line and "field_type" in line
    blocked = subprocess.run([sys.executable, "-m", "formsift", "--block", "example",
                              "plugins"], capture_output=True, text=True)
    assert blocked.returncode == 0 and "nl_postcode" not in blocked.stdout
