"""A third-party plugin distribution, pip-installed, adds a component the engine uses."""

from __future__ import annotations

import importlib
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from formsift.core.plugins import PluginRegistry, reset_default_registry

PLUGIN = Path(__file__).resolve().parents[1] / "examples" / "plugins" / "formsift-example"


@pytest.fixture(scope="module")
def installed():
    try:
        metadata.distribution("formsift-example")
    except metadata.PackageNotFoundError:
        cmd = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", str(PLUGIN)]
        # offline when the environment has setuptools; else pip fetches it to build
        run = subprocess.run([*cmd, "--no-build-isolation"], capture_output=True, text=True)
        if run.returncode != 0:
            run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode != 0:
            pytest.fail(f"pip install of the example plugin failed:\n{run.stderr}")
        importlib.invalidate_caches()
    reset_default_registry()
    yield "formsift-example"
    reset_default_registry()


def test_the_plugin_is_discovered_with_its_distribution(installed):
    reg = PluginRegistry.discover()
    info = reg.get("field_type", "nl_postcode")
    assert (info.distribution, info.dist_version, info.plugin) == (installed, "0.1.0",
                                                                   "example")
    assert reg.get("validator", "example-checks").distribution == installed
    assert not [p for p in reg.problems if p.distribution == installed]


def test_the_plugin_can_be_blocked_by_entry_point_or_distribution(installed):
    for name in ("example", installed):
        reg = PluginRegistry.discover(block=[name])
        assert "nl_postcode" not in reg.of_kind("field_type")


def test_the_engine_uses_the_plugin_in_a_template(installed, make_pdf):
    from formsift.core.engine import Engine
    from formsift.templates import check_source

    reg = PluginRegistry.discover()
    src = '''template dutch_letter {
      field zip: nl_postcode = right of "Postcode"
      field sent: date = right of "Datum"
      warn on_weekday: is_weekday(sent)
    }'''
    (tpl,), diags = check_source(src, "dutch.sift", reg)
    assert not diags
    pdf = make_pdf([(50, 100, "Postcode: 1234 AB Amsterdam"), (50, 120, "Datum: 05.03.2024")])
    result = Engine(registry=reg).extract(pdf, tpl)
    assert result.value("zip") == "1234AB"
    assert result.rules[0].passed is True  # 5 March 2024 was a Tuesday
    refs = {(c.name, c.distribution) for c in result.audit.components}
    assert ("nl_postcode", installed) in refs


def test_plugins_command_lists_it(installed):
    run = subprocess.run([sys.executable, "-m", "formsift", "plugins"], capture_output=True,
                         text=True)
    assert run.returncode == 0
    line = next(ln for ln in run.stdout.splitlines() if "nl_postcode" in ln)
    assert "formsift-example 0.1.0" in line and "field_type" in line
